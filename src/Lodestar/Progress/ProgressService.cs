using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Progress;

/// <summary>A target with everything needed to judge it.</summary>
public sealed record TargetInfo(
    int Id, string Code, string Name, string? NameEn, string Unit, Direction Direction, Comparator Comparator,
    double? BaselineValue, int? BaselineYear, PathShape PathShape, IReadOnlyList<Milestone> Milestones,
    string ProgrammeCode, string ProgrammeName, int? ProgrammeProvinceId, int ProgrammeStartYear, int ProgrammeEndYear, double OnTrackPercent, double AtRiskPercent,
    int? PillarId, string? PillarName, string? PillarNameEn,
    Indicator Indicator, string? DataSource, string? Notes, int? ResponsibleUnitId, int? AccountablePositionId)
{
    /// <summary>The path as it stands now: the latest milestones.</summary>
    public TargetPath Path => new(BaselineValue, BaselineYear, Milestones, PathShape);

    /// <summary>Every version of the milestones, the first set first; <see cref="Milestones"/> are the last one's.</summary>
    public IReadOnlyList<PathVersion> Paths { get; init; } = [];

    /// <summary>The revision that added the target to its programme, if one did.</summary>
    public RevisionMark? Added { get; init; }

    /// <summary>The revision that retired the target, if one did.</summary>
    public RevisionMark? Retired { get; init; }

    /// <summary>The path in force on <paramref name="date"/>: the latest version whose decision is not after it.</summary>
    public TargetPath PathOn(DateOnly date) =>
        new(BaselineValue, BaselineYear, Paths.LastOrDefault(v => v.From is null || v.From <= date)?.Milestones ?? Milestones, PathShape);

    /// <summary>The value expected at the end of <paramref name="period"/> on the path in force then.</summary>
    public double? ExpectedAt(Period period) => PathOn(period.End).ExpectedAt(period.EndAsYear);

    /// <summary>Whether the programme follows the target on <paramref name="date"/>: added by then and not yet retired.</summary>
    public bool InForceOn(DateOnly date) => (Added is null || Added.On <= date) && (Retired is null || date < Retired.On);

    /// <summary>Percentages are bounded: a forecast never goes below 0% or above 100%.</summary>
    public (double? Min, double? Max) Bounds => Unit == "%" ? (0, 100) : (null, null);
}

/// <summary>How one unit stands on a target: the figure, where it comes from, the period it is as of.</summary>
public sealed record UnitProgress(int UnitId, string Code, string Name, OrgUnitLevel Level, ProgressResult Result, ValueSource Source, Period? AsOf);

public sealed record TargetTable(Period Period, UnitProgress Root, IReadOnlyList<UnitProgress> Children);

/// <summary>A year of a unit's history; <see cref="Derived"/> when the unit did not exist yet and the figure comes from its predecessors.</summary>
public sealed record HistoryPoint(int Year, double? Actual, double? Expected, ValueSource Source, Period? AsOf, bool Derived = false);

/// <summary>The history, the forecast and its sentence; <see cref="Lineage"/> says how years before the unit existed were derived.</summary>
public sealed record TargetOutlook(IReadOnlyList<HistoryPoint> History, Forecast Forecast, Msg Sentence, Msg? Lineage = null);

/// <summary>
/// Computes progress straight from the stored values — no batch step: load the tree valid at the period's
/// end and the values of the indicator's elements, pick each unit's value for the period, roll up, judge.
/// </summary>
public sealed class ProgressService(LodestarDbContext db, FigureCache? figures = null)
{
    /// <summary>
    /// False (the default): only approved values count — the published figures. True: values of reports not yet
    /// approved count too (a progress page's "including unapproved").
    /// </summary>
    public bool IncludeUnapproved { get; set; }

    private readonly Dictionary<DateOnly, List<(int Child, int Parent)>> _links = [];

    public async Task<TargetInfo?> TargetAsync(string code, CancellationToken ct = default) =>
        (await TargetsAsync(t => t.Code == code, ct)).SingleOrDefault();

