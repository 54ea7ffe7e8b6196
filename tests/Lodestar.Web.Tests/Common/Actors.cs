using Lodestar.Accounts;

namespace Lodestar.Web.Tests.Common;

/// <summary>
/// Who tries to change what a province owns (issue 15): the province's own DX office, a DX office scoped to one of its
/// communes, a DX office of another province (scoped to a commune of Hà Nội) and the national administrator.
/// </summary>
public enum Actor
{
    ProvinceOffice,
    CommuneOffice,
    OtherProvinceOffice,
    Admin,
}

public static class Actors
{
    public static async Task<HttpClient> ClientAsync(LodestarFactory app, Actor actor) => actor switch
    {
        Actor.ProvinceOffice => await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province),
        Actor.CommuneOffice => await app.ClientForAsync(Roles.DxOffice, (await app.DemoUnitsAsync()).Commune),
        Actor.OtherProvinceOffice => await app.ClientForAsync(Roles.DxOffice, await app.OtherProvinceCommuneAsync()),
        Actor.Admin => await app.AdminClientAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(actor)),
    };

    /// <summary>A signed-in page client of the same account.</summary>
    public static async Task<HttpClient> PageClientAsync(LodestarFactory app, Actor actor)
    {
        if (actor == Actor.Admin)
        {
            return await app.SignInAsAdminAsync();
        }

        var scope = actor switch
        {
            Actor.ProvinceOffice => DemoUnits.Province,
            Actor.CommuneOffice => (await app.DemoUnitsAsync()).Commune,
            Actor.OtherProvinceOffice => await app.OtherProvinceCommuneAsync(),
            Actor.Admin or _ => throw new ArgumentOutOfRangeException(nameof(actor)),
        };
        await ClientAsync(app, actor);
        return await app.SignInAsync(LodestarFactory.UserNameFor(Roles.DxOffice, scope), LodestarFactory.UserPassword);
    }

    /// <summary>Every actor with whether he may change what belongs to the province (national: <paramref name="national"/>).</summary>
    public static bool MayChange(Actor actor, bool national = false) =>
        actor == Actor.Admin || (actor == Actor.ProvinceOffice && !national);
}
