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

    private ReportReminderService Service(LodestarDbContext db)
    {
        var mail = new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example", PublicUrl = "https://lodestar.langson.example" };
        return new ReportReminderService(db, new SmtpMailSender(mail), NullLogger<ReportReminderService>.Instance);
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
    public async Task Send_WhenEveryUnitHasSubmitted_SendsNothingAndSaysWhy()
    {
        var (_, _, other) = await ArrangeAsync();
        await using var db = Db();

        var outcome = await Service(db).SendAsync(ReportingArrange.Form, "2026Q2", [other]);

        Assert.Equal("units", Assert.Single(outcome.Problems).Field);
        Assert.Equal(0, await db.Notifications.CountAsync());
        Assert.Empty(smtp.Messages);
    }
}
