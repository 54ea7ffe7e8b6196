using System.Globalization;

namespace Lodestar.Common;

public static class Dates
{
    /// <summary>The day the two-tier local government took effect (Resolution 202/2025/QH15).</summary>
    public static readonly DateOnly Reform2025 = new(2025, 7, 1);

    public static readonly DateOnly LastDayBeforeReform = new(2025, 6, 30);

    /// <summary>The years Lodestar takes in dates, periods and year parameters; outside them an input is refused, not computed.</summary>
    public const int FirstYear = 1900;

    public const int LastYear = 2100;

    public static bool IsKnownYear(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>Parses the API's date format, yyyy-MM-dd, and nothing else; years outside <see cref="FirstYear"/>–<see cref="LastYear"/> are refused.</summary>
    public static bool TryParseIso(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && IsKnownYear(date.Year);

    /// <summary>Reads a date typed by a person: dd/MM/yyyy (d/M/yyyy too) as Vietnamese write it, or yyyy-MM-dd; within the known years.</summary>
    public static bool TryParseInput(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), ["d/M/yyyy", "dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        && IsKnownYear(date.Year);

    public static string ToIso(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Vietnamese display format, dd/MM/yyyy, used in both languages of the UI.</summary>
    public static string ToDisplay(this DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string ToDisplay(this DateOnly? date) => date?.ToDisplay() ?? string.Empty;

    /// <summary>
    /// Vietnam's offset from UTC: +7 hours all year, no daylight saving. The one place Lodestar turns instants
    /// (stored as UTC) into the wall-clock time and date people in Vietnam mean, and back.
    /// </summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Today in Vietnam, the date every "as of today" means, read from the injected clock.</summary>
    public static DateOnly Today(TimeProvider clock) => VietnamDay(clock.GetUtcNow().UtcDateTime);

    /// <summary>The wall-clock time in Vietnam now, from the injected clock (for schedules such as "at 06:00").</summary>
    public static DateTime VietnamNow(TimeProvider clock) => VietnamTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The wall-clock time in Vietnam of a stored UTC instant.</summary>
    public static DateTime VietnamTime(DateTime utc) => DateTime.SpecifyKind(utc + VietnamOffset, DateTimeKind.Unspecified);

    /// <summary>The day in Vietnam on which a stored UTC instant fell.</summary>
    public static DateOnly VietnamDay(DateTime utc) => DateOnly.FromDateTime(utc + VietnamOffset);

    /// <summary>The UTC instant of a wall-clock time in Vietnam on a day (00:00 by default): where a Vietnamese day starts.</summary>
    public static DateTime UtcAt(DateOnly day, TimeOnly time = default) =>
        day.ToDateTime(time, DateTimeKind.Utc) - VietnamOffset;

    /// <summary>A stored UTC instant as people in Vietnam read it: 14:05 03/12/2026.</summary>
    public static string ToDisplayTime(DateTime utc) =>
        VietnamTime(utc).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
