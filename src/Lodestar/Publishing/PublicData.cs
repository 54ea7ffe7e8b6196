using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Publishing;

/// <summary>A published figure as the public reads it: its latest revision, or one row of its history.</summary>
public sealed record PublicFigure(string UnitCode, string UnitName, string UnitLevel, string Period, string Measure, double? Value,
    int Revision, string? Note, DateTime PublishedAt);

/// <summary>A published target in its programme's list; <see cref="Retired"/>: the revision after which the programme no longer follows it.</summary>
public sealed record PublicTargetSummary(string Code, string Name, string? NameEn, string Unit, ProgressStatus Status, double? Latest, string? LatestPeriod,
    string? PillarName, string? PillarNameEn, RevisionMark? Retired = null);

public sealed record PublicPillar(string Name, string? NameEn, IReadOnlyList<PublicTargetSummary> Targets);

public sealed record PublicProgramme(string Code, string Name, string? NameEn, string? DocumentNumber, DateOnly? IssuedOn, string? Issuer,
    string ProvinceCode, string ProvinceName, int StartYear, int EndYear, string? Source, DateTime PublishedAt, DateTime UpdatedAt,
    IReadOnlyList<PublicPillar> Pillars);

/// <summary>A published target: its definition, its current figures and their history, and its status and forecast from them.</summary>
public sealed record PublicTarget(
    TargetInfo Info, string ProvinceCode, string ProvinceName, string? ResponsibleUnit, Msg Definition, string? ProgrammeNameEn,
    DateTime PublishedAt, DateTime UpdatedAt, IReadOnlyList<PublicFigure> Current, IReadOnlyList<PublicFigure> History,
    ProgressResult Status, PublicFigure? Latest, Forecast Forecast, Msg Sentence, IReadOnlyList<(double T, double Value)> Points, bool MapPublished)
{
    /// <summary>Figures whose value was corrected after publication (any revision after the first).</summary>
    public IEnumerable<PublicFigure> Corrections => History.Where(h => h.Revision > 1);
}

/// <summary>
/// A unit's published DTI result: its rank out of <paramref name="RankedAmong"/> units (the published population, e.g. 27 of 34
/// provinces, even when only this row is public here) and whether the rank is shared (ties stand as published: 1, 2, 2, 4).
/// <paramref name="Rank"/>, <paramref name="Score"/> and <paramref name="Points"/> are null when the published ranking did not print them.
/// </summary>
public sealed record PublicRank(string UnitCode, string UnitName, int? Rank, int RankedAmong, bool Tied, double? Score, double? Points, int? RankBefore, double? ScoreBefore,
    IReadOnlyList<PublicFigure> Revisions, int? RankTo = null);

/// <summary>
/// A published DTI year: the council-confirmed results (<paramref name="Units"/>, empty for a year known only by a printed table) and
/// the year's rankings kept as printed (<paramref name="Printed"/>, ADR 0012). <paramref name="CouncilDocument"/> is the council's
/// decision behind the figures published (null before issue 16).
/// </summary>
public sealed record PublicDtiYear(string Framework, string Name, string? NameEn, OrgUnitLevel Level, int Year, double MaxPoints, bool IsDemo, string? Source,
    DateTime PublishedAt, DateTime UpdatedAt, IReadOnlyList<PublicRank> Units, IReadOnlyList<PublicPrintedRanking> Printed,
    string? CouncilDocument = null, DateOnly? CouncilDocumentDate = null);

/// <summary>
/// A ranking published by its ranking body and kept as printed, on the units of <paramref name="UnitsOn"/> (31/12 of the year, or
/// 01/07/2025 for the 34 provinces), out of <paramref name="RankedAmong"/>; <paramref name="Label"/> names its source and basis.
/// </summary>
public sealed record PublicPrintedRanking(DateOnly UnitsOn, int RankedAmong, Msg Label, IReadOnlyList<PublicPrintedRank> Units);

