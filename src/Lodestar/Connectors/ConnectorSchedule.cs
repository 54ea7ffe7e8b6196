using System.Globalization;
using Lodestar.Common;

namespace Lodestar.Connectors;

/// <summary>
/// When a connector runs by itself, in Vietnam time: <c>daily 06:30</c>, <c>weekly mon 06:30</c> (mon … sun),
/// <c>monthly 5 06:30</c> (day 1–31; a shorter month runs on its last day), a five-field cron expression
/// (<see cref="CronExpression"/>, e.g. <c>0 6 * * 1-5</c>, optionally written <c>cron 0 6 * * 1-5</c>), or nothing (on demand only).
/// </summary>
public sealed record ConnectorSchedule(ConnectorSchedule.Every Repeat, TimeOnly At, DayOfWeek Weekday = DayOfWeek.Monday, int Day = 1, CronExpression? Cron = null)
{
    public enum Every
    {
        Daily,
        Weekly,
        Monthly,
        Cron,
    }

    /// <summary>The longest schedule kept (the column's length).</summary>
    public const int MaxLength = 64;

    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>The schedule written as text, or null with the problem (empty text: no schedule, no problem).</summary>
    public static ConnectorSchedule? Parse(string? text, out Msg? problem)
    {
        problem = null;
        var parts = (text ?? string.Empty).Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        // A cron expression: "cron" and five fields, or five fields that start like one (a number, '*').
        if (parts[0] == "cron" || (parts[0] is not ("daily" or "weekly" or "monthly") && (parts[0][0] == '*' || char.IsAsciiDigit(parts[0][0]))))
        {
            var cron = CronExpression.Parse(parts[0] == "cron" ? parts[1..] : parts, out problem);
            if (cron is not null && cron.Text.Length > MaxLength)
            {
                problem = new Msg($"Biểu thức cron dài quá {MaxLength} ký tự.", $"The cron expression is longer than {MaxLength} characters.");
                return null;
            }

            return cron is null ? null : new ConnectorSchedule(Every.Cron, default, Cron: cron);
        }

        ConnectorSchedule? parsed = parts switch
        {
            ["daily", var at] when Time(at) is { } t => new(Every.Daily, t),
            ["weekly", var day, var at] when Time(at) is { } t && Array.IndexOf(Days, day) is >= 0 and var d => new(Every.Weekly, t, (DayOfWeek)d),
            ["monthly", var day, var at] when Time(at) is { } t && int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 31 => new(Every.Monthly, t, Day: d),
            _ => null,
        };
        if (parsed is null)
        {
            problem = new Msg(
                $"Lịch {ValueQuote(text)} không hợp lệ; viết 'daily 06:30', 'weekly mon 06:30' (mon … sun), 'monthly 5 06:30' (ngày 1–31) hoặc cron 5 trường như '0 6 * * 1-5', giờ Việt Nam; để trống nếu chỉ chạy khi bấm.",
                $"The schedule {ValueQuote(text)} is not valid; write 'daily 06:30', 'weekly mon 06:30' (mon … sun), 'monthly 5 06:30' (day 1–31) or a 5-field cron such as '0 6 * * 1-5', Vietnam time; leave it empty to run on demand only.");
        }

        return parsed;
    }

    private static string ValueQuote(string? text) => Values.ValueRowChecker.Quote(text);

    private static TimeOnly? Time(string text) =>
        TimeOnly.TryParseExact(text, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>The first run strictly after <paramref name="afterUtc"/>, as a UTC instant.</summary>
    public DateTime Next(DateTime afterUtc)
    {
        if (Cron is not null)
        {
            return Cron.Next(afterUtc);
        }

        var day = Dates.VietnamDay(afterUtc);
        for (var k = 0; k < 400; k++, day = day.AddDays(1))
        {
            var runs = Repeat switch
            {
                Every.Daily => true,
                Every.Weekly => day.DayOfWeek == Weekday,
                Every.Monthly => day.Day == Math.Min(Day, DateTime.DaysInMonth(day.Year, day.Month)),
                Every.Cron => throw new InvalidOperationException("A cron schedule is worked out by its expression."),
                _ => throw new InvalidOperationException($"Unknown repeat {Repeat}."),
            };
            if (runs && Dates.UtcAt(day, At) is var at && at > afterUtc)
            {
                return at;
            }
        }

        throw new InvalidOperationException("A schedule always has a next run within 400 days.");
    }

    private string Clock => At.ToString("HH:mm", CultureInfo.InvariantCulture);

    public override string ToString() => Repeat switch
    {
        Every.Daily => $"daily {Clock}",
        Every.Weekly => $"weekly {Days[(int)Weekday]} {Clock}",
        Every.Monthly => $"monthly {Day.ToString(CultureInfo.InvariantCulture)} {Clock}",
        Every.Cron => Cron!.Text,
        _ => throw new InvalidOperationException($"Unknown repeat {Repeat}."),
    };
}
