using Lodestar.Common;
using System.Text.RegularExpressions;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Steering;

/// <summary>The chair's dashboard, then the DX office prepares the quarter's pack, issues it, keeps the record and a conclusion that becomes a task.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SteeringJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task Admin_SeesTheDashboard_GeneratesEditsIssuesThePack_AndRecordsAConclusionThatBecomesATask()
    {
        var login = new LoginPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");

        // The dashboard: every block there, numbers are links to their detail.
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Chỉ tiêu theo trụ cột" })).ToBeVisibleAsync();
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Nhiệm vụ theo trạng thái chính thức" })).ToBeVisibleAsync();
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Chỉ số DTI" })).ToBeVisibleAsync();
        await Expect(_page.Locator("#follow-ups li").First).ToBeVisibleAsync();
        // The charts are drawn (Chart.js attached to both canvases) and the map shows the province's communes.
        await _page.WaitForFunctionAsync("() => window.Chart && Chart.getChart('dash-pillars') && Chart.getChart('dash-dti-trend')");
        await Expect(_page.Locator("#map path[data-code]").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "steering-01-dashboard");
        await _page.Locator("#overdue-tile").ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("/tasks\\?orgUnit=20&state=overdue$"));

        // The current quarter's meeting: generate, edit, issue.
        await _page.GotoAsync(browser.BaseUrl + "/meetings");
        await _page.Locator("#meetings-table tr", new() { HasText = "Chưa tạo" }).GetByRole(AriaRole.Link).ClickAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Tạo báo cáo từ số liệu" }).ClickAsync();
        await Expect(_page.Locator("#pack-state")).ToHaveTextAsync("Dự thảo");
        await Expect(_page.Locator("#pack-text")).ToContainTextAsync("I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU");
        await Screenshots.SaveAsync(_page, "steering-02-pack-generated");

        await _page.GetByText("Chỉnh sửa nội dung").ClickAsync();
        var editor = _page.Locator("#pack-edit");
        await editor.FillAsync(await editor.InputValueAsync() + "\n\nĐề nghị Ban Chỉ đạo cho ý kiến về việc bố trí kinh phí năm 2027.");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Lưu nội dung" }).ClickAsync();
        await Expect(_page.Locator("#pack-text")).ToContainTextAsync("Đề nghị Ban Chỉ đạo cho ý kiến về việc bố trí kinh phí năm 2027.");

        await _page.GetByLabel("Số văn bản").FillAsync("52");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Ban hành báo cáo" }).ClickAsync();
        await Expect(_page.Locator("#pack-state")).ToHaveTextAsync("Đã ban hành");
        await Expect(_page.GetByText("52/BC-BCĐ")).ToBeVisibleAsync();
        await Expect(_page.Locator("#pack-edit")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(_page, "steering-03-pack-issued");

        // The record, then a conclusion that assigns work.
        var today = Dates.Today(browser.Clock).ToDisplay();
        await _page.GetByLabel("Ngày họp (dd/mm/yyyy)").FillAsync(today);
        await _page.GetByLabel("Chủ trì").FillAsync("Chủ tịch UBND tỉnh, Trưởng ban");
        await _page.GetByLabel("Thành phần tham dự (mỗi người một dòng)").FillAsync("Giám đốc Sở Nội vụ\nGiám đốc Sở Tài chính");
        await _page.GetByLabel("Số thông báo kết luận").FillAsync("188/TB-BCĐ");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Lưu biên bản" }).ClickAsync();
        await Expect(_page.Locator("#attendees")).ToContainTextAsync("Giám đốc Sở Tài chính");

        await _page.GetByLabel("Nội dung kết luận", new() { Exact = true }).FillAsync("Sở Nội vụ hoàn thành đào tạo kỹ năng số cho toàn bộ cán bộ cấp xã trong quý I năm 2027.");
        await _page.GetByLabel("Đơn vị chủ trì", new() { Exact = true }).FillAsync("20.SNV");
        await _page.GetByLabel("Thời hạn (dd/mm/yyyy)").FillAsync("31/03/2027");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Ghi kết luận" }).ClickAsync();
        var task = _page.Locator("#conclusions li").Last.GetByRole(AriaRole.Link);
        await Expect(task).ToHaveTextAsync("Sở Nội vụ hoàn thành đào tạo kỹ năng số cho toàn bộ cán bộ cấp xã trong quý I năm 2027.");
        await Screenshots.SaveAsync(_page, "steering-04-conclusion");

        await task.ClickAsync();
        await Expect(_page.Locator("#task-origin")).ToContainTextAsync("Kết luận 1 của");
        await Expect(_page.GetByText("188/TB-BCĐ")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "steering-05-task");
    }
}
