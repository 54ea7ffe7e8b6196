using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>Fields that ask for a unit find it by name: the search hook on each, and the search API behind it.</summary>
[Collection(SharedApp.Name)]
public sealed class UnitFieldTests(LodestarFactory app)
{
    [Theory]
    [InlineData("/tasks/new", "owner", "Input.OwnerUnit", "Đơn vị chủ trì")]
    [InlineData("/tasks", "orgUnit", "orgUnit", "Đơn vị")]
    [InlineData("/", "dash-unit", "orgUnit", "Đơn vị")]
    [InlineData("/targets/LS-05", "unit", "unit", "Đơn vị")]
    [InlineData("/reports", "unit", "unit", "Đơn vị")]
    [InlineData("/admin/accounts", "new-scope", "Create.Scope", "Đơn vị phạm vi")]
    public async Task UnitField_OnEachPage_PostsTheCodeAndCarriesTheNameSearch(string url, string id, string name, string label)
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, url);

        var input = page.QuerySelector($"input#{id}");
        Assert.NotNull(input);
        Assert.Equal(name, input.GetAttribute("name"));
        Assert.Equal($"{id}-options", input.GetAttribute("data-unit-search"));
        Assert.NotNull(page.QuerySelector($"ul#{id}-options[role=listbox]"));
        Assert.NotNull(page.QuerySelector("script[src='/js/unit-search.js']"));
        Assert.StartsWith(label, Html.Text(page.QuerySelector($"label[for={id}]")!), StringComparison.Ordinal);
        Assert.DoesNotContain("(mã)", Html.Text(page.QuerySelector($"label[for={id}]")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithoutDiacritics_FindsTheUnitOnlyWithinTheReadersScope()
    {
        var admin = await app.AdminClientAsync();
        var viewer = await app.ClientForAsync(Roles.Viewer, DemoUnits.Province);

        var everywhere = Api.Items(await Api.GetOkAsync(admin, "/api/v1/org-units?pageSize=10&q=dong%20kinh")).Select(u => Api.Str(u, "fullName")).ToList();
        var inScope = Api.Items(await Api.GetOkAsync(viewer, "/api/v1/org-units?pageSize=10&q=dong%20kinh")).Select(u => Api.Str(u, "fullName")).ToList();

        Assert.Contains("Phường Đông Kinh", everywhere);
        Assert.Contains("Xã Đông Kinh", everywhere);
        Assert.Contains("Phường Đông Kinh", inScope);
        Assert.DoesNotContain("Xã Đông Kinh", inScope);
    }

    [Fact]
    public async Task Script_IsServedFromOwnOrigin()
    {
        var client = app.CreatePageClient();

        using var response = await client.GetAsync(new Uri("/js/unit-search.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/org-units?pageSize=10&q=", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
