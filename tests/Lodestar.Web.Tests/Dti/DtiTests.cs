using System.Net;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>DTI frameworks, scores, ranking and explanations through the API and the pages, on the demo province.</summary>
[Collection(SharedApp.Name)]
public sealed class DtiTests(LodestarFactory app)
{
    [Fact]
    public async Task Scores_OnePageAtATime_InRankOrder_CountingThemAll()
    {
        var admin = await app.AdminClientAsync();
        var all = await GetOkAsync(admin, "/api/v1/dti/LS-XA/2025/scores?level=component");
        var codes = all.GetProperty("units").EnumerateArray().Select(u => Str(u, "orgUnit")).ToList();
        Assert.True(codes.Count > 20, "the demo scores Lạng Sơn's communes");
        Assert.Equal(codes.Count, all.GetProperty("count").GetInt32());

        var second = await GetOkAsync(admin, "/api/v1/dti/LS-XA/2025/scores?level=component&page=2&pageSize=10");
        Assert.Equal(codes.Skip(10).Take(10), second.GetProperty("units").EnumerateArray().Select(u => Str(u, "orgUnit")));
        Assert.Equal(codes.Count, second.GetProperty("count").GetInt32());
        Assert.Equal(all.GetProperty("units")[10].ToString(), second.GetProperty("units")[0].ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(admin, "/api/v1/dti/LS-XA/2025/scores?pageSize=1001")).Status);
    }

    [Fact]
    public async Task Frameworks_ListBothNationalVersionsAndTheProvinceOwn()
    {
        var client = await app.AdminClientAsync();
        var list = Items(await GetOkAsync(client, "/api/v1/dti/frameworks")).ToList();
        var p922 = Assert.Single(list, f => Str(f, "code") == "P922");
        Assert.Equal(2024, p922.GetProperty("lastYear").GetInt32());
        Assert.Equal(1000, p922.GetProperty("maxPoints").GetDouble());
        Assert.Contains("QĐ 922", Str(p922, "version"), StringComparison.Ordinal);
        Assert.Equal(8, Assert.Single(list, f => Str(f, "code") == "P405").GetProperty("mainIndexes").GetInt32());
        Assert.Equal(300, Assert.Single(list, f => Str(f, "code") == "LS-XA").GetProperty("maxPoints").GetDouble());
    }

    [Fact]
    public async Task Ranking_TiesShareRanks_AndAFrameworkOutsideItsYearsNamesTheRightOne()
    {
        var client = await app.AdminClientAsync();
        var rows = (await GetOkAsync(client, "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray().ToList();
        Assert.Equal(65, rows.Count);
        Assert.Equal(1, rows[0].GetProperty("rank").GetInt32());
        for (var i = 1; i < rows.Count; i++)
        {
            var (a, b) = (rows[i - 1], rows[i]);
            var tied = a.GetProperty("normalised").GetDouble() == b.GetProperty("normalised").GetDouble();
            Assert.Equal(tied ? a.GetProperty("rank").GetInt32() : i + 1, b.GetProperty("rank").GetInt32());
        }

        var wrong = await GetAsync(client, "/api/v1/dti/P922/2025/scores", "en");
        Assert.Equal(HttpStatusCode.NotFound, wrong.Status);
        Assert.Contains("2025 uses P405", wrong["detail"].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ContributionsAddUpToTheChange_AndWhatIfNeverLowersTheRank()
    {
        var client = await app.AdminClientAsync();
        var scores = await GetOkAsync(client, "/api/v1/dti/LS-XA/2025/scores");
        var unit = scores.GetProperty("units")[10];
        var code = Str(unit, "orgUnit");
        var e = await GetOkAsync(client, $"/api/v1/dti/LS-XA/2025/units/{code}/explain", "en");

        var change = e.GetProperty("change").GetDouble();
        // Each figure is rounded to two decimals in the answer: the sums agree within rounding.
        Assert.Equal(change, e.GetProperty("mainIndexes").EnumerateArray().Sum(c => c.GetProperty("change").GetDouble()), tolerance: 0.05);
        Assert.Equal(change, e.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("change").GetDouble()), tolerance: 0.05);
        var rank = e.GetProperty("rank").GetInt32();
        Assert.All(e.GetProperty("whatIfToMax").EnumerateArray(), w => Assert.True(w.GetProperty("rankAfter").GetInt32() <= rank));
        Assert.Contains("total", Str(e, "sentence"), StringComparison.Ordinal);
        Assert.Equal(6, e.GetProperty("peerMedian").EnumerateObject().Count());
    }

    [Fact]
    public async Task Pages_ShowTheRankingAndAUnitWithItsCharts()
    {
        using var client = await app.SignInAsAdminAsync();
        var ranking = await GetPageAsync(client, "/dti?framework=LS-XA&year=2025");
        var rows = ranking.QuerySelectorAll("#dti-ranking tbody tr").ToList();
        Assert.Equal(65, rows.Count);
        Assert.Contains("dữ liệu minh họa", Text(ranking.QuerySelector(".notice")!), StringComparison.Ordinal);
        var link = rows[5].QuerySelector("a")!.GetAttribute("href")!;

        var unit = await GetPageAsync(client, link);
        Assert.NotNull(unit.QuerySelector("#dti-radar"));
        Assert.NotNull(unit.QuerySelector("script[src='/lib/chartjs/chart.umd.min.js']"));
        Assert.Contains("tổng điểm", Text(unit.QuerySelector("#dti-sentence")!), StringComparison.Ordinal);
        Assert.Equal(6, unit.QuerySelectorAll("#dti-mains tbody tr").Length);

        using var workbook = await client.GetAsync(new Uri(ranking.QuerySelector("a[href$='export.xlsx']")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
        var sheet = Assert.Single(Lodestar.Spreadsheets.XlsxReader.Read(await workbook.Content.ReadAsStreamAsync()).Value!);
        Assert.Equal("STT", sheet.Rows[0][0]);
        Assert.Equal(22, sheet.Rows.Count); // headers + the 21 nodes of LS-XA

        using var missing = await client.GetAsync(new Uri("/dti?framework=P922&year=2026", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
