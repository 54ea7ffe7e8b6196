using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Setup;

namespace Lodestar.Tests.Setup;

/// <summary>
/// The province a deployment serves (ADR 0018): LODESTAR_PROVINCE when set; else the one province valid today with a
/// programme of its own; else none, a national deployment.
/// </summary>
public sealed class HomeProvinceTests : DatabaseTest
{
    private static readonly TestClock Clock = new(new DateOnly(2026, 3, 1));

    private static HomeProvince Home(LodestarDbContext db, string? configured = null) =>
        new(db, new LodestarOptions { Province = configured }, new AccessScope(new OrgUnitQueries(db), Clock), Clock);

    private static async Task<(OrgUnit LangSon, OrgUnit HaNoi)> ProvincesAsync(LodestarDbContext db) =>
        (await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn"), await db.AddUnitAsync("01", OrgUnitLevel.Province, fullName: "Thành phố Hà Nội"));

    private static async Task AddProgrammeAsync(LodestarDbContext db, OrgUnit? province, string code)
    {
        db.Programmes.Add(new Programme { Code = code, Name = $"Chương trình {code}", ProvinceId = province?.Id, StartYear = 2026, EndYear = 2030 });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task GetAsync_Configured_WinsOverTheProvinceWithData()
    {
        await using var db = Database.Context();
        var (langSon, _) = await ProvincesAsync(db);
        await AddProgrammeAsync(db, langSon, "LS");

        var home = await Home(db, "01").GetAsync();

        Assert.Equal("01", home?.Code);
    }

    [Fact]
    public async Task GetAsync_ConfiguredCodeOfNoProvinceToday_StopsNamingTheVariable()
    {
        await using var db = Database.Context();
        await ProvincesAsync(db);
        await db.AddUnitAsync("06", OrgUnitLevel.Province, to: new DateOnly(2025, 6, 30), fullName: "Tỉnh Bắc Kạn"); // merged in 2025

        foreach (var code in new[] { "06", "99" })
        {
            var e = await Assert.ThrowsAsync<SettingsException>(() => Home(db, code).CheckAsync());

            Assert.Equal($"LODESTAR_PROVINCE={code}: không có tỉnh, thành phố nào mang mã này vào ngày 01/03/2026 / no province has this code on 2026-03-01", Assert.Single(e.Problems));
        }
    }

    [Fact]
    public async Task GetAsync_UnsetAndOneProvinceWithAProgramme_IsThatProvince_NationalProgrammesDoNotCount()
    {
        await using var db = Database.Context();
        var (langSon, _) = await ProvincesAsync(db);
        await AddProgrammeAsync(db, langSon, "LS");
        await AddProgrammeAsync(db, null, "VN");

        Assert.Equal("20", (await Home(db).GetAsync())?.Code);
    }

    [Fact]
    public async Task GetAsync_UnsetAndOneProvinceWithAProgramme_AccountsOfOtherProvincesDoNotCount()
    {
        // Accounts come before and around the data (another province's office invited to look): only programmes count.
        await using var db = Database.Context();
        var (langSon, haNoi) = await ProvincesAsync(db);
        await AddProgrammeAsync(db, langSon, "LS");
        await db.AddUserAsync("vp.cds.hn", "Văn phòng CĐS Hà Nội", null, Roles.DxOffice, haNoi.Id);

        Assert.Equal("20", (await Home(db).GetAsync())?.Code);
    }

    [Fact]
    public async Task GetAsync_UnsetAndAProgrammeOfAProvinceMergedIn2025_DoesNotCount()
    {
        await using var db = Database.Context();
        var (langSon, _) = await ProvincesAsync(db);
        var bacKan = await db.AddUnitAsync("06", OrgUnitLevel.Province, to: new DateOnly(2025, 6, 30), fullName: "Tỉnh Bắc Kạn");
        await AddProgrammeAsync(db, langSon, "LS");
        await AddProgrammeAsync(db, bacKan, "BK");

        Assert.Equal("20", (await Home(db).GetAsync())?.Code);
    }

    [Fact]
    public async Task GetAsync_UnsetAndTwoProvincesWithProgrammes_IsNone_ANationalDeployment()
    {
        await using var db = Database.Context();
        var (langSon, haNoi) = await ProvincesAsync(db);
        await AddProgrammeAsync(db, langSon, "LS");
        await AddProgrammeAsync(db, haNoi, "HN");

        Assert.Null(await Home(db).GetAsync());
    }

    [Fact]
    public async Task GetAsync_UnsetAndNoProvinceWithAProgramme_IsNone()
    {
        await using var db = Database.Context();
        await ProvincesAsync(db);

        Assert.Null(await Home(db).GetAsync());
    }

    [Fact]
    public async Task StartUnitAsync_IsTheScopeUnit_ElseForAnAdministratorTheHomeProvince()
    {
        await using var db = Database.Context();
        var (langSon, haNoi) = await ProvincesAsync(db);
        await AddProgrammeAsync(db, langSon, "LS");
        var scoped = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AccessScope.ScopeClaim, haNoi.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], "test"));
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

        Assert.Equal("01", (await Home(db).StartUnitAsync(scoped))?.Code);
        Assert.Equal("20", (await Home(db).StartUnitAsync(admin))?.Code);
        Assert.Equal("20", (await Home(db).ProvinceOfAsync(admin))?.Code);
        Assert.Null(await Home(db).StartUnitAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.DxOffice)], "test")))); // no scope, no administrator: nothing
    }
}
