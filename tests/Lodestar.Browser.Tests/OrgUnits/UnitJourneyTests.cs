using System.Text.RegularExpressions;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.OrgUnits;

/// <summary>An administrator finds units by name and date in a real browser and reads heads and lineage.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class UnitJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _failedRequests = [];
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _page = await browser.NewPageAsync();
        // Every stylesheet, icon and page the app links to must load; a 404 here is a broken page.
        _page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Url.StartsWith(browser.BaseUrl, StringComparison.Ordinal))
            {
                lock (_failedRequests)
                {
                    _failedRequests.Add($"{response.Status} {response.Url}");
                }
            }
        };
    }

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task Admin_SearchesWithoutDiacriticsAndByDate_SeesHeadHistoryAndLineage()
    {
        var login = new LoginPage(_page);
        var units = new UnitsPage(_page);
        var unit = new UnitPage(_page);

        await login.GotoAsync();
        await Screenshots.SaveAsync(_page, "01-login");
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");

        await units.GotoAsync();
        await units.SearchAsync("lang son");
        await Expect(units.ResultLink("Tỉnh Lạng Sơn", "20")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "02-units-lang-son");

        await units.OpenAsync("Tỉnh Lạng Sơn", "20");
        await Expect(unit.Title).ToHaveTextAsync("Tỉnh Lạng Sơn");
        await Expect(unit.HeadHeading).ToBeVisibleAsync();
        await Expect(unit.HeadHistory).ToBeVisibleAsync();
        await Expect(unit.HeadHistoryRows("Chủ tịch Ủy ban nhân dân tỉnh")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(_page, "03-unit-lang-son");
        await _page.SetViewportSizeAsync(390, 844);
        await Screenshots.SaveAsync(_page, "04-unit-lang-son-phone");
        var overflow = await _page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')
            """);
        Assert.True(overflow.Length == 0, $"at phone width these stick out to the right: {overflow}");
        await _page.SetViewportSizeAsync(1366, 768);

        await units.GotoAsync();
        await units.SearchAsync("ba dinh", asOf: "2025-07-01");
        await Expect(_page).ToHaveURLAsync(AsOfInUrl());
        await Expect(units.ResultLink("Phường Ba Đình", "00004")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "05-units-ba-dinh-2025-07-01");

        await units.OpenAsync("Phường Ba Đình", "00004");
        await Expect(unit.Title).ToHaveTextAsync("Phường Ba Đình");
        await Expect(unit.Lineage).ToBeVisibleAsync();
        await Expect(unit.LineageEntry("Phường Trúc Bạch")).ToContainTextAsync("toàn bộ");
        await Expect(unit.LineageEntry("Phường Ngọc Hà")).ToContainTextAsync("một phần");
        await Screenshots.SaveAsync(_page, "06-unit-ba-dinh");
        Assert.Empty(_failedRequests);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsAlertAndStaysSignedOut()
    {
        var login = new LoginPage(_page);

        await login.GotoAsync();
        await login.SignInAsync("admin", "Sai-Mat-Khau-2026");

        await Expect(login.Error).ToHaveTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");
        await Expect(login.SignInButton).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "07-login-wrong-password");
    }

    [GeneratedRegex("asOf=2025-07-01")]
    private static partial Regex AsOfInUrl();
}
