using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.OrgUnits;

public sealed record OrgUnitItem(
    string Uid,
    string Code,
    string Name,
    string FullName,
    string Type,
    OrgUnitLevel Level,
    string? ParentCode,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? ParentName = null);

public sealed record OrgUnitRef(string Code, string Name, OrgUnitLevel Level, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record OrgUnitDetail(OrgUnitItem Unit, int Id, string? NameEn, string? TypeEn, bool IsOfficial, IReadOnlyList<OrgUnitRef> Parents, int Version = 0);

public sealed record LineageItem(string Code, string Name, string MergeType, DateOnly Effective, double? Share = null);

public sealed record Lineage(IReadOnlyList<LineageItem> Predecessors, IReadOnlyList<LineageItem> Successors);

public sealed record HeadTerm(string Position, string Person, DateOnly From, DateOnly? To);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record OrgUnitFilter(
    DateOnly AsOf,
    OrgUnitLevel? Level = null,
    string? Type = null,
    int? ParentId = null,
    string? Query = null,
    IReadOnlySet<int>? Within = null,
    int Page = 1,
    int PageSize = 50);

public static class OrgUnitQueryExtensions
{
    public static IQueryable<OrgUnit> ValidOn(this IQueryable<OrgUnit> units, DateOnly date) =>
        units.Where(u => (u.ValidFrom == null || u.ValidFrom <= date) && (u.ValidTo == null || u.ValidTo >= date));

    public static IQueryable<OrgUnitParentLink> ValidOn(this IQueryable<OrgUnitParentLink> links, DateOnly date) =>
        links.Where(l => (l.ValidFrom == null || l.ValidFrom <= date) && (l.ValidTo == null || l.ValidTo >= date));

    /// <summary>Past names in force on the date; a unit without one there has the name on its own row.</summary>
    public static IQueryable<OrgUnitName> ValidOn(this IQueryable<OrgUnitName> names, DateOnly date) =>
        names.Where(n => (n.ValidFrom == null || n.ValidFrom <= date) && n.ValidTo >= date);

    /// <summary>Past shapes in force on the date; a unit without one there has the shape in <c>OrgUnitBoundaries</c>.</summary>
    public static IQueryable<OrgUnitPastBoundary> ValidOn(this IQueryable<OrgUnitPastBoundary> shapes, DateOnly date) =>
        shapes.Where(b => (b.ValidFrom == null || b.ValidFrom <= date) && b.ValidTo >= date);

    /// <summary>
    /// Gives units read without tracking the names and types they had on the date (a rename or retype since moved them to
    /// <see cref="OrgUnitName"/>), for reads of a past date that print names or group by type. Never call it on tracked units.
    /// </summary>
    public static async Task NameAsOfAsync(this IQueryable<OrgUnitName> names, IReadOnlyCollection<OrgUnit> units, DateOnly date, CancellationToken ct = default)
    {
        var past = await names.AsNoTracking().ValidOn(date).ToDictionaryAsync(n => n.OrgUnitId, ct);
        foreach (var unit in units)
        {
            if (past.TryGetValue(unit.Id, out var n))
            {
                (unit.Name, unit.FullName, unit.NameEn, unit.Type, unit.TypeEn) = (n.Name, n.FullName, n.NameEn, n.Type, n.TypeEn);
            }
        }
    }

    /// <summary>
    /// The past names of a set of units, for lists whose rows each have their own date (a report's period end, a scorecard's
    /// year): one query, then <see cref="PastNames.FullName"/> per row. Units never renamed have no rows and keep their own name.
    /// </summary>
    public static async Task<PastNames> PastNamesAsync(this IQueryable<OrgUnitName> names, IReadOnlyCollection<int> unitIds, CancellationToken ct = default) =>
        new((await names.AsNoTracking().Where(n => unitIds.Contains(n.OrgUnitId)).ToListAsync(ct)).ToLookup(n => n.OrgUnitId));

    public static bool TryParseLevel(string? text, out OrgUnitLevel level) =>
        Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);
}

