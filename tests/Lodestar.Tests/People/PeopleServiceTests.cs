using Lodestar.OrgUnits;
using Lodestar.People;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.People;

public sealed class PeopleServiceTests : DatabaseTest
{
    [Theory]
    [InlineData("2024-12-31", null)]
    [InlineData("2025-01-01", "Hoàng Văn An")]
    [InlineData("2026-03-15", "Hoàng Văn An")]
    [InlineData("2026-03-16", "Nông Thị Bình")]
    [InlineData("2030-01-01", "Nông Thị Bình")]
    public async Task HeadOnDate_AfterAChangeOfHead_IsWhoeverHeldThePost(string date, string? expected)
    {
        await using var db = Database.Context();
        var (unit, position) = await UnitWithHeadPositionAsync(db);
        var people = new PeopleService(db);
        Assert.True((await people.AppointAsync(position.Id, "Hoàng Văn An", new DateOnly(2025, 1, 1), null)).Succeeded);
        Assert.True((await people.AppointAsync(position.Id, "Nông Thị Bình", new DateOnly(2026, 3, 16), "QĐ 123/QĐ-UBND")).Succeeded);

        var head = await new OrgUnitQueries(db).HeadAsync(unit.Id, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, head?.Person);
    }

    [Fact]
    public async Task Appoint_EndsThePreviousTermTheDayBefore()
    {
        await using var db = Database.Context();
        var (unit, position) = await UnitWithHeadPositionAsync(db);
        var people = new PeopleService(db);
        await people.AppointAsync(position.Id, "Hoàng Văn An", new DateOnly(2025, 1, 1), null);
        await people.AppointAsync(position.Id, "Nông Thị Bình", new DateOnly(2026, 3, 16), null);

        var history = await new OrgUnitQueries(db).HeadHistoryAsync(unit.Id);
        Assert.Equal(2, history.Count);
        Assert.Equal(new DateOnly(2026, 3, 15), history.Single(t => t.Person == "Hoàng Văn An").To);
        Assert.Null(history.Single(t => t.Person == "Nông Thị Bình").To);
    }

