using System.Net;
using System.Text;
using System.Text.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>The org-unit endpoints as docs/api.md promises them, read by the national administrator.</summary>
[Collection(SharedApp.Name)]
public sealed class OrgUnitsApiTests(LodestarFactory app)
{
    private static readonly string[] ItemFields = ["code", "name", "fullName", "type", "level", "parentCode", "validFrom", "validTo"];

    [Fact]
    public async Task List_ProvincesToday_ReturnsItemsAndTotalWithDocumentedFields()
    {
        var client = await app.AdminClientAsync();

        var page = await GetOkAsync(client, "/api/v1/org-units?level=province");

        Assert.Equal(34, page.GetProperty("total").GetInt32());
        var items = Items(page).ToList();
        Assert.Equal(34, items.Count);
        foreach (var field in ItemFields)
        {
            Assert.True(items[0].TryGetProperty(field, out _), $"list item has no '{field}': {items[0]}");
        }

        var langSon = Assert.Single(items, i => Str(i, "code") == "20");
        Assert.Equal("Tỉnh Lạng Sơn", Str(langSon, "fullName"));
        Assert.Equal("province", Str(langSon, "level"));
        Assert.Equal(JsonValueKind.Null, langSon.GetProperty("parentCode").ValueKind);
    }

    [Fact]
    public async Task List_ProvincesBeforeReform_Returns63()
    {
        var client = await app.AdminClientAsync();

        var page = await GetOkAsync(client, "/api/v1/org-units?level=province&asOf=2025-06-30");

        Assert.Equal(63, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("lang son")]
    [InlineData("LẠNG SƠN")]
    [InlineData("Lạng Sơn (NFD)")]
    public async Task List_QueryIgnoringCaseAndDiacritics_FindsLangSon(string query)
    {
        var client = await app.AdminClientAsync();
        // The third case is the decomposed (NFD) form some keyboards and Mac file names produce.
        var q = query.EndsWith("(NFD)", StringComparison.Ordinal) ? "Lạng Sơn".Normalize(NormalizationForm.FormD) : query;

        var page = await GetOkAsync(client, $"/api/v1/org-units?level=province&q={Uri.EscapeDataString(q)}");

        Assert.Contains(Items(page), i => Str(i, "code") == "20");
    }

    [Fact]
    public async Task List_PageSizeOver1000_Returns400WithPageSizeError()
    {
        var client = await app.AdminClientAsync();

        var answer = await GetAsync(client, "/api/v1/org-units?pageSize=1001");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.True(answer["errors"].TryGetProperty("pageSize", out _), answer.Describe());
    }

    [Fact]
    public async Task List_SecondPage_ReturnsPageSizeItemsAndSameTotal()
    {
        var client = await app.AdminClientAsync();

        var first = await GetOkAsync(client, "/api/v1/org-units?level=commune&asOf=2025-07-01&page=1&pageSize=10");
        var second = await GetOkAsync(client, "/api/v1/org-units?level=commune&asOf=2025-07-01&page=2&pageSize=10");

        Assert.Equal(10, Items(second).Count());
        Assert.Equal(first.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());
        Assert.True(second.GetProperty("total").GetInt32() > 3000);
        Assert.Empty(Items(first).Select(i => Str(i, "code")).Intersect(Items(second).Select(i => Str(i, "code"))));
    }

    [Fact]
    public async Task Get_ReusedCodeBeforeReform_IsTrucBachUnderBaDinhDistrict()
    {
        var client = await app.AdminClientAsync();

        var unit = await GetOkAsync(client, "/api/v1/org-units/00004?asOf=2025-06-30");

        Assert.Equal("Phường Trúc Bạch", Str(unit, "fullName"));
        var parents = unit.GetProperty("parents").EnumerateArray().Select(p => Str(p, "name")).ToList();
        Assert.Equal(["Thành phố Hà Nội", "Quận Ba Đình"], parents);
        Assert.Equal("001", Str(unit, "parentCode"));
    }

    [Fact]
    public async Task Get_ReusedCodeFromReform_IsNewBaDinhWard()
    {
        var client = await app.AdminClientAsync();

        var unit = await GetOkAsync(client, "/api/v1/org-units/00004?asOf=2025-07-01");

        Assert.Equal("Phường Ba Đình", Str(unit, "fullName"));
        Assert.Equal("2025-07-01", Str(unit, "validFrom"));
        Assert.Equal(["Thành phố Hà Nội"], unit.GetProperty("parents").EnumerateArray().Select(p => Str(p, "name")));
    }

    [Fact]
    public async Task Lineage_NewBaDinh_HasTenPredecessorsTwoFull()
    {
        var client = await app.AdminClientAsync();

        var lineage = await GetOkAsync(client, "/api/v1/org-units/00004/lineage?asOf=2025-07-01");

        var predecessors = lineage.GetProperty("predecessors").EnumerateArray().ToList();
        Assert.Equal(10, predecessors.Count);
        var full = predecessors.Where(p => Str(p, "mergeType") == "full").Select(p => Str(p, "name")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Phường Quán Thánh", "Phường Trúc Bạch"], full);
        Assert.Equal(8, predecessors.Count(p => Str(p, "mergeType") == "partial"));
        Assert.All(predecessors, p => Assert.Equal("2025-07-01", Str(p, "effective")));
        Assert.Contains(predecessors, p => Str(p, "code") == "00004" && Str(p, "name") == "Phường Trúc Bạch");
    }

    [Fact]
    public async Task Lineage_OldBinhPhuoc_SuccessorIsDongNaiFull()
    {
        var client = await app.AdminClientAsync();

        var lineage = await GetOkAsync(client, "/api/v1/org-units/70/lineage?asOf=2025-06-30");

        var successor = Assert.Single(lineage.GetProperty("successors").EnumerateArray());
        Assert.Equal("75", Str(successor, "code"));
        Assert.Equal("Tỉnh Đồng Nai", Str(successor, "name"));
        Assert.Equal("full", Str(successor, "mergeType"));
    }

    [Fact]
    public async Task Head_LangSonBeforeAndAfterHandover_DiffersWithIsoDates()
    {
        var client = await app.AdminClientAsync();

        var before = await GetOkAsync(client, "/api/v1/org-units/20/head?asOf=2026-01-01");
        var after = await GetOkAsync(client, "/api/v1/org-units/20/head?asOf=2026-06-01");

        Assert.NotEqual(Str(before, "person"), Str(after, "person"));
        Assert.Equal("Chủ tịch Ủy ban nhân dân tỉnh", Str(before, "position"));
        Assert.Equal("2026-03-15", Str(before, "to"));
        Assert.Equal("2026-03-16", Str(after, "from"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Str(before, "from"));
    }

    [Fact]
    public async Task Get_MonthThirteen_Returns400ProblemWithAsOfError()
    {
        var client = await app.AdminClientAsync();

        var answer = await GetAsync(client, "/api/v1/org-units/20?asOf=2025-13-01");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.True(answer["errors"].TryGetProperty("asOf", out var messages), answer.Describe());
        Assert.Contains("yyyy-MM-dd", messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownCode_Returns404ProblemInVietnameseByDefault()
    {
        var client = await app.AdminClientAsync();

        var answer = await GetAsync(client, "/api/v1/org-units/99999");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(404, answer["status"].GetInt32());
        Assert.Equal("Không tìm thấy", Str(answer.Json, "title"));
        Assert.StartsWith("Không có đơn vị mã 99999", Str(answer.Json, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownCodeAcceptLanguageEn_Returns404ProblemInEnglish()
    {
        var client = await app.AdminClientAsync();

        var answer = await GetAsync(client, "/api/v1/org-units/99999", acceptLanguage: "en");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal("Not found", Str(answer.Json, "title"));
        Assert.StartsWith("No unit has code 99999", Str(answer.Json, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BadDateAcceptLanguageEn_ErrorInEnglish()
    {
        var client = await app.AdminClientAsync();

        var vi = await GetAsync(client, "/api/v1/org-units?asOf=2025-13-01");
        var en = await GetAsync(client, "/api/v1/org-units?asOf=2025-13-01", acceptLanguage: "en");

        Assert.Contains("không phải ngày", vi["errors"].GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("is not a date", en["errors"].GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/org-units")]
    [InlineData("/api/v1/org-units/20")]
    [InlineData("/api/v1/audit")]
    public async Task Api_Anonymous_Returns401NotRedirect(string url)
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        var answer = await GetAsync(client, url);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Null(answer.Location);
    }
}