/// <summary>A unit's row as printed: rank, the end of a shared range ("32–34") and the index, each null when not printed (never 0).</summary>
public sealed record PublicPrintedRank(string UnitCode, string UnitName, int? Rank, int? RankTo, double? Score)
{
    /// <summary>"14", "32–34", or "—" when no rank was printed.</summary>
    public string RankText => Rank is not { } rank ? "—"
        : RankTo is { } to ? string.Create(CultureInfo.InvariantCulture, $"{rank}–{to}") : rank.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A published DTI year in the list; <paramref name="Printed"/> counts its rankings kept as printed (0 when it has none).</summary>
public sealed record PublicDtiYearItem(string Framework, string Name, string? NameEn, OrgUnitLevel Level, int Year, int Units, bool IsDemo, DateTime UpdatedAt, int Printed = 0,
    string? ProvinceCode = null, string? ProvinceName = null);

public sealed record SearchHit(string Kind, string Code, string Title, string? TitleEn, string Url);

/// <summary>
/// Everything the public side may read, and nothing else: published, not withdrawn items; for figures only the
/// published snapshot (never the live store), so a later change reaches the public only as a published revision. Reads go
/// through <see cref="StaleReads"/>: to a PostgreSQL standby when one is configured and has the reader's own writes (ADR 0027).
/// </summary>
public sealed class PublicData(StaleReads reads, TimeProvider clock)
{
    private List<Publication>? _publications;

    public async Task<IReadOnlyList<Publication>> PublicationsAsync(CancellationToken ct = default) =>
        _publications ??= await (await reads.ContextAsync(ct)).Publications.AsNoTracking().Where(p => p.WithdrawnAt == null).OrderBy(p => p.Key).ToListAsync(ct);

    private async Task<Publication?> FindAsync(PublicationKind kind, string key, CancellationToken ct) =>
        (await PublicationsAsync(ct)).FirstOrDefault(p => p.Kind == kind && p.Key == key);

    /// <summary>When anything public last changed (the open data's "last update").</summary>
    public async Task<DateTime?> LastUpdateAsync(CancellationToken ct = default)
    {
        var all = await PublicationsAsync(ct);
        return all.Count == 0 ? null : all.Max(p => p.UpdatedOnPublicAt);
    }

    public async Task<List<PublicProgramme>> ProgrammesAsync(CancellationToken ct = default)
    {
        var list = new List<PublicProgramme>();
        foreach (var p in (await PublicationsAsync(ct)).Where(p => p.Kind == PublicationKind.Programme))
        {
            if (await ProgrammeAsync(p.Key, ct) is { } programme)
            {
                list.Add(programme);
            }
        }

        return list;
    }

    public async Task<PublicProgramme?> ProgrammeAsync(string code, CancellationToken ct = default)
    {
        var db = await reads.ContextAsync(ct);
        var publication = await FindAsync(PublicationKind.Programme, code, ct);
        if (publication is null)
        {
            return null;
        }

        var programme = await db.Programmes.AsNoTracking().Include(p => p.Province).Include(p => p.Pillars).SingleAsync(p => p.Code == code, ct);
        var published = (await PublicationsAsync(ct)).Where(p => p.Kind == PublicationKind.Target).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var targets = await new ProgressService(db).TargetsOfProgrammeAsync(programme.Id, ct);
        var summaries = new List<PublicTargetSummary>();
        foreach (var t in targets.Where(t => published.Contains(t.Code)))
        {
            var full = await TargetAsync(t.Code, ct);
            if (full is not null)
            {
                summaries.Add(new PublicTargetSummary(t.Code, t.Name, t.NameEn ?? t.Indicator.NameEn, t.Unit, full.Status.Status, full.Latest?.Value, full.Latest?.Period,
                    t.PillarName, t.PillarNameEn, t.Retired));
            }
        }

        var pillars = programme.Pillars.OrderBy(p => p.SortOrder)
            .Select(p => new PublicPillar(p.Name, p.NameEn, [.. summaries.Where(s => s.PillarName == p.Name)]))
            .Where(p => p.Targets.Count > 0).ToList();
        var overall = summaries.Where(s => s.PillarName is null).ToList();
        if (overall.Count > 0)
        {
            pillars.Insert(0, new PublicPillar("Chỉ tiêu chung", "Overall", overall));
        }

        var updated = (await PublicationsAsync(ct)).Where(p => p.Kind == PublicationKind.Target && summaries.Any(s => s.Code == p.Key))
            .Select(p => p.UpdatedOnPublicAt).Append(publication.UpdatedOnPublicAt).Max();
        return new PublicProgramme(programme.Code, programme.Name, programme.NameEn, programme.DocumentNumber, programme.IssuedOn, programme.Issuer,
            programme.Province!.Code, programme.Province.Name, programme.StartYear, programme.EndYear, programme.Source, publication.PublishedAt, updated, pillars);
    }

