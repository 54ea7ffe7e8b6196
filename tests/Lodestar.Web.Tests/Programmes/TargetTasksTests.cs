using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Programmes;

/// <summary>Targets and the tasks that should move them: the target page lists its tasks, a task page its targets' status, the dashboard counts.</summary>
[Collection(SharedApp.Name)]
public sealed class TargetTasksTests(LodestarFactory app)
{
    [Fact]
    public async Task TargetPage_WithLinkedTasks_ListsOverdueOpenAndDoneOnesWithinTheReadersScope()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();
        var open = await DemoTasks.AssignAsync(admin, units.Commune, "Số hóa hồ sơ một cửa (kiểm thử chỉ tiêu)", app.InDays(200), "LS-05");
        var overdue = await DemoTasks.AssignAsync(admin, units.Commune, "Cập nhật cổng dịch vụ công (kiểm thử chỉ tiêu)", app.InDays(-20), "LS-05");
        var done = await DemoTasks.AssignAsync(admin, units.Commune, "Tập huấn nộp hồ sơ trực tuyến (kiểm thử chỉ tiêu)", app.InDays(100), "LS-05");
        await DemoTasks.ReportDoneAsync(await app.ClientForAsync(Roles.ReportingOfficer, units.Commune), done);
        var report = Api.Str((await Api.GetOkAsync(admin, $"/api/v1/tasks/{done}")).GetProperty("reports")[0], "uid");
        using var accepted = await admin.PostAsJsonAsync($"/api/v1/tasks/{done}/completion/{report}/decision", new { accept = true });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        await DemoTasks.AssignAsync(admin, units.OtherCommune, "Nhiệm vụ của xã bên cạnh (kiểm thử chỉ tiêu)", app.InDays(200), "LS-05");
        var viewer = await app.CreateUserAsync("t.target-tasks.viewer", Roles.Viewer, units.Commune);
        var client = await app.SignInAsync(viewer, LodestarFactory.UserPassword);

        var page = await Html.GetPageAsync(client, "/targets/LS-05");

        var section = page.QuerySelector("section[aria-labelledby=target-tasks]")!;
        Assert.Contains(open, Links(section, "tasks-open"));
        Assert.Contains(overdue, Links(section, "tasks-overdue"));
        Assert.Contains(done, Links(section, "tasks-done"));
        Assert.Contains("Chưa hoàn thành – quá hạn", Html.Text(section), StringComparison.Ordinal);
        Assert.Contains("Hoàn thành đúng hạn", Html.Text(section), StringComparison.Ordinal);
        Assert.DoesNotContain("Nhiệm vụ của xã bên cạnh", Html.Text(section), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskPage_WithTargets_ShowsEachTargetsStatusAndLinksToIt()
    {
        var units = await app.DemoUnitsAsync();
        var uid = await DemoTasks.AssignAsync(await app.AdminClientAsync(), units.Commune, "Nâng tỷ lệ hồ sơ trực tuyến (kiểm thử)", app.InDays(90), "LS-05", "LS-07");
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, $"/tasks/{uid}");

        var items = page.QuerySelectorAll("#task-targets li");
        Assert.Equal(2, items.Length);
        Assert.All(items, li => Assert.NotNull(li.QuerySelector("span.status")));
        Assert.All(items, li => Assert.Matches("^(Đã đạt|Đúng tiến độ|Có nguy cơ chậm|Chậm tiến độ|Chưa có số liệu)", Html.Text(li.QuerySelector("span.status")!)));
        Assert.NotNull(page.QuerySelector("#task-targets a[href='/targets/LS-05']"));
    }

    [Fact]
    public async Task Dashboard_TargetsFurthestBehind_CountTheOpenTasksWorkingOnEach()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();
        const string url = "/api/v1/dashboard?orgUnit=20&period=2026";
        var first = (await Api.GetOkAsync(admin, url)).GetProperty("mostOffTrack")[0];
        var code = Api.Str(first, "code");
        var before = first.GetProperty("openTasks").GetInt32();

        await DemoTasks.AssignAsync(admin, units.Commune, "Đẩy nhanh chỉ tiêu chậm nhất (kiểm thử)", app.InDays(60), code);
        await Task.Delay(300); // the dashboard cache reads its change stamp at most every 100 ms

        var after = (await Api.GetOkAsync(admin, url)).GetProperty("mostOffTrack").EnumerateArray().Single(t => Api.Str(t, "code") == code);
        Assert.Equal(before + 1, after.GetProperty("openTasks").GetInt32());
        var home = await Html.GetPageAsync(await app.SignInAsAdminAsync(), "/?orgUnit=20&period=2026");
        Assert.Contains("nhiệm vụ đang thực hiện", Html.Text(home.QuerySelector("#behind-list")!), StringComparison.Ordinal);
    }

    private static List<string> Links(AngleSharp.Dom.IElement section, string group) =>
        [.. section.QuerySelectorAll($"#{group} + .table-wrap a[href^='/tasks/']").Select(a => a.GetAttribute("href")!["/tasks/".Length..])];
}
