using System.Globalization;
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

    /// <summary>Reads a number typed by a person in the reader's culture: "1.234,5" in Vietnamese, "1,234.5" in English.</summary>
    public static bool TryParseInput(string? text, out double value) =>
        double.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.CurrentCulture, out value) && double.IsFinite(value);
}
