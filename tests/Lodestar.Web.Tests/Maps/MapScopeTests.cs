using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Maps;

/// <summary>Issue 15, item 7: a map's data-quality and overdue values are read only for the units in the reader's scope.</summary>
[Collection(SharedApp.Name)]
public sealed class MapScopeTests(LodestarFactory app)
{
    [Theory]
    [InlineData("quality")]
    [InlineData("overdue")]
    public async Task MapValues_OutsideTheReadersScope_AreNotGiven(string layer)
    {
        var units = await app.DemoUnitsAsync();
        var url = $"/api/v1/maps/values?layer={layer}&unit={DemoUnits.Province}&year=2025";
        static List<string> WithValue(System.Text.Json.JsonElement data) =>
            [.. data.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.Number).Select(i => Str(i, "code"))];

        var province = WithValue(await GetOkAsync(await app.ClientForAsync(Roles.Viewer, DemoUnits.Province), url));
        var commune = WithValue(await GetOkAsync(await app.ClientForAsync(Roles.Viewer, units.Commune), url));
        var stranger = WithValue(await GetOkAsync(await app.ClientForAsync(Roles.Viewer, await app.OtherProvinceCommuneAsync()), url));

        Assert.True(province.Count > 1, $"the demo gives Lạng Sơn's communes {layer} values");
        Assert.All(commune, code => Assert.Equal(units.Commune, code));
        Assert.Empty(stranger);
    }
}
