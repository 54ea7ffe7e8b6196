using Lodestar.Progress;

namespace Lodestar.Tests.Progress;

public sealed class ForecastTests
{
    // README.md worked example: slope 8/year, s = √2.5, t(0.975, 2) = 4.303.
    private static readonly (double, double)[] History = [(2021, 10), (2022, 20), (2023, 25), (2024, 35)];

    [Fact]
    public void LeastSquares_WithPredictionInterval()
    {
        var f = Forecaster.Project(History, [2030]);
        Assert.Equal(ForecastQuality.Interval, f.Quality);
        Assert.Equal(8, f.PacePerYear!.Value, 9);
        var p = Assert.Single(f.Points);
        Assert.Equal(82.5, p.Value, 9);
        var half = 4.303 * Math.Sqrt(2.5) * Math.Sqrt(12.5);
        Assert.Equal(82.5 - half, p.Low!.Value, 9);
        Assert.Equal(82.5 + half, p.High!.Value, 9);
        Assert.Equal(24.0545, half, tolerance: 0.001);
    }

    [Fact]
    public void Percentages_AreClampedTo100()
    {
        var p = Assert.Single(Forecaster.Project(History, [2030], min: 0, max: 100).Points);
        Assert.Equal(100, p.High);
        Assert.Equal(82.5, p.Value, 9);
    }

    [Fact]
    public void TwoPoints_GiveALineWithoutBand()
    {
        var f = Forecaster.Project([(2024, 50), (2025, 60)], [2030]);
        Assert.Equal(ForecastQuality.LineOnly, f.Quality);
        var p = Assert.Single(f.Points);
        Assert.Equal(110, p.Value, 9);
        Assert.Null(p.Low);
    }

    [Fact]
    public void OnePoint_GivesNoForecast()
    {
        Assert.Equal(ForecastQuality.None, Forecaster.Project([(2025, 60)], [2030]).Quality);
        Assert.Equal(ForecastQuality.None, Forecaster.Project([(2025, 60), (2025, 61)], [2030]).Quality);
        Assert.Empty(Forecaster.Project([], [2030]).Points);
    }

    [Fact]
    public void Growth_FitsAConstantRate()
    {
        var f = Forecaster.Project([(2021, 10), (2022, 20), (2023, 40)], [2024], growth: true);
        Assert.Equal(80, f.Points[0].Value, 6);
        Assert.Equal(15, f.PacePerYear!.Value, 9); // the straight-line pace, for the sentence
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(30, 2.042)]
    public void StudentT(int df, double t) => Assert.Equal(t, Forecaster.StudentT975(df), 3);

    [Fact]
    public void StudentT_BeyondTheTable_ApproachesTheNormal()
    {
        Assert.InRange(Forecaster.StudentT975(60), 1.99, 2.01);
        Assert.InRange(Forecaster.StudentT975(10_000), 1.96, 1.961);
    }
}
