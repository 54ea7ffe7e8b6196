using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Accessibility;

/// <summary>
/// The main pages of the demo, in one place: every page of the side navigation and the pages it leads to, and one of each
/// detail page of the demo province (the province, a programme, a target, a task, a report form, reminders for a form's period, a DTI unit and assessment, a scorecard, a meeting).
/// </summary>
public static class MainPages
{
    /// <summary>The demo province (Lạng Sơn), the DX office's scope, and one of its targets.</summary>
    public const string Province = "20";

    private const string Target = "LS-06";

    public static readonly string[] Fixed =
    [
        "/", "/my-work", "/review", "/notifications", "/account/password", "/account/notifications",
        "/units", "/programmes", "/indicators",
        "/tasks", "/tasks/new", "/tasks/week", "/tasks/calendar", "/tasks/heatmap",
        "/reports", "/reports/forms", "/reports/overview",
        "/dti", "/dti/assessments", "/dti/committee",
        "/meetings", "/scorecards", "/maps", "/publishing", "/cong-khai",
        "/connectors", "/webhooks", "/signatures/verify", "/org-units/reorganisations", "/teams",
    ];

    /// <summary>One page of each kind that needs a code, read from the demo data (the first of its kind).</summary>
    public static async Task<List<string>> DetailsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        var today = Lodestar.Common.Dates.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        var units = await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync();
        var report = (await scope.ServiceProvider.GetRequiredService<ReportingService>().DueAsync(units, today))
            .First(d => d.FormCode == ReportingDemo.CommuneForm && d.Status is null);
        var assessment = await db.DtiAssessments.Where(a => a.OrgUnitId == report.UnitId).OrderByDescending(a => a.Year).Select(a => new { a.Framework.Code, a.Year, Unit = a.OrgUnit.Code }).FirstAsync();
        var dti = $"/dti/{Uri.EscapeDataString(assessment.Code)}/{assessment.Year}/units/{Uri.EscapeDataString(assessment.Unit)}";
        var programme = Uri.EscapeDataString(await db.Targets.Where(t => t.Code == Target).Select(t => t.Programme.Code).SingleAsync());
        var pages = new List<string>
        {
            "/units/" + Province,
            "/programmes/" + programme,
            $"/programmes/{programme}/revisions/new",
            "/targets/" + Target,
            "/tasks/" + await db.Tasks.OrderBy(t => t.Id).Select(t => t.Uid).FirstAsync(),
            $"/reports/{Uri.EscapeDataString(report.FormCode)}/{Uri.EscapeDataString(report.UnitCode)}/{report.Period.Code}",
            $"/reports/remind?form={Uri.EscapeDataString(report.FormCode)}&period={report.Period.Code}",
            dti, dti + "/assessment",
            $"/scorecards/{Uri.EscapeDataString(report.UnitCode)}",
        };
        if (await db.SteeringMeetings.OrderBy(m => m.Id).Select(m => m.Uid).FirstOrDefaultAsync() is { } meeting)
        {
            pages.Add("/meetings/" + meeting);
        }

        return pages;
    }
}

/// <summary>axe-core on every main page, signed in as the DX office (who sees the most): no serious or critical violation.</summary>
[Collection(SharedBrowser.Name)]
public sealed class MainPagesAccessibilityTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Kiem-Tra-Tiep-Can-2026";

    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task EveryMainPage_SignedInAsTheDxOffice_HasNoSeriousOrCriticalViolation()
    {
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateAsync(new NewAccount("tiepcan.cds", "Lục Văn Bình", null, Roles.DxOffice, MainPages.Province, Password));
            Assert.True(created.Succeeded);
        }

        await new LoginPage(_page).SignInFromStartAsync("tiepcan.cds", Password);

        // The list keeps up with the navigation: a page added to the side menu is checked too.
        var menu = await _page.Locator("nav.side a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Empty(menu.Except(MainPages.Fixed));

        var failures = new List<string>();
        foreach (var path in MainPages.Fixed.Concat(await MainPages.DetailsAsync(browser.Services)))
        {
            var response = await _page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
            failures.AddRange((await Axe.SeriousViolationsAsync(_page)).Select(v => $"{path}: {v}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
