using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tests.Common;
using Lodestar.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestar.Tests.Reporting;

/// <summary>
/// Reminders before the due date, overdue notices after it, escalation after the grace period; in-app, folded per person
/// and kind per run, e-mailed as each person chose, never twice.
/// </summary>
public sealed class ReportReminderJobTests(SmtpReceiver smtp) : DatabaseTest, IClassFixture<SmtpReceiver>
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    private static ReportOptions Options => new() { RemindDays = 3, EscalationDays = 5 };

    private string? _publicUrl;

    private MailOptions Mail => new() { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example", PublicUrl = _publicUrl };

    private LodestarDbContext Db() => Database.Context(new NamedActor("system"), _clock);

    private async Task<ReminderResult> RunAsync()
    {
        await using var db = Db();
        var job = new ReportReminderJob(db, new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock), new OrgUnitQueries(db),
            _clock, Options, new NoticeMail(db, new SmtpMailSender(Mail), new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance));
        return await job.RunAsync();
    }

    private async Task ChooseEmailAsync(string user, params string[] kinds)
    {
        await using var db = Db();
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
        Assert.True((await new NotificationPreferenceService(db).SetAsync(id, kinds.Select(k => new PreferenceChange(k, "email")).ToList())).Succeeded);
    }

    private async Task ArrangeAsync(string firstPeriod = "2026Q2")
    {
        smtp.Clear();
        await using var db = Db();
        var (province, commune) = await ReportingArrange.FormAsync(db);
        // Only the latest period matters here unless a test says otherwise: the form starts with 2026Q2.
        (await db.ReportForms.SingleAsync()).FirstPeriod = firstPeriod;
        foreach (var role in new[] { Roles.ReportingOfficer, Roles.UnitHead, Roles.DxOffice })
        {
            db.Roles.Add(new IdentityRole<int>(role) { NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync();
        await AddUserAsync(db, "canbo.x1", "canbo@x1.example", Roles.ReportingOfficer, commune.Id);
        await AddUserAsync(db, "truong.x1", "chutich@x1.example", Roles.UnitHead, commune.Id);
        await AddUserAsync(db, "cds.tinh", "cds@langson.example", Roles.DxOffice, province.Id);
    }

    private static async Task AddUserAsync(LodestarDbContext db, string name, string email, string role, int scope)
    {
        var user = new LodestarUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = email, ScopeUnitId = scope, FullName = name };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync() });
        await db.SaveChangesAsync();
    }

    private async Task<List<Notification>> InboxAsync(string user)
    {
        await using var db = Db();
        return await db.Notifications.Where(n => db.Users.Any(u => u.Id == n.UserId && u.UserName == user)).OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>The one-time notices the account had, by key (the marks that keep a second run quiet).</summary>
    private async Task<List<string>> MarksAsync(string user)
    {
        await using var db = Db();
        return await db.NoticeMarks.Where(m => db.Users.Any(u => u.Id == m.UserId && u.UserName == user)).OrderBy(m => m.Key).Select(m => m.Key).ToListAsync();
    }

    [Fact]
    public async Task BeforeDue_RemindsTheOfficerOnce_ByMailToo()
    {
        await ArrangeAsync();
        _clock.Today = new DateOnly(2026, 7, 7); // due 10/07, three days ahead

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal((1, 0, 0, 1), (first.Reminded, first.Overdue, first.Escalated, first.Emailed));
        Assert.Equal((0, 0, 0, 0), (second.Reminded, second.Overdue, second.Escalated, second.Emailed));
        Assert.Equal(["report-due:CDS-XA:20.X1:2026Q2"], await MarksAsync("canbo.x1"));
        var reminder = Assert.Single(await InboxAsync("canbo.x1"));
        Assert.Equal(("/reports/CDS-XA/20.X1/2026Q2", NoticeKind.Reminder), (reminder.Link, reminder.Kind));
        Assert.Empty(await InboxAsync("truong.x1"));
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal(["canbo@x1.example"], mail.Recipients);
        Assert.Contains("/reports/CDS-XA/20.X1/2026Q2", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterDue_TellsOfficerAndHead_AfterGrace_TheDxOffice_NothingOnceSubmitted()
    {
        await ArrangeAsync();
        _clock.Today = new DateOnly(2026, 7, 12);
        Assert.Equal(2, (await RunAsync()).Overdue);
        Assert.Contains("report-overdue:CDS-XA:20.X1:2026Q2", await MarksAsync("truong.x1"));
        Assert.Empty(await InboxAsync("cds.tinh"));

        _clock.Today = new DateOnly(2026, 7, 16);
        var late = await RunAsync();
        Assert.Equal((0, 1), (late.Overdue, late.Escalated));
        Assert.Equal(["report-escalated:CDS-XA:20.X1:2026Q2"], await MarksAsync("cds.tinh"));
        Assert.Equal(NoticeKind.Escalation, Assert.Single(await InboxAsync("cds.tinh")).Kind);
        Assert.Empty(smtp.Messages); // overdue work and late units go to the daily summary unless one chose otherwise

        await using (var db = Database.Context(new NamedActor("canbo.x1"), _clock))
        {
            var service = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
            var saved = await service.SaveAsync((await service.FormAsync(ReportingArrange.Form))!, await db.OrgUnits.SingleAsync(u => u.Code == "20.X1"),
                Period.Parse("2026Q2"), [new("HH_TOTAL", "1200", null)], 0, submit: true);
            Assert.True(saved.Succeeded);
        }

        // A later period is not due yet; the submitted one is quiet.
        _clock.Today = new DateOnly(2026, 7, 30);
        Assert.Equal(new ReminderResult(0, 0, 0, 0), await RunAsync());
    }

    [Fact]
    public async Task TwoPeriodsOverdue_OneNoticeAndOneMailPerPerson_LinkingToTheList_WithAbsoluteLinks()
    {
        await ArrangeAsync(firstPeriod: "2026Q1");
        await ChooseEmailAsync("canbo.x1", "overdue");
        await ChooseEmailAsync("truong.x1", "overdue");
        await ChooseEmailAsync("cds.tinh", "escalation");
        _publicUrl = "https://lodestar.langson.example";
        _clock.Today = new DateOnly(2026, 7, 12); // Q1 due 10/04 (past the grace period), Q2 due 10/07

        var run = await RunAsync();

        Assert.Equal((0, 4, 1, 3), (run.Reminded, run.Overdue, run.Escalated, run.Emailed));
        var notice = Assert.Single(await InboxAsync("canbo.x1"));
        Assert.Equal((2, "/my-work"), (notice.Count, notice.Link));
        Assert.StartsWith("2 việc quá hạn cần anh/chị xử lý. Mới nhất: Báo cáo quá hạn:", notice.TextVi, StringComparison.Ordinal);
        var officer = Assert.Single(smtp.Messages, m => m.Recipients.SequenceEqual(["canbo@x1.example"]));
        Assert.Contains("https://lodestar.langson.example/my-work", officer.Body, StringComparison.Ordinal);
        Assert.Single(smtp.Messages, m => m.Recipients.SequenceEqual(["chutich@x1.example"]));
        Assert.Contains("https://lodestar.langson.example/reports/CDS-XA/20.X1/2026Q1",
            Assert.Single(smtp.Messages, m => m.Recipients.SequenceEqual(["cds@langson.example"])).Body, StringComparison.Ordinal);
        Assert.Equal(new ReminderResult(0, 0, 0, 0), await RunAsync());
    }
}
