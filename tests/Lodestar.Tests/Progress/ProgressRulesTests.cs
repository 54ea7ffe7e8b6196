using Lodestar.Programmes;
using Lodestar.Progress;

namespace Lodestar.Tests.Progress;

/// <summary>The worked cases of src/Lodestar/Progress/README.md, computed by hand.</summary>
public sealed class ProgressRulesTests
{
    [Theory]
    [InlineData(2019.0, 40.0)]
    [InlineData(2020.0, 40.0)]
    [InlineData(2023.0, 64.0)]
    [InlineData(2025.0, 80.0)]
    [InlineData(2027.5, 90.0)]
    [InlineData(2031.0, 100.0)]
    public void LinearPath_GoesStraightBetweenBaselineAndMilestones(double t, double expected)
    {
        var path = new TargetPath(40, 2020, [new Milestone(2025, 80), new Milestone(2030, 100)], PathShape.Linear);
        Assert.Equal(expected, path.ExpectedAt(t)!.Value, 9);
    }

    [Theory]
    [InlineData(2022.5, 141.42135623730951)]
    [InlineData(2024.0, 174.11011265922482)]
    [InlineData(2025.0, 200.0)]
    public void CompoundPath_GrowsAtAConstantRate(double t, double expected)
    {
        var path = new TargetPath(100, 2020, [new Milestone(2025, 200)], PathShape.Compound);
        Assert.Equal(expected, path.ExpectedAt(t)!.Value, 9);
    }

    [Fact]
    public void PathWithoutBaseline_IsFlatAtTheFirstMilestone()
    {
        var path = new TargetPath(null, null, [new Milestone(2025, 80)], PathShape.Linear);
        Assert.Equal(80, path.ExpectedAt(2022)!.Value);
        Assert.Null(new TargetPath(10, 2020, [], PathShape.Linear).ExpectedAt(2022));
    }

    // "> 90%" by 2030 from 50 in 2020: expected 70 at the end of 2025.
    [Theory]
    [InlineData(90.5, ProgressStatus.Achieved)]
    [InlineData(90.0, ProgressStatus.OnTrack)] // not "> 90", but far ahead of the path
    [InlineData(70.0, ProgressStatus.OnTrack)]
    [InlineData(69.0, ProgressStatus.OnTrack)] // 19/20 = 95% of the expected way
    [InlineData(67.0, ProgressStatus.AtRisk)] // 85%
    [InlineData(66.0, ProgressStatus.AtRisk)] // 80%
    [InlineData(60.0, ProgressStatus.OffTrack)] // 50%
    [InlineData(45.0, ProgressStatus.OffTrack)] // worse than the baseline
    public void MoreThan90Percent(double actual, ProgressStatus status)
    {
        var path = new TargetPath(50, 2020, [new Milestone(2030, 90)], PathShape.Linear);
        var r = ProgressRules.Evaluate(path, Direction.HigherIsBetter, Comparator.MoreThan, actual, 2025, 95, 80);
        Assert.Equal(status, r.Status);
        Assert.Equal(70, r.Expected!.Value, 9);
    }

    // A rank: at most 5th by 2030 from 25th in 2020, lower is better: expected 15th at the end of 2025.
    [Theory]
    [InlineData(5.0, ProgressStatus.Achieved, 100.0)]
    [InlineData(3.0, ProgressStatus.Achieved, 110.0)]
    [InlineData(14.0, ProgressStatus.OnTrack, 55.0)]
    [InlineData(16.0, ProgressStatus.AtRisk, 45.0)] // 90% of the expected way
    [InlineData(18.0, ProgressStatus.OffTrack, 35.0)] // 70%
    public void RankAtMost5(double actual, ProgressStatus status, double percentOfWay)
    {
        var path = new TargetPath(25, 2020, [new Milestone(2030, 5)], PathShape.Linear);
        var r = ProgressRules.Evaluate(path, Direction.LowerIsBetter, Comparator.AtMost, actual, 2025, 95, 80);
        Assert.Equal(status, r.Status);
        Assert.Equal(percentOfWay, r.PercentOfWay!.Value, 9);
    }

