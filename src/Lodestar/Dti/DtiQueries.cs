using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

public sealed record FrameworkItem(string Code, string Name, OrgUnitLevel Level, string Version, int FirstYear, int? LastYear,
    double MaxPoints, int MainIndexes, int Components, string? Source, bool IsDemo)
{
    public bool AppliesTo(int year) => FirstYear <= year && (LastYear ?? int.MaxValue) >= year;

    /// <summary>
    /// The framework a page opens on when none is asked for: the communes' one of the year (an earlier version uploaded
    /// later must not take its place), else any communes' one, else the first.
    /// </summary>
    public static string? Default(IReadOnlyList<FrameworkItem> frameworks, int year) =>
        (frameworks.FirstOrDefault(f => f.Level == OrgUnitLevel.Commune && f.AppliesTo(year)) ?? frameworks.FirstOrDefault(f => f.Level == OrgUnitLevel.Commune)
            ?? (frameworks.Count > 0 ? frameworks[0] : null))?.Code;
}

public sealed record NodeInfo(string Code, string? Parent, NodeKind Kind, string Name, double Max, RuleKind? Rule, string? RuleParameters,
    string? RuleText, string? Evidence, string? DataSource, string? Verifier);

public sealed record NodeScore(string Code, string Name, NodeKind Kind, double Points, double Max);

