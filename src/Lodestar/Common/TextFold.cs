using System.Globalization;
using System.Text;

namespace Lodestar.Common;

/// <summary>
/// Folds Vietnamese text for search: NFC/NFD-insensitive, case-insensitive and diacritic-insensitive,
/// so "lang son", "LẠNG SƠN" and the decomposed form of "Lạng Sơn" all fold to "lang son".
/// </summary>
public static class TextFold
{
    /// <summary>The words of a search, folded: what each searched text must contain, all of them.</summary>
    public static string[] Words(string? query) => Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether <paramref name="text"/>, folded, contains every one of <paramref name="words"/> (<see cref="Words"/>).</summary>
    public static bool HasAll(string[] words, string text)
    {
        ArgumentNullException.ThrowIfNull(words);
        var folded = Fold(text);
        return words.All(w => folded.Contains(w, StringComparison.Ordinal));
    }

    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            // đ/Đ is a letter of its own, not d plus a mark, so NFD leaves it alone.
            var c = ch switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(ch),
            };
            if (char.IsWhiteSpace(c) || c == '-' || c == ',')
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            sb.Append(c);
            lastWasSpace = false;
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Trims and normalises user input to NFC, the form stored everywhere.</summary>
    public static string Clean(string? text) => (text ?? string.Empty).Trim().Normalize(NormalizationForm.FormC);

    /// <summary>Comments, reasons and names are plain text: anything that looks like an HTML tag or a script is refused rather than stored.</summary>
    public static bool LooksLikeMarkup(string? text) =>
        text is not null && (System.Text.RegularExpressions.Regex.IsMatch(text, @"<\s*[a-zA-Z!/]") || text.Contains("javascript:", StringComparison.OrdinalIgnoreCase));
}
