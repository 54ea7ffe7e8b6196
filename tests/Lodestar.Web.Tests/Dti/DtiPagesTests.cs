using System.Net;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Dti;

/// <summary>The self-assessment, review, confirmation and publication on pages; the steering committee pages; filters of the API.</summary>
[Collection(SharedApp.Name)]
public sealed class DtiPagesTests(LodestarFactory app)
{
    /// <summary>Two communes the demo leaves in draft for the current year (every fifth in code order), not used by other tests.</summary>
    private async Task<(string Mine, string Other)> DraftCommunesAsync()
    {
        var codes = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray()
            .Select(r => Str(r, "orgUnit")).Order(StringComparer.Ordinal).ToList();
        return (codes[20], codes[25]);
    }

    [Fact]
    public async Task RankingPage_AProvincesCommunesFitOnOnePage_AsTheApiListsThem()
    {
        // The ranking page shows 200 units a page (the country's 3,321 communes are 17 pages, bench/RESULTS.md); a
        // province's communes are one table without a pager, in the API's order.
        var codes = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray().Select(r => Str(r, "orgUnit")).ToList();
        using var pages = await app.SignInAsAdminAsync();
        var page = await GetPageAsync(pages, "/dti?framework=LS-XA&year=2025");
        Assert.Equal(codes, page.QuerySelectorAll("#dti-ranking tbody tr").Select(r => r.QuerySelector("a")!.GetAttribute("href")!.Split('/')[^1]));
        Assert.Null(page.QuerySelector("nav.pager"));

        // "As today's units" sends its checkbox's value: the page reads it (it once answered 500 to its own form).
        var asToday = page.QuerySelector("#as-today")!.GetAttribute("value");
        var today = await GetPageAsync(pages, $"/dti?framework=LS-XA&year=2025&today={asToday}");
        Assert.NotNull(today.QuerySelector("#as-today[checked]"));
    }

