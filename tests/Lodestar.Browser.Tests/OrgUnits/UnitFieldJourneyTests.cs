using System.Text.RegularExpressions;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Browser.Tests.Tasks;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.OrgUnits;

/// <summary>A unit field found by name in a real browser: typed without accents, chosen from the list, posted as its code.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class UnitFieldJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task OwnerUnit_TypedWithoutAccents_OffersTheWardAndTakesItsCode()
    {
        var login = new LoginPage(_page);
        var assign = new NewTaskPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");

        await assign.GotoAsync();
        await assign.OwnerUnit.PressSequentiallyAsync("dong kinh");

        var ward = assign.UnitOption("Phường Đông Kinh");
        await Expect(ward).ToBeVisibleAsync();
        await Expect(assign.OwnerUnit).ToHaveAttributeAsync("aria-expanded", "true");
        await Screenshots.SaveAsync(_page, "unit-field-01-offers");
        var code = await ward.GetAttributeAsync("data-value");
        Assert.Matches(Digits(), code);

        // The keyboard: down the list to the ward, Enter takes it.
        var codes = await _page.GetByRole(AriaRole.Option).EvaluateAllAsync<string[]>("all => all.map(o => o.dataset.value)");
        for (var i = 0; i <= Array.IndexOf(codes, code); i++)
        {
            await assign.OwnerUnit.PressAsync("ArrowDown");
        }

        await assign.OwnerUnit.PressAsync("Enter");

        await Expect(assign.OwnerUnit).ToHaveValueAsync(code!);
        await Expect(assign.OwnerUnitChosen).ToHaveTextAsync($"Phường Đông Kinh · {code}");
        await Expect(assign.OwnerUnit).ToHaveAttributeAsync("aria-expanded", "false");

        // The register's filter: the same search, a click takes the ward, the form filters by its code.
        await _page.GotoAsync("/tasks");
        var filter = _page.GetByRole(AriaRole.Combobox, new() { Name = "Đơn vị", Exact = true });
        await filter.PressSequentiallyAsync("dong kinh");
        await Expect(_page.GetByRole(AriaRole.Option, new() { Name = "Phường Đông Kinh" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "unit-field-02-register");
        await _page.GetByRole(AriaRole.Option, new() { Name = "Phường Đông Kinh" }).ClickAsync();
        await Expect(filter).ToHaveValueAsync(code!);
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();
}
