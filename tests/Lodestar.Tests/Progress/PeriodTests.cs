using Lodestar.Values;

namespace Lodestar.Tests.Progress;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2025", PeriodType.Year, "2025-01-01", "2025-12-31", 2025.0)]
    [InlineData("2025S1", PeriodType.Half, "2025-01-01", "2025-06-30", 2024.5)]
    [InlineData("2025Q3", PeriodType.Quarter, "2025-07-01", "2025-09-30", 2024.75)]
    [InlineData("202502", PeriodType.Month, "2025-02-01", "2025-02-28", 2024.0 + (2.0 / 12))]
    [InlineData("202412", PeriodType.Month, "2024-12-01", "2024-12-31", 2024.0)]
    public void Codes_ParseToTheirDates(string code, PeriodType type, string start, string end, double endAsYear)
    {
        Assert.True(Period.TryParse(code, out var p));
        Assert.Equal(type, p.Type);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), p.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), p.End);
        Assert.Equal(endAsYear, p.EndAsYear, 9);
        Assert.Equal(code, p.Code);
    }

    [Theory]
    [InlineData("2025Q5")]
    [InlineData("2025Q0")]
    [InlineData("202513")]
    [InlineData("202500")]
    [InlineData("2025S3")]
    [InlineData("2025q3")]
    [InlineData("25")]
    [InlineData("năm 2025")]
    [InlineData("1850")]
    [InlineData("")]
    [InlineData(null)]
    public void BadCodes_AreRefused(string? code) => Assert.False(Period.TryParse(code, out _));

    [Fact]
    public void Display_IsVietnameseFirst()
    {
        Assert.Equal("Quý 3/2025", Period.Parse("2025Q3").Display(english: false));
        Assert.Equal("6 tháng đầu năm 2025", Period.Parse("2025S1").Display(english: false));
        Assert.Equal("Tháng 07/2025", Period.Parse("202507").Display(english: false));
        Assert.Equal("Q3 2025", Period.Parse("2025Q3").Display(english: true));
    }

    [Fact]
    public void Contains_OnlyShorterPeriodsInside()
    {
        var year = Period.Parse("2025");
        Assert.True(year.Contains(Period.Parse("2025Q4")));
        Assert.True(year.Contains(Period.Parse("202501")));
        Assert.False(year.Contains(year));
        Assert.False(year.Contains(Period.Parse("2026Q1")));
        Assert.False(Period.Parse("2025Q1").Contains(Period.Parse("202504")));
    }
}
