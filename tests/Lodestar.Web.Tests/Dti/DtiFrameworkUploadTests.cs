using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>
/// Framework uploads that change which frameworks exist (an earlier commune version, a national round trip): a host of their
/// own, so the shared app's frameworks stay as the demo seeds them.
/// </summary>
public sealed class DtiFrameworkUploadTests(LodestarFactory app) : IClassFixture<LodestarFactory>
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
    public async Task FrameworkApi_NamesKindsAndRulesInWords()
    {
        var nodes = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/frameworks/LS-XA")).EnumerateArray().ToList();
        Assert.Contains(nodes, n => Str(n, "kind") == "group");
        Assert.Contains(nodes, n => Str(n, "kind") == "main");
        Assert.Contains(nodes, n => Str(n, "kind") == "component" && Str(n, "rule") == "relative-to-best");
    }
}