    [Fact]
    public async Task Commune_FillsWithEvidence_OfficeReviews_CouncilConfirms_OfficePublishes_AllOnPages()
    {
        var (mine, other) = await DraftCommunesAsync();
        var url = $"/dti/LS-XA/2026/units/{mine}/assessment";
        var api = $"/api/v1/dti/LS-XA/2026/units/{mine}/self-assessment";
        var admin = await app.AdminClientAsync();
        var before = await GetOkAsync(admin, api);

        // Another commune's officer sees neither the page nor the draft.
        var strangerName = await app.CreateUserAsync("dti.xa.khac", Roles.ReportingOfficer, other);
        using var stranger = await app.SignInAsync(strangerName, LodestarFactory.UserPassword);
        using (var denied = await stranger.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var officerName = await app.CreateUserAsync("dti.xa.cb", Roles.ReportingOfficer, mine);
        using var officer = await app.SignInAsync(officerName, LodestarFactory.UserPassword);
        var page = await GetPageAsync(officer, url);
        Assert.Contains("Bản nháp", Text(page.QuerySelector("#assessment-state")!), StringComparison.Ordinal);

        // Bad inputs are named and nothing is saved: a word for a number, a claimed score without its justification.
        using (var bad = await SubmitAsync(officer, FormNamed(page, "fill"), url, new Dictionary<string, string> { ["a.1.2"] = "bốn", ["Fill.Submit"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("1.2: 'bốn' không phải là số", Text((await ParseAsync(bad)).QuerySelector("#assessment-problems")!), StringComparison.Ordinal);
        }

        using (var bad = await SubmitAsync(officer, FormNamed(page, "fill"), url, new Dictionary<string, string> { ["a.1.2"] = "4", ["a.6.2"] = "30", ["n.6.2"] = "", ["Fill.Submit"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var text = Text((await ParseAsync(bad)).QuerySelector("#assessment-problems")!);
            Assert.Contains("(6.2): điểm tự chấm 30 vượt điểm tối đa 25", text, StringComparison.Ordinal);
        }

        Assert.Equal(before.ToString(), (await GetOkAsync(admin, api)).ToString());

        // Evidence: an executable is refused by name, a PDF is kept on its item.
        using (var exe = await DtiEvidence.AttachAsync(officer, url, "1.2", "virus.exe", [0x4d, 0x5a, 1]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
            Assert.Contains("Tệp 'virus.exe': chỉ nhận PDF", Text((await ParseAsync(exe)).QuerySelector("#assessment-problems")!), StringComparison.Ordinal);
        }

        using (var pdf = await DtiEvidence.AttachAsync(officer, url, "1.2", "thong-bao-ket-luan.pdf", "%PDF-1.4 thông báo"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Redirect, pdf.StatusCode);
        }

        page = await GetPageAsync(officer, url);
        var link = Assert.Single(page.QuerySelectorAll("#item-1\\.2 a[href^='/dti/evidence/']"));
        Assert.Equal("thong-bao-ket-luan.pdf", Text(link));
        var evidenceUrl = link.GetAttribute("href")!;
        using (var download = await officer.GetAsync(new Uri(evidenceUrl, UriKind.Relative)))
        {
            Assert.Equal("%PDF-1.4 thông báo", await download.Content.ReadAsStringAsync());
        }

        using (var notYours = await stranger.GetAsync(new Uri(evidenceUrl, UriKind.Relative)))
        {
            // Answered as a file that does not exist: trying identifiers reveals nothing.
            Assert.Equal(HttpStatusCode.NotFound, notYours.StatusCode);
        }

        using (var ok = await SubmitAsync(officer, FormNamed(page, "fill"), url, new Dictionary<string, string>
        {
            ["a.1.2"] = "4", ["n.1.2"] = "4 thông báo kết luận", ["a.6.2"] = "20,5", ["n.6.2"] = "Mô hình chợ 4.0", ["Fill.Submit"] = "true",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var submitted = await GetOkAsync(admin, api);
        Assert.Equal("submitted", Str(submitted, "state"));
        Assert.Equal(20.5, submitted.GetProperty("items").EnumerateArray().Single(i => Str(i, "node") == "6.2").GetProperty("a").GetDouble());

        // The DX office adjusts one item with a reason and accepts the rest.
        var officeName = await app.CreateUserAsync("dti.vp.cds", Roles.DxOffice, "20");
        using var office = await app.SignInAsync(officeName, LodestarFactory.UserPassword);
        var review = await GetPageAsync(office, url);
        using (var noReason = await SubmitAsync(office, FormNamed(review, "review"), url, new Dictionary<string, string> { ["d.1.2"] = "adjust", ["va.1.2"] = "3" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("(1.2): điều chỉnh hoặc trả lại phải nêu lý do", Text((await ParseAsync(noReason)).QuerySelector("#assessment-problems")!), StringComparison.Ordinal);
        }

        using (var reviewed = await SubmitAsync(office, FormNamed(review, "review"), url, new Dictionary<string, string>
        {
            ["d.1.2"] = "adjust", ["va.1.2"] = "3", ["r.1.2"] = "Một thông báo không đúng hạn", ["Review.AcceptRest"] = "true",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        }

        Assert.Equal("reviewed", Str(await GetOkAsync(admin, api), "state"));
        Assert.Null((await GetPageAsync(office, url)).QuerySelector("#confirm")); // the office cannot confirm

        // The council alone confirms; then the office publishes.
        var councilName = await app.CreateUserAsync("dti.hd.td", Roles.SteeringMember, "20");
        using var council = await app.SignInAsync(councilName, LodestarFactory.UserPassword);
        Assert.Null((await GetPageAsync(officer, url)).QuerySelector("#decide-form"));
        using (var confirmed = await SubmitAsync(council, FormNamed(await GetPageAsync(council, url), "decide"), url, new Dictionary<string, string> { ["Decide.Action"] = "confirm" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }

        Assert.Equal("confirmed", Str(await GetOkAsync(admin, api), "state"));
        using (var published = await SubmitAsync(office, FormNamed(await GetPageAsync(office, url), "decide"), url, new Dictionary<string, string> { ["Decide.Action"] = "publish" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        var final = await GetOkAsync(admin, api);
        Assert.Equal("published", Str(final, "state"));
        var meetings = final.GetProperty("items").EnumerateArray().Single(i => Str(i, "node") == "1.2");
        Assert.Equal(("adjusted", 3.0), (Str(meetings, "review"), meetings.GetProperty("verifiedA").GetDouble()));
        Assert.Contains("thong-bao-ket-luan.pdf", meetings.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));

        // Locked: no more form for the unit.
        Assert.Null((await GetPageAsync(officer, url)).QuerySelector("#fill-form"));
    }

    [Fact]
    public async Task Committee_IndexFields_FindIndexesByName_OnlyOfTheReadersProvince()
    {
        using var office = await app.SignInAsync(await app.CreateUserAsync("bcd.vp.timchiso", Roles.DxOffice, "20"), LodestarFactory.UserPassword);
        var page = await GetPageAsync(office, "/dti/committee?year=2025&framework=LS-XA");
        var add = page.QuerySelector("#add-owns[name='Add.Owns']")!;
        Assert.Equal("/api/v1/dti/indexes?pageSize=10&q=", add.GetAttribute("data-search-url"));
        Assert.Equal("true", add.GetAttribute("data-search-multiple"));
        Assert.Equal("Phụ trách các chỉ số (cách nhau dấu phẩy)", Text(page.QuerySelector("label[for='add-owns']")!));
        Assert.All(page.QuerySelectorAll("input[name='Edit.Owns']"), e => Assert.Equal("/api/v1/dti/indexes?pageSize=10&q=", e.GetAttribute("data-search-url")));

        // Found by its code, then by its name typed without accents; the key is what the field posts.
        var index = Assert.Single(Items(await GetOkAsync(office, "/api/v1/dti/indexes?q=LS-XA:6.2")), i => Str(i, "key") == "LS-XA:6.2");
        var name = Str(index, "name");
        Assert.NotEqual(TextFold.Fold(name), name.ToLowerInvariant());
        Assert.Contains("LS-XA:6.2", Items(await GetOkAsync(office, $"/api/v1/dti/indexes?q={Uri.EscapeDataString(TextFold.Fold(name))}")).Select(i => Str(i, "key")));

        // A reader of another province finds the national frameworks' indexes, never Lạng Sơn's.
        using var other = await app.SignInAsync(await app.CreateUserAsync("bcd.hn.xem", Roles.Viewer, await app.OtherProvinceCommuneAsync()), LodestarFactory.UserPassword);
        Assert.DoesNotContain(Items(await GetOkAsync(other, "/api/v1/dti/indexes?q=LS-XA")), i => Str(i, "framework").StartsWith("LS-", StringComparison.Ordinal));
        Assert.NotEmpty(Items(await GetOkAsync(other, "/api/v1/dti/indexes?pageSize=5")));
    }

    [Fact]
    public async Task Committee_ShowsOwnersAndGaps_MemberPageScores_AndNamedErrorsOnManagement()
    {
        var officeName = await app.CreateUserAsync("bcd.vp.cds", Roles.DxOffice, "20");
        using var office = await app.SignInAsync(officeName, LodestarFactory.UserPassword);
        var page = await GetPageAsync(office, "/dti/committee?year=2025&framework=LS-XA");
        Assert.Contains("Trưởng ban", Text(page.QuerySelector("#committee-members")!), StringComparison.Ordinal);
        Assert.Contains("gap", page.QuerySelector("#node-6-2")!.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("gap", page.QuerySelector("#node-5")!.ClassName ?? "", StringComparison.Ordinal); // covered by its components
        Assert.Contains("2 chỉ số chưa có người phụ trách", Text(page.QuerySelector("#gap-summary")!), StringComparison.Ordinal);

        using (var bad = await SubmitAsync(office, FormNamed(page, "add"), "/dti/committee?year=2025&framework=LS-XA", new Dictionary<string, string> { ["Add.Owns"] = "LS-XA:6.2; LS-XA:9.9", ["Add.Role"] = "Member" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("'LS-XA:9.9': không có chỉ số này", Text((await ParseAsync(bad)).QuerySelector("#committee-problems")!), StringComparison.Ordinal);
        }

        // The chair of the province is already a member (the first position listed).
        using (var twice = await SubmitAsync(office, FormNamed(page, "add"), "/dti/committee?year=2025&framework=LS-XA", new Dictionary<string, string>
        {
            ["Add.Owns"] = "LS-XA:6.2", ["Add.Role"] = "Member", ["Add.PositionId"] = page.QuerySelector("#add-position option")!.GetAttribute("value")!,
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
            var text = Text((await ParseAsync(twice)).QuerySelector("#committee-problems")!);
            Assert.True(text.Contains("đã là thành viên Ban Chỉ đạo", StringComparison.Ordinal), text);
        }

        // The API another feature (meetings) reads: members, owned indexes and their scores.
        var members = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/committee?year=2025")).EnumerateArray().ToList();
        var head = Assert.Single(members, m => Str(m, "role") == "head");
        Assert.Equal("Trưởng ban", Str(head, "roleName"));
        var owned = head.GetProperty("owns").EnumerateArray().Single(o => Str(o, "framework") == "LS-XA" && Str(o, "code") == "1");
        Assert.InRange(owned.GetProperty("score").GetDouble(), 0, 1);
        Assert.Equal(3, owned.GetProperty("laggards").GetArrayLength());

        var member = await GetPageAsync(office, $"/dti/committee/{head.GetProperty("id").GetInt32()}?year=2025");
        Assert.Contains("Chỉ số yếu nhất", Text(member.QuerySelector("#member-sentence")!), StringComparison.Ordinal);
        Assert.Equal(3, member.QuerySelectorAll("#member-indexes thead th.num").Length - 1);

        // Someone outside the DX office sees the committee but no forms.
        var viewerName = await app.CreateUserAsync("bcd.xem", Roles.Viewer, "20");
        using var viewer = await app.SignInAsync(viewerName, LodestarFactory.UserPassword);
        Assert.Null((await GetPageAsync(viewer, "/dti/committee")).QuerySelector("#add-member"));
    }

    [Fact]
    public async Task Scores_FilterByPeerGroupAndLevel_AndSayWhichRuleDerivedLastYear()
    {
        var client = await app.AdminClientAsync();
        var wards = (await GetOkAsync(client, "/api/v1/dti/LS-XA/2025/ranking?peerGroup=phuong")).EnumerateArray().ToList();
        Assert.NotEmpty(wards);
        Assert.All(wards, w => Assert.Equal("Phường", Str(w, "peerGroup")));
        Assert.Equal(1, wards[0].GetProperty("rank").GetInt32());

        var scores = await GetOkAsync(client, "/api/v1/dti/LS-XA/2025/scores?level=component");
        var unit = scores.GetProperty("units")[0];
        Assert.Equal(13, unit.GetProperty("mainIndexes").GetArrayLength());
        Assert.StartsWith("suy ra: trung bình của", Str(unit, "derivedBefore"), StringComparison.Ordinal);

        var bad = await GetAsync(client, "/api/v1/dti/LS-XA/2025/scores?level=tinh", "en");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        var none = await GetAsync(client, "/api/v1/dti/LS-XA/2025/ranking?peerGroup=dac-khu", "en");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);

        var e = await GetOkAsync(client, $"/api/v1/dti/LS-XA/2025/units/{Str(unit, "orgUnit")}/explain", "en");
        Assert.Contains("derived: mean of", Str(e, "sentence"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrameworkUpload_BadRowsNamedBySheetAndRow_NothingChanges_AGoodOneIsANewVersion()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        using var exported = await (await app.AdminClientAsync()).GetAsync(new Uri("/dti/frameworks/LS-SO/export.xlsx", UriKind.Relative));
        var good = await exported.Content.ReadAsByteArrayAsync();

        async Task<HttpResponseMessage> UploadAsync(HttpClient client, string code, byte[] bytes) =>
            await client.PostAsync(new Uri("/api/v1/dti/frameworks", UriKind.Relative), new MultipartFormDataContent
            {
                { new StringContent(code), "code" }, { new StringContent("Bộ chỉ số các sở 2027"), "name" }, { new StringContent("Agency"), "level" },
                { new StringContent("2027"), "firstYear" }, { new ByteArrayContent(bytes), "file", "bo-chi-so.xlsx" },
            });

        // A sheet whose maximum is a word: the sheet and row are named, nothing is created.
        var sheet = Lodestar.Spreadsheets.XlsxReader.Read(new MemoryStream(good)).Value![0];
        var broken = new Lodestar.Spreadsheets.XlsxSheet(sheet.Name, [.. Lodestar.Dti.DtiSheets.Headers.Select(h => new Lodestar.Spreadsheets.XlsxColumn(h))]);
        foreach (var r in sheet.Rows.Skip(1))
        {
            broken.Add([.. Enumerable.Range(0, 9).Select(i => (object?)(r.Number == 3 && i == 2 ? "sáu mươi" : r[i]))]);
        }

        var bad = Lodestar.Spreadsheets.XlsxWriter.Write(broken);
        using (var refused = await UploadAsync(office, "LS-SO-2027", bad))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"Trang '{sheet.Name}', Dòng 3: điểm tối đa 'sáu mươi'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var list = Items(await GetOkAsync(office, "/api/v1/dti/frameworks")).ToList();
        Assert.DoesNotContain(list, f => Str(f, "code") == "LS-SO-2027");
        Assert.True(Assert.Single(list, f => Str(f, "code") == "LS-SO").GetProperty("lastYear").ValueKind == System.Text.Json.JsonValueKind.Null);

        using (var viewer = await UploadAsync(await app.ClientForAsync(Roles.UnitHead, "20"), "LS-SO-2027", good))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        }

        using (var ok = await UploadAsync(office, "LS-SO-2027", good))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        list = Items(await GetOkAsync(office, "/api/v1/dti/frameworks")).ToList();
        Assert.Equal(200, Assert.Single(list, f => Str(f, "code") == "LS-SO-2027").GetProperty("maxPoints").GetDouble());
        Assert.Equal(2026, Assert.Single(list, f => Str(f, "code") == "LS-SO").GetProperty("lastYear").GetInt32());
    }
}
