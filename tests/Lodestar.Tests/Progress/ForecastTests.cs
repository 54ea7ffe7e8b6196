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

    private static TargetInfo Target(params Milestone[] milestones) => new(
        1, "X-01", "Tỷ lệ hộ có cáp quang", null, "%", Lodestar.Programmes.Direction.HigherIsBetter, Lodestar.Programmes.Comparator.AtLeast,
        45, 2020, Lodestar.Programmes.PathShape.Linear, milestones, "X", "X", null, 2021, 2030, 95, 80, null, null, null,
        new Lodestar.Values.Indicator { Code = "I", Name = "I" }, null, null, null, null);

    [Fact]
    public void Sentence_NamesThePaceNeededAgainstThePaceAchieved()
    {
        (double, double)[] history = [(2022, 40), (2023, 46), (2024, 52)];
        var f = Forecaster.Project(history, [2030], min: 0, max: 100);
        var text = ForecastText.Sentence(Target(new Milestone(2030, 80)), history, f);
        Assert.StartsWith("Với tốc độ hiện nay, năm 2030 sẽ đạt khoảng 88%", text.Vi, StringComparison.Ordinal);
        Assert.Contains("cần tăng 4,7 điểm phần trăm mỗi năm, trong khi thực tế đang tăng 6 điểm phần trăm mỗi năm", text.Vi, StringComparison.Ordinal);
        Assert.Contains("needs a rise of 4.7 percentage points a year; the pace achieved is a rise of 6 percentage points a year", text.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentence_ForAMissedMilestone_SaysWhenThePaceReachesIt()
    {
        (double, double)[] history = [(2023, 64), (2024, 69), (2025, 74), (2025.75, 77)];
        var f = Forecaster.Project(history, [2030], min: 0, max: 100);
        var text = ForecastText.Sentence(Target(new Milestone(2025, 80)), history, f);
        Assert.Contains("Mốc năm 2025 (≥ 80%) chưa đạt; số liệu gần nhất là 77%.", text.Vi, StringComparison.Ordinal);
        Assert.Contains("sẽ đạt vào khoảng năm 2027", text.Vi, StringComparison.Ordinal); // 3 points at ~4.7 a year from Q3 2026
    }

    [Fact]
    public void Sentence_WithTooLittleData_SaysSo()
    {
        var text = ForecastText.Sentence(Target(new Milestone(2030, 80)), [(2025, 60)], Forecaster.Project([(2025, 60)], [2030]));
        Assert.Equal("Chưa đủ số liệu để dự báo: cần ít nhất hai năm có số liệu, hiện có 1.", text.Vi);
    }

    [Fact]
    public void Sentence_ForAMetMilestone_SaysSo_WithoutASqueezedBand()
    {
        (double, double)[] history = [(2023, 90), (2024, 96), (2025, 99), (2025.75, 100)];
        var f = Forecaster.Project(history, [2030], min: 0, max: 100);
        var text = ForecastText.Sentence(Target(new Milestone(2025, 80)), history, f);
        Assert.EndsWith("Mốc năm 2025 (≥ 80%) đã đạt.", text.Vi, StringComparison.Ordinal);

        // Every year at 100%: the band collapses to 100–100 and is left out.
        (double, double)[] full = [(2023, 100), (2024, 100), (2025, 100)];
        var flat = ForecastText.Sentence(Target(new Milestone(2025, 100)), full, Forecaster.Project(full, [2030], min: 0, max: 100));
        Assert.Equal("Với tốc độ hiện nay, năm 2030 sẽ đạt khoảng 100%. Mốc năm 2025 (≥ 100%) đã đạt.", flat.Vi);
    }
}
