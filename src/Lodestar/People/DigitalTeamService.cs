using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.People;

public sealed record TeamMemberItem(string PersonUid, string FullName, string? Phone, DateOnly JoinedOn, DateOnly? LeftOn, bool Leader);

public sealed record TeamItem(
    string Uid, string Name, string UnitCode, string UnitName, DateOnly FoundedOn, DateOnly? ClosedOn, int ActiveMembers, IReadOnlyList<TeamMemberItem> Members);

/// <summary>A team as created or edited: the commune or village it serves (a code, read on the founding date), its name, its founding date.</summary>
public sealed record TeamInput(string? Unit, string? Name, DateOnly? FoundedOn);

/// <summary>A member joining: a new person by name and phone, or <paramref name="PersonUid"/>, a former member joining again.</summary>
public sealed record MemberInput(string? FullName, string? Phone, DateOnly? JoinedOn, bool Leader = false, string? PersonUid = null);

/// <summary>
/// Community digital technology teams (tổ công nghệ số cộng đồng, issue 17 item 6) maintained: created for a commune or
/// village, renamed, closed on a date; members join and leave on dates (a member who leaves keeps his row, so the team
/// of any past day can be told). <c>within</c> is the caller's reach: null for administrators, the DX office's province
/// otherwise. A team follows its unit across a reorganisation (Reorganisations/ReorganisationPlan.CarryAcross.cs).
/// </summary>
public sealed class DigitalTeamService(LodestarDbContext db)
{
    /// <summary>The teams of the units <paramref name="within"/> (null: all), active first, by unit code and name; at most 500.</summary>
    public async Task<List<TeamItem>> ListAsync(IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var teams = db.DigitalTeams.AsNoTracking();
        if (within is not null)
        {
            teams = teams.Where(t => within.Contains(t.OrgUnitId));
        }

        var rows = await teams.OrderBy(t => t.ClosedOn != null).ThenBy(t => t.OrgUnit.Code).ThenBy(t => t.Name).Take(500)
            .Select(t => new { t.Uid, t.Name, t.OrgUnit.Code, t.OrgUnit.FullName, t.FoundedOn, t.ClosedOn, Active = t.Members.Count(m => m.LeftOn == null) })
            .ToListAsync(ct);
        return rows.ConvertAll(t => new TeamItem(t.Uid, t.Name, t.Code, t.FullName, t.FoundedOn, t.ClosedOn, t.Active, []));
    }

    /// <summary>One team with every member it has had, present ones first; null when there is none or it is out of reach.</summary>
    public async Task<TeamItem?> GetAsync(string uid, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var team = await db.DigitalTeams.AsNoTracking().Where(t => t.Uid == uid && (within == null || within.Contains(t.OrgUnitId)))
            .Select(t => new { t.Id, t.Uid, t.Name, t.OrgUnit.Code, t.OrgUnit.FullName, t.FoundedOn, t.ClosedOn, t.LeaderId })
            .FirstOrDefaultAsync(ct);
        if (team is null)
        {
            return null;
        }

        var stints = await db.DigitalTeamMembers.AsNoTracking().Where(m => m.TeamId == team.Id)
            .Select(m => new { m.PersonId, m.Person.Uid, m.Person.FullName, m.Person.Phone, m.JoinedOn, m.LeftOn })
            .ToListAsync(ct);
        // The leader is named on his latest stint only: one who led, left and came back leads no more unless named again.
        var latest = stints.GroupBy(m => m.PersonId).Select(g => g.MaxBy(m => m.JoinedOn)!).ToHashSet();
        var members = stints.ConvertAll(m => new TeamMemberItem(m.Uid, m.FullName, m.Phone, m.JoinedOn, m.LeftOn, m.PersonId == team.LeaderId && latest.Contains(m)));
        members = [.. members.OrderBy(m => m.LeftOn != null).ThenByDescending(m => m.Leader).ThenBy(m => m.FullName, StringComparer.Ordinal).ThenBy(m => m.JoinedOn)];
        return new TeamItem(team.Uid, team.Name, team.Code, team.FullName, team.FoundedOn, team.ClosedOn, members.Count(m => m.LeftOn == null), members);
    }

    public async Task<Outcome<string>> CreateAsync(TeamInput input, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var name = NameOf(input.Name, problems);
        var founded = DateOf(input.FoundedOn, "foundedOn", problems);
        var unit = founded is { } d ? await UnitAsync(input.Unit, d, within, problems, ct) : null;
        if (problems.Count > 0)
        {
            return Outcome<string>.Fail(problems);
        }

        var team = new DigitalTeam { OrgUnitId = unit!.Id, Name = name, FoundedOn = founded!.Value };
        db.DigitalTeams.Add(team);
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(team.Uid);
    }

