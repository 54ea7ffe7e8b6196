using System.Globalization;
using Lodestar.Common;
using Lodestar.Progress;
using Lodestar.Values;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Programmes;

/// <summary>How progress reads on a page: status words and colours, values with their unit.</summary>
public static class ProgressView
{
    public static string Label(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => T("Đã đạt", "Achieved"),
        ProgressStatus.OnTrack => T("Đúng tiến độ", "On track"),
        ProgressStatus.AtRisk => T("Có nguy cơ chậm", "At risk"),
        ProgressStatus.OffTrack => T("Chậm tiến độ", "Off track"),
        ProgressStatus.NoData => T("Chưa có số liệu", "No data"),
        _ => status.ToString(),
    };

    public static string Css(ProgressStatus status) => "status " + status.ToApi();

    public static string Value(double? value, string unit) => value is { } v
        ? v.ToString("#,##0.#", CultureInfo.CurrentCulture) + (unit switch { "%" => "%", "" => "", _ => " " + unit })
        : "—";

    /// <summary>A target's name in the reader's language; in English, the indicator's English name when the target has none.</summary>
    public static string Name(TargetInfo target) =>
        IsEnglish ? target.NameEn ?? target.Indicator.NameEn ?? target.Name : target.Name;

    public static string Percent(double? value) => value is { } v ? v.ToString("#,##0", CultureInfo.CurrentCulture) + "%" : "—";

    public static string PeriodName(Period? period) => period?.Display(IsEnglish) ?? "—";

    public static string Source(ValueSource source) => source switch
    {
        ValueSource.Reported => T("báo cáo", "reported"),
        ValueSource.Computed => T("tổng hợp từ cấp dưới", "rolled up"),
        ValueSource.None or _ => "",
    };

    /// <summary>
    /// Reads a number typed by a person in the page's language: "1.234,5" in Vietnamese, "1,234.5" in English; ambiguous
    /// text ("3029.5" on a Vietnamese page) is no number (Lodestar.Common.NumberText has the rules).
    /// </summary>
    public static bool TryParseInput(string? text, out double value)
    {
        value = NumberText.Read(text, IsEnglish).Value ?? double.NaN;
        return double.IsFinite(value);
    }

    /// <summary>
    /// The attributes of a number field: the phone's number keyboard (digits only for a count) and the marks
    /// number-input.js checks the field by on blur, with the same rules and messages as the server.
    /// </summary>
    public static Dictionary<string, object> NumberAttributes(bool wholeNumbers) => wholeNumbers
        ? new() { ["inputmode"] = "numeric", ["data-number"] = "", ["data-integer"] = "" }
        : new() { ["inputmode"] = "decimal", ["data-number"] = "" };

    /// <summary>
    /// A typed value as the invariant text the value store takes ("1234.5"; null when empty or refused); a refusal is
    /// added to <paramref name="problems"/> as "label: how it could be read".
    /// </summary>
    public static string? Invariant(string? text, string label, bool wholeNumbers, List<string> problems)
    {
        var read = NumberText.Read(text, IsEnglish, wholeNumbers);
        if (read.Problem is { } problem)
        {
            problems.Add($"{label}: {problem}");
        }

        return read.Value?.ToString("R", CultureInfo.InvariantCulture);
    }
}
