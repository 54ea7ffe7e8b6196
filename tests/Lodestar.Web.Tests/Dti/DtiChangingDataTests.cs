using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>
/// DTI tests that change what the demo seeds (frameworks uploaded, published results imported, a year confirmed): a host
/// of their own, so the shared app stays as the demo seeds it.
/// </summary>
public sealed class DtiChangingDataTests(LodestarFactory app) : IClassFixture<LodestarFactory>
{
    private static MultipartFormDataContent Form(string code, string level, int first, int? last, byte[] bytes)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(code), "code" }, { new StringContent("Bộ chỉ số " + code), "name" }, { new StringContent(level), "level" },
            { new StringContent(first.ToString(System.Globalization.CultureInfo.InvariantCulture)), "firstYear" }, { new ByteArrayContent(bytes), "file", "bo-chi-so.xlsx" },
        };
        if (last is { } l)
        {
            form.Add(new StringContent(l.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lastYear");
        }

        return form;
    }

    private async Task<byte[]> ExportAsync(string code)
    {
        using var exported = await (await app.AdminClientAsync()).GetAsync(new Uri($"/dti/frameworks/{code}/export.xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        return await exported.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task EarlierCommuneFramework_RankingAndAssessmentPagesStillOpenOnTheFrameworkOfTheYear_AndAWrongYearIsAPage()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        using (var ok = await office.PostAsync(new Uri("/api/v1/dti/frameworks", UriKind.Relative), Form("LS-XA-2020", "Commune", 2020, 2021, await ExportAsync("LS-XA"))))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var pages = await app.SignInAsAdminAsync();
        var ranking = await GetPageAsync(pages, "/dti");
        Assert.Equal("LS-XA", ranking.QuerySelector("select[name=framework] option[selected]")!.GetAttribute("value"));
        Assert.NotNull(ranking.QuerySelector("#dti-ranking"));
        var assessments = await GetPageAsync(pages, "/dti/assessments");
        Assert.NotNull(assessments.QuerySelector("#assessments"));

        // A framework asked for a year it does not cover: a Vietnamese page that names the right one, not a bare problem document.
        foreach (var url in new[] { "/dti?framework=LS-XA-2020&year=2025", "/dti/assessments?framework=LS-XA-2020&year=2025" })
        {
            using var wrong = await pages.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
            Assert.Equal("text/html", wrong.Content.Headers.ContentType?.MediaType);
            var text = Text((await ParseAsync(wrong)).QuerySelector("[role=alert]")!);
            Assert.Contains("không áp dụng cho năm 2025", text, StringComparison.Ordinal);
            Assert.Contains("LS-XA", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ImportedResultAmongDemoRows_OnlyTheDemoRowsAreMarked()
    {
        var admin = await app.AdminClientAsync();
        var rows = (await GetOkAsync(admin, "/api/v1/dti/LS-XA/2026/ranking")).EnumerateArray().ToList();
        var real = Str(rows[0], "orgUnit");
        using (var imported = await admin.PostAsJsonAsync("/api/v1/dti/LS-XA/2026/published",
            new { results = new[] { new { orgUnit = real, rank = 1, score = 0.9, source = "Quyết định công bố kết quả (kiểm thử)" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        using var pages = await app.SignInAsAdminAsync();
        var page = await GetPageAsync(pages, "/dti?framework=LS-XA&year=2026");
        Assert.Contains("Các dòng có nhãn «minh họa»", Text(page.QuerySelector("#demo-notice")!), StringComparison.Ordinal);
        var marked = page.QuerySelectorAll("#dti-ranking tbody tr").ToDictionary(r => r.QuerySelector("a")!.GetAttribute("href")!.Split('/')[^1],
            r => r.QuerySelector(".badge.demo") is not null);
        Assert.False(marked[real]);
        Assert.True(marked.Count(m => m.Value) == marked.Count - 1, "every other row is demo data and marked");
    }

    [Fact]
    public async Task KeptRankingScoresAndMap_AnImportedResultChangesTheNextAnswer_AndEachScopeReadsItsOwn()
    {
        // 2026 is not confirmed, so an imported result replaces the unit's assessment (a confirmed year stays frozen). The
        // unit is the leader, as in ImportedResultAmongDemoRows, so either test may run first.
        var admin = await app.AdminClientAsync();
        var units = await app.DemoUnitsAsync();
        const string Ranking = "/api/v1/dti/LS-XA/2026/ranking";
        const string Scores = "/api/v1/dti/LS-XA/2026/scores?level=component";
        const string Map = "/api/v1/maps/values?layer=dti&unit=20&year=2026";
        var before = await GetOkAsync(admin, Ranking);
        Assert.Equal(before.ToString(), (await GetOkAsync(admin, Ranking)).ToString());
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        Assert.All((await GetOkAsync(officer, Ranking)).EnumerateArray(), r => Assert.Equal(units.Commune, Str(r, "orgUnit")));
        var first = Str(before.EnumerateArray().First(), "orgUnit");
        JsonElement Scored(JsonElement answer) => answer.GetProperty("units").EnumerateArray().Single(r => Str(r, "orgUnit") == first);
        double Drawn(JsonElement answer) => Items(answer).Single(v => Str(v, "code") == first).GetProperty("value").GetDouble();
        Assert.NotEqual(0.9999, Scored(await GetOkAsync(admin, Scores)).GetProperty("normalised").GetDouble());
        Assert.NotEqual(99.99, Drawn(await GetOkAsync(admin, Map)));

        using (var imported = await admin.PostAsJsonAsync("/api/v1/dti/LS-XA/2026/published",
            new { results = new[] { new { orgUnit = first, rank = 1, score = 0.9999, source = "Quyết định công bố kết quả (kiểm thử)" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        // The next reader of the ranking, the component scores and the map gets the published figure, not the kept answer.
        var after = (await GetOkAsync(admin, Ranking)).EnumerateArray().First();
        Assert.Equal((first, 0.9999), (Str(after, "orgUnit"), after.GetProperty("normalised").GetDouble()));
        Assert.Equal(0.9999, Scored(await GetOkAsync(admin, Scores)).GetProperty("normalised").GetDouble());
        Assert.Equal(99.99, Drawn(await GetOkAsync(admin, Map)), 1);
        Assert.All((await GetOkAsync(officer, Ranking)).EnumerateArray(), r => Assert.Equal(units.Commune, Str(r, "orgUnit")));
        Assert.Empty((await GetOkAsync(await Actors.ClientAsync(app, Actor.OtherProvinceOffice), Ranking)).EnumerateArray());
    }

    [Fact]
    public async Task NationalFramework_ItsOwnExportUploadsAgainAsANewVersion()
    {
        var admin = await app.AdminClientAsync();
        using (var ok = await admin.PostAsync(new Uri("/api/v1/dti/frameworks", UriKind.Relative), Form("P405-2027", "Province", 2027, null, await ExportAsync("P405"))))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        }

        var list = Items(await GetOkAsync(admin, "/api/v1/dti/frameworks")).ToList();
        var copy = Assert.Single(list, f => Str(f, "code") == "P405-2027");
        Assert.Equal((8, 8.0), (copy.GetProperty("mainIndexes").GetInt32(), copy.GetProperty("maxPoints").GetDouble()));
        Assert.Equal(2026, Assert.Single(list, f => Str(f, "code") == "P405").GetProperty("lastYear").GetInt32());
    }

    [Fact]
    public async Task CouncilConfirmsAYear_WithItsMeetingMembersAndDocument_ShownWithTheFrozenYear()
    {
        var council = await app.ClientForAsync(Roles.SteeringMember, "20");
        using (var click = await council.PostAsync(new Uri("/api/v1/dti/LS-SO/2026/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, click.StatusCode);
            var errors = (await ReadAsync(click))["errors"];
            Assert.Equal(["documentNumber", "documentDate", "meetingDate", "members", "signedBy"], errors.EnumerateObject().Select(e => e.Name));
        }

        // On the ranking page the council fills in the decision; posted empty, every missing part is listed and nothing is frozen.
        using (var member = await app.SignInAsync(await app.CreateUserAsync("dti.hoidong", Roles.SteeringMember, "20"), LodestarFactory.UserPassword))
        {
            var form = await GetPageAsync(member, "/dti?framework=LS-SO&year=2026");
            Assert.NotNull(form.QuerySelector("#confirm-year-form textarea[name='ConfirmYear.Members']"));
            // The signatory is found by name among the people of the province (a search field), not typed blind.
            Assert.Equal("/api/v1/people?pageSize=10&q=", form.QuerySelector("#confirm-year-form input#confirm-signer[name='ConfirmYear.SignedBy']")!.GetAttribute("data-search-url"));
            using var refused = await SubmitAsync(member, FormNamed(form, "confirm-year"), "/dti?framework=LS-SO&year=2026", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(5, (await ParseAsync(refused)).QuerySelectorAll("#year-problems li").Length);
        }

        // The council met three days ago and signed yesterday (dates in the past of the app's clock, whatever the year).
        var (signedOn, metOn) = (app.InDays(-1), app.InDays(-3));
        var decision = new
        {
            documentNumber = "31/QĐ-HĐTĐ", documentDate = signedOn, meetingDate = metOn, signedBy = "Hoàng Minh Đức",
            members = new[] { "Hoàng Minh Đức — Chủ tịch Hội đồng", "Lương Thị Hạnh — Phó Chủ tịch Hội đồng", "Vi Văn Tâm — thành viên" },
        };
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        using (var notCouncil = await office.PostAsJsonAsync("/api/v1/dti/LS-SO/2026/confirm", decision))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notCouncil.StatusCode);
        }

        using (var confirmed = await council.PostAsJsonAsync("/api/v1/dti/LS-SO/2026/confirm", decision))
        {
            var body = await ReadAsync(confirmed);
            Assert.True(confirmed.StatusCode == HttpStatusCode.OK, body.Text);
            Assert.Equal(("31/QĐ-HĐTĐ", signedOn, metOn, "Hoàng Minh Đức", 3),
                (Str(body.Json, "documentNumber"), Str(body.Json, "documentDate"), Str(body.Json, "meetingDate"), Str(body.Json, "signedBy"), body["members"].GetArrayLength()));
        }

        var revision = Assert.Single((await GetOkAsync(office, "/api/v1/dti/LS-SO/2026/revisions")).EnumerateArray());
        Assert.Equal("31/QĐ-HĐTĐ", Str(revision, "documentNumber"));

        using var pages = await app.SignInAsAdminAsync();
        var page = await GetPageAsync(pages, "/dti?framework=LS-SO&year=2026");
        Assert.Contains($"theo văn bản số 31/QĐ-HĐTĐ ngày {Display(signedOn)} (phiên họp {Display(metOn)}, Hoàng Minh Đức ký;", Text(page.QuerySelector("#revisions h2")!), StringComparison.Ordinal);
        Assert.Contains("Lương Thị Hạnh — Phó Chủ tịch Hội đồng", Text(page.QuerySelector("#council-members")!), StringComparison.Ordinal);

        // A revision names its document too.
        using var noDocument = await office.PostAsJsonAsync("/api/v1/dti/LS-SO/2026/revise", new { reason = "Phúc khảo" });
        Assert.Equal(HttpStatusCode.BadRequest, noDocument.StatusCode);
        Assert.Equal(["documentNumber", "documentDate"], (await ReadAsync(noDocument))["errors"].EnumerateObject().Select(e => e.Name));
    }

    /// <summary>Every DTI endpoint names kinds, rules, levels, states, origins, reviews and roles as the other endpoints do: kebab-case words.</summary>
    [Fact]
    public async Task DtiApi_NamesEnumsInKebabCaseWords_LikeTheOtherEndpoints()
    {
        var admin = await app.AdminClientAsync();
        var nodes = (await GetOkAsync(admin, "/api/v1/dti/frameworks/LS-XA")).EnumerateArray().ToList();
        Assert.Contains(nodes, n => Str(n, "kind") == "group");
        Assert.Contains(nodes, n => Str(n, "kind") == "main");
        Assert.Contains(nodes, n => Str(n, "kind") == "component" && Str(n, "rule") == "relative-to-best");
        Assert.Contains(Items(await GetOkAsync(admin, "/api/v1/dti/frameworks")), f => Str(f, "level") == "commune");

        var scores = await GetOkAsync(admin, "/api/v1/dti/LS-XA/2026/scores?level=component");
        Assert.Equal("commune", Str(scores, "level"));
        var units = scores.GetProperty("units").EnumerateArray().ToList();
        Assert.Contains(units, u => Str(u, "state") == "reviewed");
        Assert.All(units, u => Assert.True(Str(u, "origin") is "self-assessment" or "published", Str(u, "origin")));
        Assert.All(units.SelectMany(u => u.GetProperty("mainIndexes").EnumerateArray()), n => Assert.Equal("component", Str(n, "kind")));
        var members = (await GetOkAsync(await app.ClientForAsync(Roles.DxOffice, "20"), "/api/v1/dti/committee?year=2025")).EnumerateArray().ToList();
        Assert.Contains(members, m => Str(m, "role") == "standing-deputy");
    }

    /// <summary>yyyy-MM-dd as the pages write it, dd/MM/yyyy.</summary>
    private static string Display(string iso) => Dates.TryParseIso(iso, out var d) ? d.ToDisplay() : iso;
}
