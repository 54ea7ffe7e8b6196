using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

/// <summary>A position offered for a seat on the committee, with the name of its unit.</summary>
public sealed record PositionOption(int Id, string Title, string Unit);

/// <summary>One node a member answers for, with the province's score on it this year and last (0–1) and the units pulling it down.</summary>
/// <param name="Score">For a national framework, the province's own points ÷ maximum; for the province's agency or commune
/// framework, the mean over its assessed units of points ÷ maximum. Null when nothing is scored.</param>
/// <param name="Laggards">For an agency or commune framework, the (at most 3) units with the lowest share on the node.</param>
public sealed record OwnedNode(string Framework, string Code, string Name, NodeKind Kind, double Max, double? Score, double? ScoreBefore,
    IReadOnlyList<Laggard> Laggards, bool Covered = true)
{
    public string Key => $"{Framework}:{Code}";

    /// <summary>For reading: "P405.3" (national codes carry their framework), "LS-XA 3".</summary>
    public string Label => Code.StartsWith(Framework + ".", StringComparison.Ordinal) ? Code : $"{Framework} {Code}";

    public double? Change => Score is { } s && ScoreBefore is { } b ? s - b : null;
}

/// <summary>A unit pulling a node down: its share of the node's maximum.</summary>
public sealed record Laggard(string Code, string Name, double Share);

/// <summary>A member of the steering committee: the seat (position and its unit), who holds it on the day, the role and what he answers for.</summary>
/// <summary>An index a committee seat may answer for: its key (FRAMEWORK:CODE, what a seat's indexes are written as), framework, code and names.</summary>
public sealed record IndexItem(string Key, string Framework, string Code, string Name, string? NameEn);

public sealed record CommitteeMember(int Id, int PositionId, string Position, string Unit, string? Holder, SteeringRole Role, int SortOrder, IReadOnlyList<OwnedNode> Owns);

/// <summary>A framework's node on the committee page: who owns it (directly, or through a group or main index above it).</summary>
/// <param name="Covered">Owned directly, through a node above it, or through every node below it.</param>
public sealed record OwnershipRow(DtiNode Node, int Depth, IReadOnlyList<CommitteeMember> Owners, bool Inherited, bool Covered)
{
    /// <summary>A main index or component that nobody answers for (not even through every component below it).</summary>
    public bool Gap => !Covered && Node.Kind != NodeKind.Group;
}

/// <summary>
/// The province's Steering Committee (Ban Chỉ đạo) for digital transformation: members (positions held by people) with
/// roles and the pillars, main indexes or components they answer for; the scores of those nodes; and its management
/// (admin, DX office), all or nothing with named errors. The briefing pack and digest of the meetings read
/// <see cref="MembersAsync"/>.
/// </summary>
public sealed class SteeringCommitteeQueries(LodestarDbContext db, DtiQueries dti)
{
    public static Msg RoleName(SteeringRole r) => r switch
    {
        SteeringRole.Head => new("Trưởng ban", "Head"),
        SteeringRole.StandingDeputy => new("Phó Trưởng ban thường trực", "Standing deputy head"),
        SteeringRole.Deputy => new("Phó Trưởng ban", "Deputy head"),
        SteeringRole.Member => new("Thành viên", "Member"),
        _ => new(r.ToString(), r.ToString()),
    };

