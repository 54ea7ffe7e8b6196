using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Setup;
using Lodestar.Tasks;
using Lodestar.Tests.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestar.Tests.Tasks;

/// <summary>
/// The daily job: newly overdue tasks notify the owner unit once, escalate to the assigner after the grace period, folded
/// into one notice per person and kind per run; e-mailed at once or in the daily summary as each person chose.
/// </summary>
public sealed class TaskDailyJobTests(SmtpReceiver smtp) : IAsyncLifetime, IClassFixture<SmtpReceiver>
{
    private readonly TestClock _clock = new(new DateOnly(2026, 1, 5));
    private readonly string _dataDir = Directory.CreateTempSubdirectory("lodestar-job-").FullName;

    private TestDatabase Database { get; set; } = null!;

    /// <summary>A real SMTP server on a free port of 127.0.0.1, emptied before each test.</summary>
    private readonly SmtpReceiver _smtp = smtp;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        _smtp.Clear();
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private LodestarOptions Options => new() { DataDirectory = _dataDir };

    private string? _publicUrl;

    private MailOptions Mail => new() { Host = "127.0.0.1", Port = _smtp.Port, From = "lodestar@langson.example", PublicUrl = _publicUrl };

    private LodestarDbContext Db(string actor = "dx.office") => Database.Context(new NamedActor(actor), _clock);

    private async Task<DailyJobResult> RunAsync()
    {
        await using var db = Db("system");
        return await new TaskDailyJob(db, _clock, new TaskOptions { EscalationDays = 7 }, Notices(db)).RunAsync();
    }

    private NoticeMail Notices(LodestarDbContext db) => new(db, new SmtpMailSender(Mail), new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance);

    private async Task ChooseAsync(string user, string kind, string delivery)
    {
        await using var db = Db();
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
        Assert.True((await new NotificationPreferenceService(db).SetAsync(id, [new PreferenceChange(kind, delivery)])).Succeeded);
    }

