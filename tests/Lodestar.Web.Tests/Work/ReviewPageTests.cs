using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Work;

/// <summary>The review queue "Chờ duyệt": what waits for an account, within its scope, decided with the keyboard through the report and task rules.</summary>
[Collection(SharedApp.Name)]
public sealed class ReviewPageTests(LodestarFactory app)
{
    private const string Form = DemoReports.Form;

    /// <summary>An editable commune report of the demo counted from the end (other classes take theirs from the start or the very last).</summary>
    private async Task<(string Unit, string Period)> EditableReportFromEndAsync(int fromEnd) => (await DemoReports.EditableAsync(app))[^fromEnd];

    private static string KeyOf(string unit, string period) => $"report/{Form}/{unit}/{period}";

    /// <summary>A task of the unit, assigned by the administrator, which the unit's officer reports done; answers its key in the queue.</summary>
    private async Task<string> CompletedTaskAsync(string unit, string title)
    {
        var uid = await DemoTasks.AssignAsync(await app.AdminClientAsync(), unit, title, app.InDays(200));
        await DemoTasks.ReportDoneAsync(await app.ClientForAsync(Roles.ReportingOfficer, unit), uid);
        var task = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/tasks/{uid}");
        var report = task.GetProperty("reports").EnumerateArray().Single(r => Api.Str(r, "kind") == "completion");
        return $"task/{uid}/{Api.Str(report, "uid")}";
    }

