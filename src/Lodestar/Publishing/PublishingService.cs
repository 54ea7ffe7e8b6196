using System.Globalization;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Publishing;

/// <summary>A figure as the approved store gives it now, before it is compared with what is public.</summary>
public sealed record SnapshotRow(string UnitCode, string UnitName, string UnitLevel, string Period, string Measure, double? Value);

/// <summary>A published figure the approved store no longer agrees with (a correction waiting to be published).</summary>
public sealed record PendingChange(string UnitCode, string UnitName, string Period, string Measure, double? Published, double? Now);

/// <summary>
/// Something the DX office may publish, whether it is public, and how many published figures now differ; for a DTI year,
/// <paramref name="Printed"/> counts the rows of its rankings kept as printed (ADR 0012).
/// </summary>
public sealed record PublishableItem(PublicationKind Kind, string Key, string Name, string? Parent, bool Published, DateTime? PublishedAt, DateTime? UpdatedAt,
    int Pending, int Confirmed, int Assessed, string? WithdrawnReason, int? ProvinceId, int Printed = 0);

/// <summary>What one publication did: new figures, corrected figures (new revisions), figures withdrawn.</summary>
public sealed record PublishSummary(string Key, int Added, int Revised, int Removed);

/// <summary>
/// The DX office's publishing decisions. A target or DTI year is published as a snapshot of approved figures;
/// re-publishing adds figures for new periods freely, but a figure that differs from what is public becomes a
/// new revision and needs a note. Rules and a worked example: Publishing/README.md.
/// </summary>
public sealed class PublishingService(LodestarDbContext db, DtiQueries dti, IAuditActor actor, TimeProvider clock)
{
    public const string ValueMeasure = "value";
    public const string RankMeasure = "rank";
    public const string ScoreMeasure = "score";
    public const string PointsMeasure = "points";

    /// <summary>How many units the rank is out of (34 for a province's published national rank, though only its row is stored).</summary>
    public const string RankedAmongMeasure = "of";

    /// <summary>The end of a shared rank printed as a range ("32–34": rank 32, rank-to 34); a printed table's rows only.</summary>
    public const string RankToMeasure = "rank-to";

    private ProgressService? _approved;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<PublishSummary>> PublishProgrammeAsync(string code, CancellationToken ct = default)
    {
        var programme = await db.Programmes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, ct);
        if (programme is null)
        {
            return Outcome<PublishSummary>.Fail("programme", $"Không có chương trình mã {code}.", $"There is no programme {code}.");
        }

        if (programme.ProvinceId is null)
        {
            return Outcome<PublishSummary>.Fail("programme", $"Chương trình {code} là chương trình quốc gia; cổng công khai chỉ công bố chương trình của tỉnh.",
                $"{code} is a national programme; the portal publishes the province's programmes only.");
        }

        await PublicationAsync(PublicationKind.Programme, code, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<PublishSummary>.Ok(new PublishSummary(code, 0, 0, 0));
    }

    /// <summary>Publishes a target (its programme must be public) or re-publishes it with its new approved figures.</summary>
    public async Task<Outcome<PublishSummary>> PublishTargetAsync(string code, string? note, CancellationToken ct = default)
    {
        var target = await db.Targets.AsNoTracking().Include(t => t.Programme).SingleOrDefaultAsync(t => t.Code == code, ct);
        if (target is null)
        {
            return Outcome<PublishSummary>.Fail("target", $"Không có chỉ tiêu mã {code}.", $"There is no target {code}.");
        }

        if (!await IsPublicAsync(PublicationKind.Programme, target.Programme.Code, ct))
        {
            return Outcome<PublishSummary>.Fail("target", $"Chỉ tiêu {code}: cần công bố chương trình {target.Programme.Code} trước.",
                $"Target {code}: publish programme {target.Programme.Code} first.");
        }

        var rows = await TargetSnapshotAsync(code, ct);
        return await ApplyAsync(PublicationKind.Target, code, rows, note, ct);
    }

