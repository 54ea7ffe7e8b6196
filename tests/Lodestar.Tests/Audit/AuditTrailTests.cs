using System.Text.Json;
using Lodestar.OrgUnits;
using Lodestar.People;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Audit;

public sealed class AuditTrailTests : DatabaseTest
{
    [Fact]
    public async Task Rename_RecordsWhoWhenBeforeAndAfter()
    {
        int unitId;
        await using (var setup = Database.Context(new NamedActor("setup")))
        {
            unitId = (await setup.AddUnitAsync("20.SKHCN", OrgUnitLevel.Agency, fullName: "Sở Khoa học và Công nghệ")).Id;
        }

        await using var db = Database.Context(new NamedActor("dx.officer"));
        var unit = await db.OrgUnits.SingleAsync(u => u.Id == unitId);
        var outcome = await new OrgUnitService(db).RenameAsync(unitId, "Sở KH&CN", "Sở Khoa học và Công nghệ tỉnh Lạng Sơn", unit.Version);
        Assert.True(outcome.Succeeded);

        var entry = await db.AuditEntries.Where(a => a.Action == "update").SingleAsync();
        Assert.Equal("dx.officer", entry.User);
        Assert.Equal("OrgUnit", entry.Entity);
        Assert.Equal(unit.Uid, entry.Key);
        Assert.True((TestTime.Clock.GetUtcNow().UtcDateTime - entry.At).Duration() < TimeSpan.FromMinutes(1));
        Assert.Equal("Sở Khoa học và Công nghệ", JsonDocument.Parse(entry.Before!).RootElement.GetProperty("FullName").GetString());
        Assert.Equal("Sở Khoa học và Công nghệ tỉnh Lạng Sơn", JsonDocument.Parse(entry.After!).RootElement.GetProperty("FullName").GetString());
        Assert.Equal("dx.officer", (await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == unitId)).UpdatedBy);
    }

    [Fact]
    public async Task Rename_WithAStaleVersion_IsRefused()
    {
        await using var db = Database.Context();
        var unit = await db.AddUnitAsync("20.STC", OrgUnitLevel.Agency, fullName: "Sở Tài chính");
        Assert.True((await new OrgUnitService(db).RenameAsync(unit.Id, "Sở Tài chính", "Sở Tài chính tỉnh", unit.Version)).Succeeded);

        var stale = await new OrgUnitService(db).RenameAsync(unit.Id, "X", "Tên khác", version: 0);

        Assert.Equal("version", Assert.Single(stale.Problems).Field);
    }

    [Fact]
    public async Task Rename_OfAnOfficialUnit_IsRefused()
    {
        await using var db = Database.Context();
        var unit = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        unit.IsOfficial = true;
        await db.SaveChangesAsync();

        var refused = await new OrgUnitService(db).RenameAsync(unit.Id, "X", "Tỉnh X", unit.Version);

        Assert.False(refused.Succeeded);
        Assert.Equal("Tỉnh Lạng Sơn", (await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == unit.Id)).FullName);
    }

    [Fact]
    public async Task Create_RecordsTheGeneratedKeyAndAllVisibleValues_ButNoSecrets()
    {
        await using var db = Database.Context(new NamedActor("admin"));
        var unit = await db.AddUnitAsync("90001", OrgUnitLevel.Commune, fullName: "Xã Thử");
        var position = (await new PeopleService(db).AddPositionAsync(unit.Id, "Chủ tịch UBND xã", null, true)).Value!;
        await new PeopleService(db).AppointAsync(position.Id, "Lăng Văn Thử", new DateOnly(2025, 7, 1), "QĐ 1/QĐ-UBND");

        var term = await db.AuditEntries.SingleAsync(a => a.Entity == "PositionTerm");
        var after = JsonDocument.Parse(term.After!).RootElement;
        Assert.Equal("create", term.Action);
        Assert.True(after.GetProperty("Id").GetInt32() > 0);
        Assert.Equal(position.Id, after.GetProperty("PositionId").GetInt32());
        Assert.Equal("2025-07-01", after.GetProperty("StartOn").GetString());
        Assert.False(after.TryGetProperty("CreatedBy", out _));
    }

    [Fact]
    public async Task AuditEntries_CannotBeChangedOrDeleted()
    {
        await using var db = Database.Context();
        await db.AddUnitAsync("90002", OrgUnitLevel.Commune);
        var entry = await db.AuditEntries.FirstAsync();

        entry.User = "someone else";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task FailedSave_LeavesNeitherTheChangeNorItsAuditEntry()
    {
        await using var db = Database.Context();
        var unit = await db.AddUnitAsync("90003", OrgUnitLevel.Commune);
        var before = await db.AuditEntries.CountAsync();

        // A parent link to a unit that does not exist violates a foreign key: the whole save must roll back.
        db.OrgUnitParents.Add(new OrgUnitParentLink { ChildId = unit.Id, ParentId = 999_999 });
        db.OrgUnits.Add(new OrgUnit { Code = "90004", Name = "X", FullName = "Xã X", Type = "Xã", Level = OrgUnitLevel.Commune });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        await using var fresh = Database.Context();
        Assert.Equal(before, await fresh.AuditEntries.CountAsync());
        Assert.False(await fresh.OrgUnits.AnyAsync(u => u.Code == "90004"));
    }
}
