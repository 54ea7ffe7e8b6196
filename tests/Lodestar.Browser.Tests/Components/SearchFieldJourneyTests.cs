using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Common;
using Lodestar.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Components;

/// <summary>Targets and people found by name in a real browser: typed without accents, chosen from the list, posted as code or name.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SearchFieldJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task Targets_TypedWithoutAccents_AddUpInTheList_AndAPersonIsChosenByName()
    {
        await AppointAsync("Nguyễn Văn Thước");
        var login = new LoginPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");

        await _page.GotoAsync("/tasks/new");
        var targets = _page.GetByRole(AriaRole.Combobox, new() { Name = "Chỉ tiêu liên quan (cách nhau dấu phẩy)", Exact = true });
        await targets.PressSequentiallyAsync("cua hang so");
        var store = _page.GetByRole(AriaRole.Option, new() { Name = "cửa hàng số" });
        await Expect(store).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "search-field-01-targets");
        await store.ClickAsync();
        await Expect(targets).ToHaveValueAsync("LS-05, ");

        // The second entry is searched on its own: the first stays.
        await targets.PressSequentiallyAsync("ls-06");
        await _page.GetByRole(AriaRole.Option, new() { Name = "LS-06" }).ClickAsync();
        await Expect(targets).ToHaveValueAsync("LS-05, LS-06, ");

        // The register's accountable filter takes a person's name.
        await _page.GotoAsync("/tasks");
        var accountable = _page.GetByRole(AriaRole.Combobox, new() { Name = "Người chịu trách nhiệm", Exact = true });
        await accountable.PressSequentiallyAsync("nguyen van thuoc");
        var person = _page.GetByRole(AriaRole.Option, new() { Name = "Nguyễn Văn Thước" });
        await Expect(person).ToBeVisibleAsync();
        await Expect(person).ToContainTextAsync("Tổ trưởng (trình duyệt)");
        await Screenshots.SaveAsync(_page, "search-field-02-person");
        await accountable.PressAsync("ArrowDown");
        await accountable.PressAsync("Enter");
        await Expect(accountable).ToHaveValueAsync("Nguyễn Văn Thước");
    }

    private async Task AppointAsync(string name)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Lodestar.Data.LodestarDbContext>();
        var province = db.OrgUnits.Where(u => u.Code == "20").Select(u => u.Id).First();
        var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
        var position = await people.AddPositionAsync(province, "Tổ trưởng (trình duyệt)", null, isHead: false);
        var term = await people.AppointAsync(position.Value!.Id, name, Dates.Today(browser.Clock).AddDays(-5), null);
        Assert.True(term.Succeeded);
    }
}