    /// <summary>
    /// Members of the province's committee in order (role, then sort order), each with the holder of his position at the end
    /// of <paramref name="year"/> (or today if earlier), and each owned node with its score in <paramref name="year"/> and the year before.
    /// </summary>
    public async Task<List<CommitteeMember>> MembersAsync(int provinceId, int year, CancellationToken ct = default)
    {
        var members = await db.DtiSteeringMembers.AsNoTracking().Include(m => m.Position).ThenInclude(p => p.OrgUnit)
            .Where(m => m.ProvinceId == provinceId).ToListAsync(ct);
        var today = DateOnly.FromDateTime(db.UtcNow);
        var on = new DateOnly(year, 12, 31) < today ? new DateOnly(year, 12, 31) : today;
        var positionIds = members.Select(m => m.PositionId).ToList();
        var holders = await db.PositionTerms.AsNoTracking()
            .Where(t => positionIds.Contains(t.PositionId) && t.StartOn <= on && (t.EndOn == null || t.EndOn >= on))
            .Select(t => new { t.PositionId, t.Person.FullName }).ToListAsync(ct);

        var frameworks = await FrameworksAsync(provinceId, ct);
        var scores = new Dictionary<(string, int), YearScores?>();
        async Task<YearScores?> ScoresOf(DtiFramework f, int y)
        {
            if (!scores.TryGetValue((f.Code, y), out var s))
            {
                s = f.AppliesTo(y) ? await dti.ScoresAsync(f, y, withBefore: false, ct: ct) : null;
                scores[(f.Code, y)] = s;
            }

            return s;
        }

        var result = new List<CommitteeMember>();
        foreach (var m in members.OrderBy(m => m.Role).ThenBy(m => m.SortOrder).ThenBy(m => m.Id))
        {
            var owns = new List<OwnedNode>();
            foreach (var (fw, code) in m.Ownership())
            {
                if (!frameworks.TryGetValue(fw, out var f) || f.Nodes.FirstOrDefault(n => n.Code == code) is not { } node)
                {
                    continue;
                }

                var now = await ScoresOf(f, year);
                var before = await ScoresOf(f, year - 1);
                owns.Add(Owned(f, node, now, before, provinceId));
            }

            result.Add(new CommitteeMember(m.Id, m.PositionId, m.Position.Title, m.Position.OrgUnit.Name,
                holders.FirstOrDefault(h => h.PositionId == m.PositionId)?.FullName, m.Role, m.SortOrder, owns));
        }

        return result;
    }

    private static OwnedNode Owned(DtiFramework f, DtiNode node, YearScores? now, YearScores? before, int provinceId)
    {
        (double? Score, IReadOnlyList<Laggard> Laggards) Of(YearScores? s)
        {
            var k = s?.Model.IndexOf(node.Code) ?? -1;
            if (s is null || k < 0 || node.MaxPoints <= 0)
            {
                return (null, []);
            }

            var units = f.ProvinceId is null ? s.Units.Where(u => u.UnitId == provinceId).ToList() : [.. s.Units];
            if (units.Count == 0)
            {
                return (null, []);
            }

            var shares = units.Select(u => (u, share: u.Nodes[k].Points / node.MaxPoints)).ToList();
            var laggards = f.ProvinceId is null ? [] : shares.OrderBy(x => x.share).ThenBy(x => x.u.UnitCode, StringComparer.Ordinal).Take(3)
                .Select(x => new Laggard(x.u.UnitCode, x.u.UnitName, x.share)).ToList();
            return (shares.Average(x => x.share), laggards);
        }

        var (score, lag) = Of(now);
        return new OwnedNode(f.Code, node.Code, node.Name, node.Kind, node.MaxPoints, score, Of(before).Score, lag);
    }