    [Fact]
    public void MissedMilestone_IsNeverOnTrack()
    {
        var path = new TargetPath(80, 2020, [new Milestone(2025, 100)], PathShape.Linear);
        var r = ProgressRules.Evaluate(path, Direction.HigherIsBetter, Comparator.AtLeast, 99, 2026, 95, 80);
        Assert.Equal(95, r.PercentOfExpected!.Value, 9);
        Assert.Equal(ProgressStatus.AtRisk, r.Status);
    }

    [Fact]
    public void Thresholds_AreTheProgrammes()
    {
        var path = new TargetPath(50, 2020, [new Milestone(2030, 90)], PathShape.Linear);
        Assert.Equal(ProgressStatus.AtRisk, ProgressRules.Evaluate(path, Direction.HigherIsBetter, Comparator.AtLeast, 69, 2025, 99, 80).Status);
        Assert.Equal(ProgressStatus.OffTrack, ProgressRules.Evaluate(path, Direction.HigherIsBetter, Comparator.AtLeast, 67, 2025, 95, 90).Status);
    }

    [Fact]
    public void NoValue_IsNoData() =>
        Assert.Equal(ProgressStatus.NoData, ProgressRules.Evaluate(
            new TargetPath(50, 2020, [new Milestone(2030, 90)], PathShape.Linear), Direction.HigherIsBetter, Comparator.AtLeast, null, 2025, 95, 80).Status);

    [Fact]
    public void WithoutBaseline_PercentIsActualOverTarget()
    {
        var path = new TargetPath(null, null, [new Milestone(2025, 80)], PathShape.Linear);
        var r = ProgressRules.Evaluate(path, Direction.HigherIsBetter, Comparator.AtLeast, 76, 2024, 95, 80);
        Assert.Equal(95, r.PercentOfWay!.Value, 9);
        Assert.Equal(ProgressStatus.OnTrack, r.Status);
    }

    [Theory]
    [InlineData(10.0, Comparator.AtLeast, 10.0, true)]
    [InlineData(9.99, Comparator.AtLeast, 10.0, false)]
    [InlineData(10.0, Comparator.MoreThan, 10.0, false)]
    [InlineData(10.01, Comparator.MoreThan, 10.0, true)]
    [InlineData(5.0, Comparator.AtMost, 5.0, true)]
    [InlineData(5.0, Comparator.LessThan, 5.0, false)]
    [InlineData(100.0, Comparator.EqualTo, 100.0, true)]
    [InlineData(99.0, Comparator.EqualTo, 100.0, false)]
    public void Comparators(double actual, Comparator comparator, double target, bool meets) =>
        Assert.Equal(meets, ProgressRules.Meets(actual, comparator, target));

    [Theory]
    [InlineData(new[] { ProgressStatus.Achieved, ProgressStatus.Achieved, ProgressStatus.NoData }, ProgressStatus.Achieved)]
    [InlineData(new[] { ProgressStatus.Achieved, ProgressStatus.OnTrack }, ProgressStatus.OnTrack)]
    [InlineData(new[] { ProgressStatus.OnTrack, ProgressStatus.OnTrack, ProgressStatus.AtRisk }, ProgressStatus.AtRisk)] // 0.83
    [InlineData(new[] { ProgressStatus.OnTrack, ProgressStatus.OffTrack }, ProgressStatus.AtRisk)] // 0.5
    [InlineData(new[] { ProgressStatus.AtRisk }, ProgressStatus.AtRisk)] // 0.5
    [InlineData(new[] { ProgressStatus.OnTrack, ProgressStatus.OffTrack, ProgressStatus.OffTrack }, ProgressStatus.OffTrack)] // 0.33
    [InlineData(new[] { ProgressStatus.NoData }, ProgressStatus.NoData)]
    public void PillarStatus_RollsUpFromItsTargets(ProgressStatus[] statuses, ProgressStatus combined) =>
        Assert.Equal(combined, ProgressRules.Combine(statuses));
}