    private async Task ArrangeAsync(string deadline)
    {
        await using var db = Db();
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var agency = await db.AddUnitAsync("20.SNV", OrgUnitLevel.Agency, province, fullName: "Sở Nội vụ");
        await new PeopleService(db).AddPositionAsync(agency.Id, "Giám đốc Sở", null, isHead: true);
        foreach (var role in new[] { Roles.ReportingOfficer, Roles.UnitHead, Roles.DxOffice, Roles.Viewer })
        {
            db.Roles.Add(new IdentityRole<int>(role) { NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync();
        await AddUserAsync(db, "officer.snv", "canbo@snv.example", Roles.ReportingOfficer, agency.Id);
        await AddUserAsync(db, "viewer.snv", "xem@snv.example", Roles.Viewer, agency.Id);
        await AddUserAsync(db, "dx.office", "cds@skhcn.example", Roles.DxOffice, province.Id);
        var outcome = await new TaskService(db, _clock).CreateAsync(new TaskInput { Title = "Kết nối cơ sở dữ liệu cán bộ", OwnerUnit = "20.SNV", Deadline = deadline });
        Assert.True(outcome.Succeeded);
    }

    private static async Task AddUserAsync(LodestarDbContext db, string name, string email, string role, int scope)
    {
        var user = new LodestarUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = email, ScopeUnitId = scope, FullName = name };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ANewlyOverdueTask_QueuesOneWebhookDelivery_InTheJobsSave_OncePerDeadline()
    {
        await ArrangeAsync("2026-01-31");
        await using (var db = Db())
        {
            var province = await db.OrgUnits.SingleAsync(u => u.Code == "20");
            db.Add(new Lodestar.Connectors.Webhook
            {
                Code = "HOOK", Name = "Cổng", Url = "https://hooks.example.vn/x", Events = Lodestar.Connectors.WebhookEvents.TaskOverdue, ProtectedSecret = "p:x", OwnerUnitId = province.Id,
            });
            await db.SaveChangesAsync();
        }

        _clock.Today = new DateOnly(2026, 2, 1);
        await RunAsync();
        await RunAsync();

        await using var check = Db();
        var delivery = await check.Set<Lodestar.Connectors.WebhookDelivery>().SingleAsync();
        Assert.Equal(Lodestar.Connectors.WebhookEvents.TaskOverdue, delivery.Event);
        var data = System.Text.Json.JsonDocument.Parse(delivery.Payload).RootElement.GetProperty("data");
        Assert.Equal(("20.SNV", "2026-01-31"), (data.GetProperty("unit").GetString(), data.GetProperty("deadline").GetString()));
    }

    [Fact]
    public async Task Run_BeforeTheDeadlinePasses_NotifiesNobody()
    {
        await ArrangeAsync("2026-01-31");
        _clock.Today = new DateOnly(2026, 1, 31);

        Assert.Equal(new DailyJobResult(0, 0, 0, 0), await RunAsync());
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task Run_Twice_NotifiesTheOwnerUnitOnceThenEscalatesOnceAfterTheGracePeriod_ByMailAtOnceForThoseWhoChoseIt()
    {
        await ArrangeAsync("2026-01-31");
        await ChooseAsync("officer.snv", "overdue", "email");
        await ChooseAsync("dx.office", "escalation", "email");

        _clock.Today = new DateOnly(2026, 2, 1);
        Assert.Equal(new DailyJobResult(1, 1, 0, 1), await RunAsync());
        Assert.Equal(new DailyJobResult(0, 0, 0, 0), await RunAsync());

        _clock.Today = new DateOnly(2026, 2, 9);
        Assert.Equal(new DailyJobResult(0, 0, 1, 1), await RunAsync());
        Assert.Equal(new DailyJobResult(0, 0, 0, 0), await RunAsync());

        await using var db = Db();
        var inbox = await db.Notifications.OrderBy(n => n.Id).Select(n => new { User = db.Users.Single(u => u.Id == n.UserId).UserName!, n.TextVi, n.Link }).ToListAsync();
        Assert.Equal(["officer.snv", "dx.office"], inbox.Select(n => n.User).ToArray());
        Assert.Contains("Nhiệm vụ quá hạn: “Kết nối cơ sở dữ liệu cán bộ” (hạn 31/01/2026)", inbox[0].TextVi, StringComparison.Ordinal);
        Assert.Contains("quá hạn 9 ngày", inbox[1].TextVi, StringComparison.Ordinal);
        Assert.Equal(1, await new NotificationService(db, _clock).UnreadCountAsync(await db.Users.Where(u => u.UserName == "officer.snv").Select(u => u.Id).SingleAsync()));

        var mails = _smtp.Messages;
        Assert.Equal(2, mails.Count);
        Assert.Equal(["canbo@snv.example"], mails[0].Recipients);
        Assert.Equal(["cds@skhcn.example"], mails[1].Recipients);
        Assert.Contains("lodestar@langson.example", mails[0].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AfterAnApprovedExtensionRunsOutToo_NotifiesAgainForTheNewDeadline()
    {
        await ArrangeAsync("2026-01-31");
        _clock.Today = new DateOnly(2026, 2, 1);
        await RunAsync();
        await using (var db = Db("officer.snv"))
        {
            var task = await db.Tasks.SingleAsync();
            var ext = (await new TaskExtensionService(db, _clock).RequestExtensionAsync(task.Uid, "2026-02-28", "Chờ hạ tầng")).Value!;
            await using var dx = Db();
            await new TaskExtensionService(dx, _clock).DecideExtensionAsync(ext.Uid, approve: true, null);
        }

        _clock.Today = new DateOnly(2026, 2, 20);
        Assert.Equal(new DailyJobResult(0, 0, 0, 0), await RunAsync());
        _clock.Today = new DateOnly(2026, 3, 1);
        Assert.Equal(1, (await RunAsync()).NewlyOverdue);
    }

    [Fact]
    public async Task Run_TwoTasksOverdueForOneOfficer_FoldsThemIntoOneNoticeLinkingToTheList_AndOneMailWithAnAbsoluteLink()
    {
        await ArrangeAsync("2026-01-31");
        await ChooseAsync("officer.snv", "overdue", "email");
        await using (var db = Db())
        {
            Assert.True((await new TaskService(db, _clock).CreateAsync(new TaskInput { Title = "Số hóa hồ sơ công chức", OwnerUnit = "20.SNV", Deadline = "2026-01-30" })).Succeeded);
        }

        _publicUrl = "https://lodestar.langson.example/";
        _clock.Today = new DateOnly(2026, 2, 1);

        Assert.Equal(new DailyJobResult(2, 2, 0, 1), await RunAsync());
        await using var check = Db();
        var notice = await check.Notifications.SingleAsync();
        Assert.Equal((2, "/my-work", NoticeKind.Overdue), (notice.Count, notice.Link, notice.Kind));
        Assert.StartsWith("2 việc quá hạn cần anh/chị xử lý. Mới nhất: Nhiệm vụ quá hạn:", notice.TextVi, StringComparison.Ordinal);
        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal(["canbo@snv.example"], mail.Recipients);
        Assert.Contains(notice.TextVi, mail.Body, StringComparison.Ordinal);
        Assert.Contains("https://lodestar.langson.example/my-work", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n/my-work", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ThirtyFiveTasksOverdue_GiveTheAssignerOneEscalationNotice_CountingThem_AndASecondRunNothing()
    {
        await ArrangeAsync("2026-01-31");
        await using (var db = Db())
        {
            for (var i = 2; i <= 35; i++)
            {
                Assert.True((await new TaskService(db, _clock).CreateAsync(new TaskInput { Title = $"Nhiệm vụ số {i}", OwnerUnit = "20.SNV", Deadline = "2026-01-31" })).Succeeded);
            }
        }

        _clock.Today = new DateOnly(2026, 2, 9);
        Assert.Equal(new DailyJobResult(35, 35, 35, 0), await RunAsync());
        Assert.Equal(new DailyJobResult(0, 0, 0, 0), await RunAsync());

        await using var check = Db();
        var inbox = await check.Notifications.Where(n => check.Users.Any(u => u.Id == n.UserId && u.UserName == "dx.office")).ToListAsync();
        var notice = Assert.Single(inbox);
        Assert.Equal((35, "/tasks?state=overdue", NoticeKind.Escalation), (notice.Count, notice.Link, notice.Kind));
        Assert.StartsWith("35 việc của đơn vị đang chậm quá hạn cho phép.", notice.TextVi, StringComparison.Ordinal);
        Assert.Equal(35, (await check.Notifications.Where(n => check.Users.Any(u => u.Id == n.UserId && u.UserName == "officer.snv")).SingleAsync()).Count);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task DailySummary_ByDefaultForOverdue_NothingAtOnce_ThenOneMailTheNextMorning_AndNothingTwice()
    {
        await ArrangeAsync("2026-01-31");
        _clock.Today = new DateOnly(2026, 2, 1);
        Assert.Equal(0, (await RunAsync()).Emailed);
        Assert.Empty(_smtp.Messages);

        await using (var db = Db())
        {
            // The same day's summary went out at 07:00, before the notice (made at noon): it waits for the next one.
            Assert.Equal(0, await Notices(db).SendSummariesAsync());
        }

        _clock.Today = new DateOnly(2026, 2, 2);
        await using (var db = Db())
        {
            Assert.Equal(1, await Notices(db).SendSummariesAsync());
            Assert.Equal(0, await Notices(db).SendSummariesAsync());
            Assert.Equal(0, await Notices(db).SendNowAsync());
        }

        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal(["canbo@snv.example"], mail.Recipients);
        Assert.Contains("Lodestar: tóm tắt thông báo ngày 02/02/2026", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Nhiệm vụ quá hạn: “Kết nối cơ sở dữ liệu cán bộ”", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InAppOnly_IsNeverEmailed_NeitherAtOnceNorInTheSummary()
    {
        await ArrangeAsync("2026-01-31");
        await ChooseAsync("officer.snv", "overdue", "in-app");
        _clock.Today = new DateOnly(2026, 2, 1);
        Assert.Equal(new DailyJobResult(1, 1, 0, 0), await RunAsync());
        _clock.Today = new DateOnly(2026, 2, 2);
        await using (var db = Db())
        {
            Assert.Equal(0, await Notices(db).SendSummariesAsync());
        }

        Assert.Empty(_smtp.Messages);
    }
}
