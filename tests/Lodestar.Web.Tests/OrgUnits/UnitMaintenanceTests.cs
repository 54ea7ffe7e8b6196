using System.Net;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>A province records its own villages and agencies from the unit page; every such write is audited.</summary>
[Collection(SharedApp.Name)]
public sealed class UnitMaintenanceTests(LodestarFactory app)
{
    [Fact]
    public async Task AddVillage_ThenRenameIt_ThroughTheForms_IsAuditedWithBeforeAndAfter()
    {
        var units = await app.DemoUnitsAsync();
        var code = $"{units.Commune}.T09";
        var api = await app.AdminClientAsync();
        var list = $"/api/v1/org-units?parent={units.Commune}&asOf=2026-08-01&pageSize=100";
        Assert.DoesNotContain(Api.Items(await Api.GetOkAsync(api, list)), u => Api.Str(u, "code") == code);
        using var browser = await app.SignInAsAdminAsync();
        var page = await Html.GetPageAsync(browser, $"/units/{units.Commune}");
        using var added = await Html.SubmitAsync(browser, Html.FormNamed(page, "child"), $"/units/{units.Commune}", new Dictionary<string, string>
        {
            ["Child.Type"] = "Bản",
            ["Child.Name"] = "Nà Pàn",
            ["Child.Code"] = code,
            ["Child.ValidFrom"] = "01/08/2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        // The list of the commune's units (kept until the units change) has it at once, and its new name after the rename.
        Assert.Equal("Bản Nà Pàn", Api.Str(Api.Items(await Api.GetOkAsync(api, list)).Single(u => Api.Str(u, "code") == code), "fullName"));
        var village = await Api.GetOkAsync(api, $"/api/v1/org-units/{code}?asOf=2026-08-01");
        Assert.Equal("Bản Nà Pàn", Api.Str(village, "fullName"));
        Assert.Equal("village", Api.Str(village, "level"));
        Assert.Equal(units.Commune, Api.Str(village, "parentCode"));
        Assert.Equal("2026-08-01", Api.Str(village, "validFrom"));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(api, $"/api/v1/org-units/{code}?asOf=2026-07-31")).Status);

        var villagePage = await Html.GetPageAsync(browser, $"/units/{code}?asOf=2026-08-01");
        using var renamed = await Html.SubmitAsync(browser, Html.FormNamed(villagePage, "rename"), $"/units/{code}?asOf=2026-08-01", new Dictionary<string, string>
        {
            ["Rename.Name"] = "Nà Pàn Mới",
            ["Rename.FullName"] = "Bản Nà Pàn Mới",
        });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("Bản Nà Pàn Mới", Api.Str(Api.Items(await Api.GetOkAsync(api, list)).Single(u => Api.Str(u, "code") == code), "fullName"));

        var uid = Api.Str(village, "uid");
        var audit = Api.Items(await Api.GetOkAsync(api, "/api/v1/audit?entity=OrgUnit&pageSize=1000")).Where(a => Api.Str(a, "key") == uid).ToList();
        var create = Assert.Single(audit, a => Api.Str(a, "action") == "create");
        Assert.Equal("admin", Api.Str(create, "user"));
        Assert.Equal("Bản Nà Pàn", create.GetProperty("after").GetProperty("FullName").GetString());
        var update = Assert.Single(audit, a => Api.Str(a, "action") == "update");
        Assert.Equal("Bản Nà Pàn", update.GetProperty("before").GetProperty("FullName").GetString());
        Assert.Equal("Bản Nà Pàn Mới", update.GetProperty("after").GetProperty("FullName").GetString());
    }

    [Theory]
    [InlineData("{0}.T01", "Nà Lạ", "đã được dùng")]
    [InlineData("{0}.T88", "<b>Nà</b>", "không chứa < hoặc >")]
    [InlineData("mã có dấu", "Nà Lạ", "Mã đơn vị gồm")]
    public async Task AddVillage_WithBadInput_NamesTheProblemAndAddsNothing(string codePattern, string name, string expected)
    {
        var units = await app.DemoUnitsAsync();
        var code = string.Format(System.Globalization.CultureInfo.InvariantCulture, codePattern, units.Commune);
        using var browser = await app.SignInAsAdminAsync();
        var page = await Html.GetPageAsync(browser, $"/units/{units.Commune}");
        using var response = await Html.SubmitAsync(browser, Html.FormNamed(page, "child"), $"/units/{units.Commune}", new Dictionary<string, string>
        {
            ["Child.Type"] = "Thôn",
            ["Child.Name"] = name,
            ["Child.Code"] = code,
            ["Child.ValidFrom"] = "01/08/2026",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alert = Html.Text((await Html.ParseAsync(response)).QuerySelector("[role=alert]")!);
        Assert.Contains(expected, alert, StringComparison.Ordinal);
        var api = await app.AdminClientAsync();
        var sameName = Api.Items(await Api.GetOkAsync(api, $"/api/v1/org-units?parent={units.Commune}&q={Uri.EscapeDataString("Nà Lạ")}"));
        Assert.Empty(sameName);
    }

    [Fact]
    public async Task UnitPage_ForAViewer_HasNoEditingForms()
    {
        var units = await app.DemoUnitsAsync();
        var viewer = await app.CreateUserAsync("xem.xa", Lodestar.Accounts.Roles.Viewer, units.Commune);
        using var browser = await app.SignInAsync(viewer, LodestarFactory.UserPassword);
        var page = await Html.GetPageAsync(browser, $"/units/{units.Commune}");
        Assert.NotNull(page.QuerySelector("h1"));
        Assert.DoesNotContain(page.QuerySelectorAll("input[name=_handler]"), i => i.GetAttribute("value") is "child" or "appoint" or "position" or "rename");

        // The same page for the administrator has them, so the check above can tell the difference.
        using var admin = await app.SignInAsAdminAsync();
        var adminPage = await Html.GetPageAsync(admin, $"/units/{units.Commune}");
        Assert.Contains(adminPage.QuerySelectorAll("input[name=_handler]"), i => i.GetAttribute("value") == "child");
    }
}
