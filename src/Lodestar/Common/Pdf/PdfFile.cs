using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lodestar.Common.Pdf;

/// <summary>
/// Just enough of an existing PDF to append an update to it: the last classic cross-reference table and its trailer,
/// and the text of plain (stream-less) dictionary objects such as the catalog and the pages. It also keeps each
/// cross-reference section (newest first), which is how <see cref="PdfValidationData"/> tells what a later update changed.
/// </summary>
internal sealed partial class PdfFile
{
    private readonly byte[] _pdf;
    private readonly Dictionary<int, long> _offsets = [];
    private readonly List<PdfXrefSection> _sections = [];

    private PdfFile(byte[] pdf) => _pdf = pdf;

    public long StartXref { get; private set; }

    public int Size { get; private set; }

    public int Root { get; private set; }

    public int? Info { get; private set; }

    /// <summary>The trailer's /ID array as written, e.g. "[&lt;ab…&gt; &lt;ab…&gt;]".</summary>
    public string? Id { get; private set; }

    /// <summary>The cross-reference sections from the last (the newest update) back to the first, as /Prev links them.</summary>
    public IReadOnlyList<PdfXrefSection> Sections => _sections;

    /// <summary>Where the latest version of an object starts, or null when no section has it in use.</summary>
    public long? OffsetOf(int id) => _offsets.TryGetValue(id, out var at) ? at : null;

    public static PdfFile Read(byte[] pdf)
    {
        var file = new PdfFile(pdf);
        var tail = Encoding.Latin1.GetString(pdf, Math.Max(0, pdf.Length - 1024), Math.Min(1024, pdf.Length));
        var start = StartXrefAt().Match(tail);
        if (!start.Success)
        {
            throw new NotSupportedException("Not a PDF: no startxref at its end.");
        }

        file.StartXref = long.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture);

        // The last section first, then the ones before it (/Prev): an object keeps the offset of its latest version, so a
        // PDF that is already signed (an incremental update over the original) reads as one.
        var at = file.StartXref;
        for (var sections = 0; sections < 64; sections++)
        {
            var text = Encoding.Latin1.GetString(pdf, (int)at, pdf.Length - (int)at);
            if (!text.StartsWith("xref", StringComparison.Ordinal))
            {
                throw new NotSupportedException("The PDF has a cross-reference stream; Lodestar signs only the PDFs it writes (classic tables).");
            }

            var trailerAt = text.IndexOf("trailer", StringComparison.Ordinal);
            var inUse = new Dictionary<int, long>();
            var freed = new List<int>();
            foreach (Match section in Subsection().Matches(text[..trailerAt]))
            {
                var first = int.Parse(section.Groups[1].Value, CultureInfo.InvariantCulture);
                var entries = section.Groups[3].Captures;
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i].Value;
                    if (entry.EndsWith('n'))
                    {
                        var offset = long.Parse(entry[..10], CultureInfo.InvariantCulture);
                        file._offsets.TryAdd(first + i, offset);
                        inUse[first + i] = offset;
                    }
                    else
                    {
                        freed.Add(first + i);
                    }
                }
            }

            var end = text.IndexOf("startxref", trailerAt, StringComparison.Ordinal);
            var trailer = end < 0 ? text[trailerAt..] : text[trailerAt..end];
            file._sections.Add(new PdfXrefSection(at, inUse, freed, trailer));
            if (sections == 0)
            {
                file.Size = int.Parse(TrailerSize().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
                file.Root = int.Parse(TrailerRoot().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
                file.Info = TrailerInfo().Match(trailer) is { Success: true } info ? int.Parse(info.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                file.Id = TrailerId().Match(trailer) is { Success: true } id ? id.Value[3..].Trim() : null;
            }

            if (TrailerPrev().Match(trailer) is not { Success: true } prev)
            {
                return file;
            }

            at = long.Parse(prev.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        throw new NotSupportedException("The PDF has too many updates.");
    }

    /// <summary>The dictionary of a stream-less object, "&lt;&lt; … &gt;&gt;".</summary>
    public string Object(int id)
    {
        if (!_offsets.TryGetValue(id, out var at))
        {
            throw new NotSupportedException($"Object {id} is not in the cross-reference table.");
        }

        var text = Encoding.Latin1.GetString(_pdf, (int)at, (int)Math.Min(64 * 1024, _pdf.Length - at));
        var begin = text.IndexOf("obj", StringComparison.Ordinal) + 3;
        var end = text.IndexOf("endobj", begin, StringComparison.Ordinal);
        var body = end < 0 ? "" : text[begin..end].Trim();
        return body.StartsWith("<<", StringComparison.Ordinal) && !body.Contains("stream", StringComparison.Ordinal)
            ? body
            : throw new NotSupportedException($"Object {id} is not a plain dictionary.");
    }

    /// <summary>The first page: from the catalog's /Pages down the first /Kids.</summary>
    public int FirstPage()
    {
        var node = int.Parse(PagesRef().Match(Object(Root)).Groups[1].Value, CultureInfo.InvariantCulture);
        for (var depth = 0; depth < 32; depth++)
        {
            var o = Object(node);
            if (!o.Contains("/Type /Pages", StringComparison.Ordinal))
            {
                return node;
            }

            node = int.Parse(FirstKid().Match(o).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        throw new NotSupportedException("The page tree is too deep.");
    }

    /// <summary>The trailer's /Root and /Info of one section (an update repeats them).</summary>
    internal static (int? Root, int? Info) RootAndInfo(string trailer) =>
        (TrailerRoot().Match(trailer) is { Success: true } r ? int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            TrailerInfo().Match(trailer) is { Success: true } i ? int.Parse(i.Groups[1].Value, CultureInfo.InvariantCulture) : null);

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF\s*$")]
    private static partial Regex StartXrefAt();

    [GeneratedRegex(@"(\d+) (\d+)\r?\n(?:(\d{10} \d{5} [nf]) ?\r?\n)*")]
    private static partial Regex Subsection();

    [GeneratedRegex(@"/Size (\d+)")]
    private static partial Regex TrailerSize();

    [GeneratedRegex(@"/Root (\d+) 0 R")]
    private static partial Regex TrailerRoot();

    [GeneratedRegex(@"/Info (\d+) 0 R")]
    private static partial Regex TrailerInfo();

    [GeneratedRegex(@"/ID\s*\[[^\]]*\]")]
    private static partial Regex TrailerId();

    [GeneratedRegex(@"/Prev (\d+)")]
    private static partial Regex TrailerPrev();

    [GeneratedRegex(@"/Pages (\d+) 0 R")]
    private static partial Regex PagesRef();

    [GeneratedRegex(@"/Kids\s*\[\s*(\d+) 0 R")]
    private static partial Regex FirstKid();
}

/// <summary>One cross-reference section: where it starts, the objects it puts in use (number → offset), the numbers it frees, its trailer.</summary>
internal sealed record PdfXrefSection(long At, IReadOnlyDictionary<int, long> InUse, IReadOnlyList<int> Freed, string Trailer);
