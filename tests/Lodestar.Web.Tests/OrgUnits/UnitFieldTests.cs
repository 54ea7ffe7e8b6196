using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>Fields that ask for a unit find it by name: the search API behind them, and the script that offers the units.</summary>
[Collection(SharedApp.Name)]
public sealed class UnitFieldTests(LodestarFactory app)
{
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
    public async Task Script_IsServedFromOwnOrigin_AndReadsTheFieldsSource()
    {
        var client = app.CreatePageClient();

        using var response = await client.GetAsync(new Uri("/js/search-field.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-search-url", script, StringComparison.Ordinal);
        Assert.Contains("credentials: 'same-origin'", script, StringComparison.Ordinal);
    }
}