    /// <summary>A new name or founding date; the unit changes only by a reorganisation (the team follows its unit).</summary>
    public Task<Outcome<string>> EditAsync(string uid, string? name, DateOnly? foundedOn, IReadOnlySet<int>? within, CancellationToken ct = default) =>
        ChangeAsync(uid, within, (team, problems) =>
        {
            var clean = NameOf(name, problems);
            var founded = DateOf(foundedOn, "foundedOn", problems);
            if (founded > team.Members.Select(m => (DateOnly?)m.JoinedOn).Min() || founded > team.ClosedOn)
            {
                Fail(problems, "foundedOn", "Ngày thành lập phải trước ngày thành viên đầu tiên tham gia và ngày giải thể.", "The founding date must come before the first member joined and before the closing date.");
            }

            if (problems.Count == 0)
            {
                (team.Name, team.FoundedOn) = (clean, founded!.Value);
            }
        }, ct);

    /// <summary>Closes the team on the date: every member still in leaves that day.</summary>
    public Task<Outcome<string>> CloseAsync(string uid, DateOnly? closedOn, IReadOnlySet<int>? within, CancellationToken ct = default) =>
        ChangeAsync(uid, within, (team, problems) =>
        {
            if (DateOf(closedOn, "closedOn", problems) is not { } d)
            {
                return;
            }

            if (d < team.FoundedOn || team.Members.Any(m => m.JoinedOn > d))
            {
                Fail(problems, "closedOn", "Ngày giải thể không được trước ngày thành lập hay ngày một thành viên tham gia.", "The closing date may not come before the founding date or a member's joining date.");
                return;
            }

            team.ClosedOn = d;
            foreach (var m in team.Members.Where(m => m.LeftOn is null || m.LeftOn > d))
            {
                m.LeftOn = d;
            }
        }, ct);

    /// <summary>
    /// A person joins on the date. Team members are citizens, not officials with a post: a new person, unless he was a
    /// member of this team before — named by <see cref="MemberInput.PersonUid"/>, or with the same name and the same phone
    /// number — and then it is his next stint (one row each, so the team of any past day can still be told).
    /// </summary>
    public Task<Outcome<string>> JoinAsync(string uid, MemberInput input, IReadOnlySet<int>? within, CancellationToken ct = default) =>
        ChangeAsync(uid, within, (team, problems) =>
        {
            var fullName = TextFold.Clean(input.FullName ?? string.Empty);
            var phone = TextFold.Clean(input.Phone ?? string.Empty);
            var before = input.PersonUid is { } personUid
                ? team.Members.Where(m => m.Person.Uid == personUid).MaxBy(m => m.JoinedOn)
                : team.Members.Where(m => SamePerson(m.Person, fullName, phone)).MaxBy(m => m.JoinedOn);
            if (input.PersonUid is not null && before is null)
            {
                Fail(problems, "person", "Người này chưa từng là thành viên của tổ.", "This person has never been a member of the team.");
            }
            else if (before is null)
            {
                if (fullName.Length is < 2 or > 200 || fullName.IndexOfAny(['<', '>']) >= 0)
                {
                    Fail(problems, "fullName", "Họ và tên có 2–200 ký tự, không chứa < hoặc >.", "The full name has 2–200 characters, without < or >.");
                }

                if (phone.Length > 20 || phone.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '+' or '.' or '-')))
                {
                    Fail(problems, "phone", "Số điện thoại chỉ gồm chữ số, dấu cách, + . - (tối đa 20 ký tự).", "The phone number has only digits, spaces, + . - (at most 20 characters).");
                }
            }
            else if (before.LeftOn is null)
            {
                Fail(problems, "person", $"{before.Person.FullName} đang là thành viên của tổ (từ {before.JoinedOn.ToDisplay()}).",
                    $"{before.Person.FullName} is a present member of the team (since {before.JoinedOn.ToDisplay()}).");
            }

            if (DateOf(input.JoinedOn, "joinedOn", problems) is { } d)
            {
                if (d < team.FoundedOn || d > team.ClosedOn)
                {
                    Fail(problems, "joinedOn", $"Ngày tham gia phải trong thời gian tổ hoạt động (từ {team.FoundedOn.ToDisplay()}{(team.ClosedOn is { } c ? $" đến {c.ToDisplay()}" : "")}).",
                        $"The joining date must fall while the team is active (from {team.FoundedOn.ToDisplay()}{(team.ClosedOn is { } e ? $" to {e.ToDisplay()}" : "")}).");
                }
                else if (before?.LeftOn is { } left && d <= left)
                {
                    Fail(problems, "joinedOn", $"{before.Person.FullName} rời tổ ngày {left.ToDisplay()}: ngày tham gia lại phải sau ngày đó.",
                        $"{before.Person.FullName} left the team on {left.ToDisplay()}: joining again must come after that day.");
                }
            }

