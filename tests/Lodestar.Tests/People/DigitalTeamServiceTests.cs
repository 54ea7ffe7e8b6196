using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Reorganisations;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.People;

/// <summary>
/// Community digital technology teams maintained (issue 17, item 6): created for a commune or village inside the caller's
/// province, members joining and leaving on dates, closed on a date; and a team follows its village across a merge while
/// a team closed before it stays where it served.
/// </summary>
public sealed class DigitalTeamServiceTests : DatabaseTest
{
    private static readonly DateOnly Start = new(2025, 7, 1);
    private IReadOnlySet<int> _province = null!;
    private IReadOnlySet<int> _other = null!;

    private async Task MapAsync()
    {
        await using var db = Database.Context();
        var province = await db.AddUnitAsync("93", OrgUnitLevel.Province, from: Start, fullName: "Tỉnh Thử");
        var commune = await db.AddUnitAsync("93001", OrgUnitLevel.Commune, province, Start, fullName: "Xã An Bình");
        await db.AddUnitAsync("93001-T1", OrgUnitLevel.Village, commune, Start, fullName: "Thôn Một");
        await db.AddUnitAsync("93001-T2", OrgUnitLevel.Village, commune, Start, fullName: "Thôn Hai");
        var other = await db.AddUnitAsync("94", OrgUnitLevel.Province, from: Start, fullName: "Tỉnh Khác");
        await db.AddUnitAsync("94001", OrgUnitLevel.Commune, other, Start, fullName: "Xã Khác");
        await db.SaveChangesAsync();
        var queries = new OrgUnitQueries(db);
        (_province, _other) = (await queries.SubtreeIdsAsync(province.Id, Start), await queries.SubtreeIdsAsync(other.Id, Start));
    }

