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

    /// <summary>Today in Vietnam (UTC+7, no daylight saving), the date every "as of today" means.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(7));
}