    /// <summary>Publishes the council-confirmed DTI results of a framework and year; unconfirmed results stay internal.</summary>
    public async Task<Outcome<PublishSummary>> PublishDtiAsync(string framework, int year, string? note, CancellationToken ct = default)
    {
        var f = await dti.FrameworkAsync(framework, ct);
        if (f is null)
        {
            return Outcome<PublishSummary>.Fail("framework", $"Không có bộ chỉ số mã {framework}.", $"There is no index framework {framework}.");
        }

        var rows = await DtiYearSnapshotAsync(f, year, ct);
        if (rows.Count == 0)
        {
            return Outcome<PublishSummary>.Fail("year", $"{framework} năm {year}: chưa có kết quả nào được Hội đồng thẩm định xác nhận, cũng chưa có bảng xếp hạng công bố nào được nhập.",
                $"{framework} {year}: no result has been confirmed by the appraisal council yet, and no published ranking has been imported.");
        }

        var outcome = await ApplyAsync(PublicationKind.Dti, DtiKey(framework, year), rows, note, ct);
        if (outcome.Succeeded)
        {
            // The confirmed assessments are now published (AssessmentState.Published).
            var confirmed = await db.DtiAssessments.Where(a => a.FrameworkId == f.Id && a.Year == year && a.State == AssessmentState.Confirmed).ToListAsync(ct);
            confirmed.ForEach(a => a.State = AssessmentState.Published);
            await db.SaveChangesAsync(ct);
        }

        return outcome;
    }

    /// <summary>Lets the map tab of a published target show its map (a flag read by the portal).</summary>
    public async Task<Outcome<PublishSummary>> PublishMapAsync(string targetCode, CancellationToken ct = default)
    {
        if (!await IsPublicAsync(PublicationKind.Target, targetCode, ct))
        {
            return Outcome<PublishSummary>.Fail("target", $"Bản đồ của {targetCode}: cần công bố chỉ tiêu trước.", $"Map of {targetCode}: publish the target first.");
        }

        await PublicationAsync(PublicationKind.Map, targetCode, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<PublishSummary>.Ok(new PublishSummary(targetCode, 0, 0, 0));
    }

    /// <summary>Takes an item off the public side; its published figures are kept and come back if it is published again.</summary>
    public async Task<Outcome<PublishSummary>> WithdrawAsync(PublicationKind kind, string key, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome<PublishSummary>.Fail("reason", "Cần nêu lý do thu hồi.", "Give the reason for withdrawing.");
        }

        var publication = await db.Publications.SingleOrDefaultAsync(p => p.Kind == kind && p.Key == key && p.WithdrawnAt == null, ct);
        if (publication is null)
        {
            return Outcome<PublishSummary>.Fail("key", $"{key} chưa được công bố.", $"{key} is not published.");
        }

        publication.WithdrawnAt = Now;
        publication.WithdrawnReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return Outcome<PublishSummary>.Ok(new PublishSummary(key, 0, 0, 0));
    }

    /// <summary>The published figures of a target or DTI year that the approved store now gives differently.</summary>
    public async Task<List<PendingChange>> PendingAsync(PublicationKind kind, string key, CancellationToken ct = default)
    {
        var rows = kind switch
        {
            PublicationKind.Target => await TargetSnapshotAsync(key, ct),
            PublicationKind.Dti when ParseDtiKey(key) is { } k && await dti.FrameworkAsync(k.Framework, ct) is { } f => await DtiYearSnapshotAsync(f, k.Year, ct),
            PublicationKind.Dti or PublicationKind.Programme or PublicationKind.Map or _ => [],
        };
        var publication = await db.Publications.AsNoTracking().SingleOrDefaultAsync(p => p.Kind == kind && p.Key == key, ct);
        if (publication is null)
        {
            return [];
        }

        var current = await LatestAsync(publication.Id, ct);
        return Diff(current, rows).Changed;
    }