    /// <summary>The frameworks a member can answer for: the province's own (agencies, communes) and the national ones.</summary>
    public async Task<Dictionary<string, DtiFramework>> FrameworksAsync(int provinceId, CancellationToken ct = default) =>
        await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes.OrderBy(n => n.SortOrder))
            .Where(f => f.ProvinceId == provinceId || f.ProvinceId == null).ToDictionaryAsync(f => f.Code, ct);

    /// <summary>
    /// The indexes a seat may answer for — every node of the province's frameworks and the national ones — whose key, code or
    /// name has every word of <paramref name="query"/> (accents optional), the province's frameworks first, each in tree order.
    /// </summary>
    public async Task<List<IndexItem>> IndexesAsync(int provinceId, string? query, int take, CancellationToken ct = default)
    {
        var words = TextFold.Words(query);
        var frameworks = await FrameworksAsync(provinceId, ct);
        return frameworks.Values.OrderBy(f => f.ProvinceId is null).ThenBy(f => f.Code, StringComparer.Ordinal)
            .SelectMany(f => f.Nodes.Select(n => new IndexItem(string.Create(CultureInfo.InvariantCulture, $"{f.Code}:{n.Code}"), f.Code, n.Code, n.Name, n.NameEn)))
            .Where(i => TextFold.HasAll(words, $"{i.Key} {i.Name} {i.NameEn}"))
            .Take(take).ToList();
    }

    /// <summary>Every node of a framework with its owners (a node is covered by an owner of it or of a node above it); gaps flagged.</summary>
    public static List<OwnershipRow> Ownership(DtiFramework f, IReadOnlyList<CommitteeMember> members)
    {
        var byCode = f.Nodes.ToDictionary(n => n.Code);
        var direct = members.SelectMany(m => m.Owns.Where(o => o.Framework == f.Code).Select(o => (o.Code, m))).ToLookup(x => x.Code, x => x.m);
        var rows = new List<OwnershipRow>();
        foreach (var n in f.Nodes.OrderBy(n => n.SortOrder))
        {
            var depth = 0;
            var owners = direct[n.Code].ToList();
            var inherited = false;
            for (var p = n.ParentCode; p is not null && byCode.TryGetValue(p, out var parent); p = parent.ParentCode)
            {
                depth++;
                if (owners.Count == 0 && direct[p].Any())
                {
                    owners = [.. direct[p]];
                    inherited = true;
                }
            }

            rows.Add(new OwnershipRow(n, depth, owners, inherited, owners.Count > 0));
        }

        // A node whose every child is covered is covered too (bottom-up: children come after their parent).
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var children = rows.Where(r => r.Node.ParentCode == rows[i].Node.Code).ToList();
            if (!rows[i].Covered && children.Count > 0 && children.All(c => c.Covered))
            {
                rows[i] = rows[i] with { Covered = true };
            }
        }

        return rows;
    }

    /// <summary>The positions a seat can be given: the province's own first, then its agencies' by unit code, each in the unit's order.</summary>
    public async Task<List<PositionOption>> PositionsAsync(int provinceId, CancellationToken ct = default)
    {
        var agencies = await db.OrgUnitParents.AsNoTracking().Where(l => l.ParentId == provinceId && l.ValidTo == null && l.Child.Level == OrgUnitLevel.Agency).Select(l => l.ChildId).ToListAsync(ct);
        return await db.Positions.AsNoTracking().Where(p => p.OrgUnitId == provinceId || agencies.Contains(p.OrgUnitId))
            .OrderBy(p => p.OrgUnitId != provinceId).ThenBy(p => p.OrgUnit.Code).ThenBy(p => p.SortOrder)
            .Select(p => new PositionOption(p.Id, p.Title, p.OrgUnit.Name)).ToListAsync(ct);
    }

    /// <summary>Adds a member: a position of the province (its own, or of one of its agencies), a role and what he answers for.</summary>
    public async Task<Outcome<int>> AddAsync(int provinceId, int positionId, SteeringRole role, string? owns, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var position = await db.Positions.AsNoTracking().Include(p => p.OrgUnit).SingleOrDefaultAsync(p => p.Id == positionId, ct);
        if (position is null || !await InProvinceAsync(provinceId, position.OrgUnitId, ct))
        {
            problems.Add(new Problem("positionId", new Msg("Chức danh không có hoặc không thuộc tỉnh.", "No such position in the province.")));
        }
        else if (await db.DtiSteeringMembers.AnyAsync(m => m.ProvinceId == provinceId && m.PositionId == positionId, ct))
        {
            problems.Add(new Problem("positionId", new Msg($"{position.Title} — {position.OrgUnit.Name} đã là thành viên Ban Chỉ đạo.", $"{position.Title} — {position.OrgUnit.Name} is already a member.")));
        }

        if (role == SteeringRole.Head && await db.DtiSteeringMembers.AnyAsync(m => m.ProvinceId == provinceId && m.Role == SteeringRole.Head, ct))
        {
            problems.Add(new Problem("role", new Msg("Ban Chỉ đạo đã có Trưởng ban.", "The committee already has a head.")));
        }

        var (normalised, ownProblems) = await NormaliseAsync(provinceId, owns, ct);
        problems.AddRange(ownProblems);
        if (problems.Count > 0)
        {
            return Outcome<int>.Fail(problems);
        }

        var order = await db.DtiSteeringMembers.Where(m => m.ProvinceId == provinceId).Select(m => (int?)m.SortOrder).MaxAsync(ct) ?? 0;
        var member = new DtiSteeringMember { ProvinceId = provinceId, PositionId = positionId, Role = role, Owns = normalised, SortOrder = order + 1 };
        db.DtiSteeringMembers.Add(member);
        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(member.Id);
    }

    /// <summary>Changes a member's role and what he answers for.</summary>
    public async Task<Outcome<int>> UpdateAsync(int provinceId, int memberId, SteeringRole role, string? owns, CancellationToken ct = default)
    {
        var member = await db.DtiSteeringMembers.SingleOrDefaultAsync(m => m.Id == memberId && m.ProvinceId == provinceId, ct);
        if (member is null)
        {
            return Outcome<int>.Fail("member", "Không có thành viên này.", "No such member.");
        }

        var problems = new List<Problem>();
        if (role == SteeringRole.Head && await db.DtiSteeringMembers.AnyAsync(m => m.ProvinceId == provinceId && m.Role == SteeringRole.Head && m.Id != memberId, ct))
        {
            problems.Add(new Problem("role", new Msg("Ban Chỉ đạo đã có Trưởng ban.", "The committee already has a head.")));
        }

        var (normalised, ownProblems) = await NormaliseAsync(provinceId, owns, ct);
        problems.AddRange(ownProblems);
        if (problems.Count > 0)
        {
            return Outcome<int>.Fail(problems);
        }

        (member.Role, member.Owns) = (role, normalised);
        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(member.Id);
    }

    public async Task<Outcome<int>> RemoveAsync(int provinceId, int memberId, CancellationToken ct = default)
    {
        var member = await db.DtiSteeringMembers.SingleOrDefaultAsync(m => m.Id == memberId && m.ProvinceId == provinceId, ct);
        if (member is null)
        {
            return Outcome<int>.Fail("member", "Không có thành viên này.", "No such member.");
        }

        db.DtiSteeringMembers.Remove(member);
        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(memberId);
    }

    /// <summary>"LS-XA:1; ls-xa:2.3" → "LS-XA:1;LS-XA:2.3"; each unknown framework or node named.</summary>
    public async Task<(string Owns, List<Problem> Problems)> NormaliseAsync(int provinceId, string? owns, CancellationToken ct = default)
    {
        var frameworks = await FrameworksAsync(provinceId, ct);
        var keys = new List<string>();
        var problems = new List<Problem>();
        foreach (var part in (owns ?? "").Split([';', ',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':', 2, StringSplitOptions.TrimEntries);
            var f = pair.Length == 2 ? frameworks.Values.FirstOrDefault(x => string.Equals(x.Code, pair[0], StringComparison.OrdinalIgnoreCase)) : null;
            var node = f?.Nodes.FirstOrDefault(n => string.Equals(n.Code, pair[1], StringComparison.OrdinalIgnoreCase));
            if (node is null)
            {
                problems.Add(new Problem("owns", new Msg($"'{part}': không có chỉ số này (viết BỘ:MÃ, ví dụ LS-XA:1 hoặc LS-XA:2.1).",
                    $"'{part}': no such index (write FRAMEWORK:CODE, e.g. LS-XA:1 or LS-XA:2.1).")));
                continue;
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"{f!.Code}:{node.Code}");
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return (string.Join(';', keys), problems);
    }

    /// <summary>The province itself, or a unit whose parent is the province (its agencies) on the day.</summary>
    private async Task<bool> InProvinceAsync(int provinceId, int unitId, CancellationToken ct) =>
        unitId == provinceId || await db.OrgUnitParents.AnyAsync(l => l.ChildId == unitId && l.ParentId == provinceId && l.ValidTo == null, ct);
}
