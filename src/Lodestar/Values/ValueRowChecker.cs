using System.Globalization;
using Lodestar.Common;
using Lodestar.OrgUnits;

namespace Lodestar.Values;

/// <summary>A value row that passed every check, ready to be stored.</summary>
public sealed record CheckedValue(DataElement Element, UnitRef Unit, Period Period, double Value, string? Comment);

/// <summary>What makes a value one: its element, unit and period.</summary>
public readonly record struct ValueKey(int ElementId, int UnitId, Period Period);

/// <summary>
/// The checks every incoming value row passes, wherever it comes from (the API's batches, report uploads, bulk CSV
/// files): the element exists, the period is valid, the unit had the code on the period's last day, the value is a
/// number within the element's range (a whole number for counts), the comment fits, and the row does not repeat an earlier one. Each problem
/// names its row and field in Vietnamese and English.
/// </summary>
public sealed class ValueRowChecker(IReadOnlyDictionary<string, DataElement> elements, UnitCodeIndex units)
{
    /// <summary>
    /// No figure a province reports comes near a million billion; past it a value is a typing or machine error, and a few
    /// such values (1.7e308) would add up to infinity in every rollup above them.
    /// </summary>
    public const double MaxMagnitude = 1e15;

    private readonly Dictionary<ValueKey, int> _firstRowOfKey = [];

    /// <summary>
    /// Checks one row; <paramref name="field"/> names a field of it, <paramref name="row"/> is the number the user sees.
    /// <paramref name="place"/> is the unit and the period's last day whenever both are known (for the writer's scope
    /// check), even when another field is wrong.
    /// </summary>
    public CheckedValue? Check(DataValueInput input, int row, Func<string, string> field, List<Problem> problems, out (UnitRef Unit, DateOnly On)? place)
    {
        var before = problems.Count;
        var value = CheckFields(input, row, field, problems, out place, out var key);
        if (key is { } k && !FirstOfKey(k, row, field, problems))
        {
            return null;
        }

        return problems.Count > before ? null : value;
    }