    /// <summary>Programmes, targets, DTI years and maps with their publication state (the publishing page).</summary>
    public async Task<List<PublishableItem>> OverviewAsync(CancellationToken ct = default)
    {
        var publications = await db.Publications.AsNoTracking().ToListAsync(ct);
        PublishableItem Item(PublicationKind kind, string key, string name, string? parent, int? provinceId, int pending = 0, int confirmed = 0, int assessed = 0)
        {
            var p = publications.FirstOrDefault(x => x.Kind == kind && x.Key == key);
            return new PublishableItem(kind, key, name, parent, p is { WithdrawnAt: null }, p?.PublishedAt, p?.UpdatedOnPublicAt, pending, confirmed, assessed, p?.WithdrawnReason, provinceId);
        }

        bool IsPublic(PublicationKind kind, string key) => publications.Any(x => x.Kind == kind && x.Key == key && x.WithdrawnAt == null);
        var list = new List<PublishableItem>();
        foreach (var p in await db.Programmes.AsNoTracking().Where(p => p.ProvinceId != null).OrderBy(p => p.Code).ToListAsync(ct))
        {
            list.Add(Item(PublicationKind.Programme, p.Code, p.Name, null, p.ProvinceId));
            foreach (var t in await db.Targets.AsNoTracking().Where(t => t.ProgrammeId == p.Id).OrderBy(t => t.SortOrder).ThenBy(t => t.Code).ToListAsync(ct))
            {
                var pending = IsPublic(PublicationKind.Target, t.Code) ? (await PendingAsync(PublicationKind.Target, t.Code, ct)).Count : 0;
                list.Add(Item(PublicationKind.Target, t.Code, t.Name, p.Code, p.ProvinceId, pending));
                list.Add(Item(PublicationKind.Map, t.Code, t.Name, p.Code, p.ProvinceId));
            }
        }

        var years = await db.DtiAssessments.AsNoTracking().Where(a => a.State != AssessmentState.Draft)
            .GroupBy(a => new { a.Framework.Code, a.Framework.Name, a.Framework.ProvinceId, a.Year })
            .Select(g => new { g.Key.Code, g.Key.Name, g.Key.ProvinceId, g.Key.Year, Assessed = g.Count(), Confirmed = g.Count(a => a.State == AssessmentState.Confirmed || a.State == AssessmentState.Published) })
            .ToListAsync(ct);
        foreach (var y in years.OrderBy(y => y.Code, StringComparer.Ordinal).ThenByDescending(y => y.Year))
        {
            var key = DtiKey(y.Code, y.Year);
            var pending = IsPublic(PublicationKind.Dti, key) ? (await PendingAsync(PublicationKind.Dti, key, ct)).Count : 0;
            list.Add(Item(PublicationKind.Dti, key, $"{y.Name} – {y.Year}", null, y.ProvinceId, pending, y.Confirmed, y.Assessed));
        }

        // Years known only by a printed table (ADR 0012: national DTI 2020, 2021) are published under the framework that owns them.
        var frameworks = await db.DtiFrameworks.AsNoTracking().ToListAsync(ct);
        var printed = await db.DtiPublishedRanks.AsNoTracking().GroupBy(r => new { r.ProvinceId, r.OrgUnit.Level, r.Year })
            .Select(g => new { g.Key.ProvinceId, g.Key.Level, g.Key.Year, Rows = g.Count() }).ToListAsync(ct);
        foreach (var y in printed.OrderByDescending(y => y.Year))
        {
            if (PrintedOwner(frameworks.Where(f => f.ProvinceId == y.ProvinceId && f.Level == y.Level), y.Year) is { } owner)
            {
                var key = DtiKey(owner.Code, y.Year);
                var scored = list.FindIndex(i => i.Kind == PublicationKind.Dti && i.Key == key);
                if (scored >= 0)
                {
                    list[scored] = list[scored] with { Printed = y.Rows };
                    continue;
                }

                var pending = IsPublic(PublicationKind.Dti, key) ? (await PendingAsync(PublicationKind.Dti, key, ct)).Count : 0;
                list.Add(Item(PublicationKind.Dti, key, $"{owner.Name} – {y.Year}", null, owner.ProvinceId, pending) with { Printed = y.Rows });
            }
        }

        return list;
    }