/// <summary>
/// What a published ranking printed for a unit (README, "Imported published results"): a rank (a shared one as a range
/// <paramref name="Rank"/>–<paramref name="RankTo"/>) and a score; a null part was not printed and is shown as missing, never 0.
/// </summary>
public sealed record PrintedResult(int? Rank, int? RankTo, double? Score)
{
    /// <summary>"27", a shared rank as printed "32–34", or "—" when no rank was printed.</summary>
    public string RankText => Rank is not { } r ? "—"
        : RankTo is { } to ? $"{r.ToString(CultureInfo.InvariantCulture)}–{to.ToString(CultureInfo.InvariantCulture)}" : r.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One unit's result in a year: total, normalised value (points ÷ maximum, or the published value), rank and last year's;
/// <paramref name="Printed"/> what a published ranking printed, when the result is one.
/// </summary>
public sealed record UnitScore(int UnitId, string UnitCode, string UnitName, AssessmentState State, AssessmentOrigin Origin,
    double Total, double Max, double Normalised, int Rank, double? NormalisedBefore, int? RankBefore, bool IsDemo, string? Source,
    IReadOnlyList<NodeScore> Nodes, DerivedScore? Derived = null, string PeerGroup = "", PrintedResult? Printed = null)
{
    /// <summary>Not yet confirmed by the appraisal council.</summary>
    public bool Provisional => State < AssessmentState.Confirmed;

    /// <summary>The rank to show: null when a published ranking printed no rank for the unit (<see cref="Rank"/> only orders it).</summary>
    public int? ShownRank => Printed is { Rank: null } ? null : Rank;

    /// <summary>The upper end of a shared rank printed as a range.</summary>
    public int? RankTo => Printed?.RankTo;

    /// <summary>The normalised value to show: null when a published ranking printed no score for the unit.</summary>
    public double? Score => Printed is { Score: null } ? null : Normalised;

    /// <summary>The rank as shown: "27", "32–34" as printed, or "—".</summary>
    public string RankText => Printed?.RankText ?? Rank.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// How a score of a unit that did not exist in the year was derived along the lineage: the framework's rule over its
/// predecessors' points (and the data element that weighs them for a weighted mean); <paramref name="Unscored"/> are
/// the predecessors without a result of the year, left out of the rule.
/// </summary>
public sealed record DerivedScore(DerivationRule Rule, IReadOnlyList<string> Predecessors, string? WeightElement, IReadOnlyList<string>? Unscored = null)
{
    /// <summary>
    /// "suy ra: trung bình của 3 đơn vị trước sáp nhập (A, B, C)" / "derived: mean of 3 pre-merger units (A, B, C)"; when
    /// some predecessors have no result, "trung bình của 1 trong 2 đơn vị trước sáp nhập (A; chưa có kết quả: B)".
    /// </summary>
    public Msg Note
    {
        get
        {
            var missing = Unscored ?? [];
            var (vi, en) = missing.Count == 0 ? (Predecessors.Count.ToString(CultureInfo.InvariantCulture), Predecessors.Count.ToString(CultureInfo.InvariantCulture))
                : ($"{Predecessors.Count} trong {Predecessors.Count + missing.Count}", $"{Predecessors.Count} of {Predecessors.Count + missing.Count}");
            var names = string.Join(", ", Predecessors);
            var (namesVi, namesEn) = missing.Count == 0 ? (names, names)
                : ($"{names}; chưa có kết quả: {string.Join(", ", missing)}", $"{names}; without a result: {string.Join(", ", missing)}");
            return Rule switch
            {
                DerivationRule.Mean => new($"suy ra: trung bình của {vi} đơn vị trước sáp nhập ({namesVi})", $"derived: mean of {en} pre-merger units ({namesEn})"),
                DerivationRule.Sum => new($"suy ra: tổng của {vi} đơn vị trước sáp nhập ({namesVi})", $"derived: sum of {en} pre-merger units ({namesEn})"),
                DerivationRule.WeightedMean => new($"suy ra: trung bình có trọng số ({WeightElement}) của {vi} đơn vị trước sáp nhập ({namesVi})",
                    $"derived: mean weighted by {WeightElement} of {en} pre-merger units ({namesEn})"),
                _ => new(Rule.ToString(), Rule.ToString()),
            };
        }
    }
}

/// <summary>
/// A framework's year: every unit's result, last year's, the council's latest revision when the year is confirmed (its
/// figures are then frozen), and how many units the ranks are out of (<see cref="RankedAmong"/>).
/// </summary>
public sealed record YearScores(DtiFramework Framework, FrameworkModel Model, int Year, IReadOnlyList<UnitScore> Units, YearScores? Before,
    DtiYearRevision? Revision = null, int RankedAmong = 0)
{
    // Built on first use for the units it was built from: a copy made with `with { Units = … }` builds its own.
    private UnitIndex? _index;

    private sealed class UnitIndex(IReadOnlyList<UnitScore> units)
    {
        public IReadOnlyList<UnitScore> Units { get; } = units;

        public Dictionary<int, UnitScore> ById { get; } = units.DistinctBy(u => u.UnitId).ToDictionary(u => u.UnitId);
    }

    /// <summary>The result of the unit with <paramref name="unitId"/>, or null when it has none this year.</summary>
    public UnitScore? Of(int unitId)
    {
        var index = Volatile.Read(ref _index);
        if (index is null || !ReferenceEquals(index.Units, Units))
        {
            index = new UnitIndex(Units);
            Volatile.Write(ref _index, index);
        }

        return index.ById.GetValueOrDefault(unitId);
    }

    /// <summary>The peer groups present (the units' types: xã, phường, đặc khu …).</summary>
    public IReadOnlyList<string> PeerGroups => [.. Units.Select(u => u.PeerGroup).Where(g => g.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Only the units of one peer group (their type, compared without diacritics: "phuong" = "Phường"), ranked among
    /// themselves (ties share a rank); last year's rank is recomputed within the same group.
    /// </summary>
    public YearScores InPeerGroup(string? group)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            return this;
        }

        var key = TextFold.Fold(group);
        var before = Before?.InPeerGroup(group);
        var units = Units.Where(u => TextFold.Fold(u.PeerGroup) == key).ToList();
        var ranks = new int[units.Count];
        DtiEngine.Rank([.. units.Select(u => u.Normalised)], new int[units.Count], ranks);
        var list = units.Select((u, i) => u with { Rank = ranks[i], RankBefore = before?.Of(u.UnitId)?.Rank })
            .OrderBy(u => u.Rank).ThenBy(u => u.UnitCode, StringComparer.Ordinal).ToList();
        return this with { Units = list, Before = before, RankedAmong = list.Count };
    }
}

/// <summary>
/// A published ranking kept as printed (<see cref="DtiPublishedRank"/>), on the units valid on <paramref name="UnitsOn"/>
/// (31/12 of the year, or a later basis such as the 34 provinces of 01/07/2025); ranks are out of <paramref name="RankedAmong"/>.
/// </summary>
public sealed record PublishedRanking(int Year, DateOnly UnitsOn, int RankedAmong, IReadOnlyList<PublishedRankRow> Units)
{
    /// <summary>On the units of a later date than the year's end (after a merger): units that did not exist then carry <see cref="PublishedRankRow.Merged"/>.</summary>
    public bool LaterUnits => UnitsOn > new DateOnly(Year, 12, 31);
}

/// <summary>
/// A unit's printed rank and index in a <see cref="PublishedRanking"/>. <paramref name="Merged"/>, for a unit that did not
/// exist in the year, says of which units its figure is ("trung bình của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)").
/// </summary>
public sealed record PublishedRankRow(int UnitId, string UnitCode, string UnitName, PrintedResult Printed, string Source, DerivedScore? Merged);

/// <summary>
/// A unit's explanation. <paramref name="OnIndex"/>: the unit's figure this year or last is an imported published result,
/// which has its index (0–1) and rank but no points, so the change is on the index and nothing is broken down or raised.
/// <paramref name="PeerMedian"/> (per main index, over the other units of its peer group) is empty when the unit has no peers.
/// </summary>
public sealed record ExplainResult(UnitScore Unit, YearScores Year, Explanation? Change, IReadOnlyList<WhatIf> ToMax, IReadOnlyList<WhatIf> ByTen,
    IReadOnlyDictionary<string, double> PeerMedian, IReadOnlyDictionary<string, string> UnitNames, bool OnIndex);

/// <summary>Reads frameworks and computes scores, ranks and explanations on read with <see cref="DtiEngine"/>.</summary>
/// <summary>A unit's self-assessment of a framework's year and how far its review has come; State is null when none is started.</summary>
public sealed record AssessmentRow(string Code, string Name, AssessmentState? State, int Filled, int Pending, int Returned, int Files, DateTime? SubmittedAt);

/// <summary>The self-assessments a reader sees, and the reader's own unit's (a row "not started" when it has none) if it is of the framework's level.</summary>
public sealed record AssessmentList(IReadOnlyList<AssessmentRow> Rows, AssessmentRow? Own);

public sealed class DtiQueries(LodestarDbContext db, FigureCache? figures = null)
{
    public async Task<List<FrameworkItem>> FrameworksAsync(CancellationToken ct = default)
    {
        var list = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes).OrderBy(f => f.Level).ThenBy(f => f.FirstYear).ToListAsync(ct);
        return [.. list.Select(f => new FrameworkItem(f.Code, f.Name, f.Level, f.Version, f.FirstYear, f.LastYear,
            f.Nodes.Where(n => n.ParentCode is null).Sum(n => n.MaxPoints), f.Nodes.Count(n => n.Kind == NodeKind.Main),
            f.Nodes.Count(n => n.Kind == NodeKind.Component), f.Source, f.IsDemo))];
    }

    public async Task<DtiFramework?> FrameworkAsync(string code, CancellationToken ct = default) =>
        await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes.OrderBy(n => n.SortOrder)).SingleOrDefaultAsync(f => f.Code == code, ct);

