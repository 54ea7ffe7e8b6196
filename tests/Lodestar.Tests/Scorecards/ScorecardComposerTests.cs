using Lodestar.Scorecards;

namespace Lodestar.Tests.Scorecards;

/// <summary>The composition rules of src/Lodestar/Scorecards/README.md, one row per worked example.</summary>
public sealed class ScorecardComposerTests
{
    public static TheoryData<string, PartInput, double?, Rating?> Examples => new()
    {
        // Example 1: an agency head over the whole year.
        { "1", new PartInput(Achieved: 2, OnTrack: 1, AtRisk: 1, OffTrack: 1, TasksOnTime: 6, TasksLate: 2, TasksOverdue: 2, ReportsDue: 4, ReportsOnTime: 3, Quality: 85, DtiNormalised: 0.62), 70.4, Rating.Completed },
        // Example 2: everything strong.
        { "2", new PartInput(Achieved: 4, TasksOnTime: 10, ReportsDue: 4, ReportsOnTime: 4, Quality: 90, DtiNormalised: 0.81), 95.2, Rating.Excellent },
        // Example 3: composite over 90, but DTI under the floor of 70 → good, not excellent.
        { "3", new PartInput(Achieved: 2, TasksOnTime: 5, ReportsDue: 2, ReportsOnTime: 2, Quality: 100, DtiNormalised: 0.65), 93, Rating.Good },
        // Example 4: a commune with no targets: its weight goes to the other parts.
        { "4", new PartInput(TasksOnTime: 3, TasksLate: 1, ReportsDue: 4, ReportsOnTime: 3, Quality: 85, DtiNormalised: 0.70), 80.4, Rating.Good },
        // Example 5: nothing to judge, or parts with data carrying only half the weight → no composite, no rating.
        { "5", new PartInput(), null, null },
        { "5-half", new PartInput(Achieved: 2, ReportsDue: 1, ReportsOnTime: 1, Quality: 100), null, null },
        // Example 8: strong everywhere but DTI missing → good, not excellent.
        { "8", new PartInput(Achieved: 4, TasksOnTime: 10, ReportsDue: 4, ReportsOnTime: 4, Quality: 90), 98.8, Rating.Good },
        // Example 6: far behind.
        { "6", new PartInput(OffTrack: 3, TasksOnTime: 1, TasksOverdue: 3, ReportsDue: 2, ReportsOnTime: 0, Quality: 40, DtiNormalised: 0.30), 17.5, Rating.NotCompleted },
        // Boundaries: exactly 75 is good, exactly 50 is completed (targets and tasks, 60 of 100 weight: 1 achieved + 1 at
        // risk = 75, 1 on time + 1 late = 75; 1 at risk = 50, 1 late = 50); 49,9 over tasks, reporting and DTI.
        { "75", new PartInput(Achieved: 1, AtRisk: 1, TasksOnTime: 1, TasksLate: 1), 75, Rating.Good },
        { "50", new PartInput(AtRisk: 1, TasksLate: 1), 50, Rating.Completed },
        { "49.9", new PartInput(TasksOnTime: 499, TasksOverdue: 501, ReportsDue: 1000, ReportsOnTime: 499, DtiNormalised: 0.499), 49.9, Rating.NotCompleted },
        // A single part (30 of 100) is not enough, whatever its score.
        { "targets-only", new PartInput(Achieved: 1), null, null },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Compose_WorkedExamples_GiveTheReadmeCompositeAndRating(string example, PartInput input, double? composite, Rating? rating)
    {
        var c = ScorecardComposer.Compose(input, ScorecardRules.Default);

        Assert.True(composite == c.Composite, $"example {example}: composite {c.Composite}");
        Assert.Equal(rating, c.Rating);
    }

    [Fact]
    public void Compose_Example1_ShowsEachPartWithItsWeightAndContribution()
    {
        var c = ScorecardComposer.Compose(new PartInput(2, 1, 1, 1, 6, 2, 2, 4, 3, 85, 0.62), ScorecardRules.Default);

        Assert.Equal(
            [(ScorecardPart.Targets, 70.0, 30.0, 30.0, 21.0), (ScorecardPart.Tasks, 70.0, 30.0, 30.0, 21.0), (ScorecardPart.Reporting, 80.0, 20.0, 20.0, 16.0), (ScorecardPart.Dti, 62.0, 20.0, 20.0, 12.4)],
            c.Parts.Select(p => (p.Part, p.Score!.Value, p.Weight, p.EffectiveWeight, p.Contribution)).ToArray());
        Assert.Equal(c.Composite!.Value, c.Parts.Sum(p => p.Contribution), 6);
    }

    [Fact]
    public void Compose_Example4_APartWithoutData_GivesItsWeightToTheOthersInProportion()
    {
        var c = ScorecardComposer.Compose(new PartInput(TasksOnTime: 3, TasksLate: 1, ReportsDue: 4, ReportsOnTime: 3, Quality: 85, DtiNormalised: 0.70), ScorecardRules.Default);

        // 70 of 100 weight has data: 30 × 100 ÷ 70 = 42,9 and 20 × 100 ÷ 70 = 28,6; the tasks contribute 87,5 × 30 ÷ 70 = 37,5.
        Assert.Equal(
            [(ScorecardPart.Targets, (double?)null, 0.0, 0.0), (ScorecardPart.Tasks, 87.5, 42.9, 37.5), (ScorecardPart.Reporting, 80.0, 28.6, 22.9), (ScorecardPart.Dti, 70.0, 28.6, 20.0)],
            c.Parts.Select(p => (p.Part, p.Score, p.EffectiveWeight, p.Contribution)).ToArray());
    }

    [Fact]
    public void Compose_NotEnoughData_SaysSoInsteadOfFullMarks()
    {
        // Two targets achieved and one report on time, no tasks, no DTI: 50 of 100 weight would have made 100 and "xuất sắc".
        var c = ScorecardComposer.Compose(new PartInput(Achieved: 2, ReportsDue: 1, ReportsOnTime: 1, Quality: 100), ScorecardRules.Default);

        Assert.Null(c.Composite);
        Assert.Null(c.Rating);
        Assert.Equal("Chưa đủ dữ liệu để chấm điểm: các phần có số liệu chỉ chiếm 50% tổng trọng số (cần trên 50%).", c.Why!.Vi);
        Assert.All(c.Parts, p => Assert.Equal(0, p.Contribution));
    }

    [Fact]
    public void Compose_HighCompositeWithAPartMissing_IsGoodAndNamesThePart()
    {
        var c = ScorecardComposer.Compose(new PartInput(Achieved: 4, TasksOnTime: 10, ReportsDue: 4, ReportsOnTime: 4, Quality: 90), ScorecardRules.Default);

        Assert.Equal((98.8, Rating.Good), (c.Composite, c.Rating));
        Assert.Equal("Phần Chỉ số DTI chưa có số liệu nên không đề xuất xuất sắc.", c.Why!.Vi);
        Assert.Equal([37.5, 37.5, 25.0, 0.0], c.Parts.Select(p => p.EffectiveWeight).ToArray());
    }

    [Theory]
    [InlineData("50,30,10,10", "90,75,50,70", 70.2)]   // targets weigh more: (70×50 + 70×30 + 80×10 + 62×10) / 100
    [InlineData("0,100,0,0", "90,75,50,70", 70.0)]     // tasks only
    [InlineData("1,2,3", "90,75,50,70", 70.4)]         // malformed weights keep the defaults
    [InlineData("0,0,0,0", "90,75,50,70", 70.4)]       // all-zero weights are refused
    public void Rules_FromConfiguration_ChangeTheWeights(string weights, string thresholds, double composite)
    {
        var rules = ScorecardRules.From(weights, thresholds);

        Assert.Equal(composite, ScorecardComposer.Compose(new PartInput(2, 1, 1, 1, 6, 2, 2, 4, 3, 85, 0.62), rules).Composite);
    }

    [Theory]
    [InlineData("95,85,60,70", Rating.Completed)]   // example 1 (70.4) under stricter thresholds
    [InlineData("70,60,40,0", Rating.Excellent)]    // and under looser ones
    [InlineData("60,75,50,0", Rating.Completed)]    // excellent < good is refused: defaults stay
    public void Rules_Thresholds_ChangeTheRating(string thresholds, Rating rating)
    {
        var rules = ScorecardRules.From(null, thresholds);

        Assert.Equal(rating, ScorecardComposer.Compose(new PartInput(2, 1, 1, 1, 6, 2, 2, 4, 3, 85, 0.62), rules).Rating);
    }
}