    /// <summary>
    /// Whether an item exists and the province that owns it (null: national) — whose DX office decides on its publication:
    /// a programme's, a target's or map's programme's, a DTI year's framework's.
    /// </summary>
    public async Task<(bool Exists, int? ProvinceId)> OwnerAsync(PublicationKind kind, string key, CancellationToken ct = default)
    {
        var owners = kind switch
        {
            PublicationKind.Programme => db.Programmes.Where(p => p.Code == key).Select(p => new { p.ProvinceId }),
            PublicationKind.Target or PublicationKind.Map => db.Targets.Where(t => t.Code == key).Select(t => new { t.Programme.ProvinceId }),
            PublicationKind.Dti => ParseDtiKey(key) is { } k ? db.DtiFrameworks.Where(f => f.Code == k.Framework).Select(f => new { f.ProvinceId }) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var owner = owners is null ? null : await owners.FirstOrDefaultAsync(ct);
        return (owner is not null, owner?.ProvinceId);
    }

    public static string DtiKey(string framework, int year) => string.Create(CultureInfo.InvariantCulture, $"{framework}/{year}");

    public static (string Framework, int Year)? ParseDtiKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash > 0 && int.TryParse(key[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? (key[..slash], year)
            : null;
    }

    /// <summary>
    /// A target's approved figures: for every year from the baseline (or the programme's start) to this year, the
    /// province's figure and each unit's directly below it, keyed by the period the figure is as of (2025, 2026Q3).
    /// Only approved values count (<see cref="ProgressService.IncludeUnapproved"/> is false).
    /// </summary>
    public async Task<List<SnapshotRow>> TargetSnapshotAsync(string code, CancellationToken ct = default)
    {
        var progress = _approved ??= new ProgressService(db) { IncludeUnapproved = false }; // one per service: the trees of a date are read once
        var target = await progress.TargetAsync(code, ct);
        if (target?.ProgrammeProvinceId is not { } provinceId)
        {
            return [];
        }

        var province = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == provinceId, ct);
        var first = Math.Min(target.BaselineYear ?? target.ProgrammeStartYear, target.ProgrammeStartYear);
        var years = Enumerable.Range(first, Math.Max(0, Dates.Today(clock).Year - first + 1)).Select(Period.OfYear).ToList();
        var rows = new Dictionary<(string, string), SnapshotRow>();
        foreach (var table in years.Count == 0 ? [] : await progress.TablesAsync(target, province, years, ct))
        {
            foreach (var r in table.Children.Prepend(table.Root))
            {
                if (r.Source != ValueSource.None && r.Result.Actual is { } value)
                {
                    var period = (r.AsOf ?? table.Period).Code;
                    rows.TryAdd((r.Code, period), new SnapshotRow(r.Code, r.Name, r.Level.ToApi(), period, ValueMeasure, Math.Round(value, 6)));
                }
            }
        }

        return [.. rows.Values];
    }

    /// <summary>Confirmed results only, ranked among themselves (ties share a rank; an imported published rank is kept).</summary>
    public async Task<List<SnapshotRow>> DtiSnapshotAsync(DtiFramework f, int year, CancellationToken ct = default)
    {
        var scores = await dti.ScoresAsync(f, year, withDrafts: false, withBefore: false, ct: ct);
        var confirmed = scores.Units.Where(u => u.State >= AssessmentState.Confirmed).ToList();
        var normalised = confirmed.Select(u => u.Normalised).ToArray();
        var ranks = new int[confirmed.Count];
        DtiEngine.Rank(normalised, new int[confirmed.Count], ranks);
        var period = year.ToString(CultureInfo.InvariantCulture);
        var level = f.Level.ToApi();
        var rows = new List<SnapshotRow>(confirmed.Count * 4);
        for (var i = 0; i < confirmed.Count; i++)
        {
            var u = confirmed[i];
            // A published result keeps what was printed: a rank or score it did not print is published as missing (null), never
            // as 0 or as the rank that only orders it; it has points only when its main indexes were printed.
            var published = u.Origin == AssessmentOrigin.Published;
            rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, RankMeasure, published ? u.ShownRank : ranks[i]));
            rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, ScoreMeasure, u.Score is { } score ? Math.Round(score, 6) : null));
            rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, PointsMeasure, published && u.Nodes.All(n => n.Points == 0) ? null : Math.Round(u.Total, 4)));
            rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, RankedAmongMeasure, u.Origin == AssessmentOrigin.Published ? scores.RankedAmong : confirmed.Count));
        }

        return rows;
    }

    /// <summary>
    /// A DTI year as published: the council-confirmed results (period "2024") and the rankings of the year kept as printed
    /// (ADR 0012), each under the date of its units as period ("20250701" for the 34 provinces), so a unit on two bases keeps both.
    /// </summary>
    public async Task<List<SnapshotRow>> DtiYearSnapshotAsync(DtiFramework f, int year, CancellationToken ct = default) =>
        [.. await DtiSnapshotAsync(f, year, ct), .. await PrintedSnapshotAsync(f, year, ct)];

    /// <summary>The year's rankings kept as printed: rank, end of a shared range, index and population only where printed (null otherwise).</summary>
    public async Task<List<SnapshotRow>> PrintedSnapshotAsync(DtiFramework f, int year, CancellationToken ct = default)
    {
        var series = await db.DtiFrameworks.AsNoTracking().Where(x => x.Level == f.Level && x.ProvinceId == f.ProvinceId).ToListAsync(ct);
        if (PrintedOwner(series, year)?.Id != f.Id)
        {
            return [];
        }

        var level = f.Level.ToApi();
        var rows = new List<SnapshotRow>();
        foreach (var ranking in await dti.PublishedRankingsAsync(f, year, ct))
        {
            var period = PrintedPeriod(ranking.UnitsOn);
            foreach (var u in ranking.Units)
            {
                rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, RankMeasure, u.Printed.Rank));
                rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, RankToMeasure, u.Printed.RankTo));
                rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, ScoreMeasure, u.Printed.Score is { } score ? Math.Round(score, 6) : null));
                rows.Add(new SnapshotRow(u.UnitCode, u.UnitName, level, period, RankedAmongMeasure, ranking.RankedAmong));
            }
        }

        return rows;
    }

    /// <summary>The period of a printed table's figures: the date of its units, "20211231" or "20250701" (a scored year's is "2024").</summary>
    public static string PrintedPeriod(DateOnly unitsOn) => unitsOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The framework whose publication carries a year's printed tables: the version of the series that applies to the year, or
    /// for a year none applies to (national DTI 2020, 2021) the series' first version — one key per year, never two.
    /// </summary>
    public static DtiFramework? PrintedOwner(IEnumerable<DtiFramework> series, int year)
    {
        var list = series.ToList();
        return list.Where(f => f.AppliesTo(year)).MaxBy(f => f.FirstYear) ?? list.MinBy(f => f.FirstYear);
    }

    private async Task<Outcome<PublishSummary>> ApplyAsync(PublicationKind kind, string key, List<SnapshotRow> rows, string? note, CancellationToken ct)
    {
        var existing = await db.Publications.AsNoTracking().SingleOrDefaultAsync(p => p.Kind == kind && p.Key == key, ct);
        var current = existing is null ? [] : await LatestAsync(existing.Id, ct);
        var (added, changed) = Diff(current, rows);
        if (changed.Count > 0 && string.IsNullOrWhiteSpace(note))
        {
            var first = changed[0];
            return Outcome<PublishSummary>.Fail("note",
                $"{changed.Count} số liệu đã công bố nay khác (ví dụ {first.UnitName}, kỳ {first.Period}: {Show(first.Published)} → {Show(first.Now)}): cần ghi chú đính chính để công bố bản sửa đổi.",
                $"{changed.Count} published figure(s) now differ (e.g. {first.UnitName}, {first.Period}: {Show(first.Published)} → {Show(first.Now)}): a correction note is needed to publish the revision.");
        }

        var publication = await PublicationAsync(kind, key, ct);
        var now = Now;
        var by = actor.Name;
        var figures = new List<PublishedFigure>();
        foreach (var r in added)
        {
            figures.Add(new PublishedFigure
            {
                Publication = publication, UnitCode = r.UnitCode, UnitName = r.UnitName, UnitLevel = r.UnitLevel, Period = r.Period, Measure = r.Measure,
                Value = r.Value, Revision = 1, PublishedAt = now, PublishedBy = by,
            });
        }

        foreach (var c in changed)
        {
            var before = current[(c.UnitCode, c.Period, c.Measure)];
            figures.Add(new PublishedFigure
            {
                Publication = publication, UnitCode = c.UnitCode, UnitName = c.UnitName, UnitLevel = before.UnitLevel, Period = c.Period, Measure = c.Measure,
                Value = c.Now, Revision = before.Revision + 1, Note = note!.Trim(), PublishedAt = now, PublishedBy = by,
            });
        }

        if (figures.Count > 0 || existing is null)
        {
            publication.UpdatedOnPublicAt = now;
        }

        db.PublishedFigures.AddRange(figures);
        await db.SaveChangesAsync(ct);
        return Outcome<PublishSummary>.Ok(new PublishSummary(key, added.Count, changed.Count(c => c.Now is not null), changed.Count(c => c.Now is null)));
    }

    private static string Show(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "—";

    private static (List<SnapshotRow> Added, List<PendingChange> Changed) Diff(
        Dictionary<(string, string, string), PublishedFigure> current, List<SnapshotRow> rows)
    {
        var added = new List<SnapshotRow>();
        var changed = new List<PendingChange>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var r in rows)
        {
            var key = (r.UnitCode, r.Period, r.Measure);
            seen.Add(key);
            if (!current.TryGetValue(key, out var published))
            {
                added.Add(r);
            }
            else if (!Same(published.Value, r.Value))
            {
                changed.Add(new PendingChange(r.UnitCode, r.UnitName, r.Period, r.Measure, published.Value, r.Value));
            }
        }

        // A published figure the approved store does not give now (its report re-opened, so not approved for the moment) stays as
        // published: the public side never loses a figure silently; withdrawing is a decision on the whole item.
        return (added, changed);
    }

    private static bool Same(double? a, double? b) => (a, b) switch
    {
        (null, null) => true,
        ({ } x, { } y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)),
        _ => false,
    };

    private async Task<Dictionary<(string, string, string), PublishedFigure>> LatestAsync(int publicationId, CancellationToken ct)
    {
        var all = await db.PublishedFigures.AsNoTracking().Where(f => f.PublicationId == publicationId).ToListAsync(ct);
        return all.GroupBy(f => (f.UnitCode, f.Period, f.Measure)).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Revision)!);
    }

    private async Task<bool> IsPublicAsync(PublicationKind kind, string key, CancellationToken ct) =>
        await db.Publications.AnyAsync(p => p.Kind == kind && p.Key == key && p.WithdrawnAt == null, ct);

    /// <summary>The publication of an item, created on first publication or brought back after a withdrawal.</summary>
    private async Task<Publication> PublicationAsync(PublicationKind kind, string key, CancellationToken ct)
    {
        var publication = await db.Publications.SingleOrDefaultAsync(p => p.Kind == kind && p.Key == key, ct);
        if (publication is null)
        {
            publication = new Publication { Kind = kind, Key = key, PublishedAt = Now, PublishedBy = actor.Name, UpdatedOnPublicAt = Now };
            db.Publications.Add(publication);
        }
        else if (publication.WithdrawnAt is not null)
        {
            publication.WithdrawnAt = null;
            publication.WithdrawnReason = null;
            publication.UpdatedOnPublicAt = Now;
        }

        // Every publication (first, again after a withdrawal, a revision) tells the webhooks, in the publication's own save.
        var (_, provinceId) = await OwnerAsync(kind, key, ct);
        await Connectors.WebhookOutbox.AddAsync(db, Connectors.WebhookEvents.PublicationPublished, provinceId, new
        {
            kind, key, publishedBy = actor.Name, publishedAt = Now,
        }, ct);
        return publication;
    }
}