    /// <summary>
    /// The checks of one row on its own (everything but repeats), safe to call from several threads at once; the caller
    /// then asks <see cref="FirstOfKey"/> in row order. <paramref name="key"/> is the row's (element, unit, period)
    /// whenever all three are known, even when another field is wrong.
    /// </summary>
    public CheckedValue? CheckFields(DataValueInput input, int row, Func<string, string> field, List<Problem> problems, out (UnitRef Unit, DateOnly On)? place, out ValueKey? key)
    {
        place = null;
        key = null;
        var before = problems.Count;
        void Bad(string name, string vi, string en) => problems.Add(new Problem(field(name), new Msg($"Dòng {row}: {vi}", $"Row {row}: {en}")));

        var code = input.DataElement?.Trim();
        DataElement? element = null;
        if (string.IsNullOrEmpty(code))
        {
            Bad("dataElement", "thiếu mã chỉ số dữ liệu.", "the data element code is missing.");
        }
        else if (!elements.TryGetValue(code, out element))
        {
            Bad("dataElement", $"không có chỉ số dữ liệu mã {Quote(code)}.", $"there is no data element with code {Quote(code)}.");
        }

        if (!Period.TryParse(input.Period?.Trim(), out var period))
        {
            Bad("period", $"kỳ {Quote(input.Period)} không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.",
                $"period {Quote(input.Period)} is not valid; use 2025, 2025S1, 2025Q3 or 202507.");
        }

        UnitRef? unit = null;
        var unitCode = input.OrgUnit?.Trim();
        if (string.IsNullOrEmpty(unitCode))
        {
            Bad("orgUnit", "thiếu mã đơn vị.", "the unit code is missing.");
        }
        else if (period != default)
        {
            // Codes were reused by the 2025 reform: a code means the unit that had it on the period's last day.
            unit = units.Find(unitCode, period.End);
            if (unit is null)
            {
                Bad("orgUnit", $"không có đơn vị mã {Quote(unitCode)} vào ngày {period.End.ToDisplay()} (cuối kỳ {period.Code}).",
                    $"no unit has code {Quote(unitCode)} on {period.End.ToDisplay()} (the end of period {period.Code}).");
            }
        }

        double value = 0;
        if (string.IsNullOrWhiteSpace(input.Value))
        {
            Bad("value", "thiếu giá trị.", "the value is missing.");
        }
        else if (input.Value.Any(char.IsControl) // .NET would read "12.5\0" as 12.5
                 || !double.TryParse(input.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            Bad("value", $"{Quote(input.Value)} không phải là số.", $"{Quote(input.Value)} is not a number.");
        }
        else if (MagnitudeProblem(value) is { } huge)
        {
            Bad("value", huge.Vi, huge.En);
        }
        else if (element is not null && (value < element.MinValue || value > element.MaxValue))
        {
            Bad("value", $"{Fmt(value)} nằm ngoài khoảng cho phép {Fmt(element.MinValue)}–{Fmt(element.MaxValue)} {element.Unit}.",
                $"{value.ToString(CultureInfo.InvariantCulture)} is outside the allowed range {element.MinValue}–{element.MaxValue} {element.Unit}.");
        }
        else if (element is { WholeNumbers: true } && value != Math.Floor(value))
        {
            Bad("value", $"{Fmt(value, "#,##0.######")} không phải số nguyên; chỉ số {element.Code} đếm {element.Unit} nên chỉ nhận số nguyên.",
                $"{value.ToString(CultureInfo.InvariantCulture)} is not a whole number; element {element.Code} counts {element.Unit}, so it takes whole numbers only.");
        }

        var comment = TextFold.Clean(input.Comment);
        if (CommentProblem(comment) is { } badComment)
        {
            Bad("comment", badComment.Vi, badComment.En);
        }

        if (element is not null && unit is { } u && period != default)
        {
            place = (u, period.End);
            key = new ValueKey(element.Id, u.Id, period);
        }

        return problems.Count > before ? null : new CheckedValue(element!, unit!.Value, period, value, string.IsNullOrEmpty(comment) ? null : comment);
    }

    /// <summary>Why a number is refused whatever its element (beyond ±<see cref="MaxMagnitude"/>), null when it is not.</summary>
    public static Msg? MagnitudeProblem(double value) => Math.Abs(value) > MaxMagnitude
        ? new Msg($"{Fmt(value)} vượt quá giới hạn ±{Fmt(MaxMagnitude)} của mọi chỉ số.", $"{value.ToString(CultureInfo.InvariantCulture)} is beyond the ±1e15 every element allows.")
        : null;

    /// <summary>Why a comment (already <see cref="TextFold.Clean"/>ed) is refused, null when it is not: too long, control characters, markup.</summary>
    public static Msg? CommentProblem(string? comment) =>
        comment?.Length > 2000 ? new Msg("ghi chú dài quá 2.000 ký tự.", "the comment is longer than 2,000 characters.")
        : comment?.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) == true
            ? new Msg("ghi chú chứa ký tự điều khiển (ví dụ NUL); hãy xoá chúng.", "the comment contains control characters (e.g. NUL); remove them.")
        : TextFold.LooksLikeMarkup(comment) ? new Msg("ghi chú là văn bản thường, không được chứa mã HTML hay script.", "the comment is plain text: it may not contain HTML or script.")
        : null;

    /// <summary>
    /// Input echoed in a message, quoted and cut to 40 characters: a 300,000-character "code" is named, not sent back whole.
    /// </summary>
    public static string Quote(string? text) =>
        text is null ? "''" : text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…' ({text.Length:N0})";

    /// <summary>False, with the problem, when an earlier row had the same key; rows must be asked in order.</summary>
    public bool FirstOfKey(ValueKey key, int row, Func<string, string> field, List<Problem> problems)
    {
        if (_firstRowOfKey.TryAdd(key, row))
        {
            return true;
        }

        var first = _firstRowOfKey[key];
        problems.Add(new Problem(field("period"), new Msg(
            $"Dòng {row}: trùng với dòng {first} (cùng chỉ số, đơn vị và kỳ).", $"Row {row}: duplicates row {first} (same element, unit and period).")));
        return false;
    }

    private static string Fmt(double? v, string format = "#,##0.##") => v?.ToString(format, CultureInfo.GetCultureInfo("vi-VN")) ?? "…";
}
