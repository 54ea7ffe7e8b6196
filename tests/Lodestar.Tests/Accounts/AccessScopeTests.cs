using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.OrgUnits;

namespace Lodestar.Tests.Accounts;

public sealed class AccessScopeTests : DatabaseTest
{
    private static readonly DateOnly Day = new(2026, 1, 1);
    [Theory]
    [InlineData(Roles.ReportingOfficer, "commune", "commune", true)]
    [InlineData(Roles.ReportingOfficer, "commune", "village", true)]
    [InlineData(Roles.ReportingOfficer, "commune", "neighbour", false)]
    [InlineData(Roles.ReportingOfficer, "commune", "province", false)]
    [InlineData(Roles.DxOffice, "province", "village", true)]
    [InlineData(Roles.DxOffice, "province", "other-province", false)]
    [InlineData(Roles.Viewer, null, "other-province", false)] // fails closed: only administrators are national
    [InlineData(Roles.DxOffice, null, "village", false)]
    [InlineData(Roles.Admin, null, "village", true)]
    public async Task CanSee_FollowsTheScopeSubtree(string role, string? scope, string target, bool expected)
    {
        await using var db = Database.Context();
        var units = await TreeAsync(db);
        var user = Principal(role, scope is null ? null : units[scope].Id);
        var access = new AccessScope(new OrgUnitQueries(db), new TestClock(Day));

        Assert.Equal(expected, await access.CanSeeAsync(user, units[target].Id, Day));
        var visible = await access.VisibleIdsAsync(user, Day);
        Assert.Equal(expected, visible is null || visible.Contains(units[target].Id));
    }

    [Theory]
    [InlineData(Roles.Admin, null, null, true)]
    [InlineData(Roles.Admin, null, "province", true)]
    [InlineData(Roles.DxOffice, "province", "province", true)]
    [InlineData(Roles.DxOffice, "province", "commune", true)]
    [InlineData(Roles.DxOffice, "province", null, false)]
    [InlineData(Roles.DxOffice, "province", "other-province", false)]
    [InlineData(Roles.DxOffice, "commune", "province", false)]
    [InlineData(Roles.DxOffice, null, "province", false)]
    [InlineData(Roles.UnitHead, "province", "province", false)]
    [InlineData(Roles.SteeringMember, "province", "province", false)]
    public async Task MayManage_OnlyTheOwnersDxOffice_NationalOnlyAdministrators(string role, string? scope, string? owner, bool expected)
    {
        await using var db = Database.Context();
        var units = await TreeAsync(db);
        var access = new AccessScope(new OrgUnitQueries(db), new TestClock(Day));

        Assert.Equal(expected, await access.MayManageAsync(Principal(role, scope is null ? null : units[scope].Id), owner is null ? null : units[owner].Id, Day));
    }

    [Theory]
    [InlineData("province", "province")]
    [InlineData("commune", "province")]
    [InlineData("village", "province")]
    [InlineData("other-province", "other-province")]
    public async Task ScopeProvince_IsTheScopeOrItsProvince(string scope, string province)
    {
        await using var db = Database.Context();
        var units = await TreeAsync(db);
        var access = new AccessScope(new OrgUnitQueries(db), new TestClock(Day));

        Assert.Equal(units[province].Id, await access.ScopeProvinceIdAsync(Principal(Roles.Viewer, units[scope].Id), Day));
        Assert.Null(await access.ScopeProvinceIdAsync(Principal(Roles.Admin, null), Day));
    }

    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.DxOffice, true)]
    [InlineData(Roles.SteeringMember, false)]
    [InlineData(Roles.UnitHead, false)]
    [InlineData(Roles.ReportingOfficer, false)]
    [InlineData(Roles.Viewer, false)]
    public void CanEditOrganisation_OnlyAdministratorsAndTheDxOffice(string role, bool expected) =>
        Assert.Equal(expected, AccessScope.CanEditOrganisation(Principal(role, scope: null)));

    [Fact]
    public async Task CanSee_UsesTheParentOnTheDate()
    {
        await using var db = Database.Context();
        var units = await TreeAsync(db);
        // A village moved from the commune to its neighbour on 2026-06-01.
        var moved = await db.AddUnitAsync("90001.T09", OrgUnitLevel.Village, units["commune"], from: new DateOnly(2025, 7, 1), to: new DateOnly(2026, 5, 31));
        db.OrgUnitParents.Add(new OrgUnitParentLink { ChildId = moved.Id, ParentId = units["neighbour"].Id, ValidFrom = new DateOnly(2026, 6, 1) });
        moved.ValidTo = null;
        await db.SaveChangesAsync();

        var officer = Principal(Roles.ReportingOfficer, units["commune"].Id);
        var access = new AccessScope(new OrgUnitQueries(db), new TestClock(Day));
        Assert.True(await access.CanSeeAsync(officer, moved.Id, new DateOnly(2026, 5, 31)));
        Assert.False(await access.CanSeeAsync(officer, moved.Id, new DateOnly(2026, 6, 1)));
    }

    private static async Task<Dictionary<string, OrgUnit>> TreeAsync(Lodestar.Data.LodestarDbContext db)
    {
        var from = new DateOnly(2025, 7, 1);
        var province = await db.AddUnitAsync("98", OrgUnitLevel.Province);
        var other = await db.AddUnitAsync("99", OrgUnitLevel.Province);
        var commune = await db.AddUnitAsync("90001", OrgUnitLevel.Commune, province, from);
        var neighbour = await db.AddUnitAsync("90002", OrgUnitLevel.Commune, province, from);
        var village = await db.AddUnitAsync("90001.T01", OrgUnitLevel.Village, commune, from);
        return new() { ["province"] = province, ["other-province"] = other, ["commune"] = commune, ["neighbour"] = neighbour, ["village"] = village };
    }

    private static ClaimsPrincipal Principal(string role, int? scope)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "u"), new(ClaimTypes.Role, role) };
        if (scope is { } s)
        {
            claims.Add(new Claim(AccessScope.ScopeClaim, s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }
}
