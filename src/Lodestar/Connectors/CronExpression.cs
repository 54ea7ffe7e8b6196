using System.Globalization;
using Lodestar.Common;

namespace Lodestar.Connectors;

/// <summary>
/// A standard five-field cron schedule, <c>minute hour day-of-month month day-of-week</c>, read in Vietnam time (UTC+7,
/// no daylight saving): each field is <c>*</c>, a number, a range <c>a-b</c>, a step <c>*/n</c> or <c>a-b/n</c>, or a
/// comma list of those; months may be named <c>jan</c> … <c>dec</c> and weekdays <c>sun</c> … <c>sat</c> (0 and 7 are
/// Sunday). As in Vixie cron, when both day fields are restricted (neither starts with <c>*</c>) a day matching either runs.
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>The fields in order: name in Vietnamese and English, lowest and highest value.</summary>
    private static readonly (string Vi, string En, int Min, int Max)[] Fields =
    [
        ("phút", "minute", 0, 59),
        ("giờ", "hour", 0, 23),
        ("ngày trong tháng", "day of month", 1, 31),
        ("tháng", "month", 1, 12),
        ("thứ trong tuần", "day of week", 0, 7),
    ];

    private readonly ulong[] _sets;
    private readonly bool _anyDayOfMonth;
    private readonly bool _anyDayOfWeek;
    private readonly int[] _hours;
    private readonly int[] _minutes;

    private CronExpression(string text, ulong[] sets, bool anyDayOfMonth, bool anyDayOfWeek)
    {
        Text = text;
        _sets = sets;
        _anyDayOfMonth = anyDayOfMonth;
        _anyDayOfWeek = anyDayOfWeek;
        _minutes = Enumerable.Range(0, 60).Where(m => Has(0, m)).ToArray();
        _hours = Enumerable.Range(0, 24).Where(h => Has(1, h)).ToArray();
    }

    /// <summary>The expression as written, in lower case with single spaces.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>The expression read from its five fields, or null with the problem naming the field (in both languages).</summary>
    public static CronExpression? Parse(IReadOnlyList<string> parts, out Msg? problem)
    {
        problem = null;
        if (parts.Count != 5)
        {
            problem = new Msg(
                $"Biểu thức cron cần đúng 5 trường (phút giờ ngày tháng thứ), ở đây có {parts.Count}; ví dụ '0 6 * * 1-5' là 06:00 từ thứ Hai đến thứ Sáu.",
                $"A cron expression has exactly 5 fields (minute hour day month weekday), this one has {parts.Count}; e.g. '0 6 * * 1-5' is 06:00 Monday to Friday.");
            return null;
        }

        var sets = new ulong[5];
        for (var f = 0; f < 5; f++)
        {
            var text = parts[f].ToLowerInvariant();
            if (ReadField(text, f) is { } set)
            {
                sets[f] = set;
                continue;
            }

            var (vi, en, min, max) = Fields[f];
            var names = f switch
            {
                3 => (" hoặc jan … dec", " or jan … dec"),
                4 => (" hoặc sun … sat (0 và 7 là Chủ nhật)", " or sun … sat (0 and 7 are Sunday)"),
                _ => (string.Empty, string.Empty),
            };
            problem = new Msg(
                $"Cron: trường {f + 1} ({vi}) '{parts[f]}' không hợp lệ; dùng số {min}–{max}{names.Item1}, '*', danh sách (1,15), khoảng (1-5) hoặc bước (*/15).",
                $"Cron: field {f + 1} ({en}) '{parts[f]}' is not valid; use numbers {min}–{max}{names.Item2}, '*', lists (1,15), ranges (1-5) or steps (*/15).");
            return null;
        }

        // Sunday is 0 and 7: fold 7 into 0.
        if ((sets[4] & (1UL << 7)) != 0)
        {
            sets[4] = (sets[4] | 1UL) & ~(1UL << 7);
        }

        var anyDayOfMonth = parts[2].StartsWith('*');
        var anyDayOfWeek = parts[4].StartsWith('*');
        var cron = new CronExpression(string.Join(' ', parts).ToLowerInvariant(), sets, anyDayOfMonth, anyDayOfWeek);

        // A day of month no chosen month has (30 February) with every weekday allowed never runs.
        if (anyDayOfWeek && !anyDayOfMonth && !Enumerable.Range(1, 12).Any(m => cron.Has(3, m) && Enumerable.Range(1, m == 2 ? 29 : DateTime.DaysInMonth(2025, m)).Any(d => cron.Has(2, d))))
        {
            problem = new Msg(
                $"Cron: trường 3 (ngày trong tháng) '{parts[2]}' không có trong tháng nào của trường 4 (tháng) '{parts[3]}': lịch không bao giờ chạy.",
                $"Cron: field 3 (day of month) '{parts[2]}' falls in none of the months of field 4 (month) '{parts[3]}': it would never run.");
            return null;
        }

        return cron;
    }

    /// <summary>The first minute strictly after <paramref name="afterUtc"/> the expression names, in Vietnam time, as a UTC instant.</summary>
    public DateTime Next(DateTime afterUtc)
    {
        var local = Dates.VietnamTime(afterUtc);
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var day = DateOnly.FromDateTime(start);

        // Eight years and a day reach any 29 February (2100 is not a leap year).
        for (var k = 0; k < (366 * 8) + 1; k++, day = day.AddDays(1))
        {
            if (!RunsOn(day))
            {
                continue;
            }

            var first = k == 0 ? start.Hour : 0;
            foreach (var hour in _hours)
            {
                if (hour < first)
                {
                    continue;
                }

                foreach (var minute in _minutes)
                {
                    if (k == 0 && hour == start.Hour && minute < start.Minute)
                    {
                        continue;
                    }

                    return Dates.UtcAt(day, new TimeOnly(hour, minute));
                }
            }
        }

        throw new InvalidOperationException($"The cron expression '{Text}' has no run within eight years.");
    }

    private bool RunsOn(DateOnly day)
    {
        if (!Has(3, day.Month))
        {
            return false;
        }

        var byMonthDay = Has(2, day.Day);
        var byWeekday = Has(4, (int)day.DayOfWeek);
        return _anyDayOfMonth || _anyDayOfWeek ? byMonthDay && byWeekday : byMonthDay || byWeekday;
    }

    private bool Has(int field, int value) => (_sets[field] & (1UL << value)) != 0;

    /// <summary>The values one field names as bits, or null if it is not valid.</summary>
    private static ulong? ReadField(string text, int field)
    {
        var (_, _, min, max) = Fields[field];
        ulong set = 0;
        foreach (var item in text.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? item : item[..slash];
            var step = 1;
            if (slash >= 0 && (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > max))
            {
                return null;
            }

            int from, to;
            if (range == "*")
            {
                (from, to) = (min, field == 4 ? 6 : max);
            }
            else
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (Value(dash < 0 ? range : range[..dash], field) is not { } a)
                {
                    return null;
                }

                from = a;
                if (dash >= 0)
                {
                    if (Value(range[(dash + 1)..], field) is not { } b || b < a)
                    {
                        return null;
                    }

                    to = b;
                }
                else
                {
                    // "5/15" is 5, 20, 35, 50: from the number to the end of the field.
                    to = slash >= 0 ? (field == 4 ? 6 : max) : a;
                }
            }

            for (var v = from; v <= to; v += step)
            {
                set |= 1UL << v;
            }
        }

        return set == 0 ? null : set;
    }

    private static int? Value(string text, int field)
    {
        var (_, _, min, max) = Fields[field];
        if (text.Length > 0 && text.All(char.IsAsciiDigit) && text.Length <= 2)
        {
            var n = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            return n >= min && n <= max ? n : null;
        }

        var names = field switch
        {
            3 => MonthNames,
            4 => DayNames,
            _ => null,
        };
        var index = names is null ? -1 : Array.IndexOf(names, text);
        return index < 0 ? null : index + (field == 3 ? 1 : 0);
    }
}
