using System.Text.RegularExpressions;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Maps;

/// <summary>The map of Lạng Sơn's communes: hover a commune for its value, click it to reach its page; the scorecards of heads.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class MapJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    private async Task SignInAsync()
    {
        var login = new LoginPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");
    }

    [Fact]
    public async Task Admin_HoversACommuneForItsValue_ClicksItAndReachesItsPage()
    {
        await SignInAsync();
        var maps = new MapsPage(_page);
        await maps.GotoAsync("unit=20&layer=dti&year=2025");
        await Expect(maps.Map).ToBeVisibleAsync();

        // The first row of the table (highest value) is the commune we look for on the map.
        var first = maps.Table.Locator("tbody tr").First;
        var code = await first.GetAttributeAsync("data-code");
        var name = await first.Locator("a").InnerTextAsync();
        var value = (await first.Locator("td.num").InnerTextAsync()).Trim();
        var commune = maps.Unit(code!);
        await Expect(commune).ToBeVisibleAsync();
        Assert.Equal(65, await _page.Locator("path[data-code]").CountAsync());
        await Screenshots.SaveAsync(_page, "maps-01-communes-dti");

        await commune.HoverAsync();
        await Expect(maps.Tooltip).ToContainTextAsync(name);
        await Expect(maps.Tooltip).ToContainTextAsync(value);
        await Screenshots.SaveAsync(_page, "maps-02-hover");

        await maps.SortByUnit.ClickAsync();
        await Expect(maps.Table.Locator("th").First).ToHaveAttributeAsync("aria-sort", "ascending");

        await commune.ClickAsync();
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/units/" + code);
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
    }

    [Fact]
    public async Task Admin_OnAPhone_SeesTheMapAboveItsTable_AndTheNationalMap()
    {
        await _page.SetViewportSizeAsync(390, 844);
        await SignInAsync();
        var maps = new MapsPage(_page);

        await maps.GotoAsync("unit=20&layer=overdue");
        await Expect(_page.Locator("path[data-code]").First).ToBeVisibleAsync();
        var mapBox = (await maps.Map.BoundingBoxAsync())!;
        var tableBox = (await maps.Table.BoundingBoxAsync())!;
        Assert.True(tableBox.Y > mapBox.Y + mapBox.Height - 1, "on a phone the table comes below the map");
        await Screenshots.SaveAsync(_page, "maps-03-phone-overdue");

        await _page.SetViewportSizeAsync(1280, 900);
        await maps.GotoAsync("unit=&layer=dti&year=2025");
        await Expect(_page.Locator("path[data-code]")).ToHaveCountAsync(34);
        await Screenshots.SaveAsync(_page, "maps-04-national");
    }

    [Fact]
    public async Task Admin_ComparesHeads_OpensAScorecardSplitByAChangeOfHead()
    {
        await SignInAsync();
        var cards = new ScorecardPages(_page);
        await cards.GotoListAsync("level=commune&year=2026");
        Assert.True(await cards.Rows.CountAsync() > 65, "communes whose head changed have two rows");
        await Screenshots.SaveAsync(_page, "scorecards-01-communes");

        await _page.GetByRole(AriaRole.Link, new() { Name = "Tổng hợp" }).ClickAsync();
        await Expect(_page).ToHaveURLAsync(new Regex("sort=composite"));

        await _page.GotoAsync("/scorecards/20?year=2026");
        // The demo's chairman changes on 16/03/2026 (another test of the shared server may appoint a later one).
        await Expect(cards.Cards.First).ToContainTextAsync("01/01/2026 – 15/03/2026");
        await Expect(cards.Cards.Nth(1)).ToContainTextAsync("16/03/2026 –");
        await cards.Cards.First.Locator("summary").First.ClickAsync();
        await Screenshots.SaveAsync(_page, "scorecards-02-province-split");
    }
}