    /// <summary>The published targets, in programme order (the open data's indicator list).</summary>
    public async Task<List<PublicTarget>> TargetsAsync(CancellationToken ct = default)
    {
        var list = new List<PublicTarget>();
        foreach (var p in (await PublicationsAsync(ct)).Where(p => p.Kind == PublicationKind.Target))
        {
            if (await TargetAsync(p.Key, ct) is { } target)
            {
                list.Add(target);
            }
        }

        return [.. list.OrderBy(t => t.Info.ProgrammeCode, StringComparer.Ordinal).ThenBy(t => t.Info.Code, StringComparer.Ordinal)];
    }

    /// <summary>A published target of a published programme, or null (unpublished, withdrawn or unknown alike).</summary>
    public async Task<PublicTarget?> TargetAsync(string code, CancellationToken ct = default)
    {
        var db = await reads.ContextAsync(ct);
        var publication = await FindAsync(PublicationKind.Target, code, ct);
        var info = publication is null ? null : await new ProgressService(db).TargetAsync(code, ct);
        if (publication is null || info is null || await FindAsync(PublicationKind.Programme, info.ProgrammeCode, ct) is null)
        {
            return null;
        }

        var programme = await db.Programmes.AsNoTracking().Include(p => p.Province).SingleAsync(p => p.Code == info.ProgrammeCode, ct);
        var responsible = info.ResponsibleUnitId is { } r ? await db.OrgUnits.AsNoTracking().Where(u => u.Id == r).Select(u => u.Name).SingleOrDefaultAsync(ct) : null;
        var history = await FiguresAsync(publication.Id, ct);
        var current = Latest(history);
        var provinceCode = programme.Province!.Code;

        // Status and forecast come from the published figures of the province, with the same rules as the staff pages.
        var points = current.Where(f => f.UnitCode == provinceCode && f.Value is not null)
            .Select(f => (Period: Period.Parse(f.Period), Figure: f)).OrderBy(x => x.Period).ToList();
        var series = points.ConvertAll(x => (x.Period.EndAsYear, x.Figure.Value!.Value));
        if (info.BaselineYear is { } by && info.BaselineValue is { } bv && !points.Any(x => x.Period.Year == by))
        {
            series.Insert(0, (by, bv));
            series.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        }

        var latest = points.Count > 0 ? points[^1] : default;
        var status = ProgressRules.Evaluate(points.Count > 0 ? info.PathOn(latest.Period.End) : info.Path, info.Direction, info.Comparator, latest.Figure?.Value,
            points.Count > 0 ? latest.Period.EndAsYear : Dates.Today(clock).Year, info.OnTrackPercent, info.AtRiskPercent);
        var latestT = series.Count > 0 ? series[^1].Item1 : Dates.Today(clock).Year - 1;
        var ahead = info.Milestones.Select(m => m.Year).Where(y => y > latestT).ToList();
        if (ahead.Count == 0 && info.ProgrammeEndYear > latestT)
        {
            ahead.Add(info.ProgrammeEndYear);
        }

        var (min, max) = info.Bounds;
        var forecast = Forecaster.Project(series, ahead, info.PathShape == Programmes.PathShape.Compound, min, max);
        var sentence = ForecastText.Sentence(info, series, forecast);
        var map = await FindAsync(PublicationKind.Map, code, ct) is not null;
        return new PublicTarget(info, provinceCode, programme.Province.Name, responsible, Definition(info), programme.NameEn,
            publication.PublishedAt, publication.UpdatedOnPublicAt, current, history, status, latest.Figure, forecast, sentence, series, map);
    }

