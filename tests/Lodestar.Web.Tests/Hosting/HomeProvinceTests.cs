using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// The province a deployment serves (ADR 0018) as the pages show it: the demo needs no setting, a national deployment lets
/// the administrator choose a province, LODESTAR_PROVINCE wins and a code of no province stops the start. The rules
/// themselves are tested on databases of their own in Lodestar.Tests/Setup/HomeProvinceTests.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class HomeProvinceTests(LodestarFactory app)
{
    [Fact]
    public async Task AdministratorsHome_NothingConfigured_IsTheDemoProvince_TheOnlyOneWithAProgramme()
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/");

        Assert.Equal("20", page.QuerySelector("#dash-unit")?.GetAttribute("value"));
        Assert.Equal("Tỉnh Lạng Sơn", Html.Text(page.QuerySelector("#home-unit")!));
        Assert.Null(page.QuerySelector("#choose-province"));
    }

    [Theory]
    [InlineData("99", "LODESTAR_PROVINCE=99: không có tỉnh, thành phố nào mang mã này")]
    [InlineData("2O", "LODESTAR_PROVINCE=2O: phải là mã tỉnh, thành phố gồm hai chữ số, ví dụ 20 / must be a province code of two digits, e.g. 20")]
    public void ABadProvince_StopsTheStart_NamingTheVariable(string value, string expected)
    {
        using var broken = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_PROVINCE", value));

        var e = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains(expected, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANationalDeployment_AdministratorsHomeListsTheProvinces_MapsOpenOnTheCountry_AndTheSettingNamesOne()
    {
        // A database of its own with the official units only: no province has a programme, so none is home until one is configured.
        var dataDir = Path.Combine(Path.GetTempPath(), "lodestar-national-" + Guid.NewGuid().ToString("N"));
        WebApplicationFactory<Program> Host(string? province) => app.WithWebHostBuilder(b =>
        {
            b.UseSetting("LODESTAR_DATA_DIR", dataDir).UseSetting("LODESTAR_DB", "").UseSetting("LODESTAR_DEMO", "false");
            b.UseSetting("LODESTAR_PROVINCE", province ?? "");
        });
        try
        {
            await using (var national = Host(null))
            {
                var admin = await LodestarFactory.SignInAsync(national, "admin", LodestarFactory.AdminPassword);

                var home = await Html.GetPageAsync(admin, "/");
                var links = home.QuerySelectorAll("#choose-province ~ ul a").Select(a => (a.GetAttribute("href"), Html.Text(a))).ToList();
                var hanoi = await Html.GetPageAsync(admin, "/?orgUnit=01");
                var maps = await Html.GetPageAsync(admin, "/maps");
                var committee = await Html.GetPageAsync(admin, "/dti/committee");
                using var dashboard = await admin.GetAsync(new Uri("/api/v1/dashboard", UriKind.Relative));

                Assert.Equal(34, links.Count);
                Assert.Contains(("/?orgUnit=01", "Thành phố Hà Nội"), links);
                Assert.Contains(("/?orgUnit=20", "Tỉnh Lạng Sơn"), links);
                Assert.Null(home.QuerySelector("#dash-unit"));
                Assert.Equal("01", hanoi.QuerySelector("#dash-unit")?.GetAttribute("value"));
                Assert.Equal("", maps.QuerySelector("select[name=unit] option[selected]")?.GetAttribute("value"));
                Assert.Contains("LODESTAR_PROVINCE chưa đặt", committee.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
                Assert.Equal(System.Net.HttpStatusCode.BadRequest, dashboard.StatusCode);
                Assert.Contains("\"orgUnit\"", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            await using var configured = Host("01");
            var client = await LodestarFactory.SignInAsync(configured, "admin", LodestarFactory.AdminPassword);
            var page = await Html.GetPageAsync(client, "/");
            var configuredMaps = await Html.GetPageAsync(client, "/maps");

            Assert.Equal("01", page.QuerySelector("#dash-unit")?.GetAttribute("value"));
            Assert.Equal("01", configuredMaps.QuerySelector("select[name=unit] option[selected]")?.GetAttribute("value"));
            Assert.Null(page.QuerySelector("#choose-province"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
