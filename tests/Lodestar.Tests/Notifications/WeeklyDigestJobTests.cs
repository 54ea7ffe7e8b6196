using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Tests.Common;
using Lodestar.Values;
using Lodestar.Work;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestar.Tests.Notifications;

/// <summary>The weekly digest: what a head and a committee member must look at, in-app once per week and by e-mail.</summary>
public sealed class WeeklyDigestJobTests(SmtpReceiver smtp) : IAsyncLifetime, IClassFixture<SmtpReceiver>
{
    private readonly TestClock _clock = new(new DateOnly(2026, 5, 11));   // a Monday, ISO week 2026-W20

    private TestDatabase Database { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        smtp.Clear();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    private LodestarDbContext Db(string actor = "dx.office") => Database.Context(new NamedActor(actor), _clock);

    private async Task<DigestResult> RunAsync(DateTime? createdSince = null, int? port = null)
    {
        await using var db = Db("system");
        var mail = new MailOptions { Host = "127.0.0.1", Port = port ?? smtp.Port, From = "lodestar@langson.example", PublicUrl = "https://lodestar.langson.example" };
        var reporting = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
        var work = new MyWorkQueries(db, new TaskQueries(db), reporting, new ProgressService(db), new DtiQueries(db), new OrgUnitQueries(db));
        return await new WeeklyDigestJob(db, _clock, new NoticeMail(db, new SmtpMailSender(mail), new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance), work).RunAsync(createdSince);
    }

    /// <summary>
    /// Agency 20.SNV (head account giamdoc.snv) with an overdue task, a task due Friday and one due next month; a committee
    /// seat held by Hoàng Thị Thu answering for index "1" of framework LS-SO, where one of two agencies scores under half.
    /// </summary>
    private async Task ArrangeAsync()
    {
        await using var db = Db();
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var snv = await db.AddUnitAsync("20.SNV", OrgUnitLevel.Agency, province, fullName: "Sở Nội vụ");
        var stc = await db.AddUnitAsync("20.STC", OrgUnitLevel.Agency, province, fullName: "Sở Tài chính");
        var people = new PeopleService(db);
        var deputy = (await people.AddPositionAsync(province.Id, "Phó Chủ tịch UBND tỉnh", null, isHead: false)).Value!;
        await people.AppointAsync(deputy.Id, "Hoàng Thị Thu", new DateOnly(2024, 1, 1), null);
        foreach (var role in new[] { Roles.UnitHead, Roles.SteeringMember, Roles.Viewer })
        {
            db.Roles.Add(new IdentityRole<int>(role) { NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync();
        await AddUserAsync(db, "giamdoc.snv", "Giám đốc Sở Nội vụ", "giamdoc@snv.example", Roles.UnitHead, snv.Id);
        await AddUserAsync(db, "thu.bcd", "Hoàng Thị Thu", "thu@ubnd.example", Roles.SteeringMember, province.Id);
        await AddUserAsync(db, "viewer.snv", "Người xem", "xem@snv.example", Roles.Viewer, snv.Id);
        await AddUserAsync(db, "giamdoc.stc", "Giám đốc Sở Tài chính", "giamdoc@stc.example", Roles.UnitHead, stc.Id);   // nothing to report

        db.Tasks.AddRange(
            new WorkTask { Title = "Số hóa hồ sơ cán bộ", OwnerUnitId = snv.Id, AssignedOn = new DateOnly(2026, 1, 5), Deadline = new DateOnly(2026, 4, 30) },
            new WorkTask { Title = "Báo cáo quý II", OwnerUnitId = snv.Id, AssignedOn = new DateOnly(2026, 1, 5), Deadline = new DateOnly(2026, 5, 15) },
            new WorkTask { Title = "Kế hoạch năm sau", OwnerUnitId = snv.Id, AssignedOn = new DateOnly(2026, 1, 5), Deadline = new DateOnly(2026, 6, 30) });
        var fw = new DtiFramework { Code = "LS-SO", Name = "Bộ chỉ số sở, ngành", Level = OrgUnitLevel.Agency, ProvinceId = province.Id, FirstYear = 2024 };
        fw.Nodes.Add(new DtiNode { Code = "1", Kind = NodeKind.Main, Name = "Nhận thức số", MaxPoints = 10, SortOrder = 1 });
        fw.Nodes.Add(new DtiNode { Code = "1.1", ParentCode = "1", Kind = NodeKind.Component, Name = "Ban hành kế hoạch", MaxPoints = 10, Rule = Lodestar.Dti.RuleKind.Manual, SortOrder = 2 });
        db.DtiFrameworks.Add(fw);
        await db.SaveChangesAsync();
        foreach (var (unit, points) in new[] { (snv, 8.0), (stc, 3.0) })
        {
            var a = new DtiAssessment { FrameworkId = fw.Id, OrgUnitId = unit.Id, Year = 2025, State = AssessmentState.Published, Origin = AssessmentOrigin.SelfAssessment };
            a.Items.Add(new DtiItem { NodeCode = "1.1", A = points });
            db.DtiAssessments.Add(a);
        }

        db.DtiSteeringMembers.Add(new DtiSteeringMember { ProvinceId = province.Id, PositionId = deputy.Id, Role = SteeringRole.Deputy, Owns = "LS-SO:1" });
        await db.SaveChangesAsync();
    }

    private static async Task AddUserAsync(LodestarDbContext db, string name, string fullName, string email, string role, int scope)
    {
        var user = new LodestarUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = email, ScopeUnitId = scope, FullName = fullName, CreatedAt = db.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Run_TellsTheHeadAndTheMemberWhatNeedsThem_InAppAndByMail()
    {
        await ArrangeAsync();

        var result = await RunAsync();

        Assert.Equal(new DigestResult("2026-W20", 2, 2, 0), result);
        await using var db = Db();
        var inbox = await db.Notifications.OrderBy(n => n.Id)
            .Select(n => new { User = db.Users.Single(u => u.Id == n.UserId).UserName!, n.Key, n.TextVi, n.TextEn, n.Link }).ToListAsync();
        Assert.Equal(["giamdoc.snv", "thu.bcd"], inbox.Select(n => n.User).ToArray());
        Assert.All(inbox, n => Assert.Equal("digest:2026-W20", n.Key));
        Assert.Equal("Việc cần anh/chị quan tâm tuần này (từ 11/05/2026 đến 17/05/2026). 1 nhiệm vụ đã quá hạn: “Số hóa hồ sơ cán bộ”. "
            + "1 nhiệm vụ đến hạn trong 7 ngày tới: “Báo cáo quý II” (hạn 15/05/2026).", inbox[0].TextVi);
        Assert.Equal("What needs your attention this week (11/05/2026 to 17/05/2026). 1 overdue task: “Số hóa hồ sơ cán bộ”. "
            + "1 task due within 7 days: “Báo cáo quý II” (due 15/05/2026).", inbox[0].TextEn);
        Assert.All(inbox, n => Assert.Equal("/my-work", n.Link));
        Assert.Equal("Việc cần anh/chị quan tâm tuần này (từ 11/05/2026 đến 17/05/2026). Các chỉ số DTI anh/chị phụ trách: "
            + "chỉ số “Nhận thức số” (Bộ chỉ số sở, ngành năm 2025): trung bình 55%, 1/2 đơn vị dưới 50%.", inbox[1].TextVi);
        Assert.Contains("index “Nhận thức số” (Bộ chỉ số sở, ngành 2025): mean 55%, 1/2 units under 50%", inbox[1].TextEn, StringComparison.Ordinal);
        Assert.All(inbox, n => Assert.DoesNotContain("LS-SO", n.TextVi, StringComparison.Ordinal));
        Assert.All(inbox, n => Assert.DoesNotContain("W20", n.TextVi, StringComparison.Ordinal));

        var mails = smtp.Messages;
        Assert.Equal([["giamdoc@snv.example"], ["thu@ubnd.example"]], mails.Select(m => m.Recipients.ToArray()).ToArray());
        Assert.All(mails, m => Assert.Contains("“Việc của tôi”: https://lodestar.langson.example/my-work", m.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ForAMemberWhoChoseInAppAndAHeadWhoChoseTheSummary_MailsNeitherNow_ThenTheHeadInTomorrowsSummary()
    {
        await ArrangeAsync();
        await using (var db = Db())
        {
            var ids = await db.Users.ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var preferences = new NotificationPreferenceService(db);
            Assert.True((await preferences.SetAsync(ids["thu.bcd"], [new PreferenceChange("weekly-digest", "in-app")])).Succeeded);
            Assert.True((await preferences.SetAsync(ids["giamdoc.snv"], [new PreferenceChange("WEEKLY-DIGEST", "daily-summary")])).Succeeded);
        }

        Assert.Equal(new DigestResult("2026-W20", 2, 0, 0), await RunAsync());
        Assert.Empty(smtp.Messages);

        _clock.Today = new DateOnly(2026, 5, 12);
        await using (var db = Db())
        {
            var mail = new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example" };
            Assert.Equal(1, await new NoticeMail(db, new SmtpMailSender(mail), new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance).SendSummariesAsync());
        }

        var summary = Assert.Single(smtp.Messages);
        Assert.Equal(["giamdoc@snv.example"], summary.Recipients);
        Assert.Contains("1 nhiệm vụ đã quá hạn: “Số hóa hồ sơ cán bộ”", summary.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwiceInAWeek_SendsNothingTheSecondTime_AndAgainNextWeek()
    {
        await ArrangeAsync();
        await RunAsync();

        _clock.Today = new DateOnly(2026, 5, 14);
        Assert.Equal(new DigestResult("2026-W20", 0, 0, 2), await RunAsync());

        _clock.Today = new DateOnly(2026, 5, 18);
        Assert.Equal(2, (await RunAsync()).Notified);
        await using var db = Db();
        Assert.Equal(4, await db.Notifications.CountAsync());
        Assert.Equal(4, smtp.Messages.Count);
    }

    [Fact]
    public async Task Run_ForAccountsCreatedSinceMonday_GivesAHeadCreatedMidWeekHisFirstDigestAtOnce_AndNobodyASecond()
    {
        await ArrangeAsync();
        await RunAsync();
        _clock.Today = new DateOnly(2026, 5, 13);
        await using (var db = Db())
        {
            await AddUserAsync(db, "phogiamdoc.snv", "Phó Giám đốc Sở Nội vụ", "pgd@snv.example", Roles.UnitHead, await db.OrgUnits.Where(u => u.Code == "20.SNV").Select(u => u.Id).SingleAsync());
        }

        var result = await RunAsync(createdSince: new DateTime(2026, 5, 10, 17, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DigestResult("2026-W20", 1, 1, 2), result);   // the two created on Monday already had theirs
        await using var check = Db();
        var users = await check.Notifications.Select(n => check.Users.Single(u => u.Id == n.UserId).UserName!).ToListAsync();
        Assert.Equal(["giamdoc.snv", "phogiamdoc.snv", "thu.bcd"], users.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Run_WhileTheMailServerIsDown_StillNotifiesInApp_AndTheMinuteRunMailsTheDigestOnceItIsBack()
    {
        await ArrangeAsync();

        Assert.Equal(new DigestResult("2026-W20", 2, 0, 0), await RunAsync(port: FreePort.Next()));

        await using var db = Db();
        Assert.Equal(2, await db.Notifications.CountAsync(n => n.Kind == NoticeKind.WeeklyDigest && n.MailedAt == null));
        var mail = new MailOptions { Host = "127.0.0.1", Port = smtp.Port, From = "lodestar@langson.example" };
        Assert.Equal(2, await new NoticeMail(db, new SmtpMailSender(mail), new NoticeMailOptions(), _clock, NullLogger<NoticeMail>.Instance).SendNowAsync());
        Assert.Equal([["giamdoc@snv.example"], ["thu@ubnd.example"]], smtp.Messages.Select(m => m.Recipients.ToArray()).ToArray());
        Assert.Contains("1 nhiệm vụ đã quá hạn: “Số hóa hồ sơ cán bộ”", smtp.Messages[0].Body, StringComparison.Ordinal);
    }
}
