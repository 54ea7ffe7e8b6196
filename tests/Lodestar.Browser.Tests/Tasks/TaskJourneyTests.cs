using System.Text;
using System.Text.RegularExpressions;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Tasks;

/// <summary>A task from assignment to accepted completion in a real browser, then the heat map of the demo.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class TaskJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    private static FilePayload Pdf(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("%PDF-1.4 minh chứng") };

    [Fact]
    public async Task Admin_AssignsReportsExtendsCompletesAndAccepts_ThenSeesTheHeatMap()
    {
        var login = new LoginPage(_page);
        var task = new TaskPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");

        var assign = new NewTaskPage(_page);
        await assign.GotoAsync();
        await assign.AssignAsync("Số hóa hồ sơ lưu trữ của Sở", "20.SKHCN", "31/12/2027");
        await Expect(_page).ToHaveURLAsync(TaskUrl());
        await Expect(task.Title).ToHaveTextAsync("Số hóa hồ sơ lưu trữ của Sở");
        await Expect(task.State).ToHaveTextAsync("Chưa triển khai");
        await Screenshots.SaveAsync(_page, "tasks-01-assigned");

        await task.ReportProgressAsync(40, "Đã số hóa 4.000/10.000 hồ sơ", Pdf("tien-do-quy-4.pdf"));
        await Expect(task.History).ToContainTextAsync("Đã số hóa 4.000/10.000 hồ sơ");
        await Expect(task.History.GetByRole(AriaRole.Link, new() { Name = "tien-do-quy-4.pdf", Exact = true })).ToBeVisibleAsync();
        await Expect(task.State).ToHaveTextAsync("Chưa hoàn thành – trong hạn");

        await task.RequestExtensionAsync("31/03/2028", "Chờ bố trí kinh phí năm 2028");
        await task.ApproveExtensionAsync();
        await Expect(task.ExtendedTo).ToHaveTextAsync("31/03/2028");
        await Expect(task.Deadline).ToHaveTextAsync("31/12/2027");
        await Screenshots.SaveAsync(_page, "tasks-02-extended");

        await task.ReportCompletionAsync("Đã số hóa toàn bộ hồ sơ", Pdf("bien-ban-nghiem-thu.pdf"));
        await task.AcceptCompletionAsync();
        await Expect(task.State).ToHaveTextAsync("Hoàn thành đúng hạn");
        await Screenshots.SaveAsync(_page, "tasks-03-completed");

        var heat = new HeatMapPage(_page);
        await heat.GotoAsync();
        await Expect(heat.Title).ToContainTextAsync("Bản đồ nhiệt");
        await Expect(heat.RedUnits.First).ToBeVisibleAsync();
        Assert.True(await heat.Units.CountAsync() >= 10);
        await Screenshots.SaveAsync(_page, "tasks-04-heatmap");
    }

    [GeneratedRegex(@"/tasks/[A-Za-z][A-Za-z0-9]{10}\?saved=true")]
    private static partial Regex TaskUrl();
}