    private async Task<T> WithAsync<T>(Func<DigitalTeamService, Task<Lodestar.Common.Outcome<T>>> act)
    {
        await using var db = Database.Context();
        var outcome = await act(new DigitalTeamService(db));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}")));
        return outcome.Value!;
    }

    private async Task<IReadOnlyList<string>> RefusedAsync<T>(Func<DigitalTeamService, Task<Lodestar.Common.Outcome<T>>> act)
    {
        await using var db = Database.Context();
        var outcome = await act(new DigitalTeamService(db));
        Assert.False(outcome.Succeeded);
        return [.. outcome.Problems.Select(p => p.Field)];
    }

    private async Task<TeamView> TeamOnAsync(string unitCode, DateOnly asOf)
    {
        await using var db = Database.Context();
        var queries = new OrgUnitQueries(db);
        return Assert.Single(await queries.TeamsAsync((await queries.FindAsync(unitCode, asOf))!.Id, asOf));
    }

    [Fact]
    public async Task Team_MembersJoinAndLeaveOnDates_ClosingEndsEveryMembership_AndAClosedTeamChangesNoMore()
    {
        await MapAsync();
        var uid = await WithAsync(s => s.CreateAsync(new TeamInput("93001-T1", "Tổ công nghệ số Thôn Một", new DateOnly(2025, 8, 1)), _province));
        await WithAsync(s => s.JoinAsync(uid, new MemberInput("Hoàng Văn Nam", "0912 345 678", new DateOnly(2025, 8, 1), Leader: true), _province));
        await WithAsync(s => s.JoinAsync(uid, new MemberInput("Lộc Thị Mai", null, new DateOnly(2025, 9, 1)), _province));
        var mai = await PersonUidAsync("Lộc Thị Mai");
        await WithAsync(s => s.LeaveAsync(uid, mai, new DateOnly(2025, 12, 31), _province));
        await WithAsync(s => s.EditAsync(uid, "Tổ CNS cộng đồng Thôn Một", new DateOnly(2025, 8, 1), _province));

        Assert.Equal(["Hoàng Văn Nam"], (await TeamOnAsync("93001-T1", new DateOnly(2025, 8, 15))).Members);
        Assert.Equal(["Hoàng Văn Nam", "Lộc Thị Mai"], (await TeamOnAsync("93001-T1", new DateOnly(2025, 12, 31))).Members);
        var january = await TeamOnAsync("93001-T1", new DateOnly(2026, 1, 1));
        Assert.Equal(("Tổ CNS cộng đồng Thôn Một", "Hoàng Văn Nam", 1), (january.Name, january.Leader, january.Members.Count));

        Assert.Equal(["closedOn"], await RefusedAsync(s => s.CloseAsync(uid, new DateOnly(2025, 7, 31), _province)));
        await WithAsync(s => s.CloseAsync(uid, new DateOnly(2026, 6, 30), _province));

        await using var db = Database.Context();
        var team = (await new DigitalTeamService(db).GetAsync(uid, _province))!;
        Assert.Equal(new DateOnly(2026, 6, 30), team.ClosedOn);
        Assert.All(team.Members, m => Assert.NotNull(m.LeftOn));
        Assert.Equal(new DateOnly(2026, 6, 30), team.Members.Single(m => m.FullName == "Hoàng Văn Nam").LeftOn);
        Assert.Equal(["team"], await RefusedAsync(s => s.JoinAsync(uid, new MemberInput("Người Mới", null, new DateOnly(2026, 7, 1)), _province)));
        await using var later = Database.Context();
        Assert.Empty(await new OrgUnitQueries(later).TeamsAsync((await new OrgUnitQueries(later).FindAsync("93001-T1", new DateOnly(2026, 7, 1)))!.Id, new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public async Task Rejoin_AFormerMemberComesBackAsTheSamePerson_WithAStintPerTime_AndThePastDaysStillTrue()
    {
        await MapAsync();
        var uid = await WithAsync(s => s.CreateAsync(new TeamInput("93001-T1", "Tổ Thôn Một", new DateOnly(2025, 8, 1)), _province));
        await WithAsync(s => s.JoinAsync(uid, new MemberInput("Lộc Thị Mai", "0987 654 321", new DateOnly(2025, 9, 1)), _province));
        var mai = await PersonUidAsync("Lộc Thị Mai");
        Assert.Equal(["person"], await RefusedAsync(s => s.JoinAsync(uid, new MemberInput("Lộc Thị Mai", "0987654321", new DateOnly(2025, 10, 1)), _province)));
        await WithAsync(s => s.LeaveAsync(uid, mai, new DateOnly(2025, 12, 31), _province));

        // The same name (typed decomposed, NFD) and the same number written another way: the same citizen, not a new one.
        var decomposed = "Lộc Thị Mai".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal(["joinedOn"], await RefusedAsync(s => s.JoinAsync(uid, new MemberInput(decomposed, "0987.654.321", new DateOnly(2025, 12, 31)), _province)));
        await WithAsync(s => s.JoinAsync(uid, new MemberInput(decomposed, "0987.654.321", new DateOnly(2026, 3, 1), Leader: true), _province));
        await WithAsync(s => s.LeaveAsync(uid, mai, new DateOnly(2026, 6, 30), _province));
        await WithAsync(s => s.JoinAsync(uid, new MemberInput(null, null, new DateOnly(2026, 9, 1), PersonUid: mai), _province));
        Assert.Equal(["person"], await RefusedAsync(s => s.JoinAsync(uid, new MemberInput(null, null, new DateOnly(2026, 9, 1), PersonUid: "khong-co"), _province)));

        Assert.Equal(["Lộc Thị Mai"], (await TeamOnAsync("93001-T1", new DateOnly(2025, 12, 31))).Members);
        Assert.Empty((await TeamOnAsync("93001-T1", new DateOnly(2026, 1, 15))).Members);
        Assert.Equal(["Lộc Thị Mai"], (await TeamOnAsync("93001-T1", new DateOnly(2026, 3, 1))).Members);
        Assert.Empty((await TeamOnAsync("93001-T1", new DateOnly(2026, 7, 1))).Members);

        await using var db = Database.Context();
        Assert.Equal(1, await db.People.CountAsync(p => p.FullName == "Lộc Thị Mai"));
        var team = (await new DigitalTeamService(db).GetAsync(uid, _province))!;
        Assert.Equal(1, team.ActiveMembers);
        Assert.Equal([(new DateOnly(2026, 9, 1), (DateOnly?)null), (new DateOnly(2025, 9, 1), new DateOnly(2025, 12, 31)), (new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 30))],
            team.Members.Select(m => (m.JoinedOn, m.LeftOn)));
        Assert.All(team.Members, m => Assert.Equal(mai, m.PersonUid));
        Assert.DoesNotContain(team.Members, m => m.Leader); // a leader who left leads no more, even when she comes back
    }

    [Theory]
    [InlineData("94001", "unit")] // another province's commune
    [InlineData("93", "unit")] // a province is no commune or village
    [InlineData("93001-T9", "unit")] // no such unit
    public async Task Create_OutsideTheCallersCommunesAndVillages_IsRefused(string unit, string field)
    {
        await MapAsync();

        Assert.Equal([field], await RefusedAsync(s => s.CreateAsync(new TeamInput(unit, "Tổ công nghệ số", new DateOnly(2025, 8, 1)), _province)));
        Assert.Equal(["team"], await RefusedAsync(s => s.JoinAsync("khong-co", new MemberInput("Ai Đó", null, new DateOnly(2025, 8, 1)), _other)));
    }

    [Fact]
    public async Task Merge_AnActiveTeamFollowsItsVillage_AClosedOneStaysWhereItServed()
    {
        await MapAsync();
        var active = await WithAsync(s => s.CreateAsync(new TeamInput("93001-T1", "Tổ Thôn Một", new DateOnly(2025, 8, 1)), _province));
        await WithAsync(s => s.JoinAsync(active, new MemberInput("Hoàng Văn Nam", null, new DateOnly(2025, 8, 1), Leader: true), _province));
        var closed = await WithAsync(s => s.CreateAsync(new TeamInput("93001-T2", "Tổ Thôn Hai", new DateOnly(2025, 8, 1)), _province));
        await WithAsync(s => s.CloseAsync(closed, new DateOnly(2025, 10, 31), _province));

        await using (var db = Database.Context())
        {
            var recorded = await new ReorganisationService(db).RecordAsync(new ReorganisationInput(new DateOnly(2026, 1, 1), "Nghị quyết số 9/NQ-HĐND ngày 10/12/2025",
                [new ChangeInput(ChangeKind.Merge, From: ["93001-T1", "93001-T2"], IntoUnit: new NewUnitInput("93001-T12", "Một Hai", "Thôn Một Hai"))]), null, preview: false);
            Assert.True(recorded.Succeeded, string.Join("; ", recorded.Problems.Select(p => p.Message.En)));
            Assert.Equal(["Tổ Thôn Một"], recorded.Value!.Consequences.Where(c => c.What == "team").Select(c => c.Subject));
        }

        await using var read = Database.Context();
        var teams = await read.DigitalTeams.AsNoTracking().Select(t => new { t.Uid, t.OrgUnit.Code }).ToListAsync();
        Assert.Equal("93001-T12", teams.Single(t => t.Uid == active).Code);
        Assert.Equal("93001-T2", teams.Single(t => t.Uid == closed).Code);
        var team = await TeamOnAsync("93001-T12", new DateOnly(2026, 1, 1));
        Assert.Equal(("Tổ Thôn Một", "Hoàng Văn Nam"), (team.Name, team.Leader));
    }

    private async Task<string> PersonUidAsync(string fullName)
    {
        await using var db = Database.Context();
        return await db.People.Where(p => p.FullName == fullName).Select(p => p.Uid).SingleAsync();
    }
}
