using System.Net;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Programmes;

/// <summary>
/// Issue 15, item 2: a programme (its targets and thresholds) is changed only by the DX office of its province; national
/// programmes only by administrators. New programmes are posted without a name, so an allowed one is refused (400) as invalid.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ProgrammeScopeTests(LodestarFactory app)
{
    [Theory]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    [InlineData(Actor.Admin)]
    public async Task ProgrammeForms_OnlyForTheOwnersOffice(Actor actor)
    {
        using var client = await Actors.PageClientAsync(app, actor);

        var province = await GetPageAsync(client, "/programmes/LS-BCD");
        var national = await GetPageAsync(client, "/programmes/VN-NQ57");

        Assert.Equal(Actors.MayChange(actor), province.QuerySelector("form[method=post] input[name=_handler][value=thresholds]") is not null);
        Assert.Equal(Actors.MayChange(actor, national: true), national.QuerySelector("form[method=post] input[name=_handler][value=thresholds]") is not null);
    }

    [Theory]
    [InlineData(Actor.ProvinceOffice, DemoUnits.Province)]
    [InlineData(Actor.CommuneOffice, DemoUnits.Province)]
    [InlineData(Actor.OtherProvinceOffice, DemoUnits.Province)]
    [InlineData(Actor.Admin, DemoUnits.Province)]
    [InlineData(Actor.ProvinceOffice, "")]
    [InlineData(Actor.Admin, "")]
    public async Task NewProgramme_OfAProvince_OnlyByItsOffice_National_OnlyByAdministrators(Actor actor, string provinceCode)
    {
        using var client = await Actors.PageClientAsync(app, actor);
        var page = await GetPageAsync(client, "/programmes");

        using var response = await SubmitAsync(client, FormNamed(page, "programme"), "/programmes", new Dictionary<string, string>
        {
            ["New.Code"] = "KT-PHAM-VI", ["New.Name"] = "", ["New.ProvinceCode"] = provinceCode, ["New.StartYear"] = "2026", ["New.EndYear"] = "2030",
        });

        var expected = Actors.MayChange(actor, national: provinceCode.Length == 0) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;
        Assert.Equal(expected, response.StatusCode);
    }
}
