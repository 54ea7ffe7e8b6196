using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Web.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.People;

/// <summary>GET /api/v1/people, behind the fields that ask for a person: found by name without accents, only within the reader's scope.</summary>
[Collection(SharedApp.Name)]
public sealed class PeopleApiTests(LodestarFactory app)
{
    private const string InLangSon = "Nguyễn Văn Thước";
    private const string InHaNoi = "Nguyễn Văn Thuận";
    private const string Post = "Tổ trưởng tổ công nghệ số (kiểm thử)";

    [Fact]
    public async Task Search_WithoutDiacritics_FindsThePersonWithHisPost_OnlyWithinTheReadersScope()
    {
        var units = await app.DemoUnitsAsync();
        var foreign = await app.OtherProvinceCommuneAsync();
        await AppointAsync(units.Commune, InLangSon);
        await AppointAsync(foreign, InHaNoi);

        var admin = await SearchAsync(await app.AdminClientAsync(), "nguyen van th");
        var province = await SearchAsync(await app.ClientForAsync(Roles.Viewer, DemoUnits.Province), "nguyen van th");
        var commune = await SearchAsync(await app.ClientForAsync(Roles.ReportingOfficer, units.Commune), "NGUYEN  van   thuoc");
        var sibling = await SearchAsync(await app.ClientForAsync(Roles.Viewer, units.OtherCommune), "nguyen van thuoc");
        var haNoi = await SearchAsync(await app.ClientForAsync(Roles.Viewer, foreign), "nguyen van th");

        Assert.Contains(InLangSon, admin.Keys);
        Assert.Contains(InHaNoi, admin.Keys);
        Assert.Contains(InLangSon, province.Keys);
        Assert.DoesNotContain(InHaNoi, province.Keys);
        Assert.Equal([InLangSon], commune.Keys);
        Assert.Empty(sibling);
        Assert.Contains(InHaNoi, haNoi.Keys);
        Assert.DoesNotContain(InLangSon, haNoi.Keys);

        var found = commune[InLangSon];
        Assert.Equal(Post, Api.Str(found, "position"));
        Assert.Equal(units.Commune, Api.Str(found, "unitCode"));
        Assert.False(string.IsNullOrEmpty(Api.Str(found, "unitName")));
        Assert.True(found.GetProperty("inPost").GetBoolean());
    }

    [Fact]
    public async Task Search_AnonymousOrBadPaging_IsRefusedOrNamed()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var refused = await Api.GetAsync(anonymous, "/api/v1/people?q=nguyen");
        var bad = await Api.GetAsync(await app.AdminClientAsync(), "/api/v1/people?q=nguyen&pageSize=0");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.Status);
    }

    private static async Task<Dictionary<string, System.Text.Json.JsonElement>> SearchAsync(HttpClient client, string q) =>
        Api.Items(await Api.GetOkAsync(client, $"/api/v1/people?pageSize=100&q={Uri.EscapeDataString(q)}"))
            .ToDictionary(p => Api.Str(p, "fullName"), p => p);

    /// <summary>Appoints the person to a post of the unit through the application's service, as the unit page does.</summary>
    private async Task AppointAsync(string unitCode, string person)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var today = Dates.Today(app.Clock);
        var unit = await scope.ServiceProvider.GetRequiredService<OrgUnitQueries>().FindAsync(unitCode, today);
        var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
        var position = await people.AddPositionAsync(unit!.Id, Post, null, isHead: false);
        var term = await people.AppointAsync(position.Value!.Id, person, today.AddDays(-30), null);
        Assert.True(term.Succeeded, string.Join(" ", term.Problems.Select(p => p.Message.En)));
    }
}
