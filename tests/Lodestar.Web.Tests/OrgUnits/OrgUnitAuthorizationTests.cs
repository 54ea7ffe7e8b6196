using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>
/// Every org-unit endpoint × every role × a unit inside and outside the account's scope. Non-admin accounts
/// are scoped to one commune of Lạng Sơn: they see that commune and its villages, not the neighbour
/// commune nor the province above them. Administrators are national.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class OrgUnitAuthorizationTests(LodestarFactory app)
{
    public enum Target
    {
        OwnCommune,
        OwnVillage,
        OtherCommune,
        Province,
    }

    public enum Endpoint
    {
        Unit,
        Lineage,
        Head,
        ListByParent,
    }

    public static TheoryData<string, Target, Endpoint> Matrix()
    {
        var data = new TheoryData<string, Target, Endpoint>();
        foreach (var role in Roles.All)
        {
            foreach (var target in Enum.GetValues<Target>())
            {
                foreach (var endpoint in Enum.GetValues<Endpoint>())
                {
                    data.Add(role, target, endpoint);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task OrgUnitEndpoint_RoleAndScope_AllowedOnlyInsideScope(string role, Target target, Endpoint endpoint)
    {
        var units = await app.DemoUnitsAsync();
        var client = await ClientAsync(role, units);
        var code = target switch
        {
            Target.OwnCommune => units.Commune,
            Target.OwnVillage => units.Village,
            Target.OtherCommune => units.OtherCommune,
            Target.Province => DemoUnits.Province,
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        var url = endpoint switch
        {
            Endpoint.Unit => $"/api/v1/org-units/{code}",
            Endpoint.Lineage => $"/api/v1/org-units/{code}/lineage",
            Endpoint.Head => $"/api/v1/org-units/{code}/head",
            Endpoint.ListByParent => $"/api/v1/org-units?parent={code}",
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        var inScope = role == Roles.Admin || target is Target.OwnCommune or Target.OwnVillage;
        // The demo records no head for villages: an allowed reader is told so (404), never 403.
        var expected = !inScope ? HttpStatusCode.Forbidden
            : target == Target.OwnVillage && endpoint == Endpoint.Head ? HttpStatusCode.NotFound
            : HttpStatusCode.OK;

        var answer = await Api.GetAsync(client, url);

        Assert.True(answer.Status == expected, $"{role} GET {url}: expected {(int)expected}, got {answer.Describe()}");
        if (answer.Status != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", answer.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(EveryRole))]
    public async Task Audit_Role_OnlyAdministratorsRead(string role)
    {
        var client = await ClientAsync(role, await app.DemoUnitsAsync());

        var answer = await Api.GetAsync(client, "/api/v1/audit");

        Assert.Equal(role == Roles.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden, answer.Status);
    }

    public static TheoryData<string> EveryRole() => new(Roles.All);

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.DxOffice)]
    public async Task List_NoParentScopedAccount_ReturnsOnlyItsSubtree(string role)
    {
        var units = await app.DemoUnitsAsync();
        var client = await app.ClientForAsync(role, units.Commune);

        var page = await Api.GetOkAsync(client, "/api/v1/org-units?pageSize=1000");

        var codes = Api.Items(page).Select(i => Api.Str(i, "code")).ToList();
        Assert.Equal(codes.Count, page.GetProperty("total").GetInt32());
        Assert.Contains(units.Commune, codes);
        Assert.Contains(units.Village, codes);
        Assert.All(codes, c => Assert.True(c == units.Commune || c.StartsWith(units.Commune + ".", StringComparison.Ordinal), $"{c} is outside {units.Commune}"));
    }

    [Fact]
    public async Task List_ScopedAccountSearchesProvince_FindsNothingAbove()
    {
        var units = await app.DemoUnitsAsync();
        var client = await app.ClientForAsync(Roles.Viewer, units.Commune);

        var page = await Api.GetOkAsync(client, "/api/v1/org-units?q=lang+son&level=province");

        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Empty(Api.Items(page));
    }

    [Fact]
    public async Task Get_ProvinceScopedAccount_SeesItsCommunesNotOtherProvinces()
    {
        var units = await app.DemoUnitsAsync();
        var client = await app.ClientForAsync(Roles.SteeringMember, DemoUnits.Province);

        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(client, $"/api/v1/org-units/{units.OtherCommune}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(client, $"/api/v1/org-units/{units.Village}/lineage")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(client, "/api/v1/org-units/20.SKHCN/head")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.GetAsync(client, "/api/v1/org-units/01")).Status);
    }

    private Task<HttpClient> ClientAsync(string role, DemoUnits units) =>
        app.ClientForAsync(role, role == Roles.Admin ? null : units.Commune);
}
