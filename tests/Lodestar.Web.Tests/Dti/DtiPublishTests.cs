using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>
/// DTI results a DX office can publish (issue 16), on the demo: the province's national history is imported published
/// results (2024 P922: 0.5105, rank 31 of 63; 2025 P405: 0.5630, rank 27 of 34, no other province stored), and the
/// commune framework's 2024 and 2025 were confirmed by the council.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class DtiPublishTests(LodestarFactory app)
{
    private const string Province = "/api/v1/dti/P405/2025/units/20/explain";

    [Fact]
    public async Task ProvinceWithoutPeers_ExplainAndPageAnswer_AndSaySoInBothLanguages()
    {
        var client = await app.AdminClientAsync();
        var e = await GetOkAsync(client, Province);
        Assert.Empty(e.GetProperty("peerMedian").EnumerateObject());

        using var page = await app.SignInAsAdminAsync();
        var html = await GetPageAsync(page, "/dti/P405/2025/units/20");
        Assert.Equal("Không có đơn vị nào cùng nhóm để so sánh: trung vị nhóm để trống.", Text(html.QuerySelector("#no-peers")!));
        Assert.All(html.QuerySelectorAll("#dti-mains tbody tr"), row => Assert.Equal("—", Text(row.QuerySelectorAll("td")[3])));
        using (await page.GetAsync(new Uri("/lang/en?returnUrl=/", UriKind.Relative)))
        {
        }

        var english = await GetPageAsync(page, "/dti/P405/2025/units/20");
        Assert.Equal("There are no peers to compare with: the peer median is left empty.", Text(english.QuerySelector("#no-peers")!));
    }

    [Fact]
    public async Task ImportedPublishedResult_IsExplainedOnTheIndex_RankOutOf34_NoWhatIf()
    {
        var client = await app.AdminClientAsync();
        var e = await GetOkAsync(client, Province, "en");
        Assert.Equal("index", Str(e, "scale"));
        Assert.Equal((27, 34, 31), (e.GetProperty("rank").GetInt32(), e.GetProperty("rankedAmong").GetInt32(), e.GetProperty("rankBefore").GetInt32()));

        // 0.5630 − 0.5105 = 0.0525, on the index: no points, no breakdown, nothing to raise.
        Assert.Equal((0.5105, 0.0525), (e.GetProperty("totalBefore").GetDouble(), e.GetProperty("change").GetDouble()));
        Assert.Empty(e.GetProperty("mainIndexes").EnumerateArray());
        Assert.Empty(e.GetProperty("whatIfToMax").EnumerateArray());
        Assert.StartsWith("Lạng Sơn rose from rank 31 to 27; index +0.0525 (0.5105 → 0.5630) (the 0–1 index of the published results", Str(e, "sentence"), StringComparison.Ordinal);

        var vi = await GetOkAsync(client, Province, "vi");
        Assert.StartsWith("Lạng Sơn tăng từ hạng 31 lên hạng 27; chỉ số +0,0525 (0,5105 → 0,5630) (chỉ số 0–1 theo kết quả công bố", Str(vi, "sentence"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicPortal_ShowsTheProvinceRankOutOfTheProvincesRanked()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var unit = await GetPageAsync(anonymous, "/cong-khai/dti/don-vi/20");
        var cells = unit.QuerySelectorAll("#unit-history tbody tr").Select(r => (Text(r.QuerySelectorAll("td")[0]), Text(r.QuerySelectorAll("td")[2]))).ToList();
        Assert.Contains(("2025", "27/34"), cells);
        Assert.Contains(("2024", "31/63"), cells);

        var year = await GetPageAsync(anonymous, "/cong-khai/dti/P405/2025");
        Assert.StartsWith("Thứ hạng trên 34 đơn vị được xếp hạng; bảng gồm 1 đơn vị", Text(year.QuerySelector("#ranking caption")!), StringComparison.Ordinal);
        var json = await GetOkAsync(anonymous, "/api/v1/public/rankings/P405/2025");
        Assert.Equal(34, json.GetProperty("units")[0].GetProperty("rankedAmong").GetInt32());
    }

    [Fact]
    public async Task ConfirmedYear_IsFrozen_RevisionsNeedAReasonAndAChange()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        var council = await app.ClientForAsync(Roles.SteeringMember, "20");
        var scores = await GetOkAsync(office, "/api/v1/dti/LS-XA/2025/scores");
        Assert.Equal(1, scores.GetProperty("revision").GetInt32());
        var revision = Assert.Single((await GetOkAsync(office, "/api/v1/dti/LS-XA/2025/revisions")).EnumerateArray());
        Assert.Equal(1, revision.GetProperty("revision").GetInt32());

        using (var again = await council.PostAsync(new Uri("/api/v1/dti/LS-XA/2025/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        using (var notCouncil = await office.PostAsync(new Uri("/api/v1/dti/LS-XA/2025/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notCouncil.StatusCode);
        }

        using (var noReason = await office.PostAsJsonAsync("/api/v1/dti/LS-XA/2025/revise", new { reason = "", documentNumber = "21/QĐ-HĐTĐ", documentDate = "2026-03-30" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("lý do", (await ReadAsync(noReason)).Text, StringComparison.Ordinal);
        }

        using (var nothing = await office.PostAsJsonAsync("/api/v1/dti/LS-XA/2025/revise", new { reason = "Tính lại", documentNumber = "21/QĐ-HĐTĐ", documentDate = "2026-03-30" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
            Assert.Contains("không có gì để sửa đổi", (await ReadAsync(nothing)).Text, StringComparison.Ordinal);
        }

        // The ranking page says the figures are frozen, and offers the office a revision with its reason.
        using var page = await app.SignInAsAdminAsync();
        var html = await GetPageAsync(page, "/dti?framework=LS-XA&year=2025");
        Assert.Contains("đã được Hội đồng xác nhận", Text(html.QuerySelector("#revisions h2")!), StringComparison.Ordinal);
        Assert.NotNull(html.QuerySelector("#revise-form textarea[name='Revise.Reason']"));
        using var refused = await SubmitAsync(page, FormNamed(html, "revise"), "/dti?framework=LS-XA&year=2025", new Dictionary<string, string> { ["Revise.Reason"] = " ", ["Revise.DocumentNumber"] = "21/QĐ-HĐTĐ", ["Revise.DocumentDate"] = "2026-03-30" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Cần nêu lý do sửa đổi kết quả đã được Hội đồng xác nhận.", Text((await ParseAsync(refused)).QuerySelector("#year-problems li")!));
    }

    /// <summary>The portal says which decision of the council the published figures rest on (the demo's 2025 communes: 22/QĐ-HĐTĐ).</summary>
    [Fact]
    public async Task PublishedYear_NamesTheCouncilsDecision()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var page = await GetPageAsync(anonymous, "/cong-khai/dti/LS-XA/2025");
        Assert.StartsWith("Xác nhận bởi Hội đồng thẩm định (văn bản số 22/QĐ-HĐTĐ ngày ", Text(page.QuerySelector("#council-decision")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_OfTheFirstUnit_SaysItKeepsItsRank_NotThatItRisesToIt()
    {
        var client = await app.AdminClientAsync();
        var first = Str((await GetOkAsync(client, "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray().First(), "orgUnit");
        var e = await GetOkAsync(client, $"/api/v1/dti/LS-XA/2025/units/{first}/explain", "en");
        Assert.Equal(1, e.GetProperty("rank").GetInt32());
        Assert.Equal(1, e.GetProperty("whatIfToMax")[0].GetProperty("rankAfter").GetInt32());
        Assert.DoesNotContain("would lift the unit to rank 1", Str(e, "sentence"), StringComparison.Ordinal);
        Assert.Contains("the unit would keep rank 1.", Str(e, "sentence"), StringComparison.Ordinal);

        var vi = Str(await GetOkAsync(client, $"/api/v1/dti/LS-XA/2025/units/{first}/explain", "vi"), "sentence");
        Assert.DoesNotContain("sẽ đưa đơn vị lên hạng 1", vi, StringComparison.Ordinal);
        Assert.Contains("đơn vị vẫn giữ hạng 1.", vi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicPortal_ShowsARankOrScoreThePublicationDidNotPrint_AsMissing_NeverZero()
    {
        var admin = await app.AdminClientAsync();
        const string source = "Báo cáo DTI 2023 (test cổng công khai)";
        using (var imported = await admin.PostAsJsonAsync("/api/v1/dti/P922/2023/published", new
        {
            results = new object[] {
            new { name = "Tỉnh Hà Giang", rank = 12, source }, new { name = "Tỉnh Kon Tum", score = 0.42, source } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        using (var published = await admin.PostAsJsonAsync("/api/v1/publishing", new { kind = "dti", key = "P922/2023", note = "Công bố bảng 2023 (test)" }))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var year = await GetPageAsync(anonymous, "/cong-khai/dti/P922/2023");
        var cells = year.QuerySelectorAll("#ranking tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).ToDictionary(r => r[1], r => (r[0], r[2], r[3]));
        Assert.Equal(("12/63", "—", "—"), cells["Hà Giang"]);
        Assert.Equal(("— (không công bố)", "0,4200", "—"), cells["Kon Tum"]);

        var units = (await GetOkAsync(anonymous, "/api/v1/public/rankings/P922/2023")).GetProperty("units").EnumerateArray().ToDictionary(u => Str(u, "unitCode"));
        Assert.Equal(JsonValueKind.Null, units["02"].GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, units["62"].GetProperty("rank").ValueKind);
        Assert.Equal(0.42, units["62"].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Explanation_OfAYearWhoseIndexWasNotPrinted_SaysSo_AndComparesOnlyTheRanks_NotWithZero()
    {
        var admin = await app.AdminClientAsync();
        const string source = "Báo cáo DTI (test giải thích)";
        foreach (var (year, row) in new[] { (2022, (object)new { orgUnit = "15", rank = 20, score = 0.45, source }), (2023, new { orgUnit = "15", rank = 18, source }) })
        {
            using var imported = await admin.PostAsJsonAsync($"/api/v1/dti/P922/{year}/published", new { results = new[] { row } });
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        // 2023 printed rank 18 without an index: not "0.4500 → 0.0000, −0.45".
        var e = await GetOkAsync(admin, "/api/v1/dti/P922/2023/units/15/explain", "vi");
        Assert.Equal(("index", 18, 20), (Str(e, "scale"), e.GetProperty("rank").GetInt32(), e.GetProperty("rankBefore").GetInt32()));
        Assert.Equal((JsonValueKind.Null, 0.45, JsonValueKind.Null), (e.GetProperty("total").ValueKind, e.GetProperty("totalBefore").GetDouble(), e.GetProperty("change").ValueKind));
        Assert.StartsWith("Yên Bái tăng từ hạng 20 lên hạng 18; chỉ số năm 2023 không được công bố, nên chỉ so sánh thứ hạng", Str(e, "sentence"), StringComparison.Ordinal);
        Assert.DoesNotContain("0,0000", Str(e, "sentence"), StringComparison.Ordinal);
        var en = await GetOkAsync(admin, "/api/v1/dti/P922/2023/units/15/explain", "en");
        Assert.StartsWith("Yên Bái rose from rank 20 to 18; the 2023 index was not published, so only the ranks are compared", Str(en, "sentence"), StringComparison.Ordinal);
    }
}
