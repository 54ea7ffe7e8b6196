using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Programmes;

/// <summary>The DX office records a programme, its data, indicator and target; progress then follows the reports.</summary>
public sealed class ProgrammeServiceTests : DatabaseTest
{
    [Theory]
    [InlineData("2025: 80; 2030: 100", new[] { 2025, 2030 }, new[] { 80.0, 100.0 })]
    [InlineData("2030=99,5", new[] { 2030 }, new[] { 99.5 })]
    [InlineData("2030: 5\n2025: 10", new[] { 2025, 2030 }, new[] { 10.0, 5.0 })]
    public void Milestones_AreRead(string text, int[] years, double[] values)
    {
        var problems = new List<Problem>();
        var milestones = ProgrammeService.ParseMilestones(text, problems);
        Assert.Empty(problems);
        Assert.Equal(years, milestones.Select(m => m.Year));
        Assert.Equal(values, milestones.Select(m => m.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("năm 2025: 80")]
    [InlineData("2025: tám mươi")]
    [InlineData("2025: 80; 2025: 90")]
    [InlineData("1850: 3")]
    public void BadMilestones_AreNamed(string text)
    {
        var problems = new List<Problem>();
        ProgrammeService.ParseMilestones(text, problems);
        Assert.Contains(problems, p => p.Field == "milestones");
    }

    [Fact]
    public async Task RecordedTarget_IsJudgedFromTheReportedValues()
    {
        var clock = new TestClock(new DateOnly(2026, 11, 23));
        await using var db = Database.Context(clock: clock);
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var service = new ProgrammeService(db, new OrgUnitQueries(db), clock);

        Assert.True((await service.AddDataElementAsync(new("FILES", "Số hồ sơ", null, "hồ sơ", TimeAggregation.Sum, 0, null))).Succeeded);
        Assert.True((await service.AddDataElementAsync(new("FILES_ONLINE", "Số hồ sơ trực tuyến", null, "hồ sơ", TimeAggregation.Sum, 0, null))).Succeeded);
        var badIndicator = await service.AddIndicatorAsync(new("X", "<b>x</b>", null, "%", "NOPE", null, 100, Aggregation.WeightedMean));
        Assert.Equal(["name", "elementCode", "aggregation"], badIndicator.Problems.Select(p => p.Field));
        Assert.True((await service.AddIndicatorAsync(new("FILES_PCT", "Tỷ lệ hồ sơ trực tuyến", null, "%", "FILES_ONLINE", "FILES", 100, Aggregation.WeightedMean))).Succeeded);

        var programme = await service.CreateProgrammeAsync(new("KH-01", "Kế hoạch chuyển đổi số 2026", "12/KH-UBND", new DateOnly(2026, 1, 5), "UBND tỉnh", "20",
            2026, 2030, 95, 80, "Chính quyền số\nKinh tế số\n", null));
        Assert.True(programme.Succeeded);
        Assert.Equal(2, programme.Value!.Pillars.Count);
        Assert.Equal("code", Assert.Single((await service.CreateProgrammeAsync(new("KH-01", "Trùng mã", null, null, null, null, 2026, 2030, 95, 80, null, null))).Problems).Field);

        var bad = await service.AddTargetAsync("KH-01", new("T 1", "", null, "%", Comparator.AtLeast, null, 50, null, "2030: 90", PathShape.Linear, "FILES_PCT", null, "99999", null, null));
        Assert.Equal(["code", "name", "baselineYear", "responsibleUnitCode"], bad.Problems.Select(p => p.Field));

        var pillar = programme.Value.Pillars[0].Id;
        var target = await service.AddTargetAsync("KH-01", new("KH-01.1", "Tỷ lệ hồ sơ xử lý trực tuyến", "Files processed online", "%", Comparator.AtLeast, null,
            50, 2025, "2030: 90", PathShape.Linear, "FILES_PCT", pillar, "20", "Hệ thống quản lý văn bản", null));
        Assert.True(target.Succeeded, string.Join("; ", target.Problems.Select(p => p.Message.En)));
        Assert.Equal(Direction.HigherIsBetter, target.Value!.Direction);

        var values = new DataValueService(db, new OrgUnitQueries(db));
        Assert.True((await values.SaveAsync([
            new("FILES", "20", "2026Q1", "1000", null), new("FILES_ONLINE", "20", "2026Q1", "560", null),
            new("FILES", "20", "2026Q2", "1000", null), new("FILES_ONLINE", "20", "2026Q2", "620", null),
        ], (_, _, _) => Task.FromResult(true), mayApprove: true)).Saved);

        // Sums of flows over the half year: 1,180 of 2,000 files = 59%; the path expects 50 + 40 × 0.5/5 = 54% at the end of June.
        var progress = new ProgressService(db);
        var info = (await progress.TargetAsync("KH-01.1"))!;
        var table = await progress.TableAsync(info, province, Period.Parse("2026S1"));
        Assert.Equal(59, table.Root.Result.Actual!.Value, 9);
        Assert.Equal(54, table.Root.Result.Expected!.Value, 9);
        Assert.Equal(ProgressStatus.OnTrack, table.Root.Result.Status);
        Assert.Equal("2026Q2", table.Root.AsOf?.Code);
    }

    [Fact]
    public async Task Thresholds_MustBeOrdered()
    {
        await using var db = Database.Context();
        var service = new ProgrammeService(db, new OrgUnitQueries(db), TestTime.Clock);
        Assert.True((await service.CreateProgrammeAsync(new("P", "Chương trình", null, null, null, null, 2026, 2030, 95, 80, null, null))).Succeeded);
        Assert.False((await service.SetThresholdsAsync("P", 80, 90)).Succeeded);
        Assert.True((await service.SetThresholdsAsync("P", 90, 70)).Succeeded);
        Assert.Equal(70, (await db.Programmes.AsNoTracking().SingleAsync()).AtRiskPercent);
    }
}
