using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>
/// Importing what the ministry publishes (issue 16, items 6, 7, 10, 12, 13): rows as printed, units named as the
/// publication names them in its year, and the self-assessment of a unit found by code and year. National frameworks
/// are imported by the administrator; each test uses a year or unit no other test reads.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class DtiImportTests(LodestarFactory app)
{
    private static JsonElement Unit(JsonElement scores, string code) =>
        scores.GetProperty("units").EnumerateArray().Single(u => Str(u, "orgUnit") == code);

    [Fact]
    public async Task SelfAssessment_OfAPreReformCommune_IsFoundByCodeAndYear()
    {
        // The demo assessed the communes of 2024 as they were; the reform gave many of their codes to new communes.
        var admin = await app.AdminClientAsync();
        var ranked = (await GetOkAsync(admin, "/api/v1/dti/LS-XA/2024/scores")).GetProperty("units").EnumerateArray().Select(u => Str(u, "orgUnit")).ToList();
        Assert.NotEmpty(ranked);
        foreach (var code in ranked)
        {
            var answer = await GetAsync(admin, $"/api/v1/dti/LS-XA/2024/units/{code}/self-assessment");
            Assert.True(answer.Status == HttpStatusCode.OK, $"2024 self-assessment of {code}: {answer.Status}");
            Assert.Equal(code, Str(answer.Json, "orgUnit"));
        }
    }

    [Fact]
    public async Task PublishedMainIndexes_OfAMainIndexWithComponents_AreRefusedWithAMessage_NotDropped()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        var scores = await GetOkAsync(office, "/api/v1/dti/LS-XA/2025/scores");
        var unit = scores.GetProperty("units")[0];
        var main = Str(unit.GetProperty("mainIndexes")[0], "code");
        using var refused = await office.PostAsJsonAsync("/api/v1/dti/LS-XA/2026/published", new
        {
            results = new object[] {
            new { orgUnit = Str(unit, "orgUnit"), rank = 1, score = 0.8, mainIndexes = new Dictionary<string, double> { [main] = 0.9 }, source = "Bảng xếp hạng (test)" } }
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("results[1].mainIndexes", text, StringComparison.Ordinal);
        Assert.Contains($"chỉ số chính '{main}' có chỉ số thành phần", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedRanking_KeepsWhatIsPrinted_RankAlone_ScoreAlone_Both_AndASharedRange()
    {
        var admin = await app.AdminClientAsync();
        const string source = "Báo cáo DTI 2022 (test)";
        using (var ok = await admin.PostAsJsonAsync("/api/v1/dti/P922/2022/published", new
        {
            results = new object[] {
            new { orgUnit = "01", rank = 1, score = 0.6512, source },
            new { orgUnit = "79", rank = 2, source },
            new { orgUnit = "31", score = 0.5, source },
            new { orgUnit = "48", rank = 32, rankTo = 34, source },
            new { orgUnit = "92", rank = 32, rankTo = 34, source } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var scores = await GetOkAsync(admin, "/api/v1/dti/P922/2022/scores");
        static (int?, int?, double?) Printed(JsonElement u) => (
            u.GetProperty("rank").ValueKind == JsonValueKind.Null ? null : u.GetProperty("rank").GetInt32(),
            u.GetProperty("rankTo").ValueKind == JsonValueKind.Null ? null : u.GetProperty("rankTo").GetInt32(),
            u.GetProperty("normalised").ValueKind == JsonValueKind.Null ? null : u.GetProperty("normalised").GetDouble());
        Assert.Equal((1, null, 0.6512), Printed(Unit(scores, "01")));
        Assert.Equal((2, null, null), Printed(Unit(scores, "79")));
        Assert.Equal((null, null, 0.5), Printed(Unit(scores, "31")));
        Assert.Equal((32, 34, null), Printed(Unit(scores, "48")));
        Assert.Equal((32, 34, null), Printed(Unit(scores, "92")));

        using var page = await app.SignInAsAdminAsync();
        var html = await GetPageAsync(page, "/dti?framework=P922&year=2022");
        var rows = html.QuerySelectorAll("#dti-ranking tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).ToList();
        var cells = rows.ToDictionary(r => r[2], r => (Rank: r[0], Index: r[^2]));
        Assert.Equal(("32–34", "—"), cells["Đà Nẵng"]);
        Assert.Equal(("2", "—"), cells["Hồ Chí Minh"]);
        Assert.Equal(("—", "0,5000"), cells["Hải Phòng"]);

        // The unit page: rank as printed out of the 63 provinces ranked, and no index where none was printed.
        var daNang = (await GetPageAsync(page, "/dti/P922/2022/units/48")).QuerySelectorAll("dl.facts dd").Select(Text).ToList();
        Assert.Equal(("32–34/63", "—"), (daNang[0], daNang[2]));
    }

    [Fact]
    public async Task PublishedRows_NamedAsInTheirYear_ResolveToTheUnitsOfThatYear_AndAnUnknownNameIsNamed()
    {
        var admin = await app.AdminClientAsync();
        const string source = "Báo cáo DTI 2023 (test)";
        using (var bad = await admin.PostAsJsonAsync("/api/v1/dti/P922/2023/published", new
        {
            results = new object[] {
            new { name = "Tỉnh Bình Phước", rank = 40, source }, new { name = "Tỉnh Đông Nai Mới", rank = 41, source } }
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var text = await bad.Content.ReadAsStringAsync();
            Assert.Contains("results[2].name", text, StringComparison.Ordinal);
            Assert.Contains("Dòng 2, đơn vị: không có đơn vị tên 'Tỉnh Đông Nai Mới'", text, StringComparison.Ordinal);
            Assert.DoesNotContain("results[1]", text, StringComparison.Ordinal);
        }

        // Bình Phước merged into Đồng Nai in 2025, which kept code 75: in 2023 each is itself, by its name of the time.
        using (var ok = await admin.PostAsJsonAsync("/api/v1/dti/P922/2023/published", new
        {
            results = new object[] {
            new { name = "Tỉnh Bình Phước", rank = 40, source }, new { name = "DONG NAI", rank = 41, source } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var scores = await GetOkAsync(admin, "/api/v1/dti/P922/2023/scores");
        Assert.Equal(("Bình Phước", 40), (Str(Unit(scores, "70"), "name"), Unit(scores, "70").GetProperty("rank").GetInt32()));
        Assert.Equal(("Đồng Nai", 41), (Str(Unit(scores, "75"), "name"), Unit(scores, "75").GetProperty("rank").GetInt32()));
    }

    [Fact]
    public async Task PublishedRow_WithANameTwoUnitsShared_IsRefusedAskingForTheCode()
    {
        // Lạng Sơn had two communes named Chiến Thắng in 2024: the name alone cannot say which.
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        using var refused = await office.PostAsJsonAsync("/api/v1/dti/LS-XA/2024/published", new
        {
            results = new object[] {
            new { name = "Xã Chiến Thắng", rank = 1, source = "Bảng xếp hạng (test)" } }
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("results[1].name", text, StringComparison.Ordinal);
        Assert.Contains("Dòng 1, đơn vị: tên 'Xã Chiến Thắng' trùng 2 đơn vị", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPage_PreviewsPastedRows_StoresNothingUntilConfirmed_AndNamesBadRowsAndFields()
    {
        const string url = "/dti/P922/2022/published";
        var admin = await app.AdminClientAsync();
        static bool Stored(JsonElement scores, string code) => scores.GetProperty("units").EnumerateArray().Any(u => Str(u, "orgUnit") == code);

        using var page = await app.SignInAsAdminAsync();
        var form = FormNamed(await GetPageAsync(page, url), "preview-import");
        using (var bad = await SubmitAsync(page, form, url, new Dictionary<string, string>
        {
            ["Preview.Text"] = "Hạng\tTên\tĐiểm\tNguồn\n5\tTỉnh Cao Bằng\t1,7\tBáo cáo 2022\n6\tTỉnh Không Có\t\tBáo cáo 2022\n"
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problems = (await ParseAsync(bad)).QuerySelectorAll("#import-problems li").Select(Text).ToList();
            Assert.Contains("Dòng 2, điểm: điểm 1.7 phải từ 0 đến 1.", problems);
            Assert.Contains("Dòng 3, đơn vị: không có đơn vị tên 'Tỉnh Không Có' cùng cấp bộ chỉ số ngày 31/12/2022.", problems);
        }

        using (var previewed = await SubmitAsync(page, form, url, new Dictionary<string, string>
        {
            ["Preview.Text"] = "Hạng\tTên\tĐiểm\tNguồn\n5\tTỉnh Cao Bằng\t0,61\tBáo cáo 2022\n60–62\tbac kan\t\tBáo cáo 2022\n"
        }))
        {
            Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
            var preview = await ParseAsync(previewed);
            var rows = preview.QuerySelectorAll("#preview-rows tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).ToList();
            Assert.Equal([["2", "04", "Cao Bằng", "5", "0,6100", "Báo cáo 2022"], ["3", "06", "Bắc Kạn", "60–62", "—", "Báo cáo 2022"]], rows);
            Assert.False(Stored(await GetOkAsync(admin, "/api/v1/dti/P922/2022/scores"), "04"), "a preview stores nothing");

            using var confirmed = await SubmitAsync(page, FormNamed(preview, "confirm-import"), url, new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.EndsWith(url + "?imported=2", confirmed.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var scores = await GetOkAsync(admin, "/api/v1/dti/P922/2022/scores");
        Assert.Equal((5, 0.61), (Unit(scores, "04").GetProperty("rank").GetInt32(), Unit(scores, "04").GetProperty("normalised").GetDouble()));
        Assert.Equal((60, 62, JsonValueKind.Null), (Unit(scores, "06").GetProperty("rank").GetInt32(), Unit(scores, "06").GetProperty("rankTo").GetInt32(),
            Unit(scores, "06").GetProperty("normalised").ValueKind));

        // The same check as the API: a province's DX office does not import a national framework's results.
        using var office = await app.SignInAsync(await app.CreateUserAsync("t.import.office", Roles.DxOffice, "20"), LodestarFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task PublishedRanks_OfAYearWithoutAFramework_AreImportedAndShown_WithoutAFramework()
    {
        var admin = await app.AdminClientAsync();
        var frameworks = (await GetOkAsync(admin, "/api/v1/dti/frameworks")).GetProperty("total").GetInt32();
        using (var ok = await admin.PostAsJsonAsync("/api/v1/dti/P922/2021/published", new
        {
            results = new object[] {
            new { name = "Tỉnh Lạng Sơn", rank = 16, source = "Báo cáo DTI 2021 (test)" } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var ranking = (await GetOkAsync(admin, "/api/v1/dti/P922/2021/published")).EnumerateArray().Single();
        Assert.Equal(("2021-12-31", 63), (Str(ranking, "unitsOn"), ranking.GetProperty("rankedAmong").GetInt32()));
        var langSon = ranking.GetProperty("units").EnumerateArray().Single();
        Assert.Equal(("20", 16, JsonValueKind.Null), (Str(langSon, "orgUnit"), langSon.GetProperty("rank").GetInt32(), langSon.GetProperty("normalised").ValueKind));
        Assert.Equal(frameworks, (await GetOkAsync(admin, "/api/v1/dti/frameworks")).GetProperty("total").GetInt32());

        // A year another version applies to is that version's: P922 does not take 2025 (P405).
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(admin, "/api/v1/dti/P922/2025/published")).Status);

        using var page = await app.SignInAsAdminAsync();
        var html = await GetPageAsync(page, "/dti?framework=P922&year=2021");
        Assert.Contains("Năm 2021 chưa có bộ chỉ số trong Lodestar", Text(html.QuerySelector("#no-framework")!), StringComparison.Ordinal);
        var row = html.QuerySelectorAll("#published-2021-12-31 tbody tr").Single().QuerySelectorAll("td").Select(Text).ToList();
        Assert.Equal(["16", "Lạng Sơn", "—", "Báo cáo DTI 2021 (test)"], row);
    }

    [Fact]
    public async Task Published2024_OnThe34ProvincesOf2025_IsShownNextToThe63_WithTheMergedProvincesNamed()
    {
        var admin = await app.AdminClientAsync();
        var before = await GetOkAsync(admin, "/api/v1/dti/P922/2024/ranking");
        const string source = "DTI 2024 tính lại cho 34 tỉnh, thành phố (test)";
        using (var ok = await admin.PostAsJsonAsync("/api/v1/dti/P922/2024/published", new
        {
            unitsOn = "2025-07-01", results = new object[] {
            new { name = "Đồng Nai", rank = 5, score = 0.55, source }, new { name = "Lạng Sơn", rank = 20, score = 0.5105, source } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The 63-province ranking of the year is unchanged; the 34-province table is listed beside it.
        Assert.Equal(before.ToString(), (await GetOkAsync(admin, "/api/v1/dti/P922/2024/ranking")).ToString());
        var ranking = (await GetOkAsync(admin, "/api/v1/dti/P922/2024/published")).EnumerateArray().Single();
        Assert.Equal(("2025-07-01", 34), (Str(ranking, "unitsOn"), ranking.GetProperty("rankedAmong").GetInt32()));
        Assert.Equal("suy ra: trung bình của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)",
            Str(ranking.GetProperty("units").EnumerateArray().Single(u => Str(u, "orgUnit") == "75"), "merged"));

        using var page = await app.SignInAsAdminAsync();
        var html = await GetPageAsync(page, "/dti?framework=P922&year=2024");
        Assert.NotNull(html.QuerySelector("#dti-ranking"));
        var rows = html.QuerySelectorAll("#published-2025-07-01 tbody tr").ToList();
        var dongNai = rows.Single(r => Text(r.QuerySelectorAll("td")[1]).StartsWith("Đồng Nai", StringComparison.Ordinal));
        Assert.Equal(["5", "0,5500", source], dongNai.QuerySelectorAll("td").Select(Text).Where((_, i) => i != 1));
        Assert.Equal("suy ra: trung bình của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)", Text(dongNai.QuerySelector("small.derived")!));
        Assert.Contains(["20", "Lạng Sơn", "0,5105", source], rows.Select(r => r.QuerySelectorAll("td").Select(Text).ToList()));
    }

    [Fact]
    public async Task ImportPage_ATableOnTheUnitsAfterTheMerger_IsPreviewedAsKeptAsPrinted_AndStoredBesideTheYear()
    {
        const string url = "/dti/P922/2024/published";
        using var page = await app.SignInAsAdminAsync();
        using var previewed = await SubmitAsync(page, FormNamed(await GetPageAsync(page, url), "preview-import"), url, new Dictionary<string, string>
        {
            ["Preview.Text"] = "Hạng\tTên\tĐiểm\tNguồn\n3\tAn Giang\t0,58\tBáo cáo 2024 trên 34 tỉnh (test trang)\n", ["Preview.UnitsOn"] = "2025-07-01"
        });
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var preview = await ParseAsync(previewed);
        Assert.StartsWith("Bảng xếp hạng năm 2024 trên đơn vị ngày 01/07/2025, giữ nguyên như công bố", Text(preview.QuerySelector("#preview-basis")!), StringComparison.Ordinal);

        using var confirmed = await SubmitAsync(page, FormNamed(preview, "confirm-import"), url, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var admin = await app.AdminClientAsync();
        var ranking = (await GetOkAsync(admin, "/api/v1/dti/P922/2024/published")).EnumerateArray().Single(r => Str(r, "unitsOn") == "2025-07-01");
        var anGiang = ranking.GetProperty("units").EnumerateArray().Single(u => Str(u, "name") == "An Giang");
        Assert.Equal((3, 0.58), (anGiang.GetProperty("rank").GetInt32(), anGiang.GetProperty("normalised").GetDouble()));
        Assert.StartsWith("suy ra: trung bình của 2 đơn vị trước sáp nhập", Str(anGiang, "merged"), StringComparison.Ordinal);
    }
}