    [Fact]
    public async Task Appoint_StartingBeforeTheCurrentTerm_IsRefusedAndChangesNothing()
    {
        await using var db = Database.Context();
        var (_, position) = await UnitWithHeadPositionAsync(db);
        var people = new PeopleService(db);
        await people.AppointAsync(position.Id, "Hoàng Văn An", new DateOnly(2025, 1, 1), null);

        var refused = await people.AppointAsync(position.Id, "Nông Thị Bình", new DateOnly(2024, 6, 1), null);

        Assert.False(refused.Succeeded);
        var problem = Assert.Single(refused.Problems);
        Assert.Equal("startOn", problem.Field);
        Assert.Contains("Ngày bắt đầu", problem.Message.Vi, StringComparison.Ordinal);
        Assert.Contains("start date", problem.Message.En, StringComparison.Ordinal);
        Assert.Equal(1, await db.PositionTerms.CountAsync());
        Assert.Null((await db.PositionTerms.SingleAsync()).EndOn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Appoint_WithABadName_IsRefused(string name)
    {
        await using var db = Database.Context();
        var (_, position) = await UnitWithHeadPositionAsync(db);
        var outcome = await new PeopleService(db).AppointAsync(position.Id, name, new DateOnly(2025, 1, 1), null);
        Assert.Equal("person", Assert.Single(outcome.Problems).Field);
        Assert.Equal(0, await db.People.CountAsync());
    }

    [Fact]
    public async Task Appoint_NfdName_IsStoredAsNfc()
    {
        await using var db = Database.Context();
        var (_, position) = await UnitWithHeadPositionAsync(db);
        var nfd = "Nguyễn Thị Hằng".Normalize(System.Text.NormalizationForm.FormD);
        await new PeopleService(db).AppointAsync(position.Id, nfd, new DateOnly(2025, 1, 1), null);
        Assert.Equal("Nguyễn Thị Hằng", (await db.People.SingleAsync()).FullName);
    }

    [Fact]
    public async Task AddPosition_AsHead_TakesTheMarkFromTheOldHeadPosition()
    {
        await using var db = Database.Context();
        var (unit, old) = await UnitWithHeadPositionAsync(db);
        var added = await new PeopleService(db).AddPositionAsync(unit.Id, "Bí thư Đảng ủy", null, isHead: true);
        Assert.True(added.Succeeded);
        var heads = await db.Positions.Where(p => p.OrgUnitId == unit.Id && p.IsHead).Select(p => p.Title).ToListAsync();
        Assert.Equal(["Bí thư Đảng ủy"], heads);
        Assert.False((await db.Positions.AsNoTracking().SingleAsync(p => p.Id == old.Id)).IsHead);
    }

    [Fact]
    public async Task Appoint_NamesakesStayTwoPeople_ThePersonChosenByUidIsReused_AndTheSearchTellsThemApart()
    {
        await using var db = Database.Context();
        var (unit, chair) = await UnitWithHeadPositionAsync(db);
        var other = await db.AddUnitAsync("90002", OrgUnitLevel.Commune, fullName: "Xã Thứ Hai");
        var otherChair = (await new PeopleService(db).AddPositionAsync(other.Id, "Chủ tịch UBND xã", null, isHead: true)).Value!;
        var deputy = (await new PeopleService(db).AddPositionAsync(unit.Id, "Phó Chủ tịch UBND xã", null, isHead: false)).Value!;
        var people = new PeopleService(db);

        // Two people of one name: a name typed (no uid) is always a new person.
        Assert.True((await people.AppointAsync(chair.Id, "Nguyễn Văn An", new DateOnly(2025, 1, 1), null)).Succeeded);
        Assert.True((await people.AppointAsync(otherChair.Id, "Nguyễn Văn An", new DateOnly(2025, 1, 1), null)).Succeeded);
        Assert.Equal(2, await db.People.CountAsync(p => p.FullName == "Nguyễn Văn An"));

        // The search shows each with his post and unit; choosing one (his uid) appoints that very person.
        var found = (await people.SearchAsync("nguyen van an", null, new DateOnly(2025, 6, 1), 1, 10)).Items;
        Assert.Equal(["Chủ tịch UBND xã · Xã Thứ Hai", "Chủ tịch UBND xã · Xã Thử Nghiệm"], found.Select(p => $"{p.Position} · {p.UnitName}").Order(StringComparer.Ordinal));
        var ofOther = found.Single(p => p.UnitName == "Xã Thứ Hai");
        Assert.True((await people.AppointAsync(deputy.Id, "Nguyễn Văn An", new DateOnly(2025, 2, 1), null, ofOther.Uid)).Succeeded);
        Assert.Equal(ofOther.Uid, await db.PositionTerms.Where(t => t.PositionId == deputy.Id).Select(t => t.Person.Uid).SingleAsync());
        Assert.Equal(2, await db.People.CountAsync());

        // A uid whose name no longer matches, or of someone outside the units the caller may reach, is refused and changes nothing.
        var renamed = await people.AppointAsync(deputy.Id, "Nguyễn Văn Bình", new DateOnly(2025, 3, 1), null, ofOther.Uid);
        Assert.Equal("person", Assert.Single(renamed.Problems).Field);
        var ofFirst = found.Single(p => p.UnitName == "Xã Thử Nghiệm");
        var outside = await people.AppointAsync(deputy.Id, "Nguyễn Văn An", new DateOnly(2025, 3, 1), null, ofFirst.Uid, new HashSet<int> { other.Id });
        Assert.Equal("person", Assert.Single(outside.Problems).Field);
        db.ChangeTracker.Clear();
        Assert.Equal(3, await db.PositionTerms.CountAsync(t => t.EndOn == null));

        // In post today, with the post's uid (what a task names as accountable).
        var inPost = (await people.SearchAsync("an", new HashSet<int> { other.Id }, new DateOnly(2025, 6, 1), 1, 10, inPost: true)).Items;
        Assert.Equal(otherChair.Uid, Assert.Single(inPost).PositionUid);
    }

    private static async Task<(OrgUnit Unit, Position Position)> UnitWithHeadPositionAsync(Lodestar.Data.LodestarDbContext db)
    {
        var unit = await db.AddUnitAsync("90001", OrgUnitLevel.Commune, fullName: "Xã Thử Nghiệm");
        var position = (await new PeopleService(db).AddPositionAsync(unit.Id, "Chủ tịch UBND xã", null, isHead: true)).Value!;
        return (unit, position);
    }
}