    /// <summary>How the indicator is computed, in words.</summary>
    public static Msg Definition(TargetInfo t)
    {
        var i = t.Indicator;
        var unit = string.IsNullOrEmpty(i.Unit) ? "" : $" ({i.Unit})";
        var (rollVi, rollEn) = i.Aggregation switch
        {
            Aggregation.Sum => ("cộng số liệu của các đơn vị cấp dưới", "the sum of the units below"),
            Aggregation.Mean => ("trung bình của các đơn vị cấp dưới", "the mean of the units below"),
            Aggregation.WeightedMean => ("tổng tử số chia tổng mẫu số của các đơn vị cấp dưới", "the units' numerators summed over their denominators summed"),
            Aggregation.Min => ("giá trị nhỏ nhất của các đơn vị cấp dưới", "the smallest value of the units below"),
            Aggregation.Max => ("giá trị lớn nhất của các đơn vị cấp dưới", "the largest value of the units below"),
            Aggregation.None or _ => ("chỉ số liệu đơn vị tự báo cáo", "only the unit's own reported value"),
        };
        if (i.Kind == IndicatorKind.Ratio && i.Denominator is { } d)
        {
            var factor = i.Factor.ToString("0.##", CultureInfo.InvariantCulture);
            return new Msg(
                $"{i.Name}{unit} = {i.Element.Name} ÷ {d.Name} × {factor}. Đơn vị chưa báo cáo: {rollVi}.",
                $"{i.NameEn ?? i.Name}{unit} = {i.Element.NameEn ?? i.Element.Name} ÷ {d.NameEn ?? d.Name} × {factor}. A unit that did not report: {rollEn}.");
        }

        return new Msg(
            $"{i.Name}{unit}: giá trị báo cáo của \"{i.Element.Name}\". Đơn vị chưa báo cáo: {rollVi}.",
            $"{i.NameEn ?? i.Name}{unit}: the reported value of \"{i.Element.NameEn ?? i.Element.Name}\". A unit that did not report: {rollEn}.");
    }

    public async Task<List<PublicDtiYearItem>> DtiYearsAsync(CancellationToken ct = default)
    {
        var db = await reads.ContextAsync(ct);
        var list = new List<PublicDtiYearItem>();
        var frameworks = await db.DtiFrameworks.AsNoTracking().Include(f => f.Province).ToDictionaryAsync(f => f.Code, ct);
        foreach (var p in (await PublicationsAsync(ct)).Where(p => p.Kind == PublicationKind.Dti))
        {
            if (PublishingService.ParseDtiKey(p.Key) is { } k && frameworks.TryGetValue(k.Framework, out var f))
            {
                var year = k.Year.ToString(CultureInfo.InvariantCulture);
                var ranks = await db.PublishedFigures.Where(x => x.PublicationId == p.Id && x.Measure == PublishingService.RankMeasure)
                    .Select(x => new { x.UnitCode, x.Period }).Distinct().ToListAsync(ct);
                list.Add(new PublicDtiYearItem(f.Code, f.Name, f.NameEn, f.Level, k.Year, ranks.Count(r => r.Period == year), f.IsDemo, p.UpdatedOnPublicAt,
                    ranks.Where(r => r.Period != year).Select(r => r.Period).Distinct().Count(), f.Province?.Code, f.Province?.Name));
            }
        }

        return [.. list.OrderBy(x => x.Level.ToApi(), StringComparer.Ordinal).ThenBy(x => x.Framework, StringComparer.Ordinal).ThenByDescending(x => x.Year)];
    }

