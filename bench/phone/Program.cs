// The report page on a phone over an emulated slow 3G line (issue 18 item 8): bytes carried the first time (nothing on
// the device) and the next time (the service worker's copy of Lodestar's files), and the time until the form is usable
// (the page loaded and its offline script holding the form). Run by bench/phone/run.sh, which starts Lodestar and the
// throttling proxy (slow3g.py) and passes: base URL, proxy URL, user, password, report path, Chromium path.
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

if (args.Length < 6)
{
    Console.Error.WriteLine("usage: Lodestar.PhoneBench BASE_URL PROXY_URL USER PASSWORD REPORT_PATH CHROMIUM");
    return 2;
}

var (baseUrl, proxy, user, password, report, chromium) = (args[0], args[1], args[2], args[3], args[4], args[5]);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--proxy-bypass-list=<-loopback>"],
    Proxy = new Proxy { Server = proxy },
});
var phone = new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "vi-VN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

// Sign in on one phone, then carry only its cookies to a clean one: the first visit then starts with an empty cache.
var signIn = await browser.NewContextAsync(phone);
var login = await signIn.NewPageAsync();
await login.GotoAsync("/login");
await login.GetByLabel("Tên đăng nhập").FillAsync(user);
await login.GetByLabel("Mật khẩu").FillAsync(password);
await login.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
await login.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
await login.WaitForLoadStateAsync(LoadState.NetworkIdle);
phone.StorageState = await signIn.StorageStateAsync();
await signIn.CloseAsync();

var context = await browser.NewContextAsync(phone);
context.SetDefaultTimeout(120_000);
var page = await context.NewPageAsync();
using var http = new HttpClient(new HttpClientHandler { Proxy = new System.Net.WebProxy(proxy), UseProxy = true });

async Task<(long Down, int Requests)> CountAsync()
{
    var count = JsonDocument.Parse(await http.GetStringAsync("http://bench.control/count")).RootElement;
    return (count.GetProperty("down").GetInt64(), count.GetProperty("requests").GetInt32());
}

// The service worker goes on after the page (it keeps the officer's other pages): wait until the line is quiet 3 s.
async Task<(long Down, int Requests)> QuietAsync()
{
    var last = await CountAsync();
    for (var quiet = 0; quiet < 6; quiet++)
    {
        await Task.Delay(500);
        var now = await CountAsync();
        quiet = now == last ? quiet : -1;
        last = now;
    }

    return last;
}

async Task<(long Down, int Requests, double Usable)> VisitAsync(bool reload)
{
    await http.GetStringAsync("http://bench.control/reset");
    var watch = Stopwatch.StartNew();
    if (reload)
    {
        await page.ReloadAsync();
    }
    else
    {
        await page.GotoAsync(report);
    }

    // Usable: the form is on screen and offline.js holds it (its status line is in the form).
    await page.WaitForSelectorAsync("#report-form .offline-status", new() { State = WaitForSelectorState.Attached });
    var usable = watch.Elapsed.TotalSeconds;
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    var (down, requests) = await CountAsync();
    return (down, requests, usable);
}

await QuietAsync();
var first = await VisitAsync(reload: false);
await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
var kept = await QuietAsync();
var again = await VisitAsync(reload: true);
var afterAgain = await QuietAsync();
Console.WriteLine("| visit | requests | KB carried | usable after (s) |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Console.WriteLine($"| first (empty device): the page | {first.Requests} | {first.Down / 1024.0:F1} | {first.Usable:F2} |");
Console.WriteLine($"| first: then the service worker keeps the officer's pages | {kept.Requests - first.Requests} | {(kept.Down - first.Down) / 1024.0:F1} | |");
Console.WriteLine($"| again (service worker) | {again.Requests} | {again.Down / 1024.0:F1} | {again.Usable:F2} |");
Console.WriteLine($"| again: anything after | {afterAgain.Requests - again.Requests} | {(afterAgain.Down - again.Down) / 1024.0:F1} | |");
return 0;
