using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tests.Common;
using Lodestar.Tests.Reporting;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestar.Tests.Notifications;

/// <summary>
/// Notices when a report moves: the DX office when it arrives (grouped while unread), the officer when it is returned with
/// the reason or approved; e-mailed as each chose for the kind.
/// </summary>
public sealed class WorkNoticesTests(SmtpReceiver smtp) : DatabaseTest, IClassFixture<SmtpReceiver>
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    private LodestarDbContext Db(string actor) => Database.Context(new NamedActor(actor), _clock);

    private async Task ArrangeAsync()
    {
        await using var db = Db("system");
        var (province, commune) = await ReportingArrange.FormAsync(db);
        var other = await db.AddUnitAsync("20.X2", OrgUnitLevel.Commune, province, fullName: "Xã Đồng Đăng");
        (await db.ReportForms.SingleAsync()).Units.Add(new ReportFormUnit { OrgUnitId = other.Id });
        await db.SaveChangesAsync();
        await db.AddUserAsync("canbo.x1", "Nông Thị Lan", null, Roles.ReportingOfficer, commune.Id);
        await db.AddUserAsync("canbo.x2", "Lý Văn Tài", null, Roles.ReportingOfficer, other.Id);
        await db.AddUserAsync("cds.tinh", "Văn phòng CĐS", null, Roles.DxOffice, province.Id);
    }

    private async Task SubmitAsync(string officer, string unitCode, string period = "2026Q2")
    {
        await using var db = Db(officer);
        var service = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
        var form = (await service.FormAsync(ReportingArrange.Form))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == unitCode);
        var version = await db.Reports.Where(r => r.OrgUnitId == unit.Id && r.Period == period).Select(r => r.Version).FirstOrDefaultAsync();
        var saved = await service.SaveAsync(form, unit, Period.Parse(period), [new ReportEntry("HH_TOTAL", "1200", null), new ReportEntry("HH_FIBRE", "900", null)],
            version, submit: true);
        Assert.True(saved.Succeeded, string.Join(" ", saved.Problems.Select(p => p.Message.Vi)));
    }

    private async Task DecideAsync(ReportAction action, string? reason)
    {
        await using var db = Db("cds.tinh");
        var service = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
        var outcome = await service.DecideAsync((await service.FormAsync(ReportingArrange.Form))!, await db.OrgUnits.SingleAsync(u => u.Code == "20.X1"), Period.Parse("2026Q2"), action, reason);
        Assert.True(outcome.Succeeded);
    }

    private async Task<List<(string Text, string? Link, int Count)>> InboxAsync(string user)
    {
        await using var db = Db("system");
        return (await db.Notifications.Where(n => db.Users.Any(u => u.Id == n.UserId && u.UserName == user)).OrderBy(n => n.Id)
            .Select(n => new { n.TextVi, n.Link, n.Count }).ToListAsync()).ConvertAll(n => (n.TextVi, n.Link, n.Count));
    }

    [Fact]
    public async Task ReportsArriving_TellTheDxOffice_OneNoticeWhileUnread_CountingThem_ThenANewOneOnceRead()
    {
        await ArrangeAsync();

        await SubmitAsync("canbo.x1", "20.X1");
        Assert.Equal([("Báo cáo mới chờ duyệt: Thống kê chuyển đổi số cấp xã, Quý 2/2026 của Xã Hoàng Văn Thụ.", "/reports/CDS-XA/20.X1/2026Q2", 1)], await InboxAsync("cds.tinh"));

        await SubmitAsync("canbo.x2", "20.X2");
        Assert.Equal([("2 báo cáo mới chờ duyệt; mới nhất: Thống kê chuyển đổi số cấp xã, Quý 2/2026 của Xã Đồng Đăng.", "/review", 2)], await InboxAsync("cds.tinh"));

        await using (var db = Db("cds.tinh"))
        {
            await new Lodestar.Notifications.NotificationService(db, _clock).MarkAllReadAsync(await db.Users.Where(u => u.UserName == "cds.tinh").Select(u => u.Id).SingleAsync());
        }

        await SubmitAsync("canbo.x2", "20.X2", "2026Q1");
        Assert.Equal(2, (await InboxAsync("cds.tinh")).Count);
        Assert.Empty(await InboxAsync("canbo.x2"));
    }

    [Fact]
    public async Task ReturnedReport_TellsTheOfficerTheReason_AndApproval_TellsHimItIsApproved()
    {
        await ArrangeAsync();
        await SubmitAsync("canbo.x1", "20.X1");

        await DecideAsync(ReportAction.Return, "Số hộ có cáp quang chưa khớp với số liệu nhà mạng.");
        await SubmitAsync("canbo.x1", "20.X1");
        await DecideAsync(ReportAction.Approve, null);

        var inbox = await InboxAsync("canbo.x1");
        Assert.Equal(
            [
                ("Báo cáo bị trả lại, cần sửa và nộp lại: Thống kê chuyển đổi số cấp xã, Quý 2/2026 của Xã Hoàng Văn Thụ. Lý do: Số hộ có cáp quang chưa khớp với số liệu nhà mạng.", "/reports/CDS-XA/20.X1/2026Q2", 1),
                ("Báo cáo đã được duyệt: Thống kê chuyển đổi số cấp xã, Quý 2/2026 của Xã Hoàng Văn Thụ.", "/reports/CDS-XA/20.X1/2026Q2", 1),
            ],
            inbox);
    }

    private NoticeMail Mail(LodestarDbContext db) => new(db,
        new SmtpMailSender(new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example", PublicUrl = "https://lodestar.langson.example" }),
        new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance);

    [Fact]
    public async Task ByDefault_AReturnIsEmailedAtOnce_AnApprovalNever_AndArrivalsInTheNextMorningsSummary()
    {
        smtp.Clear();
        await ArrangeAsync();
        await using (var db = Db("system"))
        {
            await db.Users.ForEachAsync(u => u.Email = u.UserName + "@langson.example");
            await db.SaveChangesAsync();
        }

        await SubmitAsync("canbo.x1", "20.X1");
        await DecideAsync(ReportAction.Return, "Thiếu số hộ có cáp quang.");
        await using (var db = Db("system"))
        {
            Assert.Equal(1, await Mail(db).SendNowAsync());
            Assert.Equal(0, await Mail(db).SendNowAsync());
        }

        var returned = Assert.Single(smtp.Messages);
        Assert.Equal(["canbo.x1@langson.example"], returned.Recipients);
        Assert.Contains("Lý do: Thiếu số hộ có cáp quang.", returned.Body, StringComparison.Ordinal);
        Assert.Contains("https://lodestar.langson.example/reports/CDS-XA/20.X1/2026Q2", returned.Body, StringComparison.Ordinal);

        await SubmitAsync("canbo.x1", "20.X1");
        await DecideAsync(ReportAction.Approve, null);
        await using (var db = Db("system"))
        {
            Assert.Equal(0, await Mail(db).SendNowAsync());
        }

        _clock.Today = _clock.Today.AddDays(1);
        await using (var db = Db("system"))
        {
            Assert.Equal(1, await Mail(db).SendSummariesAsync());
        }

        var summary = smtp.Messages[^1];
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(["cds.tinh@langson.example"], summary.Recipients);
        Assert.Contains("2 báo cáo mới chờ duyệt; mới nhất: Thống kê chuyển đổi số cấp xã, Quý 2/2026 của Xã Hoàng Văn Thụ.", summary.Body, StringComparison.Ordinal);
        Assert.Contains("https://lodestar.langson.example/review", summary.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOfficerWhoChoseInAppForReturns_GetsNoEmail_AndOneWhoChoseEmailForApprovals_GetsIt()
    {
        smtp.Clear();
        await ArrangeAsync();
        await using (var db = Db("system"))
        {
            var officer = await db.Users.SingleAsync(u => u.UserName == "canbo.x1");
            officer.Email = "lan@x1.example";
            await db.SaveChangesAsync();
            var set = await new NotificationPreferenceService(db).SetAsync(officer.Id,
                [new PreferenceChange("report-returned", "in-app"), new PreferenceChange("report-approved", "email")]);
            Assert.True(set.Succeeded);
        }

        await SubmitAsync("canbo.x1", "20.X1");
        await DecideAsync(ReportAction.Return, "Sai số liệu.");
        await using (var db = Db("system"))
        {
            Assert.Equal(0, await Mail(db).SendNowAsync());
        }

        await SubmitAsync("canbo.x1", "20.X1");
        await DecideAsync(ReportAction.Approve, null);
        await using (var db = Db("system"))
        {
            Assert.Equal(1, await Mail(db).SendNowAsync());
        }

        var approved = Assert.Single(smtp.Messages);
        Assert.Equal(["lan@x1.example"], approved.Recipients);
        Assert.Contains("Báo cáo đã được duyệt: Thống kê chuyển đổi số cấp xã, Quý 2/2026 của Xã Hoàng Văn Thụ.", approved.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Sai số liệu", approved.Body, StringComparison.Ordinal);
    }
}
