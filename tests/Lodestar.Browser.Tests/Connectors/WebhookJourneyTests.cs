using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Connectors;

/// <summary>Issue 19, item 5 on the page: the DX office creates a webhook, changes its address and events, pauses it and deletes it; its log stays.</summary>
[Collection(SharedBrowser.Name)]
public sealed class WebhookJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Webhook-Gui-Su-Kien-2026";
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task DxOffice_CreatesChangesPausesAndDeletesAWebhook()
    {
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("cds.webhook", "Vi Thị Mai", null, Roles.DxOffice, "20", Password))).Succeeded);
        }

        await _page.GotoAsync("/webhooks");
        await new LoginPage(_page).SignInAsync("cds.webhook", Password);
        await _page.WaitForURLAsync("**/webhooks");
        await _page.GetByLabel("Mã (chữ không dấu, số, - _ .)").FillAsync("KHO-DU-LIEU");
        await _page.GetByLabel("Tên", new() { Exact = true }).FillAsync("Kho dữ liệu tỉnh");
        await _page.GetByLabel("Địa chỉ nhận (https)").FillAsync("https://kho.example.vn/hook");
        await _page.GetByLabel("Nhiệm vụ quá hạn (task.overdue)").CheckAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Tạo webhook" }).ClickAsync();
        await Expect(_page.Locator("#secret")).ToContainTextAsync("whsec_");

        await _page.GetByRole(AriaRole.Link, new() { Name = "KHO-DU-LIEU" }).ClickAsync();
        var manage = _page.Locator("#manage");
        await Expect(manage.GetByLabel("Địa chỉ nhận (https)")).ToHaveValueAsync("https://kho.example.vn/hook");
        await manage.GetByLabel("Địa chỉ nhận (https)").FillAsync("https://kho.example.vn/hook-moi");
        await manage.GetByLabel("Báo cáo được duyệt (report.approved)").CheckAsync();
        await Expect(_page.Locator("#no-deliveries")).ToContainTextAsync("Chưa có sự kiện nào được gửi");
        await Screenshots.SaveAsync(_page, "webhook-01-edit");
        await manage.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Expect(_page.Locator("#done")).ToHaveTextAsync("Đã lưu thay đổi của webhook.");
        await Expect(_page.GetByRole(AriaRole.Row, new() { Name = "KHO-DU-LIEU" })).ToContainTextAsync("report.approved, task.overdue");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Tạm dừng gửi" }).ClickAsync();
        await Expect(_page.Locator("#done")).ToHaveTextAsync("Đã tạm dừng gửi.");
        await Expect(_page.GetByRole(AriaRole.Row, new() { Name = "KHO-DU-LIEU" })).ToContainTextAsync("đang tạm dừng");

        await _page.GetByLabel("Xoá webhook này", new() { Exact = false }).CheckAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Xoá webhook" }).ClickAsync();
        await Expect(_page.Locator("#done")).ToContainTextAsync("Đã xoá webhook KHO-DU-LIEU; nhật ký gửi của nó vẫn được giữ.");
        await Expect(_page.Locator("#retired")).ToBeVisibleAsync();
        await Expect(_page.Locator("#no-webhooks")).ToContainTextAsync("Chưa có webhook nào");
        await Screenshots.SaveAsync(_page, "webhook-02-deleted");
    }
}
