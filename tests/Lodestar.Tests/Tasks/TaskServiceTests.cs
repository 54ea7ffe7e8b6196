using System.Text;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Programmes;
using Lodestar.Setup;
using Lodestar.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Tasks;

/// <summary>The task register's use cases against a real database, with a clock the test moves.</summary>
public sealed class TaskServiceTests : DatabaseTest, IDisposable
{
    private readonly TestClock _clock = new(new DateOnly(2026, 1, 5));
    private readonly string _dataDir = Directory.CreateTempSubdirectory("lodestar-tasks-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private LodestarDbContext Db(string actor = "dx.office") => Database.Context(new NamedActor(actor), _clock);

    private TaskService Service(LodestarDbContext db) => new(db, _clock);

    private TaskReportService Reports(LodestarDbContext db) => new(db, _clock, new LodestarOptions { DataDirectory = _dataDir });

    private TaskExtensionService Extensions(LodestarDbContext db) => new(db, _clock);

    private static EvidenceUpload Pdf(string name = "bien-ban.pdf") => new(name, "application/pdf", Encoding.UTF8.GetBytes("%PDF-1.4 minh chứng"));

    /// <summary>Province 20 with agency 20.SNV whose head changes on 2026-03-16 (Nông Văn A, then Lương Thị B).</summary>
    private async Task ArrangeUnitsAsync()
    {
        await using var db = Db();
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var agency = await db.AddUnitAsync("20.SNV", OrgUnitLevel.Agency, province, fullName: "Sở Nội vụ");
        await db.AddUnitAsync("20.STC", OrgUnitLevel.Agency, province, fullName: "Sở Tài chính");
        var people = new PeopleService(db);
        var position = (await people.AddPositionAsync(agency.Id, "Giám đốc Sở", null, isHead: true)).Value!;
        await people.AppointAsync(position.Id, "Nông Văn A", new DateOnly(2024, 1, 1), null);
        await people.AppointAsync(position.Id, "Lương Thị B", new DateOnly(2026, 3, 16), null);
    }

    private async Task<string> CreateAsync(string deadline, string title = "Số hóa hồ sơ", string? recurrence = null)
    {
        await using var db = Db();
        var outcome = await Service(db).CreateAsync(new TaskInput { Title = title, OwnerUnit = "20.SNV", Deadline = deadline, SourceKind = "plan", SourceNumber = "12/KH-UBND", Recurrence = recurrence, CoUnits = ["20.STC"] });
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
        return outcome.Value!.Uid;
    }

    private async Task<TaskItem> ItemAsync(string uid)
    {
        await using var db = Db();
        return (await new TaskQueries(db).GetAsync(uid, _clock.Today, within: null))!.Task;
    }

    [Fact]
    public async Task Create_BadInput_NamesEveryFieldInBothLanguages()
    {
        await ArrangeUnitsAsync();
        await using var db = Db();

        var outcome = await Service(db).CreateAsync(new TaskInput { Title = " ", OwnerUnit = "99.XX", Deadline = "31/02/2026", Priority = "gấp" });

        Assert.False(outcome.Succeeded);
        Assert.Equal(["deadline", "ownerUnit", "priority", "title"], outcome.Problems.Select(p => p.Field).Order().ToArray());
        Assert.All(outcome.Problems, p => Assert.False(string.IsNullOrEmpty(p.Message.Vi) || string.IsNullOrEmpty(p.Message.En)));
        Assert.Equal(0, await db.Tasks.CountAsync());
    }

    [Fact]
    public async Task Create_WithoutPosition_MakesTheHeadAccountable()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");

        var item = await ItemAsync(uid);

        Assert.Equal("Nông Văn A", item.Accountable);
        Assert.Equal(TaskState.NotStarted, item.State);
    }

    [Fact]
    public async Task ReportProgress_WithEvidence_StoresTheFileAndMovesToInProgress()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");

        await using (var db = Db("officer"))
        {
            var outcome = await Reports(db).ReportProgressAsync(uid, 40, "Đã số hóa 4.000 hồ sơ", "20/03/2026", [Pdf()]);
            Assert.True(outcome.Succeeded);
        }

