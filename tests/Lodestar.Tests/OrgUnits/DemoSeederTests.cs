using Lodestar.Common;
using Lodestar.Demo;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.OrgUnits;

[Collection(OfficialDataGroup.Name)]
public sealed class DemoSeederTests(OfficialDataFixture fixture)
{
    [Fact]
    public async Task Demo_LangSon_HasAgenciesVillagesAndTeams_MarkedAsNotOfficial()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var langSon = (await queries.FindAsync(DemoSeeder.ProvinceCode, Dates.Reform2025))!;
        var today = new DateOnly(2026, 11, 1);
        var children = await queries.ListAsync(new OrgUnitFilter(today, ParentId: langSon.Id, PageSize: 1000));

        var agencies = children.Items.Where(u => u.Level == OrgUnitLevel.Agency).ToList();
        Assert.InRange(agencies.Count, 15, 30);
        Assert.Contains(agencies, a => a.FullName == "Sở Khoa học và Công nghệ");
        Assert.Equal(65, children.Items.Count(u => u.Level == OrgUnitLevel.Commune));
        Assert.False(await db.OrgUnits.AnyAsync(u => (u.Level == OrgUnitLevel.Agency || u.Level == OrgUnitLevel.Village) && u.IsOfficial));

        var subtree = await queries.SubtreeIdsAsync(langSon.Id, today);
        Assert.True(await db.OrgUnits.CountAsync(u => subtree.Contains(u.Id) && u.Level == OrgUnitLevel.Village) >= 10);
        var teams = await queries.TeamCountsAsync(subtree, today);
        Assert.Equal(65, teams.CommuneTeams);
        Assert.True(teams.VillageTeams >= 10);
        Assert.True(teams.Members > teams.CommuneTeams * 5);
    }

    [Fact]
    public async Task Demo_EveryUnitHasAHead_AndTheProvinceChangedHead()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var langSon = (await queries.FindAsync(DemoSeeder.ProvinceCode, Dates.Reform2025))!;
        var history = await queries.HeadHistoryAsync(langSon.Id);
        Assert.Equal(2, history.Count);
        Assert.NotEqual(history[0].Person, history[1].Person);
        Assert.Equal(history[0].From.AddDays(-1), history[1].To);

        var day = new DateOnly(2026, 11, 1);
        var subtree = await queries.SubtreeIdsAsync(langSon.Id, day);
        var withoutHead = await db.OrgUnits.Where(u => subtree.Contains(u.Id) && u.Level != OrgUnitLevel.Village)
            .CountAsync(u => !db.Positions.Any(p => p.OrgUnitId == u.Id && p.IsHead));
        Assert.Equal(0, withoutHead);
    }

    [Fact]
    public async Task Demo_SecondRun_AddsNothing()
    {
        await using var db = fixture.Database.Context();
        var before = await db.OrgUnits.CountAsync();
        await new DemoSeeder(db, TestTime.Clock).SeedAsync();
        Assert.Equal(before, await db.OrgUnits.CountAsync());
    }

    [Fact]
    public async Task Demo_CommuneTeam_HasALeaderWhoIsAMember()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var langSon = (await queries.FindAsync(DemoSeeder.ProvinceCode, Dates.Reform2025))!;
        var commune = (await queries.ListAsync(new OrgUnitFilter(Dates.Reform2025, OrgUnitLevel.Commune, ParentId: langSon.Id, PageSize: 1))).Items[0];
        var team = Assert.Single(await queries.TeamsAsync((await queries.FindAsync(commune.Code, Dates.Reform2025))!.Id, new DateOnly(2026, 11, 1)));
        Assert.Contains(team.Leader!, team.Members);
        Assert.True(team.Members.Count >= 6);
        Assert.True(team.FoundedOn >= Dates.Reform2025);
    }
}
