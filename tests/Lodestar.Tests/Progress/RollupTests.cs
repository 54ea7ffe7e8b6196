using Lodestar.Progress;
using Lodestar.Values;

namespace Lodestar.Tests.Progress;

/// <summary>
/// Province 1 with communes 2 and 3 and agency 4; commune 2 has villages 5 and 6.
/// </summary>
public sealed class RollupTests
{
    private const double X = double.NaN;

    private static readonly UnitTree Tree = UnitTree.Build(1, [(2, 1), (3, 1), (4, 1), (5, 2), (6, 2), (99, 98)]);

    private static double[] Values(params (int Unit, double Value)[] reported)
    {
        var values = new double[Tree.Count];
        Array.Fill(values, X);
        foreach (var (unit, value) in reported)
        {
            values[Tree.IndexOf(unit)] = value;
        }

        return values;
    }

    private static (double Province, double Commune2) Direct(Aggregation rule, params (int, double)[] reported)
    {
        var result = new double[Tree.Count];
        Rollup.Direct(Tree, rule, Values(reported), result, new ValueSource[Tree.Count]);
        return (result[Tree.IndexOf(1)], result[Tree.IndexOf(2)]);
    }

    [Fact]
    public void Tree_ListsEveryUnitAfterItsChildren_AndIgnoresOtherTrees()
    {
        Assert.Equal(6, Tree.Count);
        Assert.Equal(1, Tree.UnitIds[Tree.Root]);
        Assert.Equal(-1, Tree.IndexOf(99));
        for (var i = 0; i < Tree.Count; i++)
        {
            Assert.True(Tree.Parent[i] == -1 || Tree.Parent[i] > i);
        }
    }

    [Theory]
    [InlineData(Aggregation.Sum, 35.0, 30.0)]
    [InlineData(Aggregation.Mean, 10.0, 15.0)] // mean of commune 2 (15) and commune 3 (5)
    [InlineData(Aggregation.Min, 5.0, 10.0)]
    [InlineData(Aggregation.Max, 20.0, 20.0)]
    public void Direct_RollsUpEachRule(Aggregation rule, double province, double commune)
    {
        var (p, c) = Direct(rule, (5, 10), (6, 20), (3, 5));
        Assert.Equal(province, p, 9);
        Assert.Equal(commune, c, 9);
    }

    [Fact]
    public void Direct_AUnitsOwnReportWins()
    {
        var (p, c) = Direct(Aggregation.Sum, (5, 10), (6, 20), (2, 100), (3, 5));
        Assert.Equal(100, c);
        Assert.Equal(105, p);
    }

    [Fact]
    public void None_IsNeverRolledUp()
    {
        var (p, _) = Direct(Aggregation.None, (2, 7), (3, 5));
        Assert.True(double.IsNaN(p));
        Assert.Equal(16, Direct(Aggregation.None, (1, 16), (2, 7)).Province);
    }

    [Fact]
    public void NothingReported_IsNoData()
    {
        var result = new double[Tree.Count];
        var source = new ValueSource[Tree.Count];
        Rollup.Direct(Tree, Aggregation.Sum, Values(), result, source);
        Assert.All(result, v => Assert.True(double.IsNaN(v)));
        Assert.All(source, s => Assert.Equal(ValueSource.None, s));
    }

    // Commune 2: 90 of 100 households; commune 3: 10 of 50.
    [Theory]
    [InlineData(Aggregation.WeightedMean, 100.0 / 150 * 100)]
    [InlineData(Aggregation.Mean, 55.0)]
    [InlineData(Aggregation.Max, 90.0)]
    public void Ratio_WeightedMeanAddsUpNumeratorsAndDenominators(Aggregation rule, double province)
    {
        var result = new double[Tree.Count];
        var source = new ValueSource[Tree.Count];
        Rollup.Ratio(Tree, rule, 100, Values((2, 90), (3, 10)), Values((2, 100), (3, 50)), result, source);
        Assert.Equal(province, result[Tree.IndexOf(1)], 9);
        Assert.Equal(ValueSource.Computed, source[Tree.IndexOf(1)]);
        Assert.Equal(ValueSource.Reported, source[Tree.IndexOf(2)]);
        Assert.Equal(20, result[Tree.IndexOf(3)], 9);
    }

    [Fact]
    public void Ratio_WeightedMeanFromVillages()
    {
        var result = new double[Tree.Count];
        Rollup.Ratio(Tree, Aggregation.WeightedMean, 100, Values((5, 30), (6, 10)), Values((5, 40), (6, 40)), result, new ValueSource[Tree.Count]);
        Assert.Equal(50, result[Tree.IndexOf(2)], 9);
        Assert.Equal(50, result[Tree.IndexOf(1)], 9);
    }

    [Fact]
    public void Direct_RefusesWeightedMean() =>
        Assert.Throws<ArgumentException>(() => Direct(Aggregation.WeightedMean, (5, 1)));

    [Theory]
    [InlineData(TimeAggregation.Last, 30.0, "2026Q3")]
    [InlineData(TimeAggregation.Sum, 60.0, "2026Q3")]
    [InlineData(TimeAggregation.Mean, 20.0, "2026Q3")]
    public void TimePick_UsesQuartersWhenTheYearIsMissing(TimeAggregation rule, double value, string source)
    {
        var values = new[] { ("2026Q2", 20.0), ("2026Q1", 10.0), ("2026Q3", 30.0), ("202601", 5.0), ("2025", 99.0) }
            .Select(v => (Period.Parse(v.Item1), v.Item2));
        var picked = TimePick.Pick(Period.Parse("2026"), rule, values);
        Assert.Equal(value, picked!.Value.Value, 9);
        Assert.Equal(source, picked.Value.Source.Code);
    }

    [Fact]
    public void TimePick_PrefersTheReportForThePeriodItself()
    {
        var values = new[] { (Period.Parse("2026Q1"), 10.0), (Period.Parse("2026"), 42.0) };
        Assert.Equal(42, TimePick.Pick(Period.Parse("2026"), TimeAggregation.Sum, values)!.Value.Value);
        Assert.Null(TimePick.Pick(Period.Parse("2024"), TimeAggregation.Sum, values));
    }

    [Fact]
    public void TimePick_CanFollowAnotherElementsPeriodType()
    {
        // A denominator reported for the half and the quarters follows a numerator reported by quarter.
        var values = new[] { (Period.Parse("2026S2"), 2000.0), (Period.Parse("2026Q3"), 900.0), (Period.Parse("2026Q4"), 1000.0) };
        Assert.Equal(2000, TimePick.Pick(Period.Parse("2026"), TimeAggregation.Last, values)!.Value.Value);
        Assert.Equal(1000, TimePick.Pick(Period.Parse("2026"), TimeAggregation.Last, values, PeriodType.Quarter)!.Value.Value);
        Assert.Null(TimePick.Pick(Period.Parse("2026"), TimeAggregation.Last, values, PeriodType.Month));
    }
}
