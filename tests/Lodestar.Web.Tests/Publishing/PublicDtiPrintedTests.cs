using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Publishing;

/// <summary>
/// Published rankings kept as printed (ADR 0012) on the portal and in its API: public only once the office publishes the year,
/// shown as printed with their source and basis; and the explanation of the year after a printed-only year. Uses 2020, which no
/// other test reads, and the 2021 → 2022 row of Lạng Sơn that <c>DtiImportTests</c> imports with the same figures.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PublicDtiPrintedTests(LodestarFactory app)
{
    [Fact]
    public async Task PrintedYear_IsPublicOnlyOncePublished_AndShownAsPrinted_WithItsSourceAndBasis()
    {
        var admin = await app.AdminClientAsync();
        const string source = "Báo cáo DTI 2020 (test công khai)";
        using (var ok = await admin.PostAsJsonAsync("/api/v1/dti/P922/2020/published", new
        {
            results = new object[] {
            new { name = "Hà Nội", rank = 1, score = 0.6512, source }, new { name = "Lạng Sơn", rank = 16, source },
            new { name = "Cao Bằng", rank = 32, rankTo = 34, source } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(anonymous, "/api/v1/public/rankings/P922/2020")).Status);

        // The office sees the year among what it decides on, though nothing of it is scored, and publishes it.
        var item = (await GetOkAsync(admin, "/api/v1/publishing")).EnumerateArray().Single(i => Str(i, "key") == "P922/2020");
        Assert.Equal((false, 0, 3), (item.GetProperty("published").GetBoolean(), item.GetProperty("confirmed").GetInt32(), item.GetProperty("printed").GetInt32()));
        using (var publish = await admin.PostAsJsonAsync("/api/v1/publishing", new { kind = "dti", key = "P922/2020" }))
        {
            Assert.True(publish.StatusCode == HttpStatusCode.OK, (await ReadAsync(publish)).Describe());
        }

        var listed = Items(await GetOkAsync(anonymous, "/api/v1/public/rankings")).Single(y => Str(y, "framework") == "P922" && y.GetProperty("year").GetInt32() == 2020);
        Assert.Equal((0, 1), (listed.GetProperty("units").GetInt32(), listed.GetProperty("printed").GetInt32()));

        var ranking = await GetOkAsync(anonymous, "/api/v1/public/rankings/P922/2020");
        Assert.Empty(ranking.GetProperty("units").EnumerateArray());
        var table = ranking.GetProperty("printed").EnumerateArray().Single();
        Assert.Equal(("2020-12-31", 63, "Bảng công bố của Bộ, trên 63 tỉnh"), (Str(table, "unitsOn"), table.GetProperty("rankedAmong").GetInt32(), Str(table, "label")));
        var rows = table.GetProperty("units").EnumerateArray().ToDictionary(u => Str(u, "unitName"));
        Assert.Equal(("1", 0.6512), (Str(rows["Hà Nội"], "rankText"), rows["Hà Nội"].GetProperty("score").GetDouble()));
        Assert.Equal((16, JsonValueKind.Null), (rows["Lạng Sơn"].GetProperty("rank").GetInt32(), rows["Lạng Sơn"].GetProperty("score").ValueKind));
        Assert.Equal(("32–34", 34), (Str(rows["Cao Bằng"], "rankText"), rows["Cao Bằng"].GetProperty("rankTo").GetInt32()));

        // The open dataset carries the printed rows as printed: no points, the shared range's end, the date of the units.
        using (var csv = await anonymous.GetAsync(new Uri("/api/v1/public/datasets/dti-rankings.utf8.csv?framework=P922&year=2020", UriKind.Relative)))
        {
            var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.EndsWith(",basis,units_on,rank_to", lines[0], StringComparison.Ordinal);
            var caoBang = Assert.Single(lines, l => l.Contains("Cao Bằng", StringComparison.Ordinal));
            Assert.Matches(@",32,63,,,,,(true|false),[^,]+,printed,2020-12-31,34$", caoBang);
        }

        var page = await GetPageAsync(anonymous, "/cong-khai/dti/P922/2020");
        Assert.Null(page.QuerySelector("#ranking"));
        Assert.Equal("Bảng công bố của Bộ, trên 63 tỉnh", Text(page.QuerySelector("#printed-0")!));
        var cells = page.QuerySelectorAll("table.printed-ranking tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).ToList();
        Assert.Equal([["1", "Hà Nội", "0,6512"], ["16", "Lạng Sơn", "—"], ["32–34", "Cao Bằng", "—"]], cells);

        // The unit's history has the printed year next to its scored ones, labelled with its source and basis.
        var history = (await GetPageAsync(anonymous, "/cong-khai/dti/don-vi/20")).QuerySelectorAll("#unit-history tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).Single(r => r[0] == "2020");
        Assert.Equal(["2020", "Bảng công bố của Bộ, trên 63 tỉnh", "16/63", "—", "—"], history);
    }

    [Fact]
    public async Task Explain_AYearAfterAPrintedOnlyYear_ComparesThePrintedRank()
    {
        var admin = await app.AdminClientAsync();
        using (var ok = await admin.PostAsJsonAsync("/api/v1/dti/P922/2021/published", new
        {
            results = new object[] {
            new { name = "Tỉnh Lạng Sơn", rank = 16, source = "Báo cáo DTI 2021 (test)" } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var e = await GetOkAsync(admin, "/api/v1/dti/P922/2022/units/20/explain", "vi");
        Assert.StartsWith("Lạng Sơn giảm từ hạng 16 xuống hạng 41; chỉ số năm 2021 không được công bố, nên chỉ so sánh thứ hạng", Str(e, "sentence"), StringComparison.Ordinal);
        Assert.Equal((16, "index", JsonValueKind.Null), (e.GetProperty("rankBefore").GetInt32(), Str(e, "scale"), e.GetProperty("totalBefore").ValueKind));

        // The unit page says the same.
        using var page = await app.SignInAsAdminAsync();
        var html = await GetPageAsync(page, "/dti/P922/2022/units/20");
        Assert.Contains("(năm trước 16)", Text(html.QuerySelector("dl.facts")!), StringComparison.Ordinal);
    }
}