        await using var read = Db();
        var detail = (await new TaskQueries(read).GetAsync(uid, _clock.Today, within: null))!;
        Assert.Equal(TaskState.InProgress, detail.Task.State);
        Assert.Equal(40, detail.Task.Percent);
        var report = Assert.Single(detail.Reports);
        Assert.Equal("officer", report.ReportedBy);
        Assert.Equal(new DateOnly(2026, 3, 20), report.ExpectedOn);
        var evidence = Assert.Single(report.Evidence);
        var stored = await read.TaskEvidence.SingleAsync();
        Assert.Equal("bien-ban.pdf", evidence.FileName);
        Assert.Equal("%PDF-1.4 minh chứng", await File.ReadAllTextAsync(Path.Combine(_dataDir, stored.StoredPath)));
    }

    [Theory]
    [InlineData("virus.exe")]
    [InlineData("empty.pdf")]
    public async Task ReportProgress_BadEvidence_IsRefusedAndNothingIsStored(string name)
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");
        await using var db = Db();
        var file = name == "empty.pdf" ? new EvidenceUpload(name, "application/pdf", []) : new EvidenceUpload(name, "application/octet-stream", [1, 2, 3]);

        var outcome = await Reports(db).ReportProgressAsync(uid, 10, "Báo cáo", null, [file]);

        Assert.Equal("evidence", Assert.Single(outcome.Problems).Field);
        Assert.Equal(0, await db.TaskReports.CountAsync());
        Assert.False(Directory.Exists(Path.Combine(_dataDir, "evidence")));
    }

    [Fact]
    public async Task Completion_ReportedOnTimeAcceptedAfterDeadline_IsCompletedOnTime()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");
        _clock.Today = new DateOnly(2026, 3, 30);
        string report;
        await using (var db = Db("officer"))
        {
            report = (await Reports(db).ReportCompletionAsync(uid, "Hoàn thành", [Pdf()])).Value!.Uid;
        }

        _clock.Today = new DateOnly(2026, 4, 3);
        Assert.Equal(TaskState.Overdue, (await ItemAsync(uid)).State); // not accepted yet: still open
        await using (var db = Db())
        {
            Assert.True((await Reports(db).DecideCompletionAsync(report, accept: true, null)).Succeeded);
        }

        var item = await ItemAsync(uid);
        Assert.Equal(TaskState.CompletedOnTime, item.State);
        Assert.Equal(new DateOnly(2026, 3, 30), item.CompletedOn);
    }

    [Fact]
    public async Task Completion_Returned_NeedsAReasonAndLeavesTheTaskOpen()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");
        string report;
        await using (var db = Db("officer"))
        {
            report = (await Reports(db).ReportCompletionAsync(uid, "Xong", [Pdf()])).Value!.Uid;
        }

        await using (var db = Db())
        {
            Assert.Equal("reason", Assert.Single((await Reports(db).DecideCompletionAsync(report, accept: false, " ")).Problems).Field);
            Assert.True((await Reports(db).DecideCompletionAsync(report, accept: false, "Thiếu biên bản nghiệm thu")).Succeeded);
        }

        Assert.Equal(TaskState.InProgress, (await ItemAsync(uid)).State);
    }

    [Fact]
    public async Task Extension_Approved_DefersOverdueButCompletionAfterOriginalDeadlineIsLate()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");
        _clock.Today = new DateOnly(2026, 3, 25);
        string extension;
        await using (var db = Db("officer"))
        {
            var bad = await Extensions(db).RequestExtensionAsync(uid, "2026-03-01", "Chờ kinh phí");
            Assert.Equal("newDeadline", Assert.Single(bad.Problems).Field);
            extension = (await Extensions(db).RequestExtensionAsync(uid, "30/04/2026", "Chờ kinh phí")).Value!.Uid;
        }

        await using (var db = Db())
        {
            Assert.True((await Extensions(db).DecideExtensionAsync(extension, approve: true, null)).Succeeded);
        }

        _clock.Today = new DateOnly(2026, 4, 15);
        var item = await ItemAsync(uid);
        Assert.Equal(TaskState.NotStarted, item.State);
        Assert.Equal(new DateOnly(2026, 3, 31), item.Deadline); // the register keeps the original
        Assert.Equal(new DateOnly(2026, 4, 30), item.ExtendedTo);

        await using (var db = Db("officer"))
        {
            var report = (await Reports(db).ReportCompletionAsync(uid, "Xong", [Pdf()])).Value!.Uid;
            await using var dx = Db();
            await Reports(dx).DecideCompletionAsync(report, accept: true, null);
        }

        Assert.Equal(TaskState.CompletedLate, (await ItemAsync(uid)).State);
    }

    [Fact]
    public async Task Cancel_NeedsAReason_ThenTheTaskIsCancelledAndTakesNoReports()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31");
        await using var db = Db();

        Assert.Equal("reason", Assert.Single((await Service(db).CancelAsync(uid, null)).Problems).Field);
        Assert.True((await Service(db).CancelAsync(uid, "Trùng với nhiệm vụ khác")).Succeeded);
        Assert.Equal("task", Assert.Single((await Reports(db).ReportProgressAsync(uid, 10, "x", null, [])).Problems).Field);
        Assert.Equal(TaskState.Cancelled, (await ItemAsync(uid)).State);
    }

    [Fact]
    public async Task Accept_RecurringQuarterly_AddsTheNextQuarterOccurrence()
    {
        await ArrangeUnitsAsync();
        var uid = await CreateAsync("2026-03-31", "Họp Ban Chỉ đạo quý", recurrence: "quarterly");
        await using (var db = Db("officer"))
        {
            var report = (await Reports(db).ReportCompletionAsync(uid, "Đã họp", [Pdf()])).Value!.Uid;
            await using var dx = Db();
            await Reports(dx).DecideCompletionAsync(report, accept: true, null);
        }

        await using var read = Db();
        var next = await read.Tasks.Include(t => t.CoUnits).SingleAsync(t => t.Uid != uid);
        Assert.Equal(new DateOnly(2026, 6, 30), next.Deadline);
        Assert.Equal("Họp Ban Chỉ đạo quý", next.Title);
        Assert.Single(next.CoUnits);
    }

    [Fact]
    public async Task Accountability_AcrossAChangeOfHead_CountsEachTaskAgainstTheHolderAtTheDeadline()
    {
        await ArrangeUnitsAsync();
        var early = await CreateAsync("2026-02-28", "Nhiệm vụ hạn tháng 2");        // A's term, completed late (in B's term)
        var late = await CreateAsync("2026-04-30", "Nhiệm vụ hạn tháng 4");         // B's term, overdue
        await CreateAsync("2026-06-30", "Nhiệm vụ hạn tháng 6");                    // B's term, still open
        _clock.Today = new DateOnly(2026, 3, 20);
        await using (var db = Db("officer"))
        {
            var report = (await Reports(db).ReportCompletionAsync(early, "Xong muộn", [Pdf()])).Value!.Uid;
            await using var dx = Db();
            await Reports(dx).DecideCompletionAsync(report, accept: true, null);
        }

        _clock.Today = new DateOnly(2026, 5, 10);
        await using var read = Db();
        var unit = await read.OrgUnits.SingleAsync(u => u.Code == "20.SNV");
        var accounts = await new TaskQueries(read).AccountabilityAsync(unit.Id, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), _clock.Today);

        Assert.Equal(["Nông Văn A", "Lương Thị B"], accounts.Select(a => a.Person).ToArray());
        var a = accounts[0];
        Assert.Equal((3, 1, 0, 1, 0, 0), (a.Assigned, a.Due, a.CompletedOnTime, a.CompletedLate, a.OverdueNow, a.Open));
        var b = accounts[1];
        Assert.Equal((0, 2, 0, 0, 1, 1), (b.Assigned, b.Due, b.CompletedOnTime, b.CompletedLate, b.OverdueNow, b.Open));
        Assert.Equal("Lương Thị B", (await ItemAsync(late)).Accountable);
        Assert.Equal("Nông Văn A", (await ItemAsync(early)).Accountable);
    }

    [Fact]
    public async Task Create_WithAPillarTypedWithoutDiacritics_LinksItAndTheRegisterFiltersByIt()
    {
        await ArrangeUnitsAsync();
        await using (var db = Db())
        {
            db.Programmes.Add(new Programme { Code = "CDS-LS", Name = "Chương trình CĐS tỉnh Lạng Sơn", StartYear = 2021, EndYear = 2030, Pillars = [new Pillar { Name = "Chính quyền số" }, new Pillar { Name = "Kinh tế số" }] });
            await db.SaveChangesAsync();
            var bad = await Service(db).CreateAsync(new TaskInput { Title = "x", OwnerUnit = "20.SNV", Deadline = "2026-06-30", Pillar = "Xã hội ảo" });
            Assert.Equal("pillar", Assert.Single(bad.Problems).Field);
            Assert.True((await Service(db).CreateAsync(new TaskInput { Title = "Cổng dịch vụ công", OwnerUnit = "20.SNV", Deadline = "2026-06-30", Pillar = "chinh quyen so" })).Succeeded);
        }

        await CreateAsync("2026-06-30", "Không gắn trụ cột");
        await using var read = Db();
        var pillars = (await TaskService.PillarIdsAsync(read, "Chính quyền số", default)).ToHashSet();
        var page = await new TaskQueries(read).ListAsync(new TaskFilter(_clock.Today, Pillars: pillars));

        var item = Assert.Single(page.Items);
        Assert.Equal("Cổng dịch vụ công", item.Title);
        Assert.Equal("Chính quyền số", item.Pillar);
    }

    [Fact]
    public async Task Evidence_AUnitPastItsQuota_IsRefusedWithUseAndLimit_SavesNoFile_OtherUnitsStillUpload()
    {
        await ArrangeUnitsAsync();
        var first = await CreateAsync("30/06/2026", "Số hóa hồ sơ đợt 1");
        var second = await CreateAsync("30/06/2026", "Số hóa hồ sơ đợt 2");
        await using (var db = Db())
        {
            var other = await Service(db).CreateAsync(new TaskInput { Title = "Dự toán chuyển đổi số", OwnerUnit = "20.STC", Deadline = "30/06/2026" });
            await using var officer = Db("can.bo.snv");
            var quota = new LodestarOptions { DataDirectory = _dataDir, EvidenceQuotaMb = 1 };
            EvidenceUpload Big(string name) => new(name, "application/pdf", [.. "%PDF-1.4 "u8, .. new byte[600 * 1024]]);

            // 600 KB within the 1 MB the unit may keep; the next 600 KB on another of its tasks would pass it.
            Assert.True((await new TaskReportService(officer, _clock, quota).ReportProgressAsync(first, 10, "Đợt 1", null, [Big("dot-1.pdf")])).Succeeded);
            var files = Directory.GetFiles(_dataDir, "*", SearchOption.AllDirectories).Length;
            var refused = await new TaskReportService(officer, _clock, quota).ReportProgressAsync(second, 10, "Đợt 2", null, [Big("dot-2.pdf")]);
            var problem = Assert.Single(refused.Problems);
            Assert.Equal("Đơn vị đã lưu 0,6 MB minh chứng trong giới hạn 1 MB; thêm 0,6 MB sẽ vượt giới hạn. Không tệp nào được lưu; hãy đề nghị quản trị hệ thống nâng giới hạn (LODESTAR_EVIDENCE_QUOTA_MB).", problem.Message.Vi);
            Assert.Equal(files, Directory.GetFiles(_dataDir, "*", SearchOption.AllDirectories).Length);

            // Another unit's quota is its own.
            Assert.True((await new TaskReportService(officer, _clock, quota).ReportProgressAsync(other.Value!.Uid, 10, "Đã lập dự toán", null, [Big("du-toan.pdf")])).Succeeded);
        }

        Assert.Equal(0, (await ItemAsync(second)).Percent);
    }
}
