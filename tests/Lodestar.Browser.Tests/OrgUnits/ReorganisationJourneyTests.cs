using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.OrgUnits;

/// <summary>Issue 17: the DX office merges two villages, sees the consequences first, records it, and the merged village's page tells its history.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ReorganisationJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Sap-Xep-Thon-Ban-2026";
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task DxOffice_MergesTwoVillages_PreviewThenRecord_ThenTheNewVillageShowsWhereItCameFrom()
    {
        var today = Dates.Today(browser.Clock);
        List<(string Code, string FullName)> villages;
        string commune;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var rows = await db.OrgUnitParents.Where(l => l.Child.Level == OrgUnitLevel.Village && l.Child.ValidTo == null && l.ValidTo == null)
                .OrderByDescending(l => l.Parent.Code).ThenBy(l => l.Child.Code).Select(l => new { l.Parent.Code, Village = l.Child.Code, l.Child.FullName }).Take(2).ToListAsync();
            Assert.True(rows.Count == 2 && rows[0].Code == rows[1].Code, "the demo gives a commune of Lạng Sơn two villages");
            commune = rows[0].Code;
            villages = rows.Select(r => (r.Village, r.FullName)).ToList();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("cds.sapxep", "Nông Thị Hạnh", null, Roles.DxOffice, "20", Password))).Succeeded);
        }

        var merged = $"{commune}.G1";
        await _page.GotoAsync("/org-units/reorganisations");
        await new LoginPage(_page).SignInAsync("cds.sapxep", Password);
        await _page.WaitForURLAsync("**/org-units/reorganisations");

        var form = _page.Locator("#reorganise");
        await form.Locator("[name='Form.EffectiveOn']").FillAsync(today.ToDisplay());
        await form.Locator("[name='Form.Basis']").FillAsync("Nghị quyết số 41/NQ-HĐND về sáp nhập thôn");
        await form.Locator("[name='Form.Kind']").SelectOptionAsync("merge");
        await form.Locator("[name='Form.Units']").FillAsync($"{villages[0].Code}, {villages[1].Code}");
        await form.Locator("[name='Form.NewCode']").FillAsync(merged);
        await form.Locator("[name='Form.NewName']").FillAsync("Đoàn Kết");
        await form.Locator("[name='Form.NewFullName']").FillAsync("Thôn Đoàn Kết");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Xem trước hệ quả" }).ClickAsync();

        var preview = _page.Locator("#preview");
        await Expect(preview.Locator("tr[data-what='unit-closed']")).ToHaveCountAsync(2);
        await Expect(preview.Locator("tr[data-what='unit-opened']")).ToContainTextAsync("Thôn Đoàn Kết");
        await Screenshots.SaveAsync(_page, "reorganisation-01-preview");

        // The preview kept what was typed: recording needs no second entry.
        await _page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận", Exact = true }).ClickAsync();
        await Expect(_page.Locator("#recorded")).ToHaveTextAsync("Đã ghi nhận sắp xếp đơn vị.");
        await Expect(_page.Locator("details.reorganisation[open]")).ToContainTextAsync("Nghị quyết số 41/NQ-HĐND");
        await Screenshots.SaveAsync(_page, "reorganisation-02-recorded");

        await _page.GotoAsync($"/units/{merged}");
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thôn Đoàn Kết");
        foreach (var (_, fullName) in villages)
        {
            await Expect(_page.GetByRole(AriaRole.Link, new() { Name = fullName, Exact = true })).ToBeVisibleAsync();
        }

        await Screenshots.SaveAsync(_page, "reorganisation-03-merged-village");

        // The day before, the old village is still there under its commune.
        await _page.GotoAsync($"/units/{villages[0].Code}?asOf={today.AddDays(-1).ToDisplay()}");
        await Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(villages[0].FullName);
    }
}
