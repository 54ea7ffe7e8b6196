using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Work;

/// <summary>/review: one row per item waiting, each with its reason box and the two decisions.</summary>
public sealed class ReviewQueuePage(IPage page)
{
    public ILocator Count => page.Locator("#review-count");

    public ILocator Message => page.Locator("#review-message");

    public ILocator Row(string key) => page.Locator($"#review-table tr[data-key='{key}']");

    public async Task GotoAsync() => await page.Locator("nav.side").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Chờ duyệt") }).ClickAsync();

    /// <summary>Returns with the keyboard only: the reason box, then Tab past "Duyệt" to "Trả lại", then Enter.</summary>
    public async Task ReturnWithKeyboardAsync(string key, string reason)
    {
        await Row(key).GetByRole(AriaRole.Textbox).FocusAsync();
        await page.Keyboard.TypeAsync(reason);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
    }

    public async Task ApproveAsync(string key) => await Row(key).GetByRole(AriaRole.Button, new() { Name = "Duyệt", Exact = true }).ClickAsync();
}

/// <summary>The notification badge in the header and the /notifications list it opens.</summary>
public sealed class NotificationsPage(IPage page)
{
    public ILocator Badge => page.Locator("a.notify .badge");

    public ILocator Items => page.Locator("ul.notifications li");

    /// <summary>The notices that mention the text (other work of the demo notifies the same accounts meanwhile).</summary>
    public ILocator About(string text) => Items.Filter(new() { HasText = text });

    public async Task OpenAsync() => await page.Locator("a.notify").ClickAsync();
}

/// <summary>/my-work: its sections, or the "nothing due" sentence.</summary>
public sealed class MyWorkPage(IPage page)
{
    public ILocator Empty => page.Locator("#work-empty");

    public ILocator Overdue => page.Locator("#work-overdue");

    public ILocator WaitingForMe => page.Locator("#work-waitingforme");

    public ILocator LinkTo(string href) => page.Locator($"main a[href='{href}']");

    public async Task GotoAsync() => await page.Locator("nav.side").GetByRole(AriaRole.Link, new() { Name = "Việc của tôi", Exact = true }).ClickAsync();
}
