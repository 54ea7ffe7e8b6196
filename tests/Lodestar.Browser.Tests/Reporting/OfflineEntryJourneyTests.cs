using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Reporting;

/// <summary>
/// A commune officer on a phone in a village without signal (issue 18): he fills his report offline with a photo as
/// evidence, the page reloads, the phone is put away and taken out again, and when the network returns nothing typed
/// is lost; when the report changed on the server meanwhile he chooses value by value.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class OfflineEntryJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Can-Bo-Ngoai-Tuyen-2026";

    // What waits on a send and the reload after it: a token, the write, the page again — slow on a loaded CI machine.
    private const float SendingMs = 30_000;
    private static readonly string[] Codes = ["HH_TOTAL", "HH_FIBRE", "SCH_TOTAL", "SCH_DIGITAL"];

    // A 1 × 1 PNG: a real image file, as a phone camera's photo would be.
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly List<string> _profiles = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var dir in _profiles.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Officer_FillsOfflineWithAPhoto_ReloadsAndReopensThePhone_AndTheReportArrivesExactly()
    {
        var (report, values) = await ArrangeAsync(0, "canbo.ngoaituyen1");
        var profile = NewProfile();
        var phone = await browser.OpenPhoneAsync(profile);
        var page = await SignedInAtAsync(phone, report.Link, "canbo.ngoaituyen1");

        // The signal goes; he types, and the page says where his values are.
        await phone.SetOfflineAsync(true);
        foreach (var code in Codes)
        {
            await page.Locator($"#v-{code}").FillAsync(values[code]);
        }

        await Expect(page.Locator("#report-form .offline-status")).ToContainTextAsync("Đã lưu trên máy");

        // A photo as evidence: kept on the phone, and the values typed stay.
        await page.Locator("#evidence-files").SetInputFilesAsync(new FilePayload { Name = "anh-hien-truong.png", MimeType = "image/png", Buffer = Photo });
        await page.GetByRole(AriaRole.Button, new() { Name = "Đính kèm", Exact = true }).ClickAsync();
        await Expect(page.Locator("#evidence-pending")).ToContainTextAsync("anh-hien-truong.png — đã lưu trên máy, chờ gửi");
        await Expect(page.Locator("#v-HH_TOTAL")).ToHaveValueAsync(values["HH_TOTAL"]);

        // A reload without signal: the page comes from the phone, with everything typed.
        await page.ReloadAsync();
        foreach (var code in Codes)
        {
            await Expect(page.Locator($"#v-{code}")).ToHaveValueAsync(values[code]);
        }

        await Expect(page.Locator("#evidence-pending")).ToContainTextAsync("anh-hien-truong.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp báo cáo", Exact = true }).ClickAsync();
        await Expect(page.Locator("#report-form .offline-status")).ToContainTextAsync("sẽ tự gửi khi có mạng");
        await Screenshots.SaveAsync(page, "offline-01-kept-on-the-phone");

        // The phone is put away (the session ends with it) and taken out where there is signal.
        await phone.CloseAsync();
        phone = await browser.OpenPhoneAsync(profile);

        // Not opened once more: the page sends what waits and reloads itself, and a reload of ours would cut that short.
        page = await SignedInAtAsync(phone, report.Link, "canbo.ngoaituyen1", openAgain: false);
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("đã nộp, chờ duyệt", new() { Timeout = SendingMs });
        await Expect(page.Locator("#evidence-list")).ToContainTextAsync("anh-hien-truong.png");
        await Expect(page.Locator("#evidence-pending li")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "offline-02-sent");
        await phone.CloseAsync();

        var stored = await StoredAsync(report);
        Assert.Equal(ReportStatus.Submitted, stored.Status);
        Assert.Equal(Codes.ToDictionary(c => c, c => double.Parse(values[c], System.Globalization.CultureInfo.InvariantCulture)), stored.Values);
        Assert.Equal(["anh-hien-truong.png"], stored.Files);
    }

    [Fact]
    public async Task ReportChangedOnTheServerWhileOffline_TheOfficerChoosesValueByValue_NothingIsOverwrittenUnasked()
    {
        var (report, values) = await ArrangeAsync(1, "canbo.ngoaituyen2");
        var phone = await browser.OpenPhoneAsync(NewProfile());
        var page = await SignedInAtAsync(phone, report.Link, "canbo.ngoaituyen2");

        await phone.SetOfflineAsync(true);
        foreach (var code in Codes)
        {
            await page.Locator($"#v-{code}").FillAsync(values[code]);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu nháp", Exact = true }).ClickAsync();
        await Expect(page.Locator("#report-form .offline-status")).ToContainTextAsync("sẽ tự gửi khi có mạng");

        // Meanwhile a colleague saves other totals on the server.
        var theirs = Codes.ToDictionary(c => c, c => (double.Parse(values[c], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SaveOnServerAsync(report, theirs);

        // The signal returns: the device's save is refused as stale, and the page puts both versions side by side.
        await phone.SetOfflineAsync(false);
        var chooser = page.Locator("#offline-conflict");
        await Expect(chooser).ToBeVisibleAsync(new() { Timeout = SendingMs });
        await Expect(chooser.Locator("tbody tr")).ToHaveCountAsync(Codes.Length);
        await Expect(page.Locator("#v-HH_TOTAL")).ToHaveValueAsync(double.Parse(theirs["HH_TOTAL"], System.Globalization.CultureInfo.InvariantCulture).ToString("#,##0.##", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")));
        await Screenshots.SaveAsync(page, "offline-03-conflict");

        // Sending before choosing is refused; then he keeps his totals and the colleague's counts.
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp báo cáo", Exact = true }).ClickAsync();
        await Expect(page.Locator("#report-form .offline-status")).ToContainTextAsync("Hãy chọn giá trị");
        var chosen = new Dictionary<string, string>
        {
            ["HH_TOTAL"] = values["HH_TOTAL"],
            ["HH_FIBRE"] = theirs["HH_FIBRE"],
            ["SCH_TOTAL"] = values["SCH_TOTAL"],
            ["SCH_DIGITAL"] = theirs["SCH_DIGITAL"],
        };
        foreach (var code in Codes)
        {
            await chooser.Locator($"tr[data-field='v.{code}'] input[value='{(chosen[code] == values[code] ? "mine" : "server")}']").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Dùng các giá trị đã chọn", Exact = true }).ClickAsync();
        await Expect(chooser).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp báo cáo", Exact = true }).ClickAsync();
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("đã nộp, chờ duyệt", new() { Timeout = SendingMs });
        await phone.CloseAsync();

        var stored = await StoredAsync(report);
        Assert.Equal(ReportStatus.Submitted, stored.Status);
        Assert.Equal(Codes.ToDictionary(c => c, c => double.Parse(chosen[c], System.Globalization.CultureInfo.InvariantCulture)), stored.Values);
    }

    [Fact]
    public async Task AFileTheServerRefuses_IsNamed_AndCanBeDropped_WhileTheValuesArrive()
    {
        var (report, values) = await ArrangeAsync(2, "canbo.ngoaituyen4");
        var phone = await browser.OpenPhoneAsync(NewProfile());
        var page = await SignedInAtAsync(phone, report.Link, "canbo.ngoaituyen4");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        // Offline: the values and a "photo" that is not an image (a renamed file) wait on the phone.
        await phone.SetOfflineAsync(true);
        foreach (var code in Codes)
        {
            await page.Locator($"#v-{code}").FillAsync(values[code]);
        }

        await page.Locator("#evidence-files").SetInputFilesAsync(new FilePayload { Name = "anh-hong.png", MimeType = "image/png", Buffer = "không phải ảnh"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Đính kèm", Exact = true }).ClickAsync();
        await Expect(page.Locator("#evidence-pending")).ToContainTextAsync("anh-hong.png");

        // The signal returns: the values go, the file is refused with the server's reason and holds nothing else back.
        await phone.SetOfflineAsync(false);
        var status = page.Locator("#report-form .offline-status");
        await Expect(status).ToContainTextAsync("Cần xử lý", new() { Timeout = SendingMs });
        await Expect(status).ToContainTextAsync("nội dung không đúng loại PNG");
        await Screenshots.SaveAsync(page, "offline-04-refused-file");
        await status.GetByRole(AriaRole.Button, new() { Name = "Bỏ tệp bị từ chối", Exact = true }).ClickAsync();
        await Expect(status).Not.ToContainTextAsync("Cần xử lý");
        await Expect(page.Locator("#evidence-pending li")).ToHaveCountAsync(0);
        await phone.CloseAsync();

        var stored = await StoredAsync(report);
        Assert.Equal(ReportStatus.Draft, stored.Status);
        Assert.Equal(Codes.ToDictionary(c => c, c => double.Parse(values[c], System.Globalization.CultureInfo.InvariantCulture)), stored.Values);
        Assert.DoesNotContain("anh-hong.png", stored.Files);
    }

    [Fact]
    public async Task TaskProgressWithAPhoto_SentOffline_ArrivesWhenTheSignalReturns()
    {
        var (report, _) = await ArrangeAsync(0, "canbo.ngoaituyen3");
        string uid;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<Lodestar.Tasks.TaskService>().CreateAsync(
                new Lodestar.Tasks.TaskInput { Title = "Lắp wifi miễn phí ở nhà văn hóa thôn", OwnerUnit = report.Unit, Deadline = "31/12/2027" });
            Assert.True(created.Succeeded, string.Join("; ", created.Problems.Select(p => p.Message.ToString())));
            uid = created.Value!.Uid;
        }

        var phone = await browser.OpenPhoneAsync(NewProfile());
        var page = await SignedInAtAsync(phone, $"/tasks/{uid}", "canbo.ngoaituyen3");
        await phone.SetOfflineAsync(true);
        await page.GetByLabel("Tiến độ (%)", new() { Exact = true }).FillAsync("30");
        await page.GetByLabel("Nội dung", new() { Exact = true }).FillAsync("Đã kéo cáp quang đến nhà văn hóa thôn Nà Pàn");
        await page.GetByLabel("Tệp minh chứng", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "cap-quang.png", MimeType = "image/png", Buffer = Photo });
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi báo cáo tiến độ", Exact = true }).ClickAsync();
        var status = page.Locator("#progress-form .offline-status");
        await Expect(status).ToContainTextAsync("sẽ tự gửi khi có mạng");
        await page.ReloadAsync();
        await Expect(status).ToContainTextAsync("Đã lưu trên máy (1 thay đổi)");

        // Sent by the page when the signal returns, or already by the service worker's background sync: either way the
        // page shows the task as the server has it (the send and the reload may take a while on a loaded machine).
        await phone.SetOfflineAsync(false);
        var history = page.Locator("div.card", new() { Has = page.Locator("#history") });
        await Expect(history).ToContainTextAsync("Đã kéo cáp quang đến nhà văn hóa thôn Nà Pàn", new() { Timeout = SendingMs });
        await Expect(history.GetByRole(AriaRole.Link, new() { Name = "cap-quang.png", Exact = true })).ToBeVisibleAsync();
        await phone.CloseAsync();
    }

    private string NewProfile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lodestar-phone-" + Guid.NewGuid().ToString("N"));
        _profiles.Add(dir);
        return dir;
    }

    /// <summary>Opens the report's link on the phone, signs in when asked, and waits until the service worker keeps the page.</summary>
    private static async Task<IPage> SignedInAtAsync(IBrowserContext phone, string path, string userName, bool openAgain = true)
    {
        var page = phone.Pages.Count > 0 ? phone.Pages[0] : await phone.NewPageAsync();
        await page.GotoAsync(path);
        if (page.Url.Contains("/login", StringComparison.Ordinal))
        {
            await new LoginPage(page).SignInAsync(userName, Password);
        }

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/(reports|tasks)/"));
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        if (!openAgain)
        {
            return page;
        }

        // Opened once more, as an officer would on his way out: through the service worker, which keeps it.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("async () => !!(await (await caches.open('lodestar-pages')).match(location.href))");
        return page;
    }

    public sealed record ReportLink(string Form, string Unit, int UnitId, string Period)
    {
        public string Link => $"/reports/{Uri.EscapeDataString(Form)}/{Uri.EscapeDataString(Unit)}/{Period}";
    }

    /// <summary>A missing commune report (not the one the other report journey takes), its officer, and values that pass the form's rules.</summary>
    private async Task<(ReportLink Report, Dictionary<string, string> Values)> ArrangeAsync(int which, string userName)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<LodestarDbContext>();
        var reporting = sp.GetRequiredService<ReportingService>();
        var today = Lodestar.Common.Dates.Today(sp.GetRequiredService<TimeProvider>());
        var units = await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync();
        var due = (await reporting.DueAsync(units, today)).Where(d => d.FormCode == ReportingDemo.CommuneForm).ToList();
        var journeys = due.Where(d => d.Status is null && d.Overdue(today)).TakeLast(1);
        var free = due.Where(d => d.Status is null or ReportStatus.Draft).Except(journeys).ToList();
        Assert.True(free.Count >= 3, $"the demo leaves commune reports to fill besides the one the report journey takes ({free.Count} of {due.Count})");
        var target = free[which];
        Assert.True((await sp.GetRequiredService<AccountService>().CreateAsync(new NewAccount(userName, "Lò Văn Páo", null, Roles.ReportingOfficer, target.UnitCode, Password))).Succeeded);

        var form = (await reporting.FormAsync(ReportingDemo.CommuneForm))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Id == target.UnitId);
        var view = (await reporting.OpenAsync(form, unit, target.Period))!;
        var numbers = view.Fields.ToDictionary(f => f.Code, f => Math.Round(f.Previous ?? 40));
        numbers["HH_FIBRE"] = Math.Min(numbers["HH_FIBRE"], numbers["HH_TOTAL"] - 1);
        numbers["SCH_DIGITAL"] = Math.Min(numbers["SCH_DIGITAL"], numbers["SCH_TOTAL"] - 1);
        return (new ReportLink(form.Code, target.UnitCode, target.UnitId, target.Period.Code), numbers.ToDictionary(p => p.Key, p => p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private async Task SaveOnServerAsync(ReportLink report, Dictionary<string, string> values)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var (reporting, form, unit, view) = await OpenAsync(scope.ServiceProvider, report);
        var entries = values.Select(v => new ReportEntry(v.Key, v.Value, null)).ToList();
        var saved = await reporting.SaveAsync(form, unit, view.Period, entries, view.Version, submit: false);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Select(p => p.Message.ToString())));
    }

    private async Task<(ReportStatus Status, Dictionary<string, double> Values, List<string> Files)> StoredAsync(ReportLink report)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var (_, form, unit, view) = await OpenAsync(scope.ServiceProvider, report);
        var files = await scope.ServiceProvider.GetRequiredService<ReportEvidenceService>().ListAsync(form.Id, unit.Id, report.Period);
        return (view.Status, view.Fields.Where(f => f.Value is not null).ToDictionary(f => f.Code, f => f.Value!.Value), files.ConvertAll(f => f.FileName));
    }

    private static async Task<(ReportingService Reporting, ReportForm Form, Lodestar.OrgUnits.OrgUnit Unit, ReportView View)> OpenAsync(IServiceProvider sp, ReportLink report)
    {
        var reporting = sp.GetRequiredService<ReportingService>();
        var form = (await reporting.FormAsync(report.Form))!;
        var unit = await sp.GetRequiredService<LodestarDbContext>().OrgUnits.SingleAsync(u => u.Id == report.UnitId);
        return (reporting, form, unit, (await reporting.OpenAsync(form, unit, Lodestar.Values.Period.Parse(report.Period)))!);
    }
}
