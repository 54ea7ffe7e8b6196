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
    [InlineData("every day")]
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

    [Theory]
    [InlineData("0 6 * * 1-5", "2026-11-18T03:00:00Z", "2026-11-18T23:00:00Z")] // Wednesday 10:00 → Thursday 19/11 06:00
    [InlineData("*/15 * * * *", "2026-11-18T03:07:30Z", "2026-11-18T03:15:00Z")] // 10:07:30 → 10:15
    [InlineData("0 10 * * *", "2026-11-18T03:00:00Z", "2026-11-19T03:00:00Z")] // exactly at a run: the next one
    [InlineData("0 2 * * *", "2026-11-18T03:00:00Z", "2026-11-18T19:00:00Z")] // 02:00 on the 19th in Vietnam is still the 18th in UTC
    [InlineData("30 7 * * sat,sun", "2026-11-18T03:00:00Z", "2026-11-21T00:30:00Z")] // Saturday 21/11 07:30
    [InlineData("0 12 * * 7", "2026-11-18T03:00:00Z", "2026-11-22T05:00:00Z")] // 7 is Sunday too
    [InlineData("0 0 1 */3 *", "2026-11-18T03:00:00Z", "2026-12-31T17:00:00Z")] // months 1, 4, 7, 10 → 1/1/2027 00:00
    [InlineData("0 9 1-5 * *", "2026-11-18T03:00:00Z", "2026-12-01T02:00:00Z")] // days 1 to 5 → 1/12 09:00
    [InlineData("0 9 13 * 5", "2026-11-18T03:00:00Z", "2026-11-20T02:00:00Z")] // the 13th OR a Friday (both restricted): Friday 20/11
    [InlineData("5/20 23 * * *", "2026-11-18T16:30:00Z", "2026-11-18T16:45:00Z")] // 5, 25, 45 past 23h: 23:30 → 23:45
    [InlineData("0 8 29 2 *", "2026-11-18T03:00:00Z", "2028-02-29T01:00:00Z")] // the next 29 February
    [InlineData("CRON 0 6 1 jan *", "2026-11-18T03:00:00Z", "2026-12-31T23:00:00Z")] // "cron" may lead; names are read in any case
    [InlineData("0,30 6-7 * * mon-fri", "2026-11-20T23:45:00Z", "2026-11-22T23:00:00Z")] // Saturday 21/11 06:45 → Monday 23/11 06:00
    public void Cron_Next_IsTheFirstMinuteAfter_InVietnamTime(string text, string after, string expected)
    {
        var schedule = ConnectorSchedule.Parse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal(ConnectorSchedule.Every.Cron, schedule!.Repeat);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
            schedule.Next(DateTime.Parse(after, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)));
        Assert.Equal(schedule.ToString(), ConnectorSchedule.Parse(schedule.ToString(), out _)!.ToString());
    }

    [Theory]
    [InlineData("61 * * * *", "phút", "minute")]
    [InlineData("*/0 * * * *", "phút", "minute")]
    [InlineData("5-1 * * * *", "phút", "minute")]
    [InlineData("0 24 * * *", "giờ", "hour")]
    [InlineData("0 6 0 * *", "ngày trong tháng", "day of month")]
    [InlineData("0 6 31 2 *", "ngày trong tháng", "day of month")] // never runs
    [InlineData("0 6 * 13 *", "tháng", "month")]
    [InlineData("0 6 * foo *", "tháng", "month")]
    [InlineData("0 6 * * 8", "thứ trong tuần", "day of week")]
    [InlineData("0 6 * * mon-", "thứ trong tuần", "day of week")]
    [InlineData("0 6 * *", "5 trường", "5 fields")]
    [InlineData("0 6 * * * *", "5 trường", "5 fields")]
    public void Cron_ABadExpression_NamesItsField_InBothLanguages(string text, string vi, string en)
    {
        Assert.Null(ConnectorSchedule.Parse(text, out var problem));
        Assert.Contains(vi, problem!.Vi, StringComparison.Ordinal);
        Assert.Contains(en, problem.En, StringComparison.Ordinal);
    }
}
