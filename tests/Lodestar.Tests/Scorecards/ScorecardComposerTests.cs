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
        // Example 4: a commune with no targets and no reports due: their weight goes to the other parts.
        { "4", new PartInput(TasksOnTime: 3, TasksLate: 1, DtiNormalised: 0.70), 80.5, Rating.Good },
        // Example 5: nothing to judge → no composite, no rating.
        { "5", new PartInput(), null, null },
        // Example 6: far behind.
        { "6", new PartInput(OffTrack: 3, TasksOnTime: 1, TasksOverdue: 3, ReportsDue: 2, ReportsOnTime: 0, Quality: 40, DtiNormalised: 0.30), 17.5, Rating.NotCompleted },
        // Boundaries: exactly 75 is good, exactly 50 is completed (targets only: 1 achieved + 1 at risk = 75; 1 at risk = 50).
        { "75", new PartInput(Achieved: 1, AtRisk: 1), 75, Rating.Good },
        { "50", new PartInput(AtRisk: 1), 50, Rating.Completed },
        { "49.9", new PartInput(TasksOnTime: 499, TasksOverdue: 501), 49.9, Rating.NotCompleted },
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
            [(ScorecardPart.Targets, 70.0, 30.0, 21.0), (ScorecardPart.Tasks, 70.0, 30.0, 21.0), (ScorecardPart.Reporting, 80.0, 20.0, 16.0), (ScorecardPart.Dti, 62.0, 20.0, 12.4)],
            c.Parts.Select(p => (p.Part, p.Score!.Value, p.Weight, p.Contribution)).ToArray());
        Assert.Equal(c.Composite!.Value, c.Parts.Sum(p => p.Contribution), 6);
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