/// <summary>Reads of the organisation: the tree as of a date, one unit, its lineage and its head.</summary>
public sealed class OrgUnitQueries(LodestarDbContext db, FigureCache? figures = null)
{
    /// <summary>Units valid on the filter's date with their parent on that date: the tree as of D in one query.</summary>
    public Task<Page<OrgUnitItem>> ListAsync(OrgUnitFilter f, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(f);

        // A page is a count and a read of joined units, links and past names (the country's 3,321 communes: two queries
        // of 40–120 ms); it changes only with the units (ADR 0017). Searches are not kept: each typed text would be a figure.
        return figures is null || !string.IsNullOrWhiteSpace(f.Query) ? PageAsync(f, ct)
            : figures.GetAsync((nameof(ListAsync), f.AsOf, f.Level, f.Type, f.ParentId, FigureCache.KeyOf(f.Within), f.Page, f.PageSize),
                ChangeKinds.Structure, () => PageAsync(f, ct), ct);
    }

    private async Task<Page<OrgUnitItem>> PageAsync(OrgUnitFilter f, CancellationToken ct)
    {
        var d = f.AsOf;
        var query =
            from u in db.OrgUnits.ValidOn(d)
            join l in db.OrgUnitParents.ValidOn(d) on u.Id equals l.ChildId into parents
            from l in parents.DefaultIfEmpty()
            join n in db.OrgUnitNames.ValidOn(d) on u.Id equals n.OrgUnitId into names
            from n in names.DefaultIfEmpty()
            select new { Unit = u, Link = l, Past = n };

        if (f.Level is { } level)
        {
            query = query.Where(x => x.Unit.Level == level);
        }

        if (!string.IsNullOrWhiteSpace(f.Type))
        {
            var type = Common.TextFold.Clean(f.Type);
            query = query.Where(x => (x.Past == null ? x.Unit.Type : x.Past.Type) == type);
        }

        if (f.ParentId is { } parentId)
        {
            query = query.Where(x => x.Link != null && x.Link.ParentId == parentId);
        }

        var words = Common.TextFold.Words(f.Query);
        foreach (var word in words)
        {
            query = query.Where(x => x.Unit.SearchText.Contains(word));
        }

        if (f.Within is { } within)
        {
            query = query.Where(x => within.Contains(x.Unit.Id));
        }

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(x => x.Unit.Level)
            .ThenBy(x => x.Unit.Code)
            .Skip((f.Page - 1) * f.PageSize)
            .Take(f.PageSize)
            .Select(x => new
            {
                x.Unit.Uid,
                x.Unit.Code,
                Name = x.Past == null ? x.Unit.Name : x.Past.Name,
                FullName = x.Past == null ? x.Unit.FullName : x.Past.FullName,
                Type = x.Past == null ? x.Unit.Type : x.Past.Type,
                x.Unit.Level,
                ParentCode = x.Link == null ? null : x.Link.Parent.Code,
                ParentName = x.Link == null ? null
                    : db.OrgUnitNames.ValidOn(d).Where(n => n.OrgUnitId == x.Link.ParentId).Select(n => n.FullName).FirstOrDefault() ?? x.Link.Parent.FullName,
                x.Unit.ValidFrom,
                x.Unit.ValidTo,
            })
            .AsNoTracking()
            .ToListAsync(ct);
        return new Page<OrgUnitItem>(
            items.Select(x => new OrgUnitItem(x.Uid, x.Code, x.Name, x.FullName, x.Type, x.Level, x.ParentCode, x.ValidFrom, x.ValidTo, x.ParentName)).ToList(),
            total);
    }

