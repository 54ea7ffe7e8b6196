using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Auth;

/// <summary>/login: user name, password, one button.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator UserName => page.GetByLabel("Tên đăng nhập");

    public ILocator Password => page.GetByLabel("Mật khẩu");

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true });

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task GotoAsync() => await page.GotoAsync("/login");

    /// <summary>Opens /login, signs in and waits until the page shows the account signed in.</summary>
    public async Task SignInFromStartAsync(string userName, string password)
    {
        await GotoAsync();
        await SignInAsync(userName, password);
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" })).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string userName, string password)
    {
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }
}
