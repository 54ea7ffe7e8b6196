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
        await SignInAsAdminAsync();

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

    [Fact]
    public async Task Namesakes_AreToldApartByTheirPost_AndTheOneChosenIsPostedByItsKey()
    {
        await AppointAsync("Lò Thị Mai", "Tổ phó (trình duyệt A)");
        var (chosenPerson, chosenPost) = await AppointAsync("Lò Thị Mai", "Tổ phó (trình duyệt B)");
        await SignInAsAdminAsync();

        // Appointing: both namesakes are offered, each with the post that tells them apart; the one chosen goes by uid.
        await _page.GotoAsync("/units/20");
        var person = _page.GetByRole(AriaRole.Combobox, new() { Name = "Họ và tên", Exact = true });
        await person.PressSequentiallyAsync("lo thi mai");
        var options = _page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Lò Thị Mai" });
        await Expect(options).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(_page, "search-field-03-namesakes");
        await options.Filter(new() { HasText = "trình duyệt B" }).ClickAsync();
        await Expect(person).ToHaveValueAsync("Lò Thị Mai");
        await Expect(_page.Locator("#person-key")).ToHaveValueAsync(chosenPerson);
        // Typing again makes it a name typed: a new person unless chosen again.
        await person.PressSequentiallyAsync("n");
        await Expect(_page.Locator("#person-key")).ToHaveValueAsync("");

        // A task's accountable person: the name shows, the post they hold is posted.
        await _page.GotoAsync("/tasks/new");
        var accountable = _page.GetByRole(AriaRole.Combobox, new() { Name = "Người chịu trách nhiệm", Exact = true });
        await accountable.PressSequentiallyAsync("lo thi mai");
        await _page.GetByRole(AriaRole.Option).Filter(new() { HasText = "trình duyệt B" }).ClickAsync();
        await Expect(accountable).ToHaveValueAsync("Lò Thị Mai");
        await Expect(_page.Locator("#accountable-key")).ToHaveValueAsync(chosenPost);
    }

    private async Task SignInAsAdminAsync()
    {
        var login = new LoginPage(_page);
        await login.GotoAsync();
        await login.SignInAsync("admin", LodestarServer.AdminPassword);
        await Expect(_page).ToHaveURLAsync(browser.BaseUrl + "/");
    }

    private async Task<(string Person, string Position)> AppointAsync(string name, string title = "Tổ trưởng (trình duyệt)")
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Lodestar.Data.LodestarDbContext>();
        var province = db.OrgUnits.Where(u => u.Code == "20").Select(u => u.Id).First();
        var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
        var position = await people.AddPositionAsync(province, title, null, isHead: false);
        var term = await people.AppointAsync(position.Value!.Id, name, Dates.Today(browser.Clock).AddDays(-5), null);
        Assert.True(term.Succeeded);
        return (term.Value!.Person.Uid, position.Value.Uid);
    }
}
