using System.Formats.Asn1;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lodestar.Common.Pdf;

/// <summary>
/// One signature found in a PDF: what its dictionary says, the CMS in /Contents and the bytes its /ByteRange covers.
/// <see cref="Covered"/> is null when the byte range is not a well-formed pair of ranges around the /Contents string;
/// <see cref="CoveredTo"/> is where the byte range ends (0 then), so the bytes after it are the later updates.
/// </summary>
public sealed record PdfSignatureField(string? SubFilter, string? Name, string? Reason, string? Location, DateTimeOffset? Claimed,
    byte[]? Cms, byte[]? Covered, bool CoversWholeFile, long CoveredTo);

/// <summary>
/// Finds the signatures of any PDF by their /ByteRange, which must stay readable in the file (a signature dictionary
/// is never inside a compressed object stream: its offsets are patched in place). No full PDF parser is needed for
/// that, so uploads written by other software are read the same way as Lodestar's own.
/// </summary>
public static partial class PdfSignatures
{
    public static IReadOnlyList<PdfSignatureField> Find(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var found = new List<PdfSignatureField>();
        foreach (Match m in ByteRange().Matches(text))
        {
            var r = new long[4];
            var ok = true;
            for (var i = 0; i < 4; i++)
            {
                ok &= long.TryParse(m.Groups[i + 1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out r[i]);
            }

            ok = ok && r[0] == 0 && r[1] > 0 && r[2] > r[1] + 1 && r[3] >= 0 && r[2] + r[3] <= pdf.Length
                && pdf[r[1]] == '<' && pdf[r[2] - 1] == '>';

            // The dictionary around the /ByteRange, the /Contents hex string left out.
            var begin = text.LastIndexOf(" obj", m.Index, StringComparison.Ordinal);
            var end = text.IndexOf("endobj", m.Index, StringComparison.Ordinal);
            var dict = begin < 0 || end < 0 ? m.Value
                : ok && r[1] > begin && r[2] < end ? text[begin..(int)r[1]] + text[(int)r[2]..end] : text[begin..end];

            byte[]? cms = null, covered = null;
            if (ok)
            {
                try
                {
                    var der = Convert.FromHexString(text.AsSpan((int)r[1] + 1, (int)(r[2] - r[1] - 2)).Trim());
                    AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.BER, out _, out _, out var length);
                    cms = der[..length];
                }
                catch (Exception e) when (e is FormatException or AsnContentException)
                {
                    cms = null;
                }

                covered = new byte[r[1] + r[3]];
                pdf.AsSpan(0, (int)r[1]).CopyTo(covered);
                pdf.AsSpan((int)r[2], (int)r[3]).CopyTo(covered.AsSpan((int)r[1]));
            }

            found.Add(new PdfSignatureField(NameValue(dict, "SubFilter"), StringValue(dict, "Name"), StringValue(dict, "Reason"),
                StringValue(dict, "Location"), ParseDate(StringValue(dict, "M")), cms, covered, ok && r[2] + r[3] == pdf.Length, ok ? r[2] + r[3] : 0));
        }

        return found;
    }

    private static string? NameValue(string dict, string key) =>
        Regex.Match(dict, $@"/{key}\s*/([^\s/<>\[\]()]+)") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>A literal (with escapes) or hex string; UTF-16BE when it starts with the byte-order mark, else PDFDocEncoding (as Latin-1).</summary>
    internal static string? StringValue(string dict, string key)
    {
        var m = Regex.Match(dict, $@"/{key}\s*([(<])");
        if (!m.Success)
        {
            return null;
        }

        var bytes = new List<byte>();
        var i = m.Groups[1].Index + 1;
        if (m.Groups[1].Value == "<")
        {
            var close = dict.IndexOf('>', i);
            if (close < 0)
            {
                return null;
            }

            var hex = Regex.Replace(dict[i..close], @"\s", "");
            bytes.AddRange(Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0"));
        }
        else
        {
            for (var depth = 1; i < dict.Length; i++)
            {
                var c = dict[i];
                if (c == '\\' && i + 1 < dict.Length)
                {
                    var e = dict[++i];
                    if (e is >= '0' and <= '7')
                    {
                        var digits = 1;
                        while (digits < 3 && i + 1 < dict.Length && dict[i + 1] is >= '0' and <= '7')
                        {
                            i++;
                            digits++;
                        }

                        bytes.Add((byte)Convert.ToInt32(dict.Substring(i - digits + 1, digits), 8));
                    }
                    else
                    {
                        bytes.Add((byte)(e switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => e }));
                    }

                    continue;
                }

                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth == 0)
                {
                    break;
                }

                bytes.Add((byte)c);
            }
        }

        var b = bytes.ToArray();
        return b is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(b, 2, b.Length - 2) : Encoding.Latin1.GetString(b);
    }

    /// <summary>D:YYYYMMDDHHmmSS with an optional offset (Z, +07'00'); a missing offset is read as UTC.</summary>
    internal static DateTimeOffset? ParseDate(string? date)
    {
        var m = date is null ? Match.Empty : PdfDate().Match(date);
        if (!m.Success)
        {
            return null;
        }

        int Part(int group, int missing) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : missing;
        var offset = m.Groups[7].Value is "+" or "-"
            ? new TimeSpan(Part(8, 0), Part(9, 0), 0) * (m.Groups[7].Value == "-" ? -1 : 1)
            : TimeSpan.Zero;
        try
        {
            return new DateTimeOffset(Part(1, 1), Part(2, 1), Part(3, 1), Part(4, 0), Part(5, 0), Part(6, 0), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+\-])(?:(\d{2})'?(\d{2})?'?)?)?")]
    private static partial Regex PdfDate();
}