    /// <summary>
    /// The unit of the framework's level with <paramref name="code"/> on 31/12 of <paramref name="year"/>: codes were reused by
    /// the 2025 reform (ADR 0002), so a 2024 code is the unit that had it in 2024, not today's.
    /// </summary>
    public Task<OrgUnit?> UnitAsync(DtiFramework f, int year, string code, CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking().ValidOn(new DateOnly(year, 12, 31)).FirstOrDefaultAsync(u => u.Code == code && u.Level == f.Level, ct);

    /// <summary>
    /// The self-assessments of the framework's year by unit code, of the units in <paramref name="visible"/> (null: all); drafts only
    /// for the DX office (<paramref name="office"/>) and the reader's own unit <paramref name="own"/>.
    /// </summary>
    public async Task<AssessmentList> SelfAssessmentsAsync(DtiFramework f, int year, IReadOnlySet<int>? visible, bool office, int? own, CancellationToken ct = default)
    {
        var list = await db.DtiAssessments.AsNoTracking().Where(a => a.FrameworkId == f.Id && a.Year == year && a.Origin == AssessmentOrigin.SelfAssessment)
            .OrderBy(a => a.OrgUnit.Code)
            .Select(a => new
            {
                a.OrgUnitId, a.OrgUnit.Code, a.OrgUnit.Name, a.State, a.SubmittedAt,
                Filled = a.Items.Count(i => i.A != null),
                Pending = a.Items.Count(i => i.Review == ItemReview.Pending),
                Returned = a.Items.Count(i => i.Review == ItemReview.Returned),
                Files = a.Items.SelectMany(i => i.Evidence).Count(),
            }).ToListAsync(ct);
        var rows = list.Where(a => (visible is null || visible.Contains(a.OrgUnitId)) && (a.State != AssessmentState.Draft || office || a.OrgUnitId == own))
            .Select(a => new AssessmentRow(a.Code, a.Name, a.State, a.Filled, a.Pending, a.Returned, a.Files, a.SubmittedAt)).ToList();
        var ownRow = own is { } id && await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.Level == f.Level, ct) is { } unit
            ? rows.FirstOrDefault(r => r.Code == unit.Code) ?? new AssessmentRow(unit.Code, unit.Name, null, 0, 0, 0, 0, null)
            : null;
        return new AssessmentList(rows, ownRow);
    }