    public async Task<PublicDtiYear?> DtiYearAsync(string framework, int year, CancellationToken ct = default)
    {
        var db = await reads.ContextAsync(ct);
        var publication = await FindAsync(PublicationKind.Dti, PublishingService.DtiKey(framework, year), ct);
        var f = publication is null ? null : await db.DtiFrameworks.AsNoTracking().Include(x => x.Nodes).SingleOrDefaultAsync(x => x.Code == framework, ct);
        if (publication is null || f is null)
        {
            return null;
        }

        // The scored results have the year as period; each printed table the date of its units (PublishingService.PrintedPeriod).
        var period = year.ToString(CultureInfo.InvariantCulture);
        var all = await FiguresAsync(publication.Id, ct);
        var history = all.Where(x => x.Period == period).ToList();
        var current = Latest(history);
        var printed = Latest(all).Where(x => x.Period != period).GroupBy(x => x.Period).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Printed(f, year, g.Key, [.. g])).ToList();

        // Last year's published figures of the same level (the framework may have changed version in between): its scored results,
        // or, for a year known only by a printed table (2021), that table on the year's own units.
        var before = (await DtiYearsAsync(ct)).FirstOrDefault(x => x.Level == f.Level && x.Year == year - 1 && SameFamily(x.Framework, framework));
        var previousAll = before is null ? [] : Latest(await FiguresAsync((await FindAsync(PublicationKind.Dti, PublishingService.DtiKey(before.Framework, before.Year), ct))!.Id, ct));
        var previousPeriod = before is { Units: 0 } ? PublishingService.PrintedPeriod(new DateOnly(year - 1, 12, 31)) : (year - 1).ToString(CultureInfo.InvariantCulture);
        var previous = previousAll.Where(x => x.Period == previousPeriod).ToList();
        var ranks = current.Where(x => x.Measure == PublishingService.RankMeasure && x.Value is not null).Select(x => (int)x.Value!.Value).ToList();
        var count = ranks.Count;
        var units = current.GroupBy(x => x.UnitCode).Select(g =>
        {
            double? Get(List<PublicFigure> list, string measure) => list.FirstOrDefault(x => x.UnitCode == g.Key && x.Measure == measure)?.Value;
            var rankBefore = Get(previous, PublishingService.RankMeasure);
            var of = Get(current, PublishingService.RankedAmongMeasure);
            var rank = (int?)Get(current, PublishingService.RankMeasure);

            // Published before the population was kept: the units published are the population.
            return new PublicRank(g.Key, g.First().UnitName, rank, of is { } n ? (int)n : Math.Max(rank ?? 0, count), rank is not null && ranks.Count(r => r == rank) > 1,
                Get(current, PublishingService.ScoreMeasure), Get(current, PublishingService.PointsMeasure),
                (int?)rankBefore, Get(previous, PublishingService.ScoreMeasure), [.. history.Where(h => h.UnitCode == g.Key && h.Revision > 1)]);
        }).OrderBy(u => u.Rank ?? int.MaxValue).ThenBy(u => u.UnitCode, StringComparer.Ordinal).ToList();
        var max = f.Nodes.Where(n => n.ParentCode is null).Sum(n => n.MaxPoints);

        // The council's decision behind what is public: the latest revision recorded before the public figures last changed.
        var decision = await db.DtiYearRevisions.AsNoTracking()
            .Where(r => r.FrameworkId == f.Id && r.Year == year && r.DocumentNumber != null && r.At <= publication.UpdatedOnPublicAt)
            .OrderByDescending(r => r.Number).Select(r => new { r.DocumentNumber, r.DocumentDate }).FirstOrDefaultAsync(ct);
        return new PublicDtiYear(f.Code, f.Name, f.NameEn, f.Level, year, max, f.IsDemo, f.Source, publication.PublishedAt, publication.UpdatedOnPublicAt, units,
            printed, decision?.DocumentNumber, decision?.DocumentDate);
    }

