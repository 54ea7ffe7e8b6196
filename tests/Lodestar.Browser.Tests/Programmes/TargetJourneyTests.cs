using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Spreadsheets;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Programmes;

/// <summary>A leader opens the demo programme, a target with its chart and forecast, and downloads the table.</summary>
[Collection(SharedBrowser.Name)]
public sealed class TargetJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task Programme_Target_Chart_Forecast_AndExcelExport()
    {
        var login = new LoginPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);

        await _page.GotoAsync(browser.BaseUrl + "/programmes");
        await _page.GetByRole(AriaRole.Link, new() { Name = "Chuyển đổi số tỉnh Lạng Sơn", Exact = false }).ClickAsync();
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Chính quyền số" })).ToBeVisibleAsync();
        await Expect(_page.Locator("tr", new() { HasText = "LS-05" }).Locator(".status")).ToHaveTextAsync("Đã đạt");
        await Screenshots.SaveAsync(_page, "10-programme-lang-son");

        await _page.GetByRole(AriaRole.Link, new() { Name = "Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến" }).ClickAsync();
        await Expect(_page.Locator("h1")).ToHaveTextAsync("Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến");
        await Expect(_page.Locator("#forecast-sentence")).ToContainTextAsync("Với tốc độ hiện nay, năm 2030 sẽ đạt khoảng");
        await Expect(_page.Locator("#forecast-sentence")).ToContainTextAsync("điểm phần trăm mỗi năm");

        // The chart library drew the chart: a Chart instance with the actual series and a canvas with a size.
        var points = await _page.EvaluateAsync<int>("() => Chart.getChart('target-chart').data.datasets.find(d => d.label === 'Thực tế').data.filter(v => v !== null).length");
        Assert.True(points >= 6, $"the chart shows {points} actual values");
        var width = await _page.EvaluateAsync<int>("() => document.getElementById('target-chart').width");
        Assert.True(width > 300);
        await Screenshots.SaveAsync(_page, "11-target-ls07");

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.GetByRole(AriaRole.Link, new() { Name = "Tải bảng (.xlsx)" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        await using var file = File.OpenRead(path!);
        var read = XlsxReader.Read(file);
        Assert.True(read.Succeeded);
        var sheet = Assert.Single(read.Value!);
        Assert.Equal("LS-07", sheet.Name);
        Assert.Equal("Mã đơn vị", sheet.Rows[0][0]);
        Assert.Equal("20", sheet.Rows[1][0]);
        Assert.Equal("50", sheet.Rows[1][4]);
        Assert.Equal("2026Q3", sheet.Rows[1][5]);
        Assert.Equal("Đúng tiến độ", sheet.Rows[1][10]);
        Assert.True(sheet.Rows.Count > 80, "the province, its communes and agencies");
    }
}
