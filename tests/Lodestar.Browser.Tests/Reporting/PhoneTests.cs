using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.Demo;
using Lodestar.Reporting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Reporting;

/// <summary>
/// The demo commune officer (demo.canbo) on a 360 px phone: no officer page scrolls sideways, fields and buttons are big
/// enough to tap, a number is checked as it is typed, and attaching a photo keeps every value typed (issue 18).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class PhoneTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Dien-Thoai-Can-Bo-2026";
    private IBrowserContext _phone = null!;
    private IPage _page = null!;
    private string _report = string.Empty;
    private DueItem _due = null!;

    public async Task InitializeAsync()
    {
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var users = sp.GetRequiredService<UserManager<LodestarUser>>();
            var user = (await users.FindByNameAsync("demo.canbo"))!;
            await users.RemovePasswordAsync(user);
            Assert.True((await users.AddPasswordAsync(user, Password)).Succeeded);

            // The officer's commune report: one already started (draft or returned) when there is one, so the lists other tests read stay as they were.
            var db = sp.GetRequiredService<LodestarDbContext>();
            var unit = await db.OrgUnits.Where(u => u.Code == DemoAccounts.CommuneCode && u.ValidTo == null).Select(u => u.Id).FirstAsync();
            var reporting = sp.GetRequiredService<ReportingService>();
            var all = (await reporting.DueAsync([unit], Lodestar.Common.Dates.Today(browser.Clock))).Where(d => d.FormCode == ReportingDemo.CommuneForm).ToList();
            var due = all.FirstOrDefault(d => d.Status is null or ReportStatus.Draft or ReportStatus.Returned);
            if (due is null)
            {
                // The demo ward has submitted its latest report: the DX office returns it, so the officer has one to fill again.
                due = all.First(d => d.Status == ReportStatus.Submitted);
                var returned = await reporting.DecideAsync((await reporting.FormAsync(due.FormCode))!, await db.OrgUnits.SingleAsync(u => u.Id == due.UnitId),
                    due.Period, ReportAction.Return, "Kiểm tra lại trên điện thoại.");
                Assert.True(returned.Succeeded, string.Join(" ", returned.Problems.Select(p => p.Message.Vi)));
            }

            _due = due;
            _report = $"/reports/{d(due.FormCode)}/{d(due.UnitCode)}/{due.Period.Code}";
        }

        _phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true,
        });
        _phone.SetDefaultTimeout(45_000);
        _page = await _phone.NewPageAsync();
        await new LoginPage(_page).SignInFromStartAsync("demo.canbo", Password);

        static string d(string s) => Uri.EscapeDataString(s);
    }

    public async Task DisposeAsync() => await _phone.CloseAsync();

    [Fact]
    public async Task OfficerPages_At360Px_DoNotScrollSideways_AndEveryFieldAndButtonIsTappable()
    {
        await _page.GotoAsync("/tasks");
        var task = await _page.Locator(".table-wrap a[href^='/tasks/']").First.GetAttributeAsync("href");

        var pages = new List<string> { "/", "/reports", _report, "/tasks", "/notifications" };
        if (task is not null)
        {
            pages.Add(task);
        }

        var failures = new List<string>();
        foreach (var url in pages)
        {
            await _page.GotoAsync(url);
            var width = await _page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            var small = await _page.EvaluateAsync<string[]>(
                """
                [...document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button')]
                  .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                  .map(e => (e.id || e.name || e.textContent.trim()) + ' ' + Math.round(e.getBoundingClientRect().height) + 'px')
                """);
            await Screenshots.SaveAsync(_page, "phone-360" + url.Replace('/', '-'));

            if (width > 360)
            {
                var wide = await _page.EvaluateAsync<string[]>(
                    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 360).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
                failures.Add($"{url} is {width} px wide at 360 px ({string.Join("; ", wide)})");
            }

            if (small.Length > 0)
            {
                failures.Add($"{url}: too small to tap: {string.Join(", ", small)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        Assert.NotNull(task);
    }

    [Fact]
    public async Task ReportForm_AnAmbiguousNumberIsFlaggedOnTheField_AndAttachingAPhotoKeepsEveryTypedValue()
    {
        await _page.GotoAsync(_report);
        var total = _page.Locator("#v-HH_TOTAL");
        await Expect(total).ToHaveAttributeAsync("inputmode", "numeric");

        // On the field, before sending: how "3029.5" could be read (a count: only as 30.295).
        await total.FillAsync("3029.5");
        await total.BlurAsync();
        var problem = _page.Locator("#v-HH_TOTAL-number");
        await Expect(problem).ToHaveTextAsync("'3029.5' có dấu chấm: nếu là 30.295 hãy viết 30295.");
        await Expect(problem).ToHaveAttributeAsync("role", "alert");
        await Expect(total).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("v-HH_TOTAL-number"));
        await Screenshots.SaveAsync(_page, "phone-report-number-refused");

        // Typed values, then a photo attached: the page comes back with the values saved as the draft and the file listed.
        var typed = new Dictionary<string, string> { ["HH_TOTAL"] = "1.250", ["HH_FIBRE"] = "1.100", ["SCH_TOTAL"] = "4", ["SCH_DIGITAL"] = "3" };
        foreach (var (code, text) in typed)
        {
            await _page.Locator($"#v-{code}").FillAsync(text);
        }

        await Expect(problem).ToHaveCountAsync(0);
        await _page.Locator("input[name='c.HH_TOTAL']").FillAsync("Đã rà soát theo sổ hộ khẩu");
        await _page.GetByLabel("Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 5 tệp, mỗi tệp 10 MB)").SetInputFilesAsync(
            new FilePayload { Name = "anh-hien-truong.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] });
        await _page.GetByRole(AriaRole.Button, new() { Name = "Đính kèm", Exact = true }).ClickAsync();

        await Expect(_page.Locator("#report-message")).ToHaveTextAsync("Đã lưu nháp và đính kèm tệp minh chứng.");
        await Expect(_page.Locator("#evidence-list")).ToContainTextAsync("anh-hien-truong.png");
        foreach (var (code, text) in typed)
        {
            await Expect(_page.Locator($"#v-{code}")).ToHaveValueAsync(text);
        }

        await Expect(_page.Locator("input[name='c.HH_TOTAL']")).ToHaveValueAsync("Đã rà soát theo sổ hộ khẩu");
        await Screenshots.SaveAsync(_page, "phone-report-attached");
    }

    [Fact]
    public async Task ReportForm_OnADesktopWithAWarning_StaysAsWideAsTheWindow()
    {
        // A draft whose fibre households exceed all households: the comparison's badge shows in the row.
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var reporting = scope.ServiceProvider.GetRequiredService<ReportingService>();
            var form = (await reporting.FormAsync(_due.FormCode))!;
            var unit = await scope.ServiceProvider.GetRequiredService<LodestarDbContext>().OrgUnits.SingleAsync(u => u.Id == _due.UnitId);
            var version = (await reporting.OpenAsync(form, unit, _due.Period))!.Version;
            var saved = await reporting.SaveAsync(form, unit, _due.Period, [new ReportEntry("HH_TOTAL", "100", null), new ReportEntry("HH_FIBRE", "5000", null)],
                version, submit: false);
            Assert.True(saved.Succeeded, string.Join(" ", saved.Problems.Select(p => p.Message.Vi)));
        }

        var desktop = await browser.NewPageAsync();
        try
        {
            await new LoginPage(desktop).SignInFromStartAsync("demo.canbo", Password);
            await desktop.GotoAsync(_report);
            await Expect(desktop.Locator("#v-HH_FIBRE-w")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(desktop, "desktop-report-with-warning");
            var width = await desktop.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 1366, $"the report page is {width} px wide at 1366 px");
            Assert.Equal("0px", await desktop.EvaluateAsync<string>("getComputedStyle(document.querySelector('#report-form fieldset')).minWidth"));

            // The same page as before the fix (a fieldset's default min-width, the finding on one line) is wider than the window,
            // so the width measured above is what the fix changed.
            var before = await desktop.EvaluateAsync<int>(
                """
                document.querySelectorAll('#report-form fieldset').forEach(f => f.style.minWidth = 'min-content');
                document.querySelectorAll('table.entry .status').forEach(s => s.style.whiteSpace = 'nowrap');
                document.documentElement.scrollWidth
                """);
            Assert.True(before > 1366, $"without the fix the page is {before} px wide");
        }
        finally
        {
            await desktop.Context.CloseAsync();
        }
    }
}