    /// <summary>A printed table from its published figures, labelled with who published it and on which units ("trên 34 tỉnh sau sắp xếp").</summary>
    private static PublicPrintedRanking Printed(DtiFramework f, int year, string period, List<PublicFigure> figures)
    {
        var unitsOn = DateOnly.ParseExact(period, "yyyyMMdd", CultureInfo.InvariantCulture);
        var rows = figures.GroupBy(x => x.UnitCode).Select(g =>
        {
            double? Get(string measure) => g.FirstOrDefault(x => x.Measure == measure)?.Value;
            return new PublicPrintedRank(g.Key, g.First().UnitName, (int?)Get(PublishingService.RankMeasure), (int?)Get(PublishingService.RankToMeasure),
                Get(PublishingService.ScoreMeasure));
        }).OrderBy(r => r.Rank ?? int.MaxValue).ThenByDescending(r => r.Score ?? -1).ThenBy(r => r.UnitCode, StringComparer.Ordinal).ToList();
        var of = (int)(figures.Where(x => x.Measure == PublishingService.RankedAmongMeasure).Max(x => x.Value) ?? rows.Count);
        var (byVi, byEn) = f.ProvinceId is null ? ("của Bộ", "by the ministry") : ("của tỉnh", "by the province");
        var (unitVi, unitEn) = f.Level == OrgUnitLevel.Province ? ("tỉnh", "provinces") : ("đơn vị", "units");
        var number = of.ToString(CultureInfo.InvariantCulture);
        var label = unitsOn > new DateOnly(year, 12, 31)
            ? new Msg($"Bảng công bố {byVi}, trên {number} {unitVi} sau sắp xếp (đơn vị ngày {unitsOn.ToDisplay()})",
                $"Table published {byEn}, out of {number} {unitEn} after the reorganisation (units of {unitsOn.ToIso()})")
            : new Msg($"Bảng công bố {byVi}, trên {number} {unitVi}", $"Table published {byEn}, out of {number} {unitEn}");
        return new PublicPrintedRanking(unitsOn, of, label, rows);
    }

    // National frameworks follow each other (P922 → P405); a province's own framework keeps its code.
    private static bool SameFamily(string a, string b) => a == b || (a.StartsWith('P') && b.StartsWith('P'));

    /// <summary>
    /// Every published DTI figure of one unit (its history across years and frameworks). A year without its scored result takes
    /// its row of a table printed on the year's own units (2021), with that table's label; <c>Printed</c> is null for a scored year.
    /// </summary>
    public async Task<List<(PublicDtiYearItem Year, PublicRank Rank, Msg? Printed)>> DtiHistoryAsync(string unitCode, CancellationToken ct = default)
    {
        var list = new List<(PublicDtiYearItem, PublicRank, Msg?)>();
        foreach (var y in await DtiYearsAsync(ct))
        {
            var year = await DtiYearAsync(y.Framework, y.Year, ct);
            if (year?.Units.FirstOrDefault(u => u.UnitCode == unitCode) is { } rank)
            {
                list.Add((y, rank, null));
            }
            else if (year?.Printed.FirstOrDefault(p => p.UnitsOn == new DateOnly(y.Year, 12, 31)) is { } table
                && table.Units.FirstOrDefault(u => u.UnitCode == unitCode) is { } row)
            {
                list.Add((y, new PublicRank(row.UnitCode, row.UnitName, row.Rank, table.RankedAmong, row.RankTo is not null, row.Score, null, null, null, [], row.RankTo), table.Label));
            }
        }

        return [.. list.OrderBy(x => x.Item1.Year)];
    }

