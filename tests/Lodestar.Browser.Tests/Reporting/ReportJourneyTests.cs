using System.Globalization;
using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Reporting;

/// <summary>/reports/{form}/{unit}/{period}: the values table, the two buttons, the review form.</summary>
public sealed class ReportPage(IPage page)
{
    public ILocator Status => page.Locator("#report-status");

    public ILocator ReturnReason => page.Locator("#return-reason");

    public ILocator Value(string code) => page.Locator($"#v-{code}");

    public ILocator Comment(string code) => page.Locator($"input[name='c.{code}']");

    public async Task SubmitAsync() => await page.GetByRole(AriaRole.Button, new() { Name = "Nộp báo cáo", Exact = true }).ClickAsync();

    public async Task ReturnAsync(string reason)
    {
        await page.GetByLabel("Lý do (bắt buộc khi trả lại hoặc mở lại)").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Trả lại", Exact = true }).ClickAsync();
    }
}

/// <summary>The officer's whole path: the reminder's link, sign in, fill, submit; the reviewer returns it with a reason; the officer fixes and resubmits.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ReportJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Can-Bo-Bao-Cao-2026";
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private IPage _officer = null!;
    private IPage _reviewer = null!;

    public async Task InitializeAsync()
    {
        _officer = await browser.NewPageAsync();
        _reviewer = await browser.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _officer.Context.CloseAsync();
        await _reviewer.Context.CloseAsync();
    }

    [Fact]
    public async Task Officer_FollowsTheReminder_FillsAndSubmits_IsReturned_FixesAndResubmits()
    {
        // Arrange as the operator: an overdue, missing commune report, its officer, a DX office reviewer, and the daily job.
        string link;
        Dictionary<string, double> values;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<LodestarDbContext>();
            var reporting = sp.GetRequiredService<ReportingService>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var today = Lodestar.Common.Dates.Today(clock);
            var units = await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync();
            var due = (await reporting.DueAsync(units, today)).Where(d => d.FormCode == ReportingDemo.CommuneForm && d.Status is null && d.Overdue(today)).ToList();
            Assert.NotEmpty(due);
            var target = due[^1];
            var accounts = sp.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("canbo.baocao", "Nông Thị Lan", "lan@xa.example", Roles.ReportingOfficer, target.UnitCode, Password))).Succeeded);
            Assert.True((await accounts.CreateAsync(new NewAccount("cds.duyet", "Hoàng Văn Hùng", null, Roles.DxOffice, "20", Password))).Succeeded);
            await sp.GetRequiredService<ReportReminderJob>().RunAsync();
            var officerId = await db.Users.Where(u => u.UserName == "canbo.baocao").Select(u => u.Id).SingleAsync();
            // The run's overdue reports come as one notice: one report links straight to it, several to "Việc của tôi".
            var notice = await db.Notifications.Where(n => n.UserId == officerId && n.Kind == NoticeKind.Overdue).SingleAsync();
            link = $"/reports/{Uri.EscapeDataString(target.FormCode)}/{Uri.EscapeDataString(target.UnitCode)}/{target.Period.Code}";
            Assert.Equal(notice.Count == 1 ? link : "/my-work", notice.Link);

            var form = (await reporting.FormAsync(ReportingDemo.CommuneForm))!;
            var unit = await db.OrgUnits.SingleAsync(u => u.Id == target.UnitId);
            var view = (await reporting.OpenAsync(form, unit, target.Period))!;
            values = view.Fields.ToDictionary(f => f.Code, f => f.Previous ?? 40);
            values["HH_FIBRE"] = Math.Min(values["HH_FIBRE"], values["HH_TOTAL"]);
            values["SCH_DIGITAL"] = Math.Min(values["SCH_DIGITAL"], values["SCH_TOTAL"]);
        }

        // The reminder's link, signed out: the login page, then straight back to the report.
        await _officer.GotoAsync(link);
        var login = new LoginPage(_officer);
        await login.SignInAsync("canbo.baocao", Password);
        await Expect(_officer).ToHaveURLAsync(browser.BaseUrl + link);
        var report = new ReportPage(_officer);
        await Expect(report.Status).ToHaveTextAsync("chưa nộp");
        await Screenshots.SaveAsync(_officer, "reports-01-reminded-form");

        // Fill in vi-VN format with the keyboard: value, comment, next value…
        await report.Value("HH_TOTAL").FocusAsync();
        foreach (var code in new[] { "HH_TOTAL", "HH_FIBRE", "SCH_TOTAL", "SCH_DIGITAL" })
        {
            await _officer.Keyboard.TypeAsync(values[code].ToString("#,##0.##", Vi));
            await _officer.Keyboard.PressAsync("Tab");
            await _officer.Keyboard.PressAsync("Tab");
        }

        await report.SubmitAsync();
        await Expect(report.Status).ToHaveTextAsync("đã nộp, chờ duyệt");
        await Screenshots.SaveAsync(_officer, "reports-02-submitted");

        // The DX office returns it with a reason.
        var reviewerLogin = new LoginPage(_reviewer);
        await reviewerLogin.GotoAsync();
        await reviewerLogin.SignInAsync("cds.duyet", Password);
        await _reviewer.GotoAsync(link);
        var review = new ReportPage(_reviewer);
        await review.ReturnAsync("Số trường học dùng nền tảng số chưa khớp với báo cáo của Phòng Giáo dục.");
        await Expect(review.Status).ToHaveTextAsync("bị trả lại");
        await Screenshots.SaveAsync(_reviewer, "reports-03-returned");

        // The officer sees why, fixes the value with a comment and resubmits.
        await _officer.ReloadAsync();
        await Expect(report.ReturnReason).ToContainTextAsync("chưa khớp với báo cáo của Phòng Giáo dục");
        await report.Value("SCH_DIGITAL").FillAsync(Math.Max(0, values["SCH_DIGITAL"] - 1).ToString("#,##0.##", Vi));
        await report.Comment("SCH_DIGITAL").FillAsync("Đã đối chiếu với Phòng Giáo dục");
        await report.SubmitAsync();
        await Expect(report.Status).ToHaveTextAsync("đã nộp, chờ duyệt");
        await Expect(_officer.Locator("#events-table tbody tr")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(_officer, "reports-04-resubmitted");
    }
}
