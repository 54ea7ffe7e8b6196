using Lodestar.Dti;

namespace Lodestar.Tests.Dti;

/// <summary>The scoring engine against the worked examples of src/Lodestar/Dti/README.md, computed by hand.</summary>
public sealed class DtiEngineTests
{
    private const double X = double.NaN;

    [Theory]
    [InlineData(4, 20)]
    [InlineData(5, 20)]
    [InlineData(3, 15)]
    [InlineData(2, 10)]
    [InlineData(1, 5)]
    [InlineData(0, 0)]
    [InlineData(X, 0)]
    public void Tiered_SteeringMeetingsAYear(double meetings, double points) =>
        Assert.Equal(points, ScoringRule.Tiered((4, 20), (3, 15), (2, 10), (1, 5)).Points(20, meetings, X, X));

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 10)]
    [InlineData(2, 0)]
    [InlineData(7, 0)]
    // Not the position of an option: no points (0.7 is neither the head, 0, nor the deputy, 1).
    [InlineData(0.7, 0)]
    [InlineData(1.5, 0)]
    [InlineData(-1, 0)]
    public void Categorical_HeadDeputyNobody(double option, double points) =>
        Assert.Equal(points, ScoringRule.Categorical(("truong", 1), ("pho", 0.5), ("khong", 0)).Points(20, option, X, X));

    [Theory]
    [InlineData(3, 4, 15)]
    [InlineData(4, 4, 20)]
    [InlineData(5, 4, 20)]
    [InlineData(3, 0, 0)]
    [InlineData(3, X, 0)]
    public void Ratio_IsAOverBTimesMax_Capped(double a, double b, double points) =>
        Assert.Equal(points, ScoringRule.Ratio.Points(20, a, b, X));

    [Theory]
    [InlineData(120, 480, 2.5)]
    [InlineData(480, 480, 10)]
    [InlineData(0, 480, 0)]
    [InlineData(5, 0, 0)]
    public void RelativeToBest_IsValueOverLargestPeer(double a, double best, double points) =>
        Assert.Equal(points, ScoringRule.RelativeToBest.Points(10, a, X, best));

    [Theory]
    [InlineData(2, 10)]
    [InlineData(4, 15)]
    [InlineData(0, 0)]
    public void CountCapped_FivePointsAnItem_AtMost15(double count, double points) =>
        Assert.Equal(points, ScoringRule.CountCapped(5).Points(15, count, X, X));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(0, 0)]
    public void Threshold_YesNo(double yes, double points) =>
        Assert.Equal(points, ScoringRule.Threshold(1).Points(10, yes, X, X));

    [Theory]
    [InlineData(20, 0, 80, 5)]
    [InlineData(100, 0, 80, 20)]
    [InlineData(-5, 0, 80, 0)]
    [InlineData(10, 30, 0, 13.333333333333334)]
    public void Linear_FloorToCeiling_LowerIsBetterWhenReversed(double a, double floor, double ceiling, double points) =>
        Assert.Equal(points, ScoringRule.Linear(floor, ceiling).Points(20, a, X, X), 9);

    [Theory]
    [InlineData(12.5, 12.5)]
    [InlineData(25, 20)]
    [InlineData(-1, 0)]
    public void Manual_IsClampedToMax(double claimed, double points) =>
        Assert.Equal(points, ScoringRule.Manual.Points(20, claimed, X, X));

    [Theory]
    [InlineData(RuleKind.Tiered, "4=20;3=15;2=10;1=5")]
    [InlineData(RuleKind.Categorical, "truong=1;pho=0.5;khong=0")]
    [InlineData(RuleKind.CountCapped, "5")]
    [InlineData(RuleKind.Threshold, "1")]
    [InlineData(RuleKind.Linear, "0;80")]
    [InlineData(RuleKind.Ratio, "")]
    public void Rule_Parameters_RoundTrip(RuleKind kind, string text)
    {
        var rule = ScoringRule.TryParse(kind, text, out var error);
        Assert.Null(error);
        Assert.Equal(text, rule!.Parameters);
    }

    [Theory]
    [InlineData(RuleKind.Tiered, "bốn=20")]
    [InlineData(RuleKind.Linear, "5")]
    [InlineData(RuleKind.CountCapped, "")]
    public void Rule_BadParameters_SayWhatIsExpected(RuleKind kind, string text)
    {
        Assert.Null(ScoringRule.TryParse(kind, text, out var error));
        Assert.NotNull(error);
    }

    /// <summary>Group G (max 100) with mains M1 (60: C1 tiered 20, C2 ratio 40) and M2 (40: C3 relative 40).</summary>
    internal static FrameworkModel Small() => new([
        new("G", null, NodeKind.Group, 100, null),
        new("M1", "G", NodeKind.Main, 60, null),
        new("C1", "M1", NodeKind.Component, 20, ScoringRule.Tiered((4, 20), (3, 15), (2, 10), (1, 5))),
        new("C2", "M1", NodeKind.Component, 40, ScoringRule.Ratio),
        new("M2", "G", NodeKind.Main, 40, null),
        new("C3", "M2", NodeKind.Component, 40, ScoringRule.RelativeToBest),
    ]);

    [Fact]
    public void Score_SumsComponentsIntoMainsGroupsAndTotal_RelativeWithinPeerGroupOnly()
    {
        var fw = Small();
        // Three units: 0 and 1 in peer group 0, unit 2 alone in group 1.
        double[] a = [3, 30, 50, /**/ 4, 40, 100, /**/ 1, 10, 10];
        double[] b = [X, 40, X, /**/ X, 40, X, /**/ X, 40, X];
        var points = new double[3 * fw.Count];
        var totals = new double[3];
        DtiEngine.Score(fw, 3, a, b, [0, 0, 1], points, totals);

        double P(int u, string code) => points[(u * fw.Count) + fw.IndexOf(code)];
        Assert.Equal(15, P(0, "C1"));
        Assert.Equal(30, P(0, "C2"));
        Assert.Equal(20, P(0, "C3")); // 50 / 100 (best of its group) × 40
        Assert.Equal(45, P(0, "M1"));
        Assert.Equal(65, P(0, "G"));
        Assert.Equal(65, totals[0]);
        Assert.Equal(100, totals[1]);
        Assert.Equal(5 + 10 + 40, totals[2]); // alone in its group: it is its own best
        Assert.Equal(0.65, totals[0] / fw.TotalMax);
    }

    [Fact]
    public void Rank_TiesShareARank_AndTheNextSkips_PerPeerGroup()
    {
        double[] scores = [80, 90, 80, 70, 50, X, 60];
        int[] groups = [0, 0, 0, 0, 1, 1, 1];
        var ranks = new int[scores.Length];
        DtiEngine.Rank(scores, groups, ranks);
        Assert.Equal([2, 1, 2, 4, 2, 0, 1], ranks);
    }

    [Fact]
    public void Rank_ScoresEqualAtFourDecimals_AreTied()
    {
        var ranks = new int[3];
        DtiEngine.Rank([0.65121, 0.65119, 0.6511], [0, 0, 0], ranks);
        Assert.Equal([1, 1, 3], ranks);
    }

    [Fact]
    public void Derive_MergedProvince_MeanSumAndPopulationWeighted()
    {
        // Two pre-merger provinces, 3 main indexes each (a hand-computed case).
        double[] before = [0.60, 0.40, 0.50, /**/ 0.30, 0.80, 0.70];
        double[] population = [800_000, 1_200_000];
        var r = new double[3];
        DtiEngine.Derive(DerivationRule.Mean, 3, before, population, r);
        Assert.Equal([0.45, 0.60, 0.60], r.Select(x => Math.Round(x, 10)));
        DtiEngine.Derive(DerivationRule.Sum, 3, before, population, r);
        Assert.Equal([0.90, 1.20, 1.20], r.Select(x => Math.Round(x, 10)));
        DtiEngine.Derive(DerivationRule.WeightedMean, 3, before, population, r);
        // (0.6×0.8M + 0.3×1.2M) / 2M = 0.42; (0.4×0.8 + 0.8×1.2)/2 = 0.64; (0.5×0.8 + 0.7×1.2)/2 = 0.62
        Assert.Equal([0.42, 0.64, 0.62], r.Select(x => Math.Round(x, 10)));
    }

    [Fact]
    public void Derive_LeavesOutAPredecessorWithoutScore()
    {
        var r = new double[1];
        DtiEngine.Derive(DerivationRule.Mean, 1, [0.5, X, 0.7], [1, 1, 1], r);
        Assert.Equal(0.6, r[0], 10);
    }

    private static Explain.Year Year(FrameworkModel fw, double[] a, double[] b, int rank)
    {
        var points = new double[fw.Count];
        var totals = new double[1];
        DtiEngine.Score(fw, 1, a, b, [0], points, totals);
        return new Explain.Year(fw, fw.Nodes.Select((n, i) => (n.Code, points[i])).ToDictionary(x => x.Code, x => x.Item2), totals[0], rank);
    }

    [Fact]
    public void Explain_ContributionsSumToTheChangeOfTotal_AndNamePeersPassed()
    {
        var fw = Small();
        var before = Year(fw, [2, 20, 50], [X, 40, X], 3); // 10 + 20 + 40 = 70
        var after = Year(fw, [4, 10, 50], [X, 40, X], 1);  // 20 + 10 + 40 = 70 … then C3 best is itself
        var peers = new Dictionary<string, (double, double)> { ["A"] = (75, 65), ["B"] = (60, 80), ["C"] = (90, 95) };
        var after2 = after with { Total = 72, Points = new Dictionary<string, double>(after.Points) { ["C3"] = 42, ["M2"] = 42, ["G"] = 72 } };
        var e = Explain.Change(before, after2, peers);

        Assert.Equal(2, e.Change, 9);
        Assert.Equal(e.Change, e.Mains.Sum(c => c.Change), 9);
        Assert.Equal(e.Change, e.Components.Sum(c => c.Change), 9);
        Assert.Equal("M2", e.Mains[0].Code);
        Assert.Contains(e.Peers, p => p.UnitKey == "A" && p.Passed);
        Assert.Contains(e.Peers, p => p.UnitKey == "B" && !p.Passed);
        Assert.DoesNotContain(e.Peers, p => p.UnitKey == "C");
    }

    [Fact]
    public void Explain_AcrossFrameworkVersions_StillSumsToTheChange()
    {
        var old = new FrameworkModel([new("M1", null, NodeKind.Main, 100, null), new("M9", null, NodeKind.Main, 100, null)]);
        var neu = new FrameworkModel([new("M1", null, NodeKind.Main, 100, null), new("M2", null, NodeKind.Main, 100, null)]);
        var e = Explain.Change(Year(old, [50, 30], [X, X], 5), Year(neu, [60, 45], [X, X], 4), new Dictionary<string, (double, double)>());
        Assert.Equal(25, e.Change);
        Assert.Equal(25, e.Mains.Sum(c => c.Change));
        Assert.Equal(3, e.Mains.Count);
    }

    [Fact]
    public void WhatIf_PicksTheComponentThatMovesTheUnitUpMost()
    {
        var fw = Small();
        var y = Year(fw, [1, 30, 50], [X, 40, X], 0); // C1 5/20, C2 30/40, C3 40/40 → 75
        var points = fw.Nodes.Select(n => y.Points[n.Code]).ToArray();
        double[] peers = [0.88, 0.84, 0.79, 0.70]; // normalised, as the ranking compares (maximum 100)

        var toMax = Explain.WhatIfs(fw, points, y.Total, peers);
        Assert.Equal("C1", toMax[0].Code); // +15 → 90: first
        Assert.Equal(1, toMax[0].RankAfter);
        Assert.Equal("C2", toMax[1].Code); // +10 → 85: second
        Assert.DoesNotContain(toMax, w => w.Code == "C3"); // already at its maximum

        var byFive = Explain.WhatIfs(fw, points, y.Total, peers, 5);
        Assert.All(byFive, w => Assert.Equal(5, w.Gain));
        Assert.Equal(3, byFive[0].RankAfter); // 80 passes 79 only
    }

    /// <summary>
    /// What-if ranks as the ranking does: on the index at four decimals. Maximum 1,000: raised to 850 (0.8500) the unit ties
    /// a peer of 850.04 points (0.85004 → 0.8500), as the ranking would tie them, so it shares rank 1 — on points at four
    /// decimals it came out 2nd, below a peer the ranking puts level with it.
    /// </summary>
    [Theory]
    [InlineData(0.85004, 1)]
    [InlineData(0.85006, 2)]
    [InlineData(0.84996, 1)]
    public void WhatIf_BreaksTiesOnTheRankingsScale(double peer, int rankAfter)
    {
        var fw = new FrameworkModel([new("M1", null, NodeKind.Main, 1000, null)]);
        var w = Assert.Single(Explain.WhatIfs(fw, [700], 700, [peer], 150));
        Assert.Equal(rankAfter, w.RankAfter);
        double[] both = [peer, 0.85];
        var ranks = new int[2];
        DtiEngine.Rank(both, new int[2], ranks);
        Assert.Equal(rankAfter, ranks[1]);
    }

    [Fact]
    public void PeerMedian_OddAndEven()
    {
        Assert.Equal(3, DtiEngine.Median([5, 1, 3]));
        Assert.Equal(2.5, DtiEngine.Median([4, 1, 3, 2, X]));
        Assert.True(double.IsNaN(DtiEngine.Median([])));
    }
}
