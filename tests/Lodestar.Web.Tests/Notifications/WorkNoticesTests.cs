using System.Net.Http.Headers;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Notifications;

/// <summary>The assigner hears when a task is reported done, in one notice per kind while unread, linking to where he decides.</summary>
[Collection(SharedApp.Name)]
public sealed class WorkNoticesTests(LodestarFactory app)
{
    private async Task<string> AssignAndCompleteAsync(HttpClient assigner, HttpClient officer, string unit, string title)
    {
        var uid = await DemoTasks.AssignAsync(assigner, unit, title, app.InDays(200));
        await DemoTasks.ReportDoneAsync(officer, uid);
        return uid;
    }

    [Fact]
    public async Task TaskReportedDone_TellsTheAssigner_AndASecondOneWhileUnread_IsCountedInTheSameNotice()
    {
        var units = await app.DemoUnitsAsync();
        var name = await app.CreateUserAsync("giao.viec.thong.bao", Roles.DxOffice, DemoUnits.Province);
        using var assigner = app.CreateClient(LodestarFactory.NoRedirects);
        assigner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(name, LodestarFactory.UserPassword));
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.OtherCommune);

        var first = await AssignAndCompleteAsync(assigner, officer, units.OtherCommune, "Lắp đặt wifi miễn phí tại nhà văn hóa");
        using var page = await app.SignInAsync(name, LodestarFactory.UserPassword);
        var inbox = await GetPageAsync(page, "/notifications");
        var notice = Assert.Single(inbox.QuerySelectorAll("main li a"));
        Assert.Equal($"/tasks/{first}#history", notice.GetAttribute("href"));
        Assert.EndsWith("báo cáo hoàn thành nhiệm vụ “Lắp đặt wifi miễn phí tại nhà văn hóa”, chờ anh/chị xác nhận.", Text(notice), StringComparison.Ordinal);

        await AssignAndCompleteAsync(assigner, officer, units.OtherCommune, "Số hóa sổ hộ tịch");
        var grouped = Assert.Single((await GetPageAsync(page, "/notifications")).QuerySelectorAll("main li a"));
        Assert.Equal("/review", grouped.GetAttribute("href"));
        Assert.StartsWith("2 nhiệm vụ được báo cáo hoàn thành, chờ anh/chị xác nhận; mới nhất: “Số hóa sổ hộ tịch”", Text(grouped), StringComparison.Ordinal);
    }
}
