using System.Globalization;
using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Browser.Tests.Reporting;
using Lodestar.Data;
using Lodestar.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Work;

/// <summary>
/// The loop between people on one commune report: the officer submits, the DX office is told and returns it from its queue
/// with a reason, the officer is told why, fixes and resubmits, the DX office approves from the queue, the officer is told,
/// and the commune's head, who saw it overdue, has nothing left due for it on "Việc của tôi".
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class WorkLoopJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Vong-Lam-Viec-2026";
    private const string Reason = "Số hộ có cáp quang vượt số liệu của nhà mạng, đề nghị đối chiếu lại.";
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private IPage _officer = null!;
    private IPage _office = null!;
    private IPage _head = null!;

    public async Task InitializeAsync()
    {
        _officer = await browser.NewPageAsync();
        _office = await browser.NewPageAsync();
        _head = await browser.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _officer.Context.CloseAsync();
        await _office.Context.CloseAsync();
        await _head.Context.CloseAsync();
    }

    [Fact]
    public async Task Officer_Submits_OfficeIsNotifiedAndReturnsFromTheQueue_OfficerFixes_OfficeApproves_HeadHasNothingDue()
    {
        // Arrange as the operator: a missing, overdue commune report and three new accounts — its officer, its head, the DX office.
        string link, key, unitName;
        Dictionary<string, double> values;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<LodestarDbContext>();
            var reporting = sp.GetRequiredService<ReportingService>();
            var today = Lodestar.Common.Dates.Today(sp.GetRequiredService<TimeProvider>());
            var units = await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync();
            // The first of them: the report journey takes the last, so the two never share a report whichever runs first.
            var target = (await reporting.DueAsync(units, today)).First(d => d.FormCode == ReportingDemo.CommuneForm && d.Status is null && d.Overdue(today));
            var accounts = sp.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("vong.canbo", "Lý Thị Mai", null, Roles.ReportingOfficer, target.UnitCode, Password))).Succeeded);
            Assert.True((await accounts.CreateAsync(new NewAccount("vong.truong", "Hà Văn Tuấn", null, Roles.UnitHead, target.UnitCode, Password))).Succeeded);
            Assert.True((await accounts.CreateAsync(new NewAccount("vong.cds", "Vi Thị Hạnh", null, Roles.DxOffice, "20", Password))).Succeeded);
            link = $"/reports/{Uri.EscapeDataString(target.FormCode)}/{Uri.EscapeDataString(target.UnitCode)}/{target.Period.Code}";
            key = $"report/{target.FormCode}/{target.UnitCode}/{target.Period.Code}";

            var form = (await reporting.FormAsync(ReportingDemo.CommuneForm))!;
            var unit = await db.OrgUnits.SingleAsync(u => u.Id == target.UnitId);
            unitName = unit.FullName;
            var view = (await reporting.OpenAsync(form, unit, target.Period))!;
            values = view.Fields.ToDictionary(f => f.Code, f => f.Previous ?? 40);
            values["HH_FIBRE"] = Math.Min(values["HH_FIBRE"], values["HH_TOTAL"]);
            values["SCH_DIGITAL"] = Math.Min(values["SCH_DIGITAL"], values["SCH_TOTAL"]);
        }

        // Before: the commune's head sees the report overdue on "Việc của tôi".
        await new LoginPage(_head).SignInFromStartAsync("vong.truong", Password);
        var headWork = new MyWorkPage(_head);
        await headWork.GotoAsync();
        await Expect(headWork.Overdue.Locator($"a[href='{link}']")).ToBeVisibleAsync();

        // The officer fills every value and submits.
        await new LoginPage(_officer).SignInFromStartAsync("vong.canbo", Password);
        await _officer.GotoAsync(link);
        var report = new ReportPage(_officer);
        await Expect(report.Status).ToHaveTextAsync("chưa nộp");
        foreach (var (code, value) in values)
        {
            await report.Value(code).FillAsync(value.ToString("#,##0.##", Vi));
        }

        await report.SubmitAsync();
        await Expect(report.Status).ToHaveTextAsync("đã nộp, chờ duyệt");

        // The DX office sees the badge, reads the notice, and returns the report from its queue with the keyboard.
        await new LoginPage(_office).SignInFromStartAsync("vong.cds", Password);
        var officeNotices = new NotificationsPage(_office);
        await Expect(officeNotices.Badge).ToBeVisibleAsync();
        await officeNotices.OpenAsync();
        await Expect(officeNotices.About(unitName).Filter(new() { HasText = "Báo cáo mới chờ duyệt" })).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(_office, "loop-01-office-notified");

        var queue = new ReviewQueuePage(_office);
        await queue.GotoAsync();
        await Expect(queue.Row(key)).ToContainTextAsync(unitName);
        await Screenshots.SaveAsync(_office, "loop-02-office-queue");
        await queue.ReturnWithKeyboardAsync(key, Reason);
        await Expect(queue.Message).ToHaveTextAsync("Đã trả lại kèm lý do.");
        await Expect(queue.Row(key)).ToHaveCountAsync(0);

        // The officer is told why, finds the report waiting for him on "Việc của tôi", fixes it and resubmits.
        await _officer.ReloadAsync();
        var officerNotices = new NotificationsPage(_officer);
        await Expect(officerNotices.Badge).ToBeVisibleAsync();
        await officerNotices.OpenAsync();
        await Expect(officerNotices.About(Reason)).ToContainTextAsync("Báo cáo bị trả lại");
        await Screenshots.SaveAsync(_officer, "loop-03-officer-notified");
        var officerWork = new MyWorkPage(_officer);
        await officerWork.GotoAsync();
        await Expect(officerWork.WaitingForMe.Locator($"a[href='{link}']")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_officer, "loop-04-officer-my-work");
        await officerWork.WaitingForMe.Locator($"a[href='{link}']").ClickAsync();
        await Expect(report.ReturnReason).ToContainTextAsync(Reason);
        await report.Value("HH_FIBRE").FillAsync(Math.Max(0, values["HH_FIBRE"] - 1).ToString("#,##0.##", Vi));
        await report.Comment("HH_FIBRE").FillAsync("Đã đối chiếu với số liệu của nhà mạng");
        await report.SubmitAsync();
        await Expect(report.Status).ToHaveTextAsync("đã nộp, chờ duyệt");

        // The DX office approves it from the queue.
        await queue.GotoAsync();
        await queue.ApproveAsync(key);
        await Expect(queue.Message).ToHaveTextAsync("Đã duyệt.");
        await Expect(queue.Row(key)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(_office, "loop-05-office-approved");

        // The officer is told; the commune's head has nothing due for this report.
        await officerNotices.OpenAsync();
        await Expect(officerNotices.About("Báo cáo đã được duyệt")).ToContainTextAsync(unitName);
        await _officer.GotoAsync(link);
        await Expect(report.Status).ToHaveTextAsync("đã duyệt");

        await headWork.GotoAsync();
        await Expect(_head.Locator("h1")).ToHaveTextAsync("Việc của tôi");
        await Expect(headWork.LinkTo(link)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(_head, "loop-06-head-my-work");
    }
}