    public Task<List<TargetInfo>> TargetsOfProgrammeAsync(int programmeId, CancellationToken ct = default) =>
        TargetsAsync(t => t.ProgrammeId == programmeId, ct);

    private async Task<List<TargetInfo>> TargetsAsync(System.Linq.Expressions.Expression<Func<Target, bool>> where, CancellationToken ct)
    {
        var targets = await db.Targets.AsNoTracking()
            .Include(x => x.Programme).Include(x => x.Pillar).Include(x => x.Milestones)
            .Include(x => x.Indicator).ThenInclude(i => i.Element)
            .Include(x => x.Indicator).ThenInclude(i => i.Denominator)
            .Where(where)
            .OrderBy(x => x.Programme.Code).ThenBy(x => x.SortOrder).ThenBy(x => x.Code)
            .ToListAsync(ct);
        var ids = targets.ConvertAll(t => t.Id);
        var revisions = (await db.RevisionChanges.AsNoTracking()
            .Where(c => c.TargetId != null && ids.Contains(c.TargetId.Value))
            .OrderBy(c => c.Revision.DecidedOn).ThenBy(c => c.RevisionId)
            .Select(c => new TargetRevision(c.TargetId!.Value, c.Kind, new RevisionMark(c.Revision.DecidedOn, c.Revision.DecisionNumber),
                c.Milestones.OrderBy(m => m.Year).Select(m => new Milestone(m.Year, m.Value)).ToList()))
            .ToListAsync(ct))
            .ToLookup(c => c.TargetId);
        return targets.ConvertAll(t => Info(t, revisions[t.Id]));
    }

    private sealed record TargetRevision(int TargetId, RevisionKind Kind, RevisionMark Decision, List<Milestone> Milestones);

    /// <summary>The target at <paramref name="root"/> and each unit directly below it, for one period.</summary>
    public async Task<TargetTable> TableAsync(TargetInfo target, OrgUnit root, Period period, CancellationToken ct = default) =>
        (await TablesAsync(target, root, [period], ct))[0];

