using System.Globalization;
using System.Text;

namespace Lodestar.Common;

/// <summary>What <see cref="NumberText.Read"/> made of a typed number: a value, nothing (an empty field), or why it was refused.</summary>
public readonly record struct NumberRead(double? Value, Msg? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// Reads a number as an officer types it, in the page's language, and refuses what could be read two ways instead of
/// guessing (issue 18: "3029.5" was stored as 30.295, "3,029" as 3.029 households). The browser mirror is
/// <c>src/Lodestar.Web/wwwroot/js/number-input.js</c>; a browser test compares the two on a table of inputs.
/// <para>The rules, with G the group separator and D the decimal separator of the page (Vietnamese: G ".", D ",";
/// English: G ",", D "."):</para>
/// <list type="number">
/// <item>Spaces, tabs, NBSP (U+00A0) and narrow NBSP (U+202F) before and after are ignored; nothing left: no value.</item>
/// <item>One leading sign: "-", "−" (U+2212) or "+". Nothing else but ASCII digits, ".", "," and spaces; an exponent
/// ("1e5") is refused.</item>
/// <item>At most one D, followed by at least one digit and no separator ("1,", "1,2,3" refused in Vietnamese).</item>
/// <item>Before D: digits, optionally grouped by G or by spaces (one kind in one number), a first group of 1–3
/// digits and every further group of exactly 3 ("1.234.567", "1 234 567"; "12.34", "3029.5" refused in Vietnamese).
/// Nothing before D is read as 0 (",5" = 0,5).</item>
/// <item>Ambiguous: no G, one D, 1–3 digits before it and exactly 3 after — "3,029" in Vietnamese (an English 3,029
/// households?) and "3.029" in English (a Vietnamese 3.029?). Refused; a decimal is written with a fourth digit
/// ("3,0290") and a whole number without separators ("3029").</item>
/// <item>An integer element (a count) or field refuses a decimal part; "5,0" is 5.</item>
/// </list>
/// A refusal says how the text could be read and how to write each reading unambiguously: the text read with G and D
/// swapped (the other language's way), and, when it has a single separator, the digits without it.
/// Files and the API keep their invariant numbers ("1234.5"); this reader is for what people type on pages.
/// </summary>
public static class NumberText
{
    private static readonly char[] Spaces = [' ', '\t', '\u00A0', '\u202F'];

    public static NumberRead Read(string? text, bool english, bool wholeNumbers = false)
    {
        var t = (text ?? string.Empty).Trim(Spaces);
        if (t.Length == 0)
        {
            return new NumberRead(null, null);
        }

        var (g, d) = english ? (',', '.') : ('.', ',');
        var negative = t[0] is '-' or '\u2212';
        var body = t[0] is '-' or '\u2212' or '+' ? t[1..] : t;
        if (body.Any(c => c is 'e' or 'E'))
        {
            return Refused(new Msg($"'{t}' có dạng mũ (e); hãy viết đủ chữ số, ví dụ 100000.", $"'{t}' has an exponent (e); write all the digits, e.g. 100000."));
        }

        if (!body.Any(char.IsAsciiDigit) || body.Any(c => !char.IsAsciiDigit(c) && c is not ('.' or ',') && !Spaces.Contains(c)))
        {
            return Refused(new Msg($"'{t}' không phải là số (viết như 1.234,5).", $"'{t}' is not a number (write it as 1,234.5)."));
        }

        var sign = negative ? "-" : string.Empty;
        var native = Strict(body, g, d);
        if (native is { } n && !Ambiguous(body, g, d))
        {
            var value = double.Parse(sign + n.Int + (n.Frac.Length > 0 ? "." + n.Frac : string.Empty), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (!double.IsFinite(value))
            {
                return Refused(new Msg($"'{t}' quá lớn.", $"'{t}' is too large."));
            }

            return wholeNumbers && n.Frac.Trim('0').Length > 0
                ? Refused(new Msg($"'{t}' có phần thập phân; ô này chỉ nhận số nguyên.", $"'{t}' has a decimal part; this field takes whole numbers only."))
                : new NumberRead(value, null);
        }

        return Refused(Hint(t, body, sign, english, wholeNumbers));
    }

    /// <summary>
    /// A stored value as a page shows it in a field (1.234,5 in Vietnamese, 1,234.5 in English), written so that
    /// <see cref="Read"/> reads it back to the same value: a decimal that would look ambiguous gets a fourth digit (3,0290).
    /// </summary>
    public static string Write(double value, bool english)
    {
        var text = value.ToString("#,##0.##########", CultureInfo.GetCultureInfo(english ? "en-US" : "vi-VN"));
        return Read(text, english).Ok ? text : text + "0";
    }

    /// <summary>The number's digits before and after the decimal separator, when the text follows the rules with these separators.</summary>
    private static (string Int, string Frac)? Strict(string body, char g, char d)
    {
        var parts = body.Split(d);
        if (parts.Length > 2 || (parts.Length == 2 && (parts[1].Length == 0 || !parts[1].All(char.IsAsciiDigit))))
        {
            return null;
        }

        var head = parts[0];
        var frac = parts.Length == 2 ? parts[1] : string.Empty;
        var hasG = head.Contains(g);
        var hasSpace = head.IndexOfAny(Spaces) >= 0;
        if (head.Length == 0)
        {
            return frac.Length > 0 ? ("0", frac) : null;
        }

        if (hasG && hasSpace)
        {
            return null;
        }

        if (!hasG && !hasSpace)
        {
            return head.All(char.IsAsciiDigit) ? (head, frac) : null;
        }

        var groups = hasG ? head.Split(g) : head.Split(Spaces);
        var grouped = groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(x => x.Length == 3) && groups.All(x => x.All(char.IsAsciiDigit));
        return grouped ? (string.Concat(groups), frac) : null;
    }

    private static bool Ambiguous(string body, char g, char d)
    {
        var i = body.IndexOf(d);
        return i is >= 1 and <= 3 && body.Length - i - 1 == 3 && body.Count(c => c == d) == 1 && body.All(c => char.IsAsciiDigit(c) || c == d) && body.IndexOf(g) < 0;
    }

    private static NumberRead Refused(Msg problem) => new(null, problem);

    /// <summary>The readings a refused text could have, each with the way to write it unambiguously, in both languages.</summary>
    private static Msg Hint(string t, string body, string sign, bool english, bool wholeNumbers)
    {
        var (g, d) = english ? (',', '.') : ('.', ',');
        var readings = new List<(string Int, string Frac)>();
        if (Strict(body, d, g) is { } swapped)
        {
            readings.Add(swapped);
        }

        if (body.Count(c => c is '.' or ',') == 1 && body.IndexOfAny(Spaces) < 0)
        {
            readings.Add((string.Concat(body.Where(char.IsAsciiDigit)), string.Empty));
        }

        if (Ambiguous(body, g, d) && Strict(body, g, d) is { } decimalReading)
        {
            readings.Add(decimalReading);
        }

        readings = readings.Distinct().Where(r => !wholeNumbers || r.Frac.Trim('0').Length == 0).ToList();
        var reason = (Ambiguous(body, g, d), body.Count(c => c == d) > 1, body.Contains(g), english) switch
        {
            (true, _, _, false) => new Msg($"'{t}' không rõ: dấu phẩy có thể là dấu thập phân hoặc dấu phân nhóm nghìn kiểu tiếng Anh",
                $"'{t}' is unclear: the comma may be a decimal comma or an English thousands separator"),
            (true, _, _, true) => new Msg($"'{t}' không rõ: dấu chấm có thể là dấu thập phân hoặc dấu phân nhóm nghìn kiểu tiếng Việt",
                $"'{t}' is unclear: the point may be a decimal point or a Vietnamese thousands separator"),
            (_, true, _, false) => new Msg($"'{t}' có nhiều dấu phẩy", $"'{t}' has more than one decimal comma"),
            (_, true, _, true) => new Msg($"'{t}' có nhiều dấu chấm", $"'{t}' has more than one decimal point"),
            (_, _, true, false) => new Msg($"'{t}' có dấu chấm", $"'{t}' has a point"),
            (_, _, true, true) => new Msg($"'{t}' có dấu phẩy", $"'{t}' has a comma"),
            _ => new Msg($"'{t}' không đúng cách viết số", $"'{t}' is not written as a number"),
        };

        var vi = new StringBuilder(reason.Vi);
        var en = new StringBuilder(reason.En);
        if (readings.Count == 0)
        {
            vi.Append(english ? "; hãy viết như 1,234.5 hoặc 1234.5." : "; hãy viết như 1.234,5 hoặc 1234,5.");
            en.Append(english ? "; write it as 1,234.5 or 1234.5." : "; write it as 1.234,5 or 1234,5.");
            return new Msg(vi.ToString(), en.ToString());
        }

        var sep = ':';
        foreach (var (i, f) in readings)
        {
            var shown = sign + Grouped(i, g) + (f.Length > 0 ? d + f : string.Empty);
            // A decimal that would itself be ambiguous ("3,029") takes a fourth decimal digit.
            var written = sign + i + (f.Length > 0 ? d + (f.Length == 3 && i.Length <= 3 ? f + "0" : f) : string.Empty);
            vi.Append(sep).Append(" nếu là ").Append(shown).Append(" hãy viết ").Append(written);
            en.Append(sep).Append(" if you mean ").Append(shown).Append(" write ").Append(written);
            sep = ';';
        }

        return new Msg(vi.Append('.').ToString(), en.Append('.').ToString());
    }

    private static string Grouped(string digits, char g)
    {
        var b = new StringBuilder();
        for (var k = 0; k < digits.Length; k++)
        {
            if (k > 0 && (digits.Length - k) % 3 == 0)
            {
                b.Append(g);
            }

            b.Append(digits[k]);
        }

        return b.ToString();
    }
}
