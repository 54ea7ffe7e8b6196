using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.People;

/// <summary>Issue 17, item 6: the DX office founds a community digital technology team for a commune and adds its leader.</summary>
[Collection(SharedBrowser.Name)]
public sealed class TeamJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "To-Cong-Nghe-So-2026";
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task DxOffice_FoundsATeam_ThenAddsItsLeader()
    {
        string commune;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            commune = await db.OrgUnitParents.Where(l => l.Parent.Code == "20" && l.Child.Level == OrgUnitLevel.Commune && l.ValidTo == null)
                .OrderBy(l => l.Child.Code).Select(l => l.Child.Code).FirstAsync();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("cds.to", "Lý Thị Hoa", null, Roles.DxOffice, "20", Password))).Succeeded);
        }

        await _page.GotoAsync("/teams");
        await new LoginPage(_page).SignInAsync("cds.to", Password);
        await _page.WaitForURLAsync("**/teams");

        await _page.Locator("[name='NewTeam.Unit']").FillAsync(commune);
        await _page.GetByLabel("Tên tổ").FillAsync("Tổ công nghệ số cộng đồng thử nghiệm");
        await _page.GetByLabel("Ngày thành lập").FillAsync("01/09/2026");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Thành lập", Exact = true }).ClickAsync();

        await Expect(_page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tổ công nghệ số cộng đồng thử nghiệm");
        await _page.GetByLabel("Họ và tên").FillAsync("Hoàng Văn Nam");
        await _page.GetByLabel("Ngày tham gia").FillAsync("01/09/2026");
        await _page.GetByLabel("Tổ trưởng").CheckAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Thêm thành viên" }).ClickAsync();

        await Expect(_page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Đã lưu.");
        await Expect(_page.GetByRole(AriaRole.Cell, new() { Name = "Hoàng Văn Nam (tổ trưởng)" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "team-01-leader-added");
    }
}