    /// <summary>The unit with this code on this date. Codes were reused in 2025, so the date matters.</summary>
    public Task<OrgUnit?> FindAsync(string code, DateOnly asOf, CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking().ValidOn(asOf).Where(u => u.Code == code)
            .OrderBy(u => u.Level).FirstOrDefaultAsync(ct);

    /// <summary>The unit with this id, whatever its dates.</summary>
    public Task<OrgUnit?> ByIdAsync(int id, CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);

    /// <summary>Units by code and date in one query: those with these codes, or every unit when <paramref name="codes"/> is null.</summary>
    public async Task<UnitCodeIndex> CodeIndexAsync(IReadOnlyCollection<string>? codes, CancellationToken ct = default)
    {
        var q = db.OrgUnits.AsNoTracking();
        if (codes is not null)
        {
            q = q.Where(u => codes.Contains(u.Code));
        }

        var rows = await q.Select(u => new { u.Id, u.Code, u.Level, u.ValidFrom, u.ValidTo }).ToListAsync(ct);
        return UnitCodeIndex.Build(rows.Select(r => (r.Id, r.Code, r.Level, r.ValidFrom, r.ValidTo)));
    }

    public async Task<OrgUnitDetail?> GetAsync(string code, DateOnly asOf, CancellationToken ct = default)
    {
        var unit = await FindAsync(code, asOf, ct);
        return unit is null ? null : await DetailAsync(unit, asOf, ct);
    }

    /// <summary>The detail of a unit already found, with its parents on the date.</summary>
    public async Task<OrgUnitDetail> DetailAsync(OrgUnit unit, DateOnly asOf, CancellationToken ct = default)
    {
        var parents = await AncestorsAsync(unit.Id, asOf, ct);
        var past = await db.OrgUnitNames.AsNoTracking().ValidOn(asOf).FirstOrDefaultAsync(n => n.OrgUnitId == unit.Id, ct);
        var item = new OrgUnitItem(unit.Uid, unit.Code, past?.Name ?? unit.Name, past?.FullName ?? unit.FullName, past?.Type ?? unit.Type, unit.Level,
            parents.Count > 0 ? parents[^1].Code : null, unit.ValidFrom, unit.ValidTo, parents.Count > 0 ? parents[^1].Name : null);
        return new OrgUnitDetail(item, unit.Id, past is null ? unit.NameEn : past.NameEn, past is null ? unit.TypeEn : past.TypeEn, unit.IsOfficial, parents, unit.Version);
    }

    /// <summary>The chain of parents on the date, from the root down to the immediate parent.</summary>
    public async Task<List<OrgUnitRef>> AncestorsAsync(int unitId, DateOnly asOf, CancellationToken ct = default) =>
        (await ChainAsync(unitId, asOf, ct)).Select(x => x.Ref).ToList();

    public async Task<List<int>> AncestorIdsAsync(int unitId, DateOnly asOf, CancellationToken ct = default) =>
        (await ChainAsync(unitId, asOf, ct)).Select(x => x.Id).ToList();

    /// <summary>The unit itself when it is a province, else its ancestor that is one (on the date); null when it has none.</summary>
    public async Task<int?> ProvinceIdAsync(int unitId, DateOnly asOf, CancellationToken ct = default)
    {
        if (await db.OrgUnits.AnyAsync(u => u.Id == unitId && u.Level == OrgUnitLevel.Province, ct))
        {
            return unitId;
        }

        var ancestors = await AncestorIdsAsync(unitId, asOf, ct);
        return await db.OrgUnits.Where(u => ancestors.Contains(u.Id) && u.Level == OrgUnitLevel.Province).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
    }

    private async Task<List<(int Id, OrgUnitRef Ref)>> ChainAsync(int unitId, DateOnly asOf, CancellationToken ct)
    {
        var chain = new List<(int, OrgUnitRef)>();
        var seen = new HashSet<int> { unitId };
        var current = unitId;
        while (true)
        {
            var parent = await db.OrgUnitParents.AsNoTracking().ValidOn(asOf)
                .Where(l => l.ChildId == current)
                .Select(l => new
                {
                    l.Parent.Id,
                    l.Parent.Code,
                    FullName = db.OrgUnitNames.ValidOn(asOf).Where(n => n.OrgUnitId == l.ParentId).Select(n => n.FullName).FirstOrDefault() ?? l.Parent.FullName,
                    l.Parent.Level,
                    l.Parent.ValidFrom,
                    l.Parent.ValidTo,
                })
                .FirstOrDefaultAsync(ct);
            if (parent is null || !seen.Add(parent.Id))
            {
                break;
            }

            chain.Insert(0, (parent.Id, new OrgUnitRef(parent.Code, parent.FullName, parent.Level, parent.ValidFrom, parent.ValidTo)));
            current = parent.Id;
        }

        return chain;
    }

    /// <summary>Ids of the unit and every unit below it on the date (a province has at most a few thousand).</summary>
    /// <summary>
    /// The days on which some parent link starts or stops holding (its ValidFrom, the day after its ValidTo), in order:
    /// between two of them every subtree stays the same, so a caller asking about many days needs one
    /// <see cref="SubtreeIdsAsync"/> per stretch (<see cref="StretchOf"/>), not one per day.
    /// </summary>
    public async Task<List<DateOnly>> TreeChangeDaysAsync(CancellationToken ct = default)
    {
        var starts = await db.OrgUnitParents.AsNoTracking().Where(l => l.ValidFrom != null).Select(l => l.ValidFrom!.Value).Distinct().ToListAsync(ct);
        var ends = await db.OrgUnitParents.AsNoTracking().Where(l => l.ValidTo != null).Select(l => l.ValidTo!.Value).Distinct().ToListAsync(ct);
        return starts.Concat(ends.Select(d => d.AddDays(1))).Distinct().Order().ToList();
    }

    /// <summary>Which stretch between the <paramref name="changeDays"/> (<see cref="TreeChangeDaysAsync"/>) a day falls in.</summary>
    public static int StretchOf(List<DateOnly> changeDays, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(changeDays);
        var i = changeDays.BinarySearch(day);
        return i >= 0 ? i + 1 : ~i;
    }

    public async Task<HashSet<int>> SubtreeIdsAsync(int rootId, DateOnly asOf, CancellationToken ct = default)
    {
        var all = new HashSet<int> { rootId };
        var frontier = new List<int> { rootId };
        while (frontier.Count > 0)
        {
            var next = await db.OrgUnitParents.AsNoTracking().ValidOn(asOf)
                .Where(l => frontier.Contains(l.ParentId))
                .Select(l => l.ChildId)
                .ToListAsync(ct);
            frontier = next.Where(all.Add).ToList();
        }

        return all;
    }

    /// <summary>
    /// The boundaries of these units as they were on the date, by unit id, in one query: the past shape covering the date
    /// (<see cref="OrgUnitPastBoundary"/>, written when a reorganisation replaced it), else the current one. A unit with no
    /// shape that day is left out.
    /// </summary>
    public async Task<Dictionary<int, string>> BoundariesAsync(IReadOnlyCollection<int> unitIds, DateOnly asOf, CancellationToken ct = default)
    {
        var rows = await db.OrgUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .Select(u => new
            {
                u.Id,
                Dated = db.OrgUnitPastBoundaries.ValidOn(asOf).Any(b => b.OrgUnitId == u.Id),
                Past = db.OrgUnitPastBoundaries.ValidOn(asOf).Where(b => b.OrgUnitId == u.Id).Select(b => b.GeoJson).FirstOrDefault(),
                Current = db.OrgUnitBoundaries.Where(b => b.OrgUnitId == u.Id).Select(b => b.GeoJson).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => (r.Id, Shape: r.Dated ? r.Past : r.Current)).Where(r => r.Shape is not null).ToDictionary(r => r.Id, r => r.Shape!);
    }

    /// <summary>
    /// The units this one was formed from and those it became, each named as it was on its side of the change: a
    /// predecessor by its name the day before, a successor by its name on the day.
    /// </summary>
    public async Task<Lineage> LineageAsync(int unitId, CancellationToken ct = default)
    {
        var edges = await db.OrgUnitLineages.AsNoTracking()
            .Where(l => l.SuccessorId == unitId || l.PredecessorId == unitId)
            .Select(l => new
            {
                l.PredecessorId, l.SuccessorId, l.MergeType, l.Effective, l.Share,
                Other = l.SuccessorId == unitId ? l.Predecessor : l.Successor,
            })
            .ToListAsync(ct);
        var ids = edges.Select(e => e.Other.Id).ToList();
        var past = await db.OrgUnitNames.AsNoTracking().Where(n => ids.Contains(n.OrgUnitId)).ToListAsync(ct);
        LineageItem Item(OrgUnit other, MergeType type, DateOnly effective, double? share, DateOnly on) => new(
            other.Code,
            past.FirstOrDefault(n => n.OrgUnitId == other.Id && (n.ValidFrom == null || n.ValidFrom <= on) && n.ValidTo >= on)?.FullName ?? other.FullName,
            type.ToString().ToLowerInvariant(), effective, share);
        return new Lineage(
            edges.Where(e => e.SuccessorId == unitId).OrderBy(e => e.MergeType).ThenBy(e => e.Other.Code, StringComparer.Ordinal)
                .Select(e => Item(e.Other, e.MergeType, e.Effective, e.Share, e.Effective.AddDays(-1))).ToList(),
            edges.Where(e => e.PredecessorId == unitId).OrderBy(e => e.Other.Code, StringComparer.Ordinal)
                .Select(e => Item(e.Other, e.MergeType, e.Effective, e.Share, e.Effective)).ToList());
    }

    /// <summary>Who held the head position of the unit on the date, if anyone is recorded.</summary>
    public async Task<HeadTerm?> HeadAsync(int unitId, DateOnly asOf, CancellationToken ct = default) =>
        (await HeadHistoryAsync(unitId, ct)).FirstOrDefault(t => t.From <= asOf && (t.To is null || t.To >= asOf));

    /// <summary>Every term of the unit's head position(s), newest first.</summary>
    public async Task<List<HeadTerm>> HeadHistoryAsync(int unitId, CancellationToken ct = default)
    {
        var terms = await db.PositionTerms.AsNoTracking()
            .Where(t => t.Position.OrgUnitId == unitId && t.Position.IsHead)
            .Select(t => new { t.Position.Title, t.Person.FullName, t.StartOn, t.EndOn })
            .ToListAsync(ct);
        return terms.OrderByDescending(t => t.StartOn)
            .Select(t => new HeadTerm(t.Title, t.FullName, t.StartOn, t.EndOn))
            .ToList();
    }

    /// <summary>The community digital technology teams of one commune or village active on the date, with their members of that day.</summary>
    public async Task<List<TeamView>> TeamsAsync(int unitId, DateOnly asOf, CancellationToken ct = default)
    {
        var teams = await db.DigitalTeams.AsNoTracking()
            .Where(t => t.OrgUnitId == unitId && t.FoundedOn <= asOf && (t.ClosedOn == null || t.ClosedOn >= asOf))
            .OrderBy(t => t.Name)
            .Select(t => new
            {
                t.Name,
                t.FoundedOn,
                Leader = t.Leader == null ? null : t.Leader.FullName,
                Members = t.Members.Where(m => m.JoinedOn <= asOf && (m.LeftOn == null || m.LeftOn >= asOf)).Select(m => m.Person.FullName).ToList(),
            })
            .ToListAsync(ct);
        return teams.Select(t => new TeamView(t.Name, t.FoundedOn, t.Leader, t.Members.Order(StringComparer.Ordinal).ToList())).ToList();
    }

    /// <summary>The country's provinces and communes on the day and on the last day before the 2025 reform.</summary>
    /// <remarks>The home page's figures, read by every visitor: kept until the units change (ADR 0017).</remarks>
    public Task<CountryCounts> CountryCountsAsync(DateOnly asOf, CancellationToken ct = default) =>
        figures is null ? CountCountryAsync(asOf, ct)
        : figures.GetAsync((nameof(CountryCountsAsync), asOf), ChangeKinds.Structure, () => CountCountryAsync(asOf, ct), ct);

    private async Task<CountryCounts> CountCountryAsync(DateOnly asOf, CancellationToken ct)
    {
        var units = db.OrgUnits.AsNoTracking();
        return new CountryCounts(
            await units.ValidOn(asOf).CountAsync(u => u.Level == OrgUnitLevel.Province, ct),
            await units.ValidOn(asOf).CountAsync(u => u.Level == OrgUnitLevel.Commune, ct),
            await units.ValidOn(Dates.LastDayBeforeReform).CountAsync(u => u.Level == OrgUnitLevel.Province, ct),
            await units.ValidOn(Dates.LastDayBeforeReform).CountAsync(u => u.Level == OrgUnitLevel.Commune, ct));
    }

    /// <summary>How many of the units are at each level, by the level's API name ("agency", "commune", …).</summary>
    public Task<Dictionary<string, int>> LevelCountsAsync(IReadOnlySet<int> unitIds, CancellationToken ct = default) =>
        figures is null ? CountLevelsAsync(unitIds, ct)
        : figures.GetAsync((nameof(LevelCountsAsync), FigureCache.KeyOf(unitIds)), ChangeKinds.Structure, () => CountLevelsAsync(unitIds, ct), ct);

    private async Task<Dictionary<string, int>> CountLevelsAsync(IReadOnlySet<int> unitIds, CancellationToken ct) =>
        (await db.OrgUnits.Where(u => unitIds.Contains(u.Id)).GroupBy(u => u.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key.ToApi(), x => x.Count);

    /// <summary>The teams active on the date in the units, by level, and their members of that day.</summary>
    public Task<TeamCounts> TeamCountsAsync(IReadOnlySet<int> unitIds, DateOnly asOf, CancellationToken ct = default) =>
        figures is null ? CountTeamsAsync(unitIds, asOf, ct)
        : figures.GetAsync((nameof(TeamCountsAsync), FigureCache.KeyOf(unitIds), asOf), ChangeKinds.Structure | ChangeKinds.Work, () => CountTeamsAsync(unitIds, asOf, ct), ct);

    private async Task<TeamCounts> CountTeamsAsync(IReadOnlySet<int> unitIds, DateOnly asOf, CancellationToken ct)
    {
        var teams = await db.DigitalTeams.AsNoTracking()
            .Where(t => unitIds.Contains(t.OrgUnitId) && t.FoundedOn <= asOf && (t.ClosedOn == null || t.ClosedOn >= asOf))
            .GroupBy(t => t.OrgUnit.Level)
            .Select(g => new { Level = g.Key, Count = g.Count(), Members = g.Sum(t => t.Members.Count(m => m.JoinedOn <= asOf && (m.LeftOn == null || m.LeftOn >= asOf))) })
            .ToListAsync(ct);
        return new TeamCounts(
            teams.Where(t => t.Level == OrgUnitLevel.Commune).Sum(t => t.Count),
            teams.Where(t => t.Level == OrgUnitLevel.Village).Sum(t => t.Count),
            teams.Sum(t => t.Members));
    }
}

public sealed record TeamCounts(int CommuneTeams, int VillageTeams, int Members);

/// <summary>Provinces and communes on a day and on the last day before the 2025 reform.</summary>
public sealed record CountryCounts(int Provinces, int Communes, int ProvincesBefore, int CommunesBefore);

public sealed record TeamView(string Name, DateOnly FoundedOn, string? Leader, IReadOnlyList<string> Members);

/// <summary>Past names of some units (<see cref="OrgUnitQueryExtensions.PastNamesAsync"/>): the name a unit had on a date.</summary>
public sealed class PastNames(ILookup<int, OrgUnitName> names)
{
    /// <summary>The full name the unit had on the date: a dated past name, else <paramref name="current"/> (its own row's).</summary>
    public string FullName(int unitId, string current, DateOnly date) => On(unitId, date)?.FullName ?? current;

    /// <summary>The short name the unit had on the date, else <paramref name="current"/>.</summary>
    public string Name(int unitId, string current, DateOnly date) => On(unitId, date)?.Name ?? current;

    private OrgUnitName? On(int unitId, DateOnly date) =>
        names[unitId].FirstOrDefault(n => (n.ValidFrom == null || n.ValidFrom <= date) && n.ValidTo >= date);
}
