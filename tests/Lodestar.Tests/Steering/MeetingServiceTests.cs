using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Steering;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Steering;

/// <summary>The quarterly meeting against a real database: pack, record, conclusions that become tasks, the next pack reporting on them.</summary>
public sealed class MeetingServiceTests : DatabaseTest, IDisposable
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 8));
    private readonly string _dataDir = Directory.CreateTempSubdirectory("lodestar-steering-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private LodestarDbContext Db() => Database.Context(new NamedActor("dx.office"), _clock);

    private MeetingService Service(LodestarDbContext db)
    {
        var units = new OrgUnitQueries(db);
        var reporting = new ReportingService(db, new DataValueService(db, units), _clock);
        var dashboards = new DashboardQueries(db, new ProgressService(db), new TaskQueries(db), new ReportQueries(db, reporting), new DtiQueries(db), units);
        return new MeetingService(db, dashboards, new TaskService(db, _clock), _clock);
    }

    private async Task<OrgUnit> ArrangeAsync()
    {
        await using var db = Db();
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var agency = await db.AddUnitAsync("20.SNV", OrgUnitLevel.Agency, province, fullName: "Sở Nội vụ");
        var position = (await new PeopleService(db).AddPositionAsync(agency.Id, "Giám đốc Sở", null, isHead: true)).Value!;
        await new PeopleService(db).AppointAsync(position.Id, "Nông Văn A", new DateOnly(2024, 1, 1), null);
        return province;
    }

    [Fact]
    public async Task Conclusions_BecomeTasks_AndTheNextPackReportsOnThem()
    {
        var province = await ArrangeAsync();
        string first;
        await using (var db = Db())
        {
            var meeting = (await Service(db).CreateAsync(province, new NewMeeting("2026Q2", "10/07/2026", null, "Phòng họp số 1"))).Value!;
            first = meeting.Uid;
            Assert.Equal("Cuộc họp Ban Chỉ đạo chuyển đổi số quý II năm 2026", meeting.Title);
            var pack = await Service(db).GenerateAsync(first);
            Assert.True(pack.Succeeded);
            Assert.Contains("Trong 0 nhiệm vụ", pack.Value!.Text, StringComparison.Ordinal);
        }

        _clock.Today = new DateOnly(2026, 7, 10);
        await using (var db = Db())
        {
            var s = Service(db);
            var early = await s.ConcludeAsync(first, new NewConclusion("Trước khi họp", null), null);
            Assert.Equal("heldOn", Assert.Single(early.Problems).Field);
            Assert.True((await s.RecordAsync(first, new MeetingRecord("10/07/2026", "Chủ tịch UBND tỉnh", "A\nB", "112/TB-BCĐ"))).Succeeded);
            Assert.True((await s.ConcludeAsync(first, new NewConclusion("Sở Nội vụ tập huấn kỹ năng số cho cán bộ cấp xã.", new TaskInput { OwnerUnit = "20.SNV", Deadline = "2026-09-10" }), null)).Succeeded);
            Assert.True((await s.ConcludeAsync(first, new NewConclusion("Các đơn vị báo cáo đúng hạn.", null), null)).Succeeded);
            var bad = await s.ConcludeAsync(first, new NewConclusion("Giao sai.", new TaskInput { OwnerUnit = "20.X", Deadline = "2026-09-10" }), null);
            Assert.Contains(bad.Problems, p => p.Field == "task.ownerUnit");
        }

        await using (var db = Db())
        {
            var task = await db.Tasks.AsNoTracking().SingleAsync();
            Assert.Equal((TaskSourceKind.Conclusion, "112/TB-BCĐ", new DateOnly(2026, 7, 10)), (task.SourceKind, task.SourceNumber, task.SourceDate!.Value));
            Assert.Equal(2, await db.MeetingConclusions.CountAsync());
            var origin = await Service(db).OriginOfTaskAsync(task.Uid);
            Assert.Equal((first, 1), (origin!.MeetingUid, origin.Conclusion));
        }

        // October: the task is overdue; the next meeting's pack says so.
        _clock.Today = new DateOnly(2026, 10, 7);
        await using (var db = Db())
        {
            var s = Service(db);
            var next = (await s.CreateAsync(province, new NewMeeting("2026Q3", "2026-10-09", null, null))).Value!;
            var pack = (await s.GenerateAsync(next.Uid)).Value!;
            var data = PackData.Read(pack.Data)!;
            var follow = Assert.Single(data.FollowUps);
            Assert.Equal((TaskState.Overdue, "Sở Nội vụ"), (follow.State, follow.UnitName));
            Assert.Equal(new DateOnly(2026, 7, 10), data.Changes!.Since);
            Assert.Contains("1 quá hạn (Sở Nội vụ tập huấn kỹ năng số cho cán bộ cấp xã. – Sở Nội vụ)", pack.Text, StringComparison.Ordinal);
            Assert.Equal("Sở Nội vụ", Assert.Single(data.Tasks.OverdueByUnit).Name);

            Assert.True((await s.IssueAsync(next.Uid, "41")).Succeeded);
            var edit = await s.EditAsync(next.Uid, "Sửa sau khi ban hành", null, null);
            Assert.Equal("text", Assert.Single(edit.Problems).Field);
            var again = await s.GenerateAsync(next.Uid);
            Assert.False(again.Succeeded);
        }

        await using (var db = Db())
        {
            var issued = await db.BriefingPacks.AsNoTracking().SingleAsync(p => p.Number == "41/BC-BCĐ");
            Assert.Equal(("dx.office", false), (issued.IssuedBy, issued.Edited));
        }
    }
}