    /// <summary>Published target figures (latest revisions), optionally filtered by target, unit and period.</summary>
    public async Task<List<(PublicTarget Target, PublicFigure Figure)>> ValuesAsync(string? target, string? unit, string? period, CancellationToken ct = default)
    {
        var list = new List<(PublicTarget, PublicFigure)>();
        foreach (var t in await TargetsAsync(ct))
        {
            if (target is not null && t.Info.Code != target)
            {
                continue;
            }

            list.AddRange(t.Current.Where(f => (unit is null || f.UnitCode == unit) && (period is null || f.Period == period)).Select(f => (t, f)));
        }

        return list;
    }

    /// <summary>Programmes, targets and DTI units whose names match, ignoring case and diacritics ("chinh quyen so").</summary>
    public async Task<List<SearchHit>> SearchAsync(string? q, CancellationToken ct = default)
    {
        var folded = TextFold.Fold(q);
        if (folded.Length < 2)
        {
            return [];
        }

        bool Match(params string?[] texts) => texts.Any(t => t is not null && TextFold.Fold(t).Contains(folded, StringComparison.Ordinal));
        var hits = new List<SearchHit>();
        foreach (var p in await ProgrammesAsync(ct))
        {
            if (Match(p.Code, p.Name, p.NameEn, p.DocumentNumber))
            {
                hits.Add(new SearchHit("programme", p.Code, p.Name, p.NameEn, PublicUrls.Programme(p.Code)));
            }
        }

        foreach (var t in await TargetsAsync(ct))
        {
            if (Match(t.Info.Code, t.Info.Name, t.Info.NameEn, t.Info.Indicator.Name, t.Info.Indicator.NameEn, t.Info.PillarName, t.ResponsibleUnit))
            {
                hits.Add(new SearchHit("target", t.Info.Code, t.Info.Name, t.Info.NameEn ?? t.Info.Indicator.NameEn, PublicUrls.Target(t.Info.Code)));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var y in await DtiYearsAsync(ct))
        {
            var year = await DtiYearAsync(y.Framework, y.Year, ct);
            foreach (var u in year?.Units ?? [])
            {
                if (seen.Add(u.UnitCode) && Match(u.UnitName, u.UnitCode))
                {
                    hits.Add(new SearchHit("dti-unit", u.UnitCode, u.UnitName, null, PublicUrls.DtiUnit(u.UnitCode)));
                }
            }
        }

        return hits;
    }

    private async Task<List<PublicFigure>> FiguresAsync(int publicationId, CancellationToken ct)
    {
        var db = await reads.ContextAsync(ct);
        var rows = await db.PublishedFigures.AsNoTracking().Where(f => f.PublicationId == publicationId)
            .Select(f => new PublicFigure(f.UnitCode, f.UnitName, f.UnitLevel, f.Period, f.Measure, f.Value, f.Revision, f.Note, f.PublishedAt))
            .ToListAsync(ct);
        return [.. rows.OrderBy(f => f.UnitCode, StringComparer.Ordinal).ThenBy(f => f.Period, StringComparer.Ordinal).ThenBy(f => f.Measure, StringComparer.Ordinal).ThenBy(f => f.Revision)];
    }

    private static List<PublicFigure> Latest(List<PublicFigure> history) =>
        [.. history.GroupBy(f => (f.UnitCode, f.Period, f.Measure)).Select(g => g.MaxBy(f => f.Revision)!).Where(f => f.Value is not null)];
}

/// <summary>The portal's stable addresses (share-friendly: codes, never database ids; no diacritics to percent-encode).</summary>
public static class PublicUrls
{
    public const string Root = "/cong-khai";

    public static string Programme(string code) => $"{Root}/chuong-trinh/{Uri.EscapeDataString(code)}";

    public static string Target(string code) => $"{Root}/chi-tieu/{Uri.EscapeDataString(code)}";

    public static string Dti(string framework, int year) => string.Create(CultureInfo.InvariantCulture, $"{Root}/dti/{Uri.EscapeDataString(framework)}/{year}");

    public static string DtiUnit(string code) => $"{Root}/dti/don-vi/{Uri.EscapeDataString(code)}";
}
