using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Reporting;

/// <summary>Reporting as served with the demo: my reports, the entry page's whole path with review, conflicts, uploads, the overview.</summary>
[Collection(SharedApp.Name)]
public sealed class ReportingPagesTests(LodestarFactory app)
{
    private const string Form = DemoReports.Form;

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>An editable (missing, draft or returned) commune report of the demo, a different one for each test.</summary>
    private async Task<(string Unit, string Period)> EditableReportAsync(int index)
    {
        var rows = await DemoReports.EditableAsync(app);
        Assert.True(rows.Count > index, $"the demo has at least {index + 1} editable commune reports (has {rows.Count})");
        return rows[index];
    }

    [Fact]
    public async Task Officer_FillsAndSubmits_ReviewerReturns_OfficerFixesAndResubmits_ReviewerApproves()
    {
        var (unit, period) = await EditableReportAsync(0);
        var officer = await app.CreateUserAsync("bao.cao.xa", Roles.ReportingOfficer, unit);
        using var client = await app.SignInAsync(officer, LodestarFactory.UserPassword);
        var url = $"/reports/{Form}/{unit}/{period}";

        var mine = await GetPageAsync(client, "/reports");
        Assert.Contains(mine.QuerySelectorAll("#reports-table a"), a => a.GetAttribute("href") == url);

        var page = await GetPageAsync(client, url);
        var values = await DemoReports.PlausibleValuesAsync(await app.ClientForAsync(Roles.Admin, null), unit, period);
        // Text in a number field: named, 400, nothing saved.
        using (var bad = await SubmitAsync(client, FormNamed(page, "report"), url, new Dictionary<string, string> { ["v.HH_TOTAL"] = "nhiều", ["Input.Submit"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("'nhiều' không phải là số", Text((await ParseAsync(bad)).QuerySelector("#report-problems")!), StringComparison.Ordinal);
        }

        var fields = values.ToDictionary(v => "v." + v.Key, v => v.Value.ToString("#,##0.##", Vi));
        fields["Input.Submit"] = "true";
        using (var ok = await SubmitAsync(client, FormNamed(page, "report"), url, fields))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        }

        var submitted = await GetPageAsync(client, url);
        Assert.Equal("đã nộp, chờ duyệt", Text(submitted.QuerySelector("#report-status")!));
        Assert.Empty(submitted.Forms.Where(f => f.QuerySelector("input[name=_handler]")?.GetAttribute("value") == "report").SelectMany(f => f.QuerySelectorAll("button")));

        // The DX office of the province returns it with a reason.
        var reviewer = await app.CreateUserAsync("duyet.bao.cao", Roles.DxOffice, DemoUnits.Province);
        using var dx = await app.SignInAsync(reviewer, LodestarFactory.UserPassword);
        var review = await GetPageAsync(dx, url);
        using (var noReason = await SubmitAsync(dx, FormNamed(review, "decide"), url, new Dictionary<string, string> { ["Decision.Action"] = "Return" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        using (await SubmitAsync(dx, FormNamed(review, "decide"), url, new Dictionary<string, string> { ["Decision.Action"] = "Return", ["Decision.Reason"] = "Số trường học chưa khớp với Phòng Giáo dục." }))
        {
        }

        var returned = await GetPageAsync(client, url);
        Assert.Contains("Số trường học chưa khớp với Phòng Giáo dục.", Text(returned.QuerySelector("#return-reason")!), StringComparison.Ordinal);
        using (var fix = await SubmitAsync(client, FormNamed(returned, "report"), url, new Dictionary<string, string>
        {
            ["v.SCH_DIGITAL"] = values["SCH_DIGITAL"].ToString("#,##0.##", Vi), ["c.SCH_DIGITAL"] = "Đã đối chiếu với Phòng Giáo dục", ["Input.Submit"] = "true",
        }))
        {
            Assert.True(fix.StatusCode == HttpStatusCode.Redirect, await fix.Content.ReadAsStringAsync());
        }

        var again = await GetPageAsync(dx, url);
        using (var approve = await SubmitAsync(dx, FormNamed(again, "decide"), url, new Dictionary<string, string> { ["Decision.Action"] = "Approve" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        }

        var done = await GetPageAsync(client, url);
        Assert.Equal("đã duyệt", Text(done.QuerySelector("#report-status")!));
        var steps = done.QuerySelectorAll("#events-table tbody tr").Select(r => Text(r.QuerySelectorAll("td")[2])).ToList();
        Assert.Equal(["Nộp", "Trả lại", "Nộp", "Duyệt"], steps.TakeLast(4));
    }

    [Fact]
    public async Task Api_TwoSavesFromTheSameVersion_TheSecondGets409AndIsNotSaved()
    {
        var (unit, period) = await EditableReportAsync(1);
        var client = await app.ClientForAsync(Roles.ReportingOfficer, unit);
        var report = await Api.GetOkAsync(client, $"/api/v1/reports/{Form}/{unit}/{period}");
        var version = report.GetProperty("version").GetInt32();

        using var first = await client.PutAsJsonAsync($"/api/v1/reports/{Form}/{unit}/{period}", new { version, submit = false, values = new[] { new { dataElement = "SCH_TOTAL", value = 7, comment = (string?)null } } });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await client.PutAsJsonAsync($"/api/v1/reports/{Form}/{unit}/{period}", new { version, submit = false, values = new[] { new { dataElement = "SCH_TOTAL", value = 9, comment = (string?)null } } });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("bạn nhập 9, đã lưu 7", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await Api.GetOkAsync(client, $"/api/v1/reports/{Form}/{unit}/{period}");
        Assert.Equal(7, after.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "SCH_TOTAL").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Template_IsTheUnitsWorkbook_AndABadUploadIsNamedAndSavesNothing()
    {
        var (unit, period) = await EditableReportAsync(2);
        var officer = await app.CreateUserAsync("excel.xa", Roles.ReportingOfficer, unit);
        using var client = await app.SignInAsync(officer, LodestarFactory.UserPassword);
        var url = $"/reports/{Form}/{unit}/{period}";

        using var template = await client.GetAsync(new Uri(url + "/template.xlsx", UriKind.Relative));
        Assert.Equal(XlsxWriter.ContentType, template.Content.Headers.ContentType?.MediaType);
        var sheet = XlsxReader.Read(await template.Content.ReadAsStreamAsync()).Value!.Single(s => s.Name == "BaoCao");
        Assert.All(sheet.Rows.Skip(1), r => Assert.Equal((Form, unit, period), (r[0], r[1], r[2])));
        var before = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/reports/{Form}/{unit}/{period}");

        var page = await GetPageAsync(client, url);
        var form = FormNamed(page, "upload");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent("upload"), "_handler" },
            { new StringContent("1"), "Upload.Go" },
            { new ByteArrayContent("Mã biểu mẫu,Mã đơn vị\n"u8.ToArray()), "file", "bao-cao.xlsx" },
        };
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("không phải là bảng tính Excel .xlsx hợp lệ", Text((await ParseAsync(response)).QuerySelector("#report-problems")!), StringComparison.Ordinal);
        var after = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/reports/{Form}/{unit}/{period}");
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Evidence_APdfIsAttachedAndDownloadable_AnExecutableIsRefusedByName()
    {
        var (unit, period) = await EditableReportAsync(3);
        var officer = await app.CreateUserAsync("minh.chung.xa", Roles.ReportingOfficer, unit);
        using var client = await app.SignInAsync(officer, LodestarFactory.UserPassword);
        var url = $"/reports/{Form}/{unit}/{period}";

        async Task<HttpResponseMessage> AttachAsync(string name, byte[] bytes, string type)
        {
            var page = await GetPageAsync(client, url);
            return await SubmitWithFilesAsync(client, FormNamed(page, "report"), url, new Dictionary<string, string> { ["Input.Attach"] = "true" }, "files", (name, type, bytes));
        }

        using (var exe = await AttachAsync("virus.exe", [0x4d, 0x5a, 1, 2], "application/octet-stream"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
            Assert.Contains("Tệp 'virus.exe': chỉ nhận PDF", Text((await ParseAsync(exe)).QuerySelector("#report-problems")!), StringComparison.Ordinal);
        }

        using (var pdf = await AttachAsync("bien-ban-quy.pdf", "%PDF-1.4 biên bản"u8.ToArray(), "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.Redirect, pdf.StatusCode);
        }

        var after = await GetPageAsync(client, url);
        var link = Assert.Single(after.QuerySelectorAll("#evidence-list a"));
        Assert.Equal("bien-ban-quy.pdf", Text(link));
        using var download = await client.GetAsync(new Uri(link.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal("%PDF-1.4 biên bản", await download.Content.ReadAsStringAsync());
        var stranger = await app.ClientForAsync(Roles.ReportingOfficer, (await app.DemoUnitsAsync()).OtherCommune);
        using var refused = await stranger.GetAsync(new Uri(link.GetAttribute("href")!, UriKind.Relative));
        using var missing = await stranger.GetAsync(new Uri("/reports/evidence/khong-co", UriKind.Relative));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (refused.StatusCode, missing.StatusCode));
        Assert.Equal(await DetailAsync(missing), await DetailAsync(refused)); // the same answer: which files exist stays unknown
    }

    [Fact]
    public async Task Attach_KeepsTheTypedValues_SavesThemAsTheDraftWithTheFile_OrShowsThemWithTheProblemAndAttachesNothing()
    {
        var (unit, period) = (await DemoReports.EditableAsync(app))[^9];
        var officer = await app.CreateUserAsync("dinh.kem.xa", Roles.ReportingOfficer, unit);
        using var client = await app.SignInAsync(officer, LodestarFactory.UserPassword);
        var url = $"/reports/{Form}/{unit}/{period}";
        var values = await DemoReports.PlausibleValuesAsync(await app.ClientForAsync(Roles.Admin, null), unit, period);
        var typed = values.ToDictionary(v => "v." + v.Key, v => v.Value.ToString("#,##0.##", Vi));
        var evidenceBefore = (await GetPageAsync(client, url)).QuerySelectorAll("#evidence-list li").Length;

        // An ambiguous number: nothing saved or attached, every typed value still in its field, the problem says how it reads
        // (a count, so only as a whole number).
        typed["v.SCH_TOTAL"] = "3029.5";
        typed["c.SCH_TOTAL"] = "ghi chú đang gõ";
        typed["Input.Attach"] = "true";
        using (var bad = await SubmitWithFilesAsync(client, FormNamed(await GetPageAsync(client, url), "report"), url, typed, "files", ("anh-hien-truong.png", "image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var page = await ParseAsync(bad);
            Assert.Contains("'3029.5' có dấu chấm: nếu là 30.295 hãy viết 30295.", Text(page.QuerySelector("#report-problems")!), StringComparison.Ordinal);
            Assert.Equal("3029.5", page.QuerySelector("#v-SCH_TOTAL")!.GetAttribute("value"));
            Assert.Equal("ghi chú đang gõ", page.QuerySelector("input[name='c.SCH_TOTAL']")!.GetAttribute("value"));
            Assert.Equal(typed["v.HH_TOTAL"], page.QuerySelector("#v-HH_TOTAL")!.GetAttribute("value"));
            Assert.Equal(evidenceBefore, page.QuerySelectorAll("#evidence-list li").Length);
        }

        // A count with a decimal part is refused the same way.
        typed["v.SCH_TOTAL"] = "12,5";
        using (var fraction = await SubmitWithFilesAsync(client, FormNamed(await GetPageAsync(client, url), "report"), url, typed, "files", ("anh-hien-truong.png", "image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, fraction.StatusCode);
            Assert.Contains("'12,5' có phần thập phân; ô này chỉ nhận số nguyên.", Text((await ParseAsync(fraction)).QuerySelector("#report-problems")!), StringComparison.Ordinal);
        }

        // Right values: "Đính kèm" saves them as the draft and adds the file.
        typed["v.SCH_TOTAL"] = values["SCH_TOTAL"].ToString("#,##0", Vi);
        using (var ok = await SubmitWithFilesAsync(client, FormNamed(await GetPageAsync(client, url), "report"), url, typed, "files", ("anh-hien-truong.png", "image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        }

        var after = await GetPageAsync(client, url);
        Assert.Equal(evidenceBefore + 1, after.QuerySelectorAll("#evidence-list li").Length);
        Assert.Equal("ghi chú đang gõ", after.QuerySelector("input[name='c.SCH_TOTAL']")!.GetAttribute("value"));
        var stored = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/reports/{Form}/{unit}/{period}");
        Assert.Equal("draft", stored.GetProperty("status").GetString()!.ToLowerInvariant());
        foreach (var field in stored.GetProperty("fields").EnumerateArray())
        {
            Assert.Equal(values[field.GetProperty("code").GetString()!], field.GetProperty("value").GetDouble());
            Assert.True(field.GetProperty("wholeNumbers").GetBoolean());
        }
    }

    [Fact]
    public async Task Api_ADecimalForACount_IsRefusedNamingTheField()
    {
        var (unit, period) = (await DemoReports.EditableAsync(app))[^10];
        var client = await app.ClientForAsync(Roles.ReportingOfficer, unit);
        var url = $"/api/v1/reports/{Form}/{unit}/{period}";
        var before = await Api.GetOkAsync(client, url);

        using var answer = await client.PutAsJsonAsync(url, new { version = before.GetProperty("version").GetInt32(), submit = false, values = new[] { new { dataElement = "HH_TOTAL", value = 1200.5, comment = (string?)null } } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("1.200,5 không phải số nguyên; chỉ tiêu này đếm hộ nên chỉ nhận số nguyên.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("version").GetInt32(), (await Api.GetOkAsync(client, url)).GetProperty("version").GetInt32());
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage answer) =>
        System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

    [Fact]
    public async Task BulkCsv_OnTheOverview_ImportsForAnAgency_ABadLineIsNamedAndSavesNothing()
    {
        var admin = await app.AdminClientAsync();
        var agency = (await Api.GetOkAsync(admin, "/api/v1/reports")).EnumerateArray()
            .First(r => Api.Str(r, "form") == "CDS-SO-NAM" && Api.Str(r, "status") is "missing" or "draft" or "returned");
        var unit = Api.Str(agency, "orgUnit");
        var period = Api.Str(agency, "period");
        var user = await app.CreateUserAsync("nhap.hang.loat", Roles.DxOffice, DemoUnits.Province);
        using var client = await app.SignInAsync(user, LodestarFactory.UserPassword);
        const string Header = "Mã biểu mẫu,Mã đơn vị,Kỳ,Mã chỉ tiêu,Chỉ tiêu,Đơn vị tính,Kỳ trước,Giá trị,Ghi chú\n";

        async Task<HttpResponseMessage> UploadAsync(string csv)
        {
            var page = await GetPageAsync(client, "/reports/overview");
            var form = FormNamed(page, "bulk");
            using var content = new MultipartFormDataContent
            {
                { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
                { new StringContent("bulk"), "_handler" },
                { new StringContent("1"), "Bulk.Go" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "so-lieu.csv" },
            };
            return await client.PostAsync(new Uri("/reports/overview", UriKind.Relative), content);
        }

        using (var bad = await UploadAsync(Header + $"CDS-SO-NAM,{unit},{period},DVC_ELIGIBLE,,,,120,\nCDS-SO-NAM,{unit},{period},DVC_L4,,,,\"mười\",\n"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Dòng 3, cột Giá trị: 'mười' không phải là số", Text((await ParseAsync(bad)).QuerySelector("#bulk-problems")!), StringComparison.Ordinal);
        }

        // A quote never closed is named by the line it opens on, not read into one long field.
        using (var unclosed = await UploadAsync(Header + $"CDS-SO-NAM,{unit},{period},DVC_ELIGIBLE,,,,120,\"Theo danh mục\nCDS-SO-NAM,{unit},{period},DVC_L4,,,,96,\n"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unclosed.StatusCode);
            Assert.Contains("Dòng 2: dấu ngoặc kép mở ở đây không bao giờ được đóng", Text((await ParseAsync(unclosed)).QuerySelector("#bulk-problems")!), StringComparison.Ordinal);
        }

        // As Excel saves "CSV UTF-8": a byte-order mark, CRLF, and a comment with a comma and a line break inside its quotes.
        var before = await Api.GetOkAsync(admin, $"/api/v1/reports/CDS-SO-NAM/{unit}/{period}");
        using (var ok = await UploadAsync(("\uFEFF" + Header + $"CDS-SO-NAM,{unit},{period},DVC_ELIGIBLE,,,,120,\"Theo danh mục, bản 2025\nđã rà soát\"\nCDS-SO-NAM,{unit},{period},DVC_L4,,,,96,\n").Replace("\n", "\r\n", StringComparison.Ordinal)))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        }

        var after = await Api.GetOkAsync(admin, $"/api/v1/reports/CDS-SO-NAM/{unit}/{period}");
        var fields = after.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("code").GetString()!);
        Assert.Equal(120, fields["DVC_ELIGIBLE"].GetProperty("value").GetDouble());
        var comment = fields["DVC_ELIGIBLE"].GetProperty("comment").GetString()!;
        Assert.StartsWith("Theo danh mục, bản 2025", comment, StringComparison.Ordinal);
        Assert.EndsWith("đã rà soát", comment, StringComparison.Ordinal); // the line break stays inside the one comment
        Assert.Equal(96, fields["DVC_L4"].GetProperty("value").GetDouble());
        Assert.True(after.GetProperty("version").GetInt32() > before.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Overview_ShowsCompletenessMissingUnitsAndQuality_AndExportsTheMissingList()
    {
        using var client = await app.SignInAsAdminAsync();

        var page = await GetPageAsync(client, "/reports/overview?sort=unit");

        Assert.NotEmpty(page.QuerySelectorAll("#completeness-table tbody tr"));
        Assert.NotEmpty(page.QuerySelectorAll("#missing-table tbody tr"));
        Assert.NotEmpty(page.QuerySelectorAll("#quality-table tbody tr"));
        using var export = await client.GetAsync(new Uri("/reports/missing.xlsx", UriKind.Relative));
        var rows = XlsxReader.Read(await export.Content.ReadAsStreamAsync()).Value![0].Rows;
        Assert.Equal("Mã đơn vị", rows[0][0]);
        Assert.True(rows.Count > 1);
    }

    [Fact]
    public async Task TargetPage_CanIncludeUnapprovedValues()
    {
        using var client = await app.SignInAsAdminAsync();
        var page = await GetPageAsync(client, "/targets/LS-06?unit=20&period=2026&unapproved=1");
        Assert.NotNull(page.QuerySelector("#unapproved-note"));
        Assert.Null((await GetPageAsync(client, "/targets/LS-06?unit=20&period=2026")).QuerySelector("#unapproved-note"));
    }
}
