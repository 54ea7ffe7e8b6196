using Lodestar.Browser.Tests.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Publishing;

/// <summary>A citizen on the public portal: no sign-in, desktop and phone, without JavaScript, and an axe-core check of each page.</summary>
[Collection(SharedBrowser.Name)]
public sealed class PortalJourneyTests(BrowserFixture browser)
{
    private async Task<IPage> PageAsync(int width = 1366, int height = 768, bool javaScript = true)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, Locale = "vi-VN", ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript, IsMobile = width < 600, HasTouch = width < 600,
        });
        context.SetDefaultTimeout(45_000);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Citizen_FollowsProgrammeToTarget_SeesChartTableAndCorrection_AndEveryPageIsAccessible()
    {
        var page = await PageAsync();
        await page.GotoAsync("/cong-khai");
        await Expect(page).ToHaveTitleAsync("Dữ liệu chuyển đổi số công khai");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Đăng xuất" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "80-portal-home");
        await Axe.AssertAccessibleAsync(page, "home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Chuyển đổi số tỉnh Lạng Sơn", Exact = false }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Xã hội số" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr", new() { HasText = "LS-09" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "81-portal-programme");
        await Axe.AssertAccessibleAsync(page, "programme");

        await page.GetByRole(AriaRole.Link, new() { Name = "Tỷ lệ hộ gia đình có cáp quang băng rộng" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/cong-khai/chi-tieu/LS-06");
        await Expect(page.Locator("#forecast-sentence")).ToContainTextAsync("năm 2030");
        await Expect(page.Locator("#responsible")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#revisions")).ToContainTextAsync("Đính chính:");
        var drawn = await page.EvaluateAsync<int>("() => Chart.getChart('target-chart').data.datasets.find(d => d.label === 'Thực tế').data.filter(v => v !== null).length");
        Assert.True(drawn >= 6, $"the chart shows {drawn} actual values");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bảng", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("#province-table")).ToBeInViewportAsync();
        await Screenshots.SaveAsync(page, "82-portal-target");
        await Axe.AssertAccessibleAsync(page, "target");

        foreach (var (url, shot) in new[]
        {
            ("/cong-khai/dti/LS-XA/2025", "83-portal-dti"), ("/cong-khai/tim-kiem?q=cap+quang", "84-portal-search"),
            ("/cong-khai/du-lieu", "85-portal-downloads"), ("/cong-khai/api", "86-portal-api"), ("/cong-khai/dti/don-vi/20.SKHCN", "87-portal-dti-unit"),
        })
        {
            await page.GotoAsync(url);
            Assert.False(string.IsNullOrWhiteSpace(await page.TitleAsync()));
            await Screenshots.SaveAsync(page, shot);
            await Axe.AssertAccessibleAsync(page, url);
        }

        await Expect(page.Locator("#unit-history tbody tr")).Not.ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAPhone_PagesFitTheScreen_AndTheSearchIgnoresDiacritics()
    {
        var page = await PageAsync(390, 844);
        foreach (var (url, shot) in new[] { ("/cong-khai/chi-tieu/LS-06", "88-phone-target"), ("/cong-khai/dti/LS-XA/2025", "89-phone-dti"), ("/cong-khai", "90-phone-home") })
        {
            await page.GotoAsync(url);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{url} is {width} px wide on a 390 px phone");
            await Screenshots.SaveAsync(page, shot);
        }

        await page.GetByLabel("Tìm chỉ tiêu, chương trình, đơn vị").FillAsync("dich vu cong truc tuyen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await Expect(page.Locator("#hits")).ToContainTextAsync("Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến");
        await Axe.AssertAccessibleAsync(page, "phone search");
        await Screenshots.SaveAsync(page, "91-phone-search");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutJavaScript_TheFiguresAndTheSearchStillWork()
    {
        var page = await PageAsync(javaScript: false);
        await page.GotoAsync("/cong-khai/chi-tieu/LS-07");
        await Expect(page.Locator("#province-table")).ToContainTextAsync("Quý 3/2026");
        await Expect(page.Locator("#forecast-sentence")).ToBeVisibleAsync();
        await page.GotoAsync("/cong-khai/tim-kiem");
        await page.GetByLabel("Từ khóa", new() { Exact = false }).FillAsync("LANG SON");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm" }).ClickAsync();
        await Expect(page.Locator("#hits li")).Not.ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "92-nojs-search");
        await page.Context.CloseAsync();
    }
}
