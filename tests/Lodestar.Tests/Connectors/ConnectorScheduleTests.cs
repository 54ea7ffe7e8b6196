using Lodestar.Connectors;

namespace Lodestar.Tests.Connectors;

/// <summary>Schedules in Vietnam time (UTC+7), worked out by hand: 18/11/2026 is a Wednesday; November has 30 days.</summary>
public sealed class ConnectorScheduleTests
{
    [Theory]
    [InlineData("daily 06:30", "2026-11-18T03:00:00Z", "2026-11-18T23:30:00Z")] // 10:00 on the 18th in Vietnam: tomorrow 06:30
    [InlineData("daily 06:30", "2026-11-17T23:00:00Z", "2026-11-17T23:30:00Z")] // 06:00 on the 18th: today 06:30
    [InlineData("daily 6:30", "2026-11-17T23:30:00Z", "2026-11-18T23:30:00Z")] // exactly at the run: the next day's
    [InlineData("weekly mon 06:30", "2026-11-18T03:00:00Z", "2026-11-22T23:30:00Z")] // Wednesday → Monday 23/11
    [InlineData("WEEKLY SUN 23:00", "2026-11-18T03:00:00Z", "2026-11-22T16:00:00Z")] // Sunday 22/11 23:00
    [InlineData("monthly 31 06:30", "2026-11-18T03:00:00Z", "2026-11-29T23:30:00Z")] // November has no 31st: its last day
    [InlineData("monthly 5 00:00", "2026-12-31T20:00:00Z", "2027-01-04T17:00:00Z")] // 03:00 on 1/1/2027 in Vietnam → 5/1 00:00
    public void Next_IsTheFirstRunAfter_InVietnamTime(string text, string after, string expected)
    {
        var schedule = ConnectorSchedule.Parse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
            schedule!.Next(DateTime.Parse(after, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)));
    }

    [Theory]
    [InlineData("hourly")]
    [InlineData("daily 25:00")]
    [InlineData("weekly funday 06:30")]
    [InlineData("monthly 0 06:30")]
    [InlineData("monthly 32 06:30")]
    [InlineData("0 6 * * *")]
    public void Parse_NamesWhatIsAllowed_InBothLanguages(string text)
    {
        Assert.Null(ConnectorSchedule.Parse(text, out var problem));
        Assert.Contains("daily 06:30", problem!.Vi, StringComparison.Ordinal);
        Assert.Contains("Vietnam time", problem.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_IsOnDemand()
    {
        Assert.Null(ConnectorSchedule.Parse("  ", out var problem));
        Assert.Null(problem);
    }
}