    /// <summary>
    /// <see cref="TableAsync"/> for several periods at once (a target's published years): the values, names and past names
    /// are read once for all of them, each period still rolled up over the tree valid at its end.
    /// </summary>
    public async Task<List<TargetTable>> TablesAsync(TargetInfo target, OrgUnit root, List<Period> periods, CancellationToken ct = default)
    {
        var computed = await ComputeAsync(target.Indicator, root.Id, periods, ct);
        var ids = computed.SelectMany(c => c.Tree.UnitIds).ToHashSet();
        var names = await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Code, u.Name, u.Level }).ToDictionaryAsync(u => u.Id, ct);
        var pastNames = await db.OrgUnitNames.PastNamesAsync(ids, ct); // each unit named as at the period's end, as its tree is
        return [.. periods.Select((period, p) =>
        {
            var c = computed[p];
            UnitProgress Row(int index)
            {
                var u = names[c.Tree.UnitIds[index]];
                var asOf = c.AsOf[index];
                var result = Judge(target, c.Values[index], asOf ?? period);
                return new UnitProgress(u.Id, u.Code, pastNames.Name(u.Id, u.Name, period.End), u.Level, result, c.Sources[index], asOf);
            }

            var children = c.Tree.ChildrenOf(c.Tree.Root).Select(Row)
                .OrderBy(r => r.Level).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
            return new TargetTable(period, Row(c.Tree.Root), children);
        })];
    }

    /// <summary>
    /// Each target's progress at one unit for one period (a programme page). Targets the programme does not follow at the
    /// period's end (retired by then, or added by a later revision) are left out: they count neither for nor against it.
    /// </summary>
    public async Task<List<(TargetInfo Target, ProgressResult Result, Period? AsOf)>> AtUnitAsync(
        IReadOnlyList<TargetInfo> targets, int unitId, Period period, CancellationToken ct = default)
    {
        var results = new List<(TargetInfo, ProgressResult, Period?)>(targets.Count);
        foreach (var target in targets.Where(t => t.InForceOn(period.End)))
        {
            var c = (await ComputeAsync(target.Indicator, unitId, [period], ct))[0];
            var asOf = c.AsOf[c.Tree.Root];
            results.Add((target, Judge(target, c.Values[c.Tree.Root], asOf ?? period), asOf));
        }

        return results;
    }

    /// <summary>
    /// The targets a unit carries that are its own to answer for, each judged at it for one period: targets it answers
    /// for, of its programmes, or whose indicator it reports — of the province it sits in on <paramref name="on"/> or
    /// national ones (another province's target on an indicator the unit also reports is not its own).
    /// </summary>
    public async Task<List<(TargetInfo Target, ProgressResult Result, Period? AsOf)>> CarriedAtUnitAsync(
        int unitId, DateOnly on, Period period, CancellationToken ct = default) =>
        (await CarriedAtUnitsAsync([unitId], on, period, ct))[unitId];

    /// <summary>
    /// <see cref="CarriedAtUnitAsync"/> for many units at once. Each target is computed once per province (its
    /// programme's, or for a national target the top unit above each carrier) instead of once per unit: the comparison
    /// of every commune of the country takes a query per target, not per commune.
    /// </summary>
    public async Task<Dictionary<int, List<(TargetInfo Target, ProgressResult Result, Period? AsOf)>>> CarriedAtUnitsAsync(
        IReadOnlyCollection<int> unitIds, DateOnly on, Period period, CancellationToken ct = default)
    {
        var result = unitIds.Distinct().ToDictionary(id => id, _ => new List<(TargetInfo, ProgressResult, Period?)>());
        if (result.Count == 0)
        {
            return result;
        }

        var parentOf = new Dictionary<int, int>();
        foreach (var (child, parent) in await LinksAsync(on, ct))
        {
            parentOf.TryAdd(child, parent);
        }

        List<int> Chain(int id)
        {
            var chain = new List<int> { id };
            while (parentOf.TryGetValue(chain[^1], out var parent) && !chain.Contains(parent))
            {
                chain.Add(parent);
            }

            return chain;
        }

        // Only national targets and those of a province some unit sits in can be any unit's own.
        var chains = result.Keys.ToDictionary(id => id, Chain);
        var provinces = chains.Values.SelectMany(c => c).ToHashSet();
        var targets = (await TargetsAsync(t => t.Programme.ProvinceId == null || provinces.Contains(t.Programme.ProvinceId.Value), ct))
            .Where(t => t.InForceOn(period.End)).ToList();
        if (targets.Count == 0)
        {
            return result;
        }

        var ids = result.Keys.ToList();
        var elementIds = targets.Select(t => t.Indicator.ElementId).Distinct().ToList();
        var reported = (await db.DataValues.AsNoTracking().Where(v => elementIds.Contains(v.DataElementId) && ids.Contains(v.OrgUnitId))
                .Select(v => new { v.OrgUnitId, v.DataElementId }).Distinct().ToListAsync(ct))
            .Select(v => (v.OrgUnitId, v.DataElementId)).ToHashSet();

        foreach (var target in targets)
        {
            var carriers = ids.Where(u => (target.ResponsibleUnitId == u || target.ProgrammeProvinceId == u || reported.Contains((u, target.Indicator.ElementId)))
                && (target.ProgrammeProvinceId is not { } province || chains[u].Contains(province)));
            foreach (var group in carriers.GroupBy(u => target.ProgrammeProvinceId ?? chains[u][^1]))
            {
                var root = group.Skip(1).Any() ? group.Key : group.First();
                var c = (await ComputeAsync(target.Indicator, root, [period], ct))[0];
                foreach (var unit in group)
                {
                    var i = c.Tree.IndexOf(unit);
                    var (value, asOf) = i >= 0 ? (c.Values[i], c.AsOf[i]) : (double.NaN, null);
                    result[unit].Add((target, Judge(target, value, asOf ?? period), asOf));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The targets of <paramref name="codes"/>, each judged for one period at its programme's province (a national
    /// target at <paramref name="otherwiseUnitId"/>): how the targets a task works on stand.
    /// </summary>
    public async Task<List<(TargetInfo Target, ProgressResult Result, Period? AsOf)>> AtTheirProvincesAsync(
        IReadOnlyCollection<string> codes, int otherwiseUnitId, Period period, CancellationToken ct = default)
    {
        var list = codes.ToList();
        var results = new List<(TargetInfo, ProgressResult, Period?)>(list.Count);
        foreach (var target in await TargetsAsync(t => list.Contains(t.Code), ct))
        {
            results.AddRange(await AtUnitAsync([target], target.ProgrammeProvinceId ?? otherwiseUnitId, period, ct));
        }

        return results;
    }

    /// <summary>The yearly history at one unit, the path, a forecast to the milestone years ahead, and the sentence that says it.</summary>
    public async Task<TargetOutlook> OutlookAsync(TargetInfo target, OrgUnit unit, DateOnly today, CancellationToken ct = default)
    {
        var first = Math.Min(target.BaselineYear ?? target.ProgrammeStartYear, target.ProgrammeStartYear);
        var years = Enumerable.Range(first, Math.Max(1, today.Year - first + 1)).ToList();

        // Years before the unit existed (a commune formed on 01/07/2025) are derived from the units merged whole into it.
        var lineage = unit.ValidFrom is { } from
            ? await db.OrgUnitLineages.AsNoTracking().Where(l => l.SuccessorId == unit.Id)
                .Select(l => new { l.PredecessorId, l.MergeType, l.Predecessor.Name }).ToListAsync(ct)
            : [];
        var whole = lineage.Where(l => l.MergeType == MergeType.Full).ToList();
        bool Derived(Period p) => unit.ValidFrom is { } f && p.End < f && whole.Count > 0;
        var computed = await ComputeAsync(target.Indicator, unit.Id, years.ConvertAll(Period.OfYear), ct,
            p => Derived(p) ? whole.Select(l => (l.PredecessorId, unit.Id)) : []);

        var history = new List<HistoryPoint>();
        var points = new List<(double T, double Value)>();
        for (var i = 0; i < years.Count; i++)
        {
            var c = computed[i];
            var value = c.Values[c.Tree.Root];
            var asOf = c.AsOf[c.Tree.Root];
            var actual = double.IsNaN(value) ? (double?)null : value;

            // The baseline is the programme's own: it stands in for a missing year only at the programme's province.
            if (actual is null && years[i] == target.BaselineYear && unit.Id == target.ProgrammeProvinceId)
            {
                actual = target.BaselineValue;
            }

            var derived = Derived(Period.OfYear(years[i])) && actual is not null;
            history.Add(new HistoryPoint(years[i], actual, target.ExpectedAt(Period.OfYear(years[i])), c.Sources[c.Tree.Root], asOf, derived));
            if (actual is { } a)
            {
                points.Add((asOf?.EndAsYear ?? years[i], a));
            }
        }

        var latestT = points.Count > 0 ? points[^1].T : today.Year - 1;
        var ahead = target.Milestones.Select(m => m.Year).Where(y => y > latestT).ToList();
        if (ahead.Count == 0 && target.ProgrammeEndYear > latestT)
        {
            ahead.Add(target.ProgrammeEndYear);
        }

        var (min, max) = target.Bounds;
        var forecast = Forecaster.Project(points, ahead, target.PathShape == PathShape.Compound, min, max);
        Msg? note = null;
        if (history.Any(h => h.Derived))
        {
            var names = string.Join(", ", whole.Select(l => l.Name));
            var partial = lineage.Count - whole.Count;
            note = new Msg(
                $"Các năm trước {unit.ValidFrom.ToDisplay()} được tổng hợp từ các đơn vị sáp nhập toàn bộ vào {unit.Name}: {names}"
                    + (partial > 0 ? $"; {partial} đơn vị chỉ nhập một phần không được tính." : "."),
                $"Years before {unit.ValidFrom.ToDisplay()} are rolled up from the units merged whole into {unit.Name}: {names}"
                    + (partial > 0 ? $"; {partial} unit(s) merged only in part are not counted." : "."));
        }

        return new TargetOutlook(history, forecast, ForecastText.Sentence(target, points, forecast), note);
    }

    // The figure is judged against the path in force at the end of the period it is as of: a revision does not rewrite the past.
    private static ProgressResult Judge(TargetInfo target, double value, Period asOf) =>
        ProgressRules.Evaluate(target.PathOn(asOf.End), target.Direction, target.Comparator, double.IsNaN(value) ? null : value,
            asOf.EndAsYear, target.OnTrackPercent, target.AtRiskPercent);

    private sealed record Computed(UnitTree Tree, double[] Values, ValueSource[] Sources, Period?[] AsOf);

    // The tree and the values of a whole country are read and rolled up per target, unit and periods (national target
    // pages and progress: 0.1–0.4 s). Kept until values, units or programmes (an indicator's elements) change (ADR 0017), apart for approved-only and
    // unapproved-included figures; the extra links are the root's lineage (OutlookAsync), the same for the same root.
    private Task<List<Computed>> ComputeAsync(
        Indicator indicator, int rootId, List<Period> periods, CancellationToken ct, Func<Period, IEnumerable<(int Child, int Parent)>>? extraLinks = null) =>
        figures is null ? ComputeNowAsync(indicator, rootId, periods, extraLinks, ct)
        : figures.GetAsync((nameof(ComputeAsync), indicator.Id, rootId, string.Join(',', periods.Select(p => p.Code)), IncludeUnapproved, extraLinks is null),
            ChangeKinds.Values | ChangeKinds.Structure | ChangeKinds.Work, () => ComputeNowAsync(indicator, rootId, periods, extraLinks, ct), ct);

    private async Task<List<Computed>> ComputeNowAsync(
        Indicator indicator, int rootId, List<Period> periods, Func<Period, IEnumerable<(int Child, int Parent)>>? extraLinks, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var trees = new List<UnitTree>(periods.Count);
        foreach (var period in periods)
        {
            var links = await LinksAsync(period.End, ct);
            trees.Add(UnitTree.Build(rootId, extraLinks is null ? links : links.Concat(extraLinks(period))));
        }

        var elementIds = indicator.DenominatorId is { } d ? new[] { indicator.ElementId, d } : [indicator.ElementId];
        var from = periods.Min(p => p.Start);
        var to = periods.Max(p => p.End);
        var unitIds = trees.SelectMany(t => t.UnitIds).ToHashSet();
        var q = db.DataValues.AsNoTracking()
            .Where(v => elementIds.Contains(v.DataElementId) && v.StartOn >= from && v.EndOn <= to);
        if (!IncludeUnapproved)
        {
            q = q.Where(v => v.Approved);
        }
        if (unitIds.Count <= 2000)
        {
            q = q.Where(v => unitIds.Contains(v.OrgUnitId));
        }

        var rows = await q.Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value }).ToListAsync(ct);
        var byKey = rows.GroupBy(r => (r.DataElementId, r.OrgUnitId))
            .ToDictionary(g => g.Key, g => g.Select(r => (Period.Parse(r.Period), r.Value)).ToList());

        var result = new List<Computed>(periods.Count);
        for (var p = 0; p < periods.Count; p++)
        {
            var tree = trees[p];
            var n = tree.Count;
            var num = new double[n];
            var den = new double[n];
            var asOf = new Period?[n];
            for (var i = 0; i < n; i++)
            {
                num[i] = PickInto(byKey, indicator.Element, tree.UnitIds[i], periods[p], asOf, i);
                den[i] = indicator.Denominator is { } denominator ? PickDenominator(byKey, denominator, tree.UnitIds[i], periods[p], asOf[i]) : double.NaN;
            }

            var values = new double[n];
            var sources = new ValueSource[n];
            if (indicator.Kind == IndicatorKind.Ratio)
            {
                Rollup.Ratio(tree, indicator.Aggregation, indicator.Factor, num, den, values, sources);
            }
            else
            {
                Rollup.Direct(tree, indicator.Aggregation, num, values, sources);
            }

            // A computed figure is as of the latest period any unit below contributed.
            for (var i = 0; i < n; i++)
            {
                var parent = tree.Parent[i];
                if (parent >= 0 && sources[i] != ValueSource.None && sources[parent] == ValueSource.Computed
                    && (asOf[parent] is null || asOf[i] > asOf[parent]))
                {
                    asOf[parent] = asOf[i];
                }
            }

            result.Add(new Computed(tree, values, sources, asOf));
        }

        Common.LodestarMetrics.Record(Common.LodestarMetrics.ProgressCompute, started);
        return result;
    }

    private static double PickInto(
        Dictionary<(int, int), List<(Period, double)>> byKey, DataElement element, int unitId, Period period, Period?[]? asOf, int index)
    {
        if (!byKey.TryGetValue((element.Id, unitId), out var values) || TimePick.Pick(period, element.TimeAggregation, values) is not { } picked)
        {
            return double.NaN;
        }

        if (asOf is not null)
        {
            asOf[index] = picked.Source;
        }

        return picked.Value;
    }

    // A ratio's two parts must come from the same kind of period: the denominator follows the numerator (quarters with quarters).
    private static double PickDenominator(
        Dictionary<(int, int), List<(Period, double)>> byKey, DataElement denominator, int unitId, Period period, Period? numeratorPeriod) =>
        numeratorPeriod is { } source && byKey.TryGetValue((denominator.Id, unitId), out var values)
            && TimePick.Pick(period, denominator.TimeAggregation, values, source.Type) is { } picked
            ? picked.Value
            : double.NaN;

    private async Task<List<(int Child, int Parent)>> LinksAsync(DateOnly date, CancellationToken ct)
    {
        if (!_links.TryGetValue(date, out var links))
        {
            var rows = await db.OrgUnitParents.AsNoTracking().ValidOn(date).Select(l => new { l.ChildId, l.ParentId }).ToListAsync(ct);
            _links[date] = links = rows.ConvertAll(r => (r.ChildId, r.ParentId));
        }

        return links;
    }

    private static TargetInfo Info(Target t, IEnumerable<TargetRevision> revisions)
    {
        var list = revisions.ToList();
        List<PathVersion> paths =
        [
            new(null, null, [.. t.Milestones.OrderBy(m => m.Year).Select(m => new Milestone(m.Year, m.Value))]),
            .. list.Where(r => r.Kind == RevisionKind.ChangePath).Select(r => new PathVersion(r.Decision.On, r.Decision.Decision, r.Milestones)),
        ];
        return new(
            t.Id, t.Code, t.Name, t.NameEn, t.Unit, t.Direction, t.Comparator, t.BaselineValue, t.BaselineYear, t.PathShape, paths[^1].Milestones,
            t.Programme.Code, t.Programme.Name, t.Programme.ProvinceId, t.Programme.StartYear, t.Programme.EndYear, t.Programme.OnTrackPercent, t.Programme.AtRiskPercent,
            t.PillarId, t.Pillar?.Name, t.Pillar?.NameEn, t.Indicator, t.DataSource, t.Notes, t.ResponsibleUnitId, t.AccountablePositionId)
        {
            Paths = paths,
            Added = list.FirstOrDefault(r => r.Kind == RevisionKind.AddTarget)?.Decision,
            Retired = list.FirstOrDefault(r => r.Kind == RevisionKind.RetireTarget)?.Decision,
        };
    }
}
