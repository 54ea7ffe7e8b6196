using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>
/// Issue 15, items 2, 7 and 13: the DTI functions check scope, not only the role. Each write is sent so that it would
/// fail validation (nothing is changed): an allowed account gets 400, a refused one 403. Lạng Sơn's frameworks belong
/// to its DX office; national ones to administrators.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class DtiScopeTests(LodestarFactory app)
{
    public enum Write
    {
        ImportPublishedOfProvince,
        ImportPublishedNational,
        UploadCommuneFramework,
        UploadNationalFramework,
        PublishAssessment,
        Review,
    }

    public static TheoryData<Write, Actor> Matrix()
    {
        var data = new TheoryData<Write, Actor>();
        foreach (var write in Enum.GetValues<Write>())
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                data.Add(write, actor);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task DtiWrite_OnlyTheOwnersOffice_ElseForbidden(Write write, Actor actor)
    {
        var units = await app.DemoUnitsAsync();
        var client = await Actors.ClientAsync(app, actor);
        var national = write is Write.ImportPublishedNational or Write.UploadNationalFramework;
        // A commune's DX office never reviews its own commune (separation of duties), whatever it manages.
        var expected = Actors.MayChange(actor, national) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;

        using var response = write switch
        {
            Write.ImportPublishedOfProvince => await client.PostAsJsonAsync("/api/v1/dti/LS-XA/2025/published", new { results = Array.Empty<object>() }),
            Write.ImportPublishedNational => await client.PostAsJsonAsync("/api/v1/dti/P405/2025/published", new { results = Array.Empty<object>() }),
            Write.UploadCommuneFramework => await client.PostAsync(new Uri("/api/v1/dti/frameworks", UriKind.Relative), Upload("Commune")),
            Write.UploadNationalFramework => await client.PostAsync(new Uri("/api/v1/dti/frameworks", UriKind.Relative), Upload("Province")),
            Write.PublishAssessment => await client.PostAsync(new Uri($"/api/v1/dti/LS-XA/2031/units/{units.Commune}/publish", UriKind.Relative), null),
            Write.Review => await client.PostAsJsonAsync($"/api/v1/dti/LS-XA/2031/units/{units.Commune}/review", new { items = Array.Empty<object>() }),
            _ => throw new ArgumentOutOfRangeException(nameof(write)),
        };

        var answer = await ReadAsync(response);
        Assert.True(answer.Status == expected, $"{actor} {write}: expected {(int)expected}, got {answer.Describe()}");
    }

    // No file: an allowed upload stops at "choose the file"; nothing is imported.
    private static MultipartFormDataContent Upload(string level) => new()
    {
        { new StringContent("KT-PHAM-VI"), "code" }, { new StringContent("Kiểm thử phạm vi"), "name" }, { new StringContent(level), "level" },
        { new StringContent("2031"), "firstYear" },
    };

    [Fact]
    public async Task Review_OfItsOwnCommune_IsRefusedWithTheReason()
    {
        var units = await app.DemoUnitsAsync();
        var office = await Actors.ClientAsync(app, Actor.CommuneOffice);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dti/LS-XA/2031/units/{units.Commune}/review") { Content = JsonContent.Create(new { items = Array.Empty<object>() }) };
        request.Headers.AcceptLanguage.ParseAdd("en");

        var answer = await ReadAsync(await office.SendAsync(request));

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("may not review your own unit", Str(answer.Json, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_ByWhoeverSubmittedIt_IsRefused()
    {
        // The province's DX office may fill in and submit a commune's self-assessment; another officer reviews it.
        var units = await app.DemoUnitsAsync();
        var url = $"/api/v1/dti/LS-XA/2027/units/{units.OtherCommune}";
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        using (var submitted = await office.PutAsJsonAsync(url + "/self-assessment", new { items = new object[] { new { node = "1.2", a = 2 } }, submit = true }))
        {
            Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/review") { Content = JsonContent.Create(new { items = new object[] { new { node = "1.2", decision = "accept" } } }) };
        request.Headers.AcceptLanguage.ParseAdd("vi");
        var own = await ReadAsync(await office.SendAsync(request));
        Assert.Equal(HttpStatusCode.Forbidden, own.Status);
        Assert.Contains("Người nộp bản tự đánh giá không được tự thẩm tra", Str(own.Json, "detail"), StringComparison.Ordinal);

        using var other = await (await app.AdminClientAsync()).PostAsJsonAsync(url + "/review", new { items = new object[] { new { node = "1.2", decision = "accept" } } });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Scores_Ranking_AndExplanations_StayInsideTheReadersScope()
    {
        var units = await app.DemoUnitsAsync();
        var all = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray().Select(r => Str(r, "orgUnit")).ToList();
        Assert.True(all.Count > 2, "the demo scores Lạng Sơn's communes");
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        var stranger = await Actors.ClientAsync(app, Actor.OtherProvinceOffice);

        var own = (await GetOkAsync(officer, "/api/v1/dti/LS-XA/2025/scores?level=component")).GetProperty("units").EnumerateArray().Select(u => Str(u, "orgUnit")).ToList();
        Assert.All(own, code => Assert.Equal(units.Commune, code));
        Assert.Empty((await GetOkAsync(stranger, "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray());
        Assert.Equal(all.Count, (await GetOkAsync(await Actors.ClientAsync(app, Actor.ProvinceOffice), "/api/v1/dti/LS-XA/2025/ranking")).GetArrayLength());

        var other = all.First(c => c != units.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(officer, $"/api/v1/dti/LS-XA/2025/units/{other}/explain")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(stranger, $"/api/v1/dti/LS-XA/2025/units/{other}/explain")).Status);

        using var page = await app.SignInAsync(LodestarFactory.UserNameFor(Roles.ReportingOfficer, units.Commune), LodestarFactory.UserPassword);
        using var explained = await page.GetAsync(new Uri($"/dti/LS-XA/2025/units/{other}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, explained.StatusCode);
        var ranking = await GetPageAsync(page, "/dti?framework=LS-XA&year=2025");
        Assert.DoesNotContain(ranking.QuerySelectorAll("a[href^='/dti/LS-XA/2025/units/']"), a => !a.GetAttribute("href")!.EndsWith("/" + units.Commune, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    [InlineData(Actor.Admin)]
    public async Task RankingPage_OffersTheFrameworkUpload_OnlyToWhoeverMayAddOne(Actor actor)
    {
        using var page = await Actors.PageClientAsync(app, actor);

        var ranking = await GetPageAsync(page, "/dti?framework=LS-XA&year=2025");

        Assert.Equal(actor is Actor.ProvinceOffice or Actor.Admin, ranking.QuerySelector("#upload-framework") is not null);
    }

    [Theory]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    public async Task Committee_IsEditedOnlyByItsProvincesOffice_AndReadOnlyInsideTheProvince(Actor actor)
    {
        var members = await GetOkAsync(await Actors.ClientAsync(app, actor), "/api/v1/dti/committee?year=2025");
        Assert.Equal(actor != Actor.OtherProvinceOffice, members.GetArrayLength() > 0);

        using var page = await Actors.PageClientAsync(app, actor);
        var committee = await GetPageAsync(page, "/dti/committee?year=2025");
        Assert.Equal(actor == Actor.ProvinceOffice, committee.QuerySelector("#add-member") is not null);
    }
}