    /// <summary>The framework of the same level and issuer that applies to <paramref name="year"/> (versions follow each other).</summary>
    public async Task<DtiFramework?> ForYearAsync(DtiFramework like, int year, CancellationToken ct = default)
    {
        var candidates = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes.OrderBy(n => n.SortOrder))
            .Where(f => f.Level == like.Level && f.ProvinceId == like.ProvinceId && f.FirstYear <= year).ToListAsync(ct);
        return candidates.Where(f => f.AppliesTo(year)).OrderByDescending(f => f.FirstYear).FirstOrDefault();
    }

    public static FrameworkModel Model(DtiFramework f) => new([.. f.Nodes.OrderBy(n => n.SortOrder).Select(n => n.ToModel())]);

    /// <summary>
    /// The results of a framework and year. A year the appraisal council confirmed is read from its latest revision
    /// (<see cref="DtiYearRevision"/>, ADR 0011): frozen scores and ranks, whatever arrived or changed since. Otherwise every
    /// assessment that has left draft (drafts only with <paramref name="withDrafts"/>) is scored and ranked now. Last year's
    /// figures are added (under the framework that applied then, seen through this year's units).
    /// With <paramref name="unitsOn"/>, the year is seen through the units valid on that date: a unit that did not exist in
    /// the year takes a score derived from its predecessors' with the framework's rule, and those predecessors leave the
    /// ranking (as the national DTI 2024 was published for the 34 provinces after the merger).
    /// </summary>
    public Task<YearScores> ScoresAsync(DtiFramework f, int year, bool withDrafts = false, bool withBefore = true, DateOnly? unitsOn = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (figures is null)
        {
            return ScoreYearAsync(f, year, withDrafts, withBefore, unitsOn, ct);
        }

        // Scores move with assessments and frameworks, units and their lineage, and the reported figures that feed components
        // (of this year's framework or of last year's, whose scores come along).
        return figures.GetAsync((nameof(ScoresAsync), f.Id, year, withDrafts, withBefore, unitsOn), ChangeKinds.Dti | ChangeKinds.Structure | ChangeKinds.Values,
            () => ScoreYearAsync(f, year, withDrafts, withBefore, unitsOn, ct), ct);
    }

    private async Task<YearScores> ScoreYearAsync(DtiFramework f, int year, bool withDrafts, bool withBefore, DateOnly? unitsOn, CancellationToken ct)
    {
        var model = Model(f);
        var revision = await LatestRevision(f, year).FirstOrDefaultAsync(ct);
        var rows = revision is null
            ? await ScoreAsync(f, model, year, withDrafts ? AssessmentState.Draft : AssessmentState.Submitted, ct)
            : await FrozenAsync(model, revision.Id, ct);
        return await CompleteAsync(f, model, year, rows, revision, withBefore, unitsOn, ct);
    }

    /// <summary>
    /// The year scored now from the assessments the council confirmed (and imported published results) only, ranked among
    /// themselves: what a confirmation or a revision freezes. Late or unreviewed assessments never count.
    /// </summary>
    public async Task<YearScores> ConfirmedNowAsync(DtiFramework f, int year, CancellationToken ct = default)
    {
        var model = Model(f);
        return await CompleteAsync(f, model, year, await ScoreAsync(f, model, year, AssessmentState.Confirmed, ct), null, false, null, ct);
    }

    /// <summary>
    /// The units of a confirmed year whose assessment has left draft but is not in the latest revision (it arrived late or
    /// is not confirmed): they do not count until the council confirms it and the year is revised.
    /// </summary>
    public async Task<List<string>> UncountedAsync(DtiFramework f, int year, CancellationToken ct = default)
    {
        var revision = await LatestRevision(f, year).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return revision is null ? [] : await db.DtiAssessments.AsNoTracking()
            .Where(a => a.FrameworkId == f.Id && a.Year == year && a.State != AssessmentState.Draft
                && !db.DtiFrozenResults.Any(r => r.RevisionId == revision && r.AssessmentId == a.Id))
            .OrderBy(a => a.OrgUnit.Code).Select(a => a.OrgUnit.Name).ToListAsync(ct);
    }

    private IQueryable<DtiYearRevision> LatestRevision(DtiFramework f, int year) =>
        db.DtiYearRevisions.AsNoTracking().Where(r => r.FrameworkId == f.Id && r.Year == year).OrderByDescending(r => r.Number);

    /// <summary>The revisions of a confirmed year, the confirmation first.</summary>
    public Task<List<DtiYearRevision>> RevisionsAsync(DtiFramework f, int year, CancellationToken ct = default) =>
        db.DtiYearRevisions.AsNoTracking().Where(r => r.FrameworkId == f.Id && r.Year == year).OrderBy(r => r.Number).ToListAsync(ct);

    /// <summary>
    /// Each unit's peer group as an index (0 … G−1): its type without diacritics (xã, phường, đặc khu …), as README
    /// "Peer groups" says; the relative-to-best rule takes the best within it.
    /// </summary>
    public static int[] PeerGroups(IReadOnlyList<string> types)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            var key = TextFold.Fold(types[i]);
            if (!keys.TryGetValue(key, out var g))
            {
                keys[key] = g = keys.Count;
            }

            result[i] = g;
        }

        return result;
    }

    /// <summary>Scores the assessments of the year in <paramref name="from"/> or a later state with <see cref="DtiEngine"/>.</summary>
    private async Task<List<Row>> ScoreAsync(DtiFramework f, FrameworkModel model, int year, AssessmentState from, CancellationToken ct)
    {
        var states = Enum.GetValues<AssessmentState>().Where(s => s >= from).ToList();
        var assessments = await db.DtiAssessments.AsNoTracking().Include(a => a.Items).Include(a => a.OrgUnit)
            .Where(a => a.FrameworkId == f.Id && a.Year == year && states.Contains(a.State))
            .OrderBy(a => a.OrgUnit.Code).ToListAsync(ct);

        // A unit renamed or retyped since is named, and ranked with its peers, as it was at the year's end (OrgUnits/README.md).
        await db.OrgUnitNames.NameAsOfAsync([.. assessments.Select(x => x.OrgUnit)], new DateOnly(year, 12, 31), ct);

        // Components computed from reported figures: the yearly value of the node's data element, where the unit typed nothing.
        var fed = f.Nodes.Where(n => n.InputElementCode is not null).ToDictionary(n => n.Code, n => n.InputElementCode!);
        var reported = new Dictionary<(string, int), double>();
        if (fed.Count > 0)
        {
            var codes = fed.Values.Distinct().ToList();
            var period = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var v in await db.DataValues.AsNoTracking().Where(v => codes.Contains(v.DataElement.Code) && v.Period == period)
                .Select(v => new { v.DataElement.Code, v.OrgUnitId, v.Value }).ToListAsync(ct))
            {
                reported[(v.Code, v.OrgUnitId)] = v.Value;
            }
        }

        var u = assessments.Count;
        var l = model.Leaves.Length;
        var a = new double[u * l];
        var b = new double[u * l];
        Array.Fill(a, double.NaN);
        Array.Fill(b, double.NaN);
        for (var i = 0; i < u; i++)
        {
            foreach (var item in assessments[i].Items)
            {
                var j = model.LeafOf(model.IndexOf(item.NodeCode));
                if (j >= 0)
                {
                    a[(i * l) + j] = item.EffectiveA;
                    b[(i * l) + j] = item.EffectiveB;
                }
            }

            foreach (var (node, element) in fed)
            {
                var j = model.LeafOf(model.IndexOf(node));
                if (j >= 0 && double.IsNaN(a[(i * l) + j]) && reported.TryGetValue((element, assessments[i].OrgUnitId), out var value))
                {
                    a[(i * l) + j] = value;
                }
            }
        }

        var points = new double[u * model.Count];
        var totals = new double[u];
        DtiEngine.Score(model, u, a, b, PeerGroups([.. assessments.Select(x => x.OrgUnit.Type)]), points, totals);
        var normalised = new double[u];
        for (var i = 0; i < u; i++)
        {
            normalised[i] = assessments[i].PublishedScore ?? (model.TotalMax > 0 ? totals[i] / model.TotalMax : 0);
        }

        var rows = new List<Row>(u);
        for (var i = 0; i < u; i++)
        {
            var x = assessments[i];
            rows.Add(new Row(x.OrgUnitId, x.OrgUnit.Code, x.OrgUnit.Name, x.OrgUnit.Type, x.State, x.Origin, totals[i], normalised[i], x.PublishedRank, x.IsDemo, x.Source,
                points.AsSpan(i * model.Count, model.Count).ToArray(), null, Printed(x.Origin, x.PublishedRank, x.PublishedRankTo, x.PublishedScore),
                HasPoints(x.Origin, x.Items.Count > 0)));
        }

        return rows;
    }

    /// <summary>The results a revision froze, as rows to rank and show (points per node from the stored JSON).</summary>
    private async Task<List<Row>> FrozenAsync(FrameworkModel model, int revisionId, CancellationToken ct)
    {
        var frozen = await db.DtiFrozenResults.AsNoTracking().Where(r => r.RevisionId == revisionId)
            .Select(r => new
            {
                r.Total, r.Normalised, r.Rank, r.Points, r.Assessment.OrgUnitId, r.Assessment.OrgUnit.Code, r.Assessment.OrgUnit.Name, r.Assessment.OrgUnit.Type,
                r.Assessment.State, r.Assessment.Origin, r.Assessment.IsDemo, r.Assessment.Source,
                r.Assessment.PublishedRank, r.Assessment.PublishedRankTo, r.Assessment.PublishedScore, Items = r.Assessment.Items.Any(),
            }).ToListAsync(ct);
        return [.. frozen.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r =>
        {
            var points = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(r.Points) ?? [];
            return new Row(r.OrgUnitId, r.Code, r.Name, r.Type, r.State, r.Origin, r.Total, r.Normalised, r.Rank, r.IsDemo, r.Source,
                [.. model.Nodes.Select(n => points.GetValueOrDefault(n.Code))], null, Printed(r.Origin, r.PublishedRank, r.PublishedRankTo, r.PublishedScore),
                HasPoints(r.Origin, r.Items));
        })];
    }

    /// <summary>Derives units through the reorganisation, ranks, and adds last year's figures.</summary>
    private async Task<YearScores> CompleteAsync(DtiFramework f, FrameworkModel model, int year, List<Row> rows, DtiYearRevision? revision,
        bool withBefore, DateOnly? unitsOn, CancellationToken ct)
    {
        if (unitsOn is { } on)
        {
            rows = await DeriveAsync(f, model, year, on, rows, ct);
        }

        var derivedAny = rows.Any(r => r.Derived is not null);
        var ranks = new int[rows.Count];
        DtiEngine.Rank([.. rows.Select(r => r.Normalised)], new int[rows.Count], ranks);

        YearScores? before = null;
        if (withBefore && await ForYearAsync(f, year - 1, ct) is { } previous)
        {
            before = await ScoresAsync(previous, year - 1, withDrafts: false, withBefore: false, unitsOn: new DateOnly(year, 12, 31), ct: ct);
        }

        var list = new List<UnitScore>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            var last = before?.Of(x.UnitId);
            var nodes = new NodeScore[model.Count];
            for (var k = 0; k < model.Count; k++)
            {
                var n = model.Nodes[k];
                nodes[k] = new NodeScore(n.Code, n.Name ?? n.Code, n.Kind, x.Points[k], n.Max);
            }

            // A published rank stands while the population is the published one; once units are derived, ranks are recomputed.
            list.Add(new UnitScore(x.UnitId, x.Code, x.Name, x.State, x.Origin, x.Total, model.TotalMax, x.Normalised,
                derivedAny ? ranks[i] : x.FixedRank ?? ranks[i], last?.Score, last?.ShownRank, x.IsDemo, x.Source, nodes, x.Derived, x.Type,
                derivedAny && x.Printed is { } p ? p with { Rank = ranks[i], RankTo = null } : x.Printed));
        }

        // Published ranks that stand are ranks among the units of the year (31 of 63 in 2024, even seen through the 34 provinces
        // of 2025); ranks recomputed once units are derived are among the units ranked on that basis (the 34 when all 63 are there).
        var of = !derivedAny && list.Any(u => u.Origin == AssessmentOrigin.Published)
            ? await RankedAmongAsync(f, list.Count, list.Max(u => u.RankTo ?? u.Rank), new DateOnly(year, 12, 31), ct)
            : list.Count;
        return new YearScores(f, model, year, [.. list.OrderBy(s => s.Rank).ThenBy(s => s.UnitCode, StringComparer.Ordinal)], before, revision, of);
    }

    /// <summary>
    /// How many units published ranks are out of: the <paramref name="count"/> units ranked here; for a national ranking body
    /// (imported, often only the province's own row), every province that existed on <paramref name="on"/>, which it ranked
    /// (63 in 2024, 34 in 2025); never fewer than the largest published rank.
    /// </summary>
    private async Task<int> RankedAmongAsync(DtiFramework f, int count, int largestRank, DateOnly on, CancellationToken ct)
    {
        var level = f.ProvinceId is null ? await db.OrgUnits.AsNoTracking().ValidOn(on).CountAsync(u => u.Level == f.Level, ct) : 0;
        return Math.Max(Math.Max(count, level), largestRank);
    }

    /// <summary>
    /// A unit's result before ranking; <paramref name="FixedRank"/> is a published or frozen rank that stands as it is.
    /// <paramref name="HasPoints"/> is false for a published result printed without main indexes: its points are not zeros, they are unknown.
    /// </summary>
    private sealed record Row(int UnitId, string Code, string Name, string Type, AssessmentState State, AssessmentOrigin Origin, double Total, double Normalised,
        int? FixedRank, bool IsDemo, string? Source, double[] Points, DerivedScore? Derived, PrintedResult? Printed = null, bool HasPoints = true);

    private static bool HasPoints(AssessmentOrigin origin, bool hasItems) => origin != AssessmentOrigin.Published || hasItems;

    private static PrintedResult? Printed(AssessmentOrigin origin, int? rank, int? rankTo, double? score) =>
        origin == AssessmentOrigin.Published ? new PrintedResult(rank, rankTo, score) : null;

    /// <summary>
    /// Replaces assessed units that no longer exist on <paramref name="on"/> by their successors (valid then, at the framework's
    /// level, without their own assessment for the year): points per node, total and normalised value by the framework's rule.
    /// </summary>
    private async Task<List<Row>> DeriveAsync(DtiFramework f, FrameworkModel model, int year, DateOnly on, List<Row> rows, CancellationToken ct)
    {
        var assessed = rows.Select(r => r.UnitId).ToHashSet();
        var ids = assessed.ToList();
        var edges = await db.OrgUnitLineages.AsNoTracking()
            .Where(l => ids.Contains(l.PredecessorId) && !ids.Contains(l.SuccessorId) && l.Successor.Level == f.Level
                && l.Successor.ValidFrom <= on && (l.Successor.ValidTo == null || l.Successor.ValidTo >= on))
            .Select(l => new { l.PredecessorId, l.SuccessorId, l.Successor.Code, l.Successor.Name, l.Successor.Type }).ToListAsync(ct);
        if (edges.Count == 0)
        {
            return rows;
        }

        var weights = new Dictionary<int, double>();
        if (f.Derivation == DerivationRule.WeightedMean && f.WeightElementCode is { } element)
        {
            var preds = edges.Select(e => e.PredecessorId).Distinct().ToList();
            var periods = Enumerable.Range(year - 5, 6).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            foreach (var v in (await db.DataValues.AsNoTracking()
                .Where(v => v.DataElement.Code == element && preds.Contains(v.OrgUnitId) && periods.Contains(v.Period))
                .Select(v => new { v.OrgUnitId, v.Period, v.Value }).ToListAsync(ct)).OrderBy(v => v.Period, StringComparer.Ordinal))
            {
                weights[v.OrgUnitId] = v.Value; // the latest yearly value up to the year
            }
        }

        // Every predecessor of each successor at the framework's level, to name those without a result of the year.
        var successors = edges.Select(e => e.SuccessorId).Distinct().ToList();
        var unscored = (await db.OrgUnitLineages.AsNoTracking()
            .Where(l => successors.Contains(l.SuccessorId) && !ids.Contains(l.PredecessorId) && l.Predecessor.Level == f.Level)
            .Select(l => new { l.SuccessorId, l.PredecessorId, l.Predecessor.Name }).ToListAsync(ct))
            .DistinctBy(l => (l.SuccessorId, l.PredecessorId)).ToLookup(l => l.SuccessorId, l => l.Name);
        var byId = rows.ToDictionary(r => r.UnitId);
        var consumed = new HashSet<int>();
        var result = new List<Row>();
        var width = model.Count + 2; // nodes, then total and normalised
        foreach (var group in edges.GroupBy(e => (e.SuccessorId, e.Code, e.Name, e.Type)).OrderBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            // A predecessor printed with a rank alone has neither points nor an index: like one without a result, it is left out
            // of the rule and named as such, so the note counts only the units the figure is the mean of. With none left, the
            // predecessors stay as they are (their published ranks stand).
            var all = group.Select(e => byId[e.PredecessorId]).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
            var preds = all.Where(r => r.HasPoints || r.Printed?.Score is not null).ToList();
            if (preds.Count == 0)
            {
                continue;
            }

            all.ForEach(r => consumed.Add(r.UnitId));
            var input = new double[preds.Count * width];
            var w = new double[preds.Count];
            for (var p = 0; p < preds.Count; p++)
            {
                // A result printed without main indexes has no points: it is left out of the main indexes and the total (not
                // counted as 0), and only its printed index enters the index. One with points enters by its points (total ÷
                // maximum), so the index is recomputed from the derived main indexes, not averaged from rounded printed scores.
                var row = input.AsSpan(p * width, width);
                if (preds[p].HasPoints)
                {
                    preds[p].Points.CopyTo(row);
                    row[model.Count] = preds[p].Total;
                    row[model.Count + 1] = model.TotalMax > 0 ? preds[p].Total / model.TotalMax : preds[p].Normalised;
                }
                else
                {
                    row.Fill(double.NaN);
                    row[model.Count + 1] = preds[p].Printed?.Score ?? double.NaN;
                }

                w[p] = weights.GetValueOrDefault(preds[p].UnitId);
            }

            var derived = new double[width];
            DtiEngine.Derive(f.Derivation, width, input, w, derived);
            var normalised = f.Derivation == DerivationRule.Sum ? (model.TotalMax > 0 ? derived[model.Count] / model.TotalMax : 0) : derived[model.Count + 1];
            var points = derived[..model.Count].Select(v => double.IsNaN(v) ? 0 : v).ToArray();
            result.Add(new Row(group.Key.SuccessorId, group.Key.Code, group.Key.Name, group.Key.Type, preds.Min(r => r.State), preds[0].Origin,
                double.IsNaN(derived[model.Count]) ? 0 : derived[model.Count], double.IsNaN(normalised) ? 0 : normalised, null, preds.Any(r => r.IsDemo), preds[0].Source,
                points, new DerivedScore(f.Derivation, [.. preds.Select(r => r.Name)], f.WeightElementCode,
                    [.. unscored[group.Key.SuccessorId].Concat(all.Except(preds).Select(r => r.Name)).Order(StringComparer.Ordinal)])));
        }

        result.AddRange(rows.Where(r => !consumed.Contains(r.UnitId)));
        return result;
    }

    private static readonly Dictionary<string, double> NoPoints = [];

    /// <summary>
    /// The rankings of <paramref name="year"/> kept as printed for the ranking <paramref name="series"/> belongs to (its level
    /// and issuer), one per date of units, earliest first. A unit that did not exist at the year's end names its predecessors
    /// with the rule of the framework of the year (the mean when the year has none), as the ranking body derived it.
    /// </summary>
    public async Task<List<PublishedRanking>> PublishedRankingsAsync(DtiFramework series, int year, CancellationToken ct = default)
    {
        var end = new DateOnly(year, 12, 31);
        var rows = await db.DtiPublishedRanks.AsNoTracking()
            .Where(r => r.Year == year && r.ProvinceId == series.ProvinceId && r.OrgUnit.Level == series.Level)
            .Select(r => new { r.UnitsOn, r.OrgUnitId, r.OrgUnit.Code, r.OrgUnit.Name, r.OrgUnit.ValidFrom, r.Rank, r.RankTo, r.Score, r.Source })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var later = rows.Where(r => r.ValidFrom > end).Select(r => r.OrgUnitId).Distinct().ToList();
        var predecessors = (await db.OrgUnitLineages.AsNoTracking()
            .Where(l => later.Contains(l.SuccessorId) && l.Predecessor.Level == series.Level)
            .Select(l => new { l.SuccessorId, l.PredecessorId, l.Predecessor.Name }).ToListAsync(ct))
            .DistinctBy(l => (l.SuccessorId, l.PredecessorId)).ToLookup(l => l.SuccessorId, l => l.Name);
        var rule = (await ForYearAsync(series, year, ct))?.Derivation ?? DerivationRule.Mean;
        var result = new List<PublishedRanking>();
        foreach (var basis in rows.GroupBy(r => r.UnitsOn).OrderBy(g => g.Key))
        {
            var units = basis.Select(r => new PublishedRankRow(r.OrgUnitId, r.Code, r.Name, new PrintedResult(r.Rank, r.RankTo, r.Score), r.Source,
                    predecessors[r.OrgUnitId].Any() ? new DerivedScore(rule, [.. predecessors[r.OrgUnitId].Order(StringComparer.Ordinal)], null) : null))
                .OrderBy(r => r.Printed.Rank ?? int.MaxValue).ThenByDescending(r => r.Printed.Score ?? -1).ThenBy(r => r.UnitCode, StringComparer.Ordinal).ToList();
            var of = await RankedAmongAsync(series, units.Count, units.Max(u => u.Printed.RankTo ?? u.Printed.Rank ?? 0), basis.Key, ct);
            result.Add(new PublishedRanking(year, basis.Key, of, units));
        }

        return result;
    }

    /// <summary>Last year's ranking kept as printed on its own units (31/12), when no version of the framework applies to it.</summary>
    private async Task<PublishedRanking?> PrintedLastYearAsync(DtiFramework f, int year, CancellationToken ct) =>
        (await PublishedRankingsAsync(f, year - 1, ct)).FirstOrDefault(r => !r.LaterUnits);

    /// <summary>Why a unit's score and rank changed since last year, what would raise it most, and the peer median per main index.</summary>
    public async Task<ExplainResult?> ExplainAsync(DtiFramework f, int year, string unitCode, CancellationToken ct = default)
    {
        var scores = await ScoresAsync(f, year, ct: ct);
        var unit = scores.Units.FirstOrDefault(s => s.UnitCode == unitCode);
        if (unit is null)
        {
            return null;
        }

        var model = scores.Model;
        var peers = scores.Units.Where(s => s.UnitId != unit.UnitId).ToList();
        var names = scores.Units.ToDictionary(s => s.UnitCode, s => s.UnitName);
        var last = scores.Before?.Of(unit.UnitId);

        // A published result has its index and rank, not points (README, "Why the rank changed"): compared on the index.
        var onIndex = unit.Origin == AssessmentOrigin.Published || last?.Origin == AssessmentOrigin.Published;
        Explanation? change = null;
        if (last is null && await PrintedLastYearAsync(f, year, ct) is { } printed && printed.Units.FirstOrDefault(r => r.UnitId == unit.UnitId) is { Printed.Rank: { } printedRank } mine)
        {
            // Last year is known only by a printed table (2021 before QĐ 922): its rank, and its index where printed, against this year's
            // on the index; peers printed both years move by their printed index. Nothing else exists to compare.
            onIndex = true;
            double Index(double? score) => score ?? double.NaN;
            var moves = new Dictionary<string, (double, double)>();
            foreach (var p in peers)
            {
                if (printed.Units.FirstOrDefault(r => r.UnitId == p.UnitId) is { } pb)
                {
                    moves[p.UnitCode] = (Index(pb.Printed.Score), Index(p.Score));
                }
            }

            unit = unit with { RankBefore = printedRank };
            change = Explain.Change(new Explain.Year(null, NoPoints, Index(mine.Printed.Score), printedRank),
                new Explain.Year(null, NoPoints, Index(unit.Score), unit.Rank), moves);
        }
        else if (last is not null)
        {
            // Totals are compared as points under each year's framework (or as the index); peers move by their normalised value.
            // An index a publication did not print is unknown, not 0: NaN leaves it out of every comparison.
            double Scale(UnitScore s, double max) => onIndex ? s.Score ?? double.NaN : s.Normalised * max;
            var moves = new Dictionary<string, (double, double)>();
            foreach (var p in peers)
            {
                if (scores.Before!.Of(p.UnitId) is { } pb)
                {
                    moves[p.UnitCode] = (Scale(pb, last.Max), Scale(p, unit.Max));
                }
            }

            var before = onIndex ? new Explain.Year(null, NoPoints, Scale(last, 1), last.Rank)
                : new Explain.Year(scores.Before!.Model, last.Nodes.ToDictionary(n => n.Code, n => n.Points), last.Total, last.Rank);
            var after = onIndex ? new Explain.Year(null, NoPoints, Scale(unit, 1), unit.Rank)
                : new Explain.Year(model, unit.Nodes.ToDictionary(n => n.Code, n => n.Points), unit.Total, unit.Rank);
            change = Explain.Change(before, after, moves);
        }

        var row = unit.Nodes.Select(n => n.Points).ToArray();
        var peerScores = peers.Select(p => p.Normalised).ToArray();

        // The peer median compares like with like: the other units of the unit's peer group (none: no median).
        var group = TextFold.Fold(unit.PeerGroup);
        var alike = peers.Where(p => TextFold.Fold(p.PeerGroup) == group).ToList();
        var median = alike.Count == 0 ? [] : model.Mains.ToDictionary(i => model.Nodes[i].Code, i => DtiEngine.Median(alike.Select(p => p.Nodes[i].Points)));
        IReadOnlyList<WhatIf> WhatIfs(double? by) => unit.Origin == AssessmentOrigin.Published ? [] : Explain.WhatIfs(model, row, unit.Total, peerScores, by);
        return new ExplainResult(unit, scores, change, WhatIfs(null), WhatIfs(10), median, names, onIndex);
    }
}