    private static List<string> Keys(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#review-table tbody tr").Select(r => r.GetAttribute("data-key") ?? "").ToList();

    private async Task<string> ReportStatusAsync(string unit, string period) =>
        Api.Str(await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/reports/{Form}/{unit}/{period}"), "status");

    [Fact]
    public async Task Queue_ShowsSubmittedReportAndTaskCompletion_OldestFirst_WithACountInTheNavigation_AndOnlyWithinScope()
    {
        var units = await app.DemoUnitsAsync();
        var (unit, period) = await EditableReportFromEndAsync(2);
        await DemoReports.SubmitAsync(app, unit, period);
        var taskKey = await CompletedTaskAsync(units.OtherCommune, "Kết nối camera an ninh trụ sở xã");
        using var office = await app.SignInAsync(await app.CreateUserAsync("cho.duyet.tinh", Roles.DxOffice, DemoUnits.Province), LodestarFactory.UserPassword);

        var page = await GetPageAsync(office, "/review");

        var keys = Keys(page);
        Assert.Contains(KeyOf(unit, period), keys);
        Assert.Contains(taskKey, keys);
        Assert.True(keys.IndexOf(KeyOf(unit, period)) < keys.IndexOf(taskKey), "the report was sent first, so it is listed first");
        Assert.Equal(keys.Count, int.Parse(Text(page.QuerySelector("#review-count")!).Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("/review", page.QuerySelector("nav.side a[href='/review']")?.GetAttribute("href"));

        // Another province's DX office and the unit's own head see none of it, in the page or the API.
        var foreign = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        var theirs = Api.Items(await Api.GetOkAsync(foreign, "/api/v1/review")).Select(i => Api.Str(i, "key")).ToList();
        Assert.DoesNotContain(KeyOf(unit, period), theirs);
        Assert.DoesNotContain(taskKey, theirs);
        var head = await app.ClientForAsync(Roles.UnitHead, unit);
        Assert.Equal(0, (await Api.GetOkAsync(head, "/api/v1/review")).GetProperty("total").GetInt32());
        using var headPage = await app.SignInAsync(await app.CreateUserAsync("truong.xa.cho.duyet", Roles.UnitHead, unit), LodestarFactory.UserPassword);
        var empty = await GetPageAsync(headPage, "/review");
        Assert.Equal("Không có việc nào chờ bạn duyệt.", Text(empty.QuerySelector("#review-empty")!));
        Assert.Null(empty.QuerySelector("nav.side a[href='/review']"));
    }

    [Fact]
    public async Task Return_WithoutReason_IsRefusedAndChangesNothing_WithReason_ReturnsIt_ThenApproveFromTheQueue_ApprovesIt()
    {
        var (unit, period) = await EditableReportFromEndAsync(3);
        await DemoReports.SubmitAsync(app, unit, period);
        var reviewer = await app.CreateUserAsync("duyet.tu.hang.cho", Roles.DxOffice, DemoUnits.Province);
        using var office = await app.SignInAsync(reviewer, LodestarFactory.UserPassword);
        var key = KeyOf(unit, period);

        var page = await GetPageAsync(office, "/review");
        using (var noReason = await SubmitAsync(office, FormNamed(page, "decide"), "/review", new Dictionary<string, string> { ["Decision.Return"] = key }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            var shown = await ParseAsync(noReason);
            Assert.Equal("Hãy nêu lý do.", Text(shown.QuerySelector($"tr[data-key='{key}'] #review-problems")!));
        }

        Assert.Equal("submitted", await ReportStatusAsync(unit, period));
        using (var returned = await SubmitAsync(office, FormNamed(page, "decide"), "/review", new Dictionary<string, string>
        {
            ["Decision.Return"] = key, [$"reason:{key}"] = "Số hộ có cáp quang chưa khớp với số liệu của nhà mạng.",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
            Assert.EndsWith("/review?done=return", returned.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var report = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/reports/{Form}/{unit}/{period}");
        Assert.Equal("returned", Api.Str(report, "status"));
        var step = report.GetProperty("events").EnumerateArray().Last();
        Assert.Equal(("Return", reviewer, "Số hộ có cáp quang chưa khớp với số liệu của nhà mạng."), (Api.Str(step, "action"), Api.Str(step, "by"), Api.Str(step, "reason")));
        Assert.DoesNotContain(key, Keys(await GetPageAsync(office, "/review")));

        await DemoReports.SubmitAsync(app, unit, period);
        var again = await GetPageAsync(office, "/review");
        Assert.Contains(key, Keys(again));
        using (var approved = await SubmitAsync(office, FormNamed(again, "decide"), "/review", new Dictionary<string, string> { ["Decision.Approve"] = key }))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        Assert.Equal("approved", await ReportStatusAsync(unit, period));
        var after = await GetPageAsync(office, "/review?done=approve");
        Assert.Equal("Đã duyệt.", Text(after.QuerySelector("#review-message")!));
        Assert.DoesNotContain(key, Keys(after));
    }

    [Fact]
    public async Task TaskCompletion_AcceptedFromTheQueue_CompletesTheTask_AndAnotherProvincesOfficeCannotDecideIt()
    {
        var units = await app.DemoUnitsAsync();
        var key = await CompletedTaskAsync(units.OtherCommune, "Triển khai chữ ký số cho cán bộ xã");
        var foreignCommune = await app.OtherProvinceCommuneAsync();
        await CompletedTaskAsync(foreignCommune, "Nhiệm vụ của tỉnh khác");

        // The other province's office has a queue (its own task) but posting this province's item is refused and changes nothing.
        using var foreign = await app.SignInAsync(await app.CreateUserAsync("cho.duyet.tinh.khac", Roles.DxOffice, DemoUnits.OtherProvince), LodestarFactory.UserPassword);
        var theirs = await GetPageAsync(foreign, "/review");
        Assert.DoesNotContain(key, Keys(theirs));
        using (var refused = await SubmitAsync(foreign, FormNamed(theirs, "decide"), "/review", new Dictionary<string, string> { ["Decision.Approve"] = key }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var taskUrl = $"/api/v1/tasks/{key.Split('/')[1]}";
        Assert.Equal("in-progress", Api.Str((await Api.GetOkAsync(await app.AdminClientAsync(), taskUrl)).GetProperty("task"), "state"));

        using var office = await app.SignInAsync(await app.CreateUserAsync("nghiem.thu.nhiem.vu", Roles.DxOffice, DemoUnits.Province), LodestarFactory.UserPassword);
        var page = await GetPageAsync(office, "/review");
        using (var accepted = await SubmitAsync(office, FormNamed(page, "decide"), "/review", new Dictionary<string, string> { ["Decision.Approve"] = key }))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        Assert.Equal("completed-on-time", Api.Str((await Api.GetOkAsync(await app.AdminClientAsync(), taskUrl)).GetProperty("task"), "state"));
        Assert.DoesNotContain(key, Keys(await GetPageAsync(office, "/review")));
    }

    [Fact]
    public async Task ReportList_IsTheUnitsReportsForTheDxOffice_AndMyReportsForAnOfficer()
    {
        var units = await app.DemoUnitsAsync();
        using var office = await app.SignInAsync(await app.CreateUserAsync("danh.sach.bao.cao.vp", Roles.DxOffice, DemoUnits.Province), LodestarFactory.UserPassword);
        using var officer = await app.SignInAsync(await app.CreateUserAsync("danh.sach.bao.cao.xa", Roles.ReportingOfficer, units.Commune), LodestarFactory.UserPassword);

        Assert.Equal("Báo cáo của các đơn vị", Text((await GetPageAsync(office, "/reports")).QuerySelector("h1")!));
        Assert.Equal("Báo cáo của tôi", Text((await GetPageAsync(officer, "/reports")).QuerySelector("h1")!));
    }
}