            if (problems.Count == 0)
            {
                var person = before?.Person ?? new Person { FullName = fullName, Phone = phone.Length == 0 ? null : phone };
                team.Members.Add(new DigitalTeamMember { Person = person, JoinedOn = input.JoinedOn!.Value });
                if (input.Leader)
                {
                    team.Leader = person;
                }
            }
        }, ct);

    /// <summary>The same citizen: the same name (diacritics and case aside) and the same phone number, both given.</summary>
    private static bool SamePerson(Person person, string fullName, string phone) =>
        phone.Length > 0 && person.Phone is { } known && Digits(known) == Digits(phone) && TextFold.Fold(person.FullName) == TextFold.Fold(fullName);

    private static string Digits(string phone) => string.Concat(phone.Where(char.IsAsciiDigit));

    /// <summary>A member leaves on the date; a leader who leaves leaves the team without one until another is named.</summary>
    public Task<Outcome<string>> LeaveAsync(string uid, string? personUid, DateOnly? leftOn, IReadOnlySet<int>? within, CancellationToken ct = default) =>
        ChangeAsync(uid, within, (team, problems) =>
        {
            var member = team.Members.FirstOrDefault(m => m.Person.Uid == personUid && m.LeftOn is null);
            if (member is null)
            {
                Fail(problems, "person", "Người này không phải thành viên hiện tại của tổ.", "This person is not a present member of the team.");
                return;
            }

            if (DateOf(leftOn, "leftOn", problems) is not { } d)
            {
                return;
            }

            if (d < member.JoinedOn)
            {
                Fail(problems, "leftOn", $"Ngày rời tổ không được trước ngày tham gia ({member.JoinedOn.ToDisplay()}).", $"The leaving date may not come before the joining date ({member.JoinedOn.ToDisplay()}).");
                return;
            }

            member.LeftOn = d;
            if (team.LeaderId == member.PersonId)
            {
                team.LeaderId = null;
            }
        }, ct);

    private async Task<Outcome<string>> ChangeAsync(string uid, IReadOnlySet<int>? within, Action<DigitalTeam, List<Problem>> change, CancellationToken ct)
    {
        var team = await db.DigitalTeams.Include(t => t.Members).ThenInclude(m => m.Person)
            .FirstOrDefaultAsync(t => t.Uid == uid && (within == null || within.Contains(t.OrgUnitId)), ct);
        if (team is null)
        {
            return Outcome<string>.Fail("team", "Không có tổ công nghệ số này trong phạm vi của anh/chị.", "There is no such digital technology team within your reach.");
        }

        var problems = new List<Problem>();
        if (team.ClosedOn is not null)
        {
            Fail(problems, "team", $"Tổ đã giải thể từ {team.ClosedOn.Value.ToDisplay()}.", $"The team was closed on {team.ClosedOn.Value.ToDisplay()}.");
        }
        else
        {
            change(team, problems);
        }

        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome<string>.Fail(problems);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(team.Uid);
    }

    /// <summary>The commune or village of the code on the date, inside the caller's reach.</summary>
    private async Task<OrgUnit?> UnitAsync(string? code, DateOnly date, IReadOnlySet<int>? within, List<Problem> problems, CancellationToken ct)
    {
        code = TextFold.Clean(code ?? string.Empty);
        var unit = code.Length == 0 ? null
            : await db.OrgUnits.AsNoTracking().ValidOn(date).Where(u => u.Code == code && (u.Level == OrgUnitLevel.Commune || u.Level == OrgUnitLevel.Village))
                .FirstOrDefaultAsync(ct);
        if (unit is null)
        {
            Fail(problems, "unit", $"Không có xã, phường hay thôn, bản mã '{code}' vào ngày {date.ToDisplay()}.", $"No commune or village has code '{code}' on {date.ToDisplay()}.");
        }
        else if (within is not null && !within.Contains(unit.Id))
        {
            Fail(problems, "unit", $"{unit.FullName} không thuộc tỉnh của anh/chị.", $"{unit.FullName} is not in your province.");
            return null;
        }

        return unit;
    }

    private static string NameOf(string? text, List<Problem> problems)
    {
        var name = TextFold.Clean(text ?? string.Empty);
        if (name.Length is < 3 or > 200 || name.IndexOfAny(['<', '>']) >= 0)
        {
            Fail(problems, "name", "Tên tổ có 3–200 ký tự, không chứa < hoặc >.", "The team's name has 3–200 characters, without < or >.");
        }

        return name;
    }

    private static DateOnly? DateOf(DateOnly? date, string field, List<Problem> problems)
    {
        if (date is { } d && Dates.IsKnownYear(d.Year))
        {
            return d;
        }

        Fail(problems, field, "Cần một ngày hợp lệ (dd/mm/yyyy).", "A valid date (dd/mm/yyyy) is required.");
        return null;
    }

    private static void Fail(List<Problem> problems, string field, string vi, string en) => problems.Add(new(field, new(vi, en)));
}
