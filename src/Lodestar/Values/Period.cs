using System.Globalization;

namespace Lodestar.Values;

public enum PeriodType
{
    Month,
    Quarter,
    Half,
    Year,
}

public static class PeriodTypes
{
    /// <summary>How people name a kind of period: "Quý" / "Quarter".</summary>
    public static string Label(this PeriodType type, bool english) => type switch
    {
        PeriodType.Month => english ? "Month" : "Tháng",
        PeriodType.Quarter => english ? "Quarter" : "Quý",
        PeriodType.Half => english ? "Half year" : "6 tháng",
        PeriodType.Year => english ? "Year" : "Năm",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

/// <summary>
/// A reporting period by its code: <c>2025</c> (year), <c>2025S1</c> (half), <c>2025Q3</c> (quarter),
/// <c>202507</c> (month). A period runs from its first to its last day, both inclusive.
/// </summary>
public readonly record struct Period(PeriodType Type, int Year, int Index) : IComparable<Period>
{
    public const int MinYear = 1990;

    public const int MaxYear = 2100;

    public string Code => Type switch
    {
        PeriodType.Year => Year.ToString(CultureInfo.InvariantCulture),
        PeriodType.Half => string.Create(CultureInfo.InvariantCulture, $"{Year}S{Index}"),
        PeriodType.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Index}"),
        PeriodType.Month => string.Create(CultureInfo.InvariantCulture, $"{Year}{Index:00}"),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>How many months the period spans.</summary>
    public int Months => Type switch
    {
        PeriodType.Year => 12,
        PeriodType.Half => 6,
        PeriodType.Quarter => 3,
        PeriodType.Month => 1,
        _ => throw new InvalidOperationException(),
    };

    public DateOnly Start => new(Year, ((Index - 1) * Months) + 1, 1);

    public DateOnly End => Start.AddMonths(Months).AddDays(-1);

    /// <summary>The period's end as a fractional year: 2025 → 2025.0, 2025Q3 → 2024.75, 202501 → 2024.0833.</summary>
    public double EndAsYear => Year - 1 + ((double)(Index * Months) / 12);

    public static Period OfYear(int year) => new(PeriodType.Year, year, 1);

    public static bool TryParse(string? code, out Period period)
    {
        period = default;
        if (code is null || code.Length is < 4 or > 6 || !int.TryParse(code.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < MinYear or > MaxYear)
        {
            return false;
        }

        var rest = code.AsSpan(4);
        (PeriodType Type, int Index, int Max)? parsed = rest.Length switch
        {
            0 => (PeriodType.Year, 1, 1),
            2 when rest[0] is 'S' && char.IsAsciiDigit(rest[1]) => (PeriodType.Half, rest[1] - '0', 2),
            2 when rest[0] is 'Q' && char.IsAsciiDigit(rest[1]) => (PeriodType.Quarter, rest[1] - '0', 4),
            2 when char.IsAsciiDigit(rest[0]) && char.IsAsciiDigit(rest[1]) => (PeriodType.Month, ((rest[0] - '0') * 10) + rest[1] - '0', 12),
            _ => null,
        };

        if (parsed is not { } p || p.Index < 1 || p.Index > p.Max)
        {
            return false;
        }

        period = new Period(p.Type, year, p.Index);
        return true;
    }

    public static Period Parse(string code) =>
        TryParse(code, out var period) ? period : throw new FormatException($"'{code}' is not a period code.");

    /// <summary>True when <paramref name="other"/> lies inside this period and is shorter.</summary>
    public bool Contains(Period other) => other.Months < Months && other.Start >= Start && other.End <= End;

    public int CompareTo(Period other)
    {
        var byEnd = End.CompareTo(other.End);
        return byEnd != 0 ? byEnd : other.Months.CompareTo(Months);
    }

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    /// <summary>How people write the period: "Quý 3/2025" / "Q3 2025".</summary>
    public string Display(bool english) => Type switch
    {
        PeriodType.Year => english ? $"{Year}" : $"Năm {Year}",
        PeriodType.Half => english ? $"H{Index} {Year}" : $"6 tháng {(Index == 1 ? "đầu" : "cuối")} năm {Year}",
        PeriodType.Quarter => english ? $"Q{Index} {Year}" : $"Quý {Index}/{Year}",
        PeriodType.Month => english
            ? new DateOnly(Year, Index, 1).ToString("MMM yyyy", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"Tháng {Index:00}/{Year}"),
        _ => throw new InvalidOperationException(),
    };

    public override string ToString() => Code;
}
