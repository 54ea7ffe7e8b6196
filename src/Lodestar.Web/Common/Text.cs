using System.Globalization;
using Lodestar.Common;
using Lodestar.OrgUnits;

namespace Lodestar.Web.Common;

/// <summary>Bilingual text and vi-VN formats for pages and API messages; the request's culture decides.</summary>
public static class Text
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string vi, string en) => IsEnglish ? en : vi;

    /// <summary>Numbers in the reader's culture: 1.234,5 in Vietnamese, 1,234.5 in English.</summary>
    public static string Num(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Date(DateOnly? date) => date.ToDisplay();

    /// <summary>The day in Vietnam of a stored UTC instant, dd/MM/yyyy.</summary>
    public static string Date(DateTime utc) => Dates.VietnamDay(utc).ToDisplay();

    public static string Instant(DateTime utc) =>
        Dates.VietnamTime(utc).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC instant in Vietnam time to the minute, dd/MM/yyyy HH:mm.</summary>
    public static string Minute(DateTime utc) =>
        Dates.VietnamTime(utc).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Who did something, as the audit trail names him: the built-in actors in words, not "system" or "anonymous".</summary>
    public static string Actor(string? name) => name switch
    {
        null or "" => "—",
        "system" => T("hệ thống (tự động)", "the system (automatic)"),
        "anonymous" => T("người chưa đăng nhập", "a visitor not signed in"),
        _ => name,
    };

    public static string Level(OrgUnitLevel level) => level switch
    {
        OrgUnitLevel.Province => T("Tỉnh, thành phố", "Province"),
        OrgUnitLevel.District => T("Huyện (trước 7/2025)", "District (before 7/2025)"),
        OrgUnitLevel.Commune => T("Xã, phường, đặc khu", "Commune"),
        OrgUnitLevel.Village => T("Thôn, bản, tổ dân phố", "Village"),
        OrgUnitLevel.Agency => T("Cơ quan, sở, ngành", "Agency"),
        _ => level.ToApi(),
    };

    /// <summary>A level as text keeps it (a published snapshot's unit level is frozen as its code).</summary>
    public static string Level(string level) => ApiCodes.Parse<OrgUnitLevel>(level) is { } l ? Level(l) : level;

    public static string MergeType(string mergeType) => (mergeType, IsEnglish) switch
    {
        ("full", false) => "toàn bộ",
        ("full", true) => "whole",
        ("partial", false) => "một phần",
        ("partial", true) => "part",
        _ => mergeType,
    };

    public static string Validity(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        (null, null) => T("không thời hạn", "open"),
        (null, { } t) => T($"đến {Date(t)}", $"until {Date(t)}"),
        ({ } f, null) => T($"từ {Date(f)}", $"from {Date(f)}"),
        ({ } f, { } t) => $"{Date(f)} – {Date(t)}",
    };
}
