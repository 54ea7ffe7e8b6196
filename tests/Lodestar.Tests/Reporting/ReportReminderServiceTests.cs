using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.Reporting;
using Lodestar.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestar.Tests.Reporting;

/// <summary>Reminders on demand: the preview says who gets what; sending reaches each officer and head in-app and by e-mail, and is logged.</summary>
public sealed class ReportReminderServiceTests(SmtpReceiver smtp) : DatabaseTest, IClassFixture<SmtpReceiver>
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 15));   // 2026Q2 was due on 10/07

    private LodestarDbContext Db(string actor = "cds.tinh") => Database.Context(new NamedActor(actor), _clock);

    private ReportReminderService Service(LodestarDbContext db, int? port = null)
    {
        var mail = new MailOptions { Host = "127.0.0.1", Port = port ?? smtp.Port, From = "lodestar@langson.example", PublicUrl = "https://lodestar.langson.example" };
        return new ReportReminderService(db, new NoticeMail(db, new SmtpMailSender(mail), new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance));
    }

    private async Task<(int Province, int Commune, int Other)> ArrangeAsync()
    {
        smtp.Clear();
        await using var db = Db();
        var (province, commune) = await ReportingArrange.FormAsync(db);
        var other = await db.AddUnitAsync("20.X2", Lodestar.OrgUnits.OrgUnitLevel.Commune, province, fullName: "Xã Đồng Đăng");
        (await db.ReportForms.SingleAsync()).Units.Add(new ReportFormUnit { OrgUnitId = other.Id });
        db.Reports.Add(new Report { FormId = (await db.ReportForms.SingleAsync()).Id, OrgUnitId = other.Id, Period = "2026Q2", DueOn = new DateOnly(2026, 7, 10), Status = ReportStatus.Submitted });
        await db.SaveChangesAsync();
        await db.AddUserAsync("canbo.x1", "Nông Thị Lan", "lan@x1.example", Roles.ReportingOfficer, commune.Id);
        await db.AddUserAsync("truong.x1", "Hoàng Văn Minh", null, Roles.UnitHead, commune.Id);
        await db.AddUserAsync("xem.x1", "Người xem", "xem@x1.example", Roles.Viewer, commune.Id);
        await db.AddUserAsync("canbo.x2", "Lý Văn Tài", "tai@x2.example", Roles.ReportingOfficer, other.Id);
        return (province.Id, commune.Id, other.Id);
    }

    [Fact]
    public async Task Plan_ListsOnlyUnitsThatHaveNotSubmitted_WithTheirOfficersAndHeads_AndTheMessage()
    {
        var (_, commune, other) = await ArrangeAsync();
        await using var db = Db();

        var plan = (await Service(db).PlanAsync(ReportingArrange.Form, "2026Q2", [commune, other])).Value!;

        var unit = Assert.Single(plan.Units);
        Assert.Equal("Xã Hoàng Văn Thụ", unit.UnitName);
        Assert.Equal(["Nông Thị Lan", "Hoàng Văn Minh"], unit.Recipients.Select(r => r.FullName).ToArray());
        Assert.Equal("Nhắc nộp báo cáo: Xã Hoàng Văn Thụ chưa nộp Thống kê chuyển đổi số cấp xã, Quý 2/2026 (hạn 10/07/2026). Đề nghị hoàn thành và nộp sớm.",
            plan.MessageFor(unit).Vi);
        Assert.Empty((await Service(db).PlanAsync(ReportingArrange.Form, "2026Q2", [other])).Value!.Units);
        Assert.Equal("period", Assert.Single((await Service(db).PlanAsync(ReportingArrange.Form, "2026", [commune])).Problems).Field);
    }

    [Fact]
    public async Task Send_NotifiesEachRecipientInApp_MailsThoseWithAnAddress_AndLogsWhoSentWhatToWhom_EveryTime()
    {
        var (_, commune, other) = await ArrangeAsync();
        await using (var db = Db())
        {
            Assert.Equal(2, (await Service(db).SendAsync(ReportingArrange.Form, "2026Q2", [commune, other])).Value);
        }

        Assert.Equal([["lan@x1.example"]], smtp.Messages.Select(m => m.Recipients.ToArray()).ToArray());
        Assert.Contains("https://lodestar.langson.example/reports/CDS-XA/20.X1/2026Q2", smtp.Messages[0].Body, StringComparison.Ordinal);
        await using var check = Db();
        var inbox = await check.Notifications.Select(n => new { User = check.Users.Single(u => u.Id == n.UserId).UserName!, n.Link }).ToListAsync();
        Assert.Equal(["canbo.x1", "truong.x1"], inbox.Select(n => n.User).Order(StringComparer.Ordinal).ToArray());
        Assert.All(inbox, n => Assert.Equal("/reports/CDS-XA/20.X1/2026Q2", n.Link));
        var log = await Service(check).LogAsync(ReportingArrange.Form, "2026Q2", [commune, other]);
        Assert.Equal([("Nông Thị Lan", true, "cds.tinh"), ("Hoàng Văn Minh", false, "cds.tinh")], log.Select(l => (l.Recipient, l.Emailed, l.SentBy)).ToArray());
        Assert.Empty(await Service(check).LogAsync(ReportingArrange.Form, "2026Q2", [other]));

        // A second reminder the next day is sent and logged again.
        _clock.Today = new DateOnly(2026, 7, 16);
        await using (var db = Db())
        {
            Assert.Equal(2, (await Service(db).SendAsync(ReportingArrange.Form, "2026Q2", [commune])).Value);
        }

        Assert.Equal(4, await check.Notifications.CountAsync());
        Assert.Equal(4, await check.ReportReminders.CountAsync());
    }

    [Fact]
    public async Task Send_FollowsEachRecipientsChoiceForReminders_AtOnce_InTheDailySummary_OrInTheAppOnly()
    {
        var (_, commune, _) = await ArrangeAsync();
        await using (var db = Db())
        {
            var sum = await db.AddUserAsync("canbo2.x1", "Đinh Thị Hoa", "hoa@x1.example", Roles.ReportingOfficer, commune);
            var quiet = await db.AddUserAsync("truong2.x1", "Vi Văn Đức", "duc@x1.example", Roles.UnitHead, commune);
            var preferences = new NotificationPreferenceService(db);
            Assert.True((await preferences.SetAsync(sum.Id, [new PreferenceChange("reminder", "daily-summary")])).Succeeded);
            Assert.True((await preferences.SetAsync(quiet.Id, [new PreferenceChange("reminder", "in-app")])).Succeeded);

            var plan = (await Service(db).PlanAsync(ReportingArrange.Form, "2026Q2", [commune])).Value!;
            Assert.Equal(
                [("Nông Thị Lan", NoticeDelivery.Email), ("Đinh Thị Hoa", NoticeDelivery.DailySummary), ("Hoàng Văn Minh", NoticeDelivery.InApp), ("Vi Văn Đức", NoticeDelivery.InApp)],
                Assert.Single(plan.Units).Recipients.Select(r => (r.FullName, r.Delivery)).ToArray());
            Assert.Equal(4, (await Service(db).SendAsync(ReportingArrange.Form, "2026Q2", [commune])).Value);
        }

        // At once: only the officer who kept "e-mail at once" (the head without an address stays in the app); all four have it in the app.
        Assert.Equal([["lan@x1.example"]], smtp.Messages.Select(m => m.Recipients.ToArray()).ToArray());
        await using var check = Db();
        Assert.Equal(4, await check.Notifications.CountAsync(n => n.Kind == NoticeKind.Reminder));
        Assert.Equal([("Nông Thị Lan", true), ("Đinh Thị Hoa", false), ("Hoàng Văn Minh", false), ("Vi Văn Đức", false)],
            (await Service(check).LogAsync(ReportingArrange.Form, "2026Q2", [commune])).Select(l => (l.Recipient, l.Emailed)).ToArray());

        // The minute's run sends nothing more; the next morning's summary carries it to the one who chose it, never to the in-app one.
        var mail = new NoticeMail(check, new SmtpMailSender(new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example", PublicUrl = "https://lodestar.langson.example" }),
            new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance);
        Assert.Equal(0, await mail.SendNowAsync());
        _clock.Today = _clock.Today.AddDays(1);
        Assert.Equal(1, await mail.SendSummariesAsync());
        Assert.Equal([["lan@x1.example"], ["hoa@x1.example"]], smtp.Messages.Select(m => m.Recipients.ToArray()).ToArray());
        Assert.Contains("https://lodestar.langson.example/reports/CDS-XA/20.X1/2026Q2", smtp.Messages[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenEveryUnitHasSubmitted_SendsNothingAndSaysWhy()
    {
        var (_, _, other) = await ArrangeAsync();
        await using var db = Db();

        var outcome = await Service(db).SendAsync(ReportingArrange.Form, "2026Q2", [other]);

        Assert.Equal("units", Assert.Single(outcome.Problems).Field);
        Assert.Equal(0, await db.Notifications.CountAsync());
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Send_WhileTheMailServerIsDown_RemindsInApp_LogsItNotEmailed_AndTheMinuteRunMailsItLater()
    {
        var (_, commune, _) = await ArrangeAsync();
        await using (var db = Db())
        {
            Assert.Equal(2, (await Service(db, FreePort.Next()).SendAsync(ReportingArrange.Form, "2026Q2", [commune])).Value);
        }

        await using var check = Db();
        Assert.Equal([("Nông Thị Lan", false), ("Hoàng Văn Minh", false)],
            (await Service(check).LogAsync(ReportingArrange.Form, "2026Q2", [commune])).Select(l => (l.Recipient, l.Emailed)).ToArray());
        Assert.Empty(smtp.Messages);
        var mail = new NoticeMail(check, new SmtpMailSender(new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example" }),
            new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance);
        Assert.Equal(1, await mail.SendNowAsync());
        Assert.Equal([["lan@x1.example"]], smtp.Messages.Select(m => m.Recipients.ToArray()).ToArray());
        Assert.Contains("/reports/CDS-XA/20.X1/2026Q2", smtp.Messages[0].Body, StringComparison.Ordinal);
    }
}
