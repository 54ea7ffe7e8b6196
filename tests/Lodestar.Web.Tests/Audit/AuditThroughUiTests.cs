using System.Net;
using System.Text.Json;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Audit;

/// <summary>A change made through a page form lands in the audit trail under the signed-in user; a refused one does not.</summary>
[Collection(SharedApp.Name)]
public sealed class AuditThroughUiTests(LodestarFactory app)
{
    private const string HeadTitle = "Chủ tịch Ủy ban nhân dân tỉnh";
    private const string NewHead = "Nguyễn Thị Kiểm Thử";

    [Fact]
    public async Task Appoint_ValidFormPost_RedirectsAuditsAndChangesHead()
    {
        using var browser = await app.SignInAsAdminAsync();
        using var response = await AppointAsync(browser, NewHead, "2026-10-01", "Quyết định kiểm thử");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // Blazor answers the post with an absolute URL of the same site.
        var target = new Uri(browser.BaseAddress!, response.Headers.Location!);
        Assert.Equal(browser.BaseAddress!.Authority, target.Authority);
        Assert.Equal("/units/20", target.AbsolutePath);
        Assert.Contains("saved=true", target.Query, StringComparison.Ordinal);
        var saved = await Html.GetPageAsync(browser, target.PathAndQuery);
        Assert.Equal("Đã lưu. Thay đổi được ghi vào nhật ký.", Html.Text(saved.QuerySelector("[role=status]")!));

        var api = await app.AdminClientAsync();
        var audit = await Api.GetOkAsync(api, "/api/v1/audit?entity=PositionTerm&pageSize=1000");
        var created = Assert.Single(Api.Items(audit), a =>
            Api.Str(a, "action") == "create" && a.GetProperty("after").ValueKind == JsonValueKind.Object
            && a.GetProperty("after").GetProperty("StartOn").GetString() == "2026-10-01");
        Assert.Equal("admin", Api.Str(created, "user"));
        Assert.Equal("PositionTerm", Api.Str(created, "entity"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("before").ValueKind);
        // The previous holder's term was closed the day before, by the same user.
        Assert.Contains(Api.Items(audit), a => Api.Str(a, "action") == "update" && Api.Str(a, "user") == "admin"
            && a.GetProperty("after").GetProperty("EndOn").GetString() == "2026-09-30");

        var head = await Api.GetOkAsync(api, "/api/v1/org-units/20/head?asOf=2026-10-02");
        Assert.Equal(NewHead, Api.Str(head, "person"));
        Assert.Equal("2026-10-01", Api.Str(head, "from"));
        var before = await Api.GetOkAsync(api, "/api/v1/org-units/20/head?asOf=2026-09-30");
        Assert.NotEqual(NewHead, Api.Str(before, "person"));
        Assert.Equal("2026-09-30", Api.Str(before, "to"));
    }

    [Fact]
    public async Task Appoint_StartBeforeCurrentHolder_ShowsVietnameseErrorAndAuditsNothing()
    {
        var api = await app.AdminClientAsync();
        using var browser = await app.SignInAsAdminAsync(); // signing in is an audit event of its own, before the count
        var totalBefore = await AuditTotalAsync(api);
        using var response = await AppointAsync(browser, "Người Bổ Nhiệm Sai Ngày", "2026-01-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await Html.ParseAsync(response);
        var alert = result.QuerySelector("ul.error[role=alert]");
        Assert.NotNull(alert);
        Assert.Equal("Ngày bắt đầu phải sau ngày bắt đầu của người đang giữ chức vụ.", Html.Text(alert));
        // The form keeps what was typed, so the user can correct the date.
        Assert.Equal("Người Bổ Nhiệm Sai Ngày", result.QuerySelector("input[name='Appoint.Person']")!.GetAttribute("value"));
        var totalAfter = await AuditTotalAsync(api);
        Assert.Equal(totalBefore, totalAfter);
        var head = await Api.GetOkAsync(api, "/api/v1/org-units/20/head?asOf=2026-01-02");
        Assert.NotEqual("Người Bổ Nhiệm Sai Ngày", Api.Str(head, "person"));
    }

    [Fact]
    public async Task Appoint_WithoutAntiforgeryToken_IsRejected()
    {
        var api = await app.AdminClientAsync();
        using var browser = await app.SignInAsAdminAsync(); // signing in is an audit event of its own, before the count
        var totalBefore = await AuditTotalAsync(api);

        using var response = await browser.PostAsync(new Uri("/units/20", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "appoint",
            ["Appoint.Person"] = "Không Có Token",
            ["Appoint.StartOn"] = "2026-10-15",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(totalBefore, await AuditTotalAsync(api));
    }

    /// <summary>Posts the appoint form of the province page for its head position, as a person would fill it.</summary>
    private static async Task<HttpResponseMessage> AppointAsync(HttpClient browser, string person, string startOn, string? note = null)
    {
        var page = await Html.GetPageAsync(browser, "/units/20");
        var form = Html.FormNamed(page, "appoint");
        var position = form.QuerySelectorAll("select[name='Appoint.PositionUid'] option").Single(o => Html.Text(o) == HeadTitle).GetAttribute("value")!;
        var fields = new Dictionary<string, string> { ["Appoint.PositionUid"] = position, ["Appoint.Person"] = person, ["Appoint.StartOn"] = startOn };
        if (note is not null)
        {
            fields["Appoint.Note"] = note;
        }

        return await Html.SubmitAsync(browser, form, "/units/20", fields);
    }

    private static async Task<int> AuditTotalAsync(HttpClient api) =>
        (await Api.GetOkAsync(api, "/api/v1/audit?pageSize=1")).GetProperty("total").GetInt32();
}
