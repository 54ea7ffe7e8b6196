using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lodestar.Common.Pdf;

/// <summary>
/// A PDF 1.7 file of pages with text in embedded TrueType fonts, lines and rectangles — the subset of PDF described
/// in Common/Pdf/README.md. Add fonts and pages, draw on the newest page, then <see cref="Save"/>.
/// </summary>
public sealed class PdfDocument
{
    /// <summary>ISO 216 A4 in points (210 × 297 mm).</summary>
    public const double A4Width = 210 * 72 / 25.4, A4Height = 297 * 72 / 25.4;

    /// <summary>Objects a font takes: Type0, CIDFont, descriptor, program, ToUnicode.</summary>
    internal const int ObjectsPerFont = 5;

    private const int Catalog = 1, Pages = 2, Info = 3, FirstFont = 4, ObjectsPerPage = 2;

    private readonly List<PdfFont> _fonts = [];
    private readonly List<PdfPage> _pages = [];
    private readonly PdfBuffer _content = new();

    public string Title { get; init; } = "";

    public string? Author { get; init; }

    /// <summary>The creation date written into the file; the caller gives it, so the same document gives the same bytes.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Embed only the outlines of the glyphs used (default); false embeds the whole font program.</summary>
    public bool SubsetFonts { get; init; } = true;

    public PdfFont AddFont(TrueTypeFont font)
    {
        var added = new PdfFont(font, $"F{_fonts.Count + 1}");
        _fonts.Add(added);
        return added;
    }

    public PdfPage AddPage(double width = A4Width, double height = A4Height)
    {
        if (_pages.Count > 0)
        {
            _pages[^1].Finish();
        }

        var page = new PdfPage(width, height, _content);
        _pages.Add(page);
        return page;
    }

    public byte[] ToArray()
    {
        using var output = new MemoryStream();
        Save(output);
        return output.ToArray();
    }

    /// <summary>Writes the file: header, objects in id order, the cross-reference table with byte offsets, trailer.</summary>
    public void Save(Stream output)
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }

        _pages[^1].Finish();
        var fonts = _fonts.Where(f => f.IsUsed).ToList();
        var firstPage = FirstFont + (ObjectsPerFont * fonts.Count);
        var w = new PdfObjectWriter(output, firstPage + (ObjectsPerPage * _pages.Count));

        // The comment of high bytes after the header tells transfer tools that the file is binary.
        w.Emit("%PDF-1.7\n%"u8);
        w.Emit([0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);

        w.Begin(Catalog).Raw("<< /Type /Catalog /Pages "u8).Reference(Pages).Raw(" >>"u8);
        w.End();

        var o = w.Begin(Pages).Raw("<< /Type /Pages /Count "u8).Number(_pages.Count).Raw(" /Kids ["u8);
        for (var i = 0; i < _pages.Count; i++)
        {
            o.Raw(" "u8).Reference(firstPage + (ObjectsPerPage * i));
        }

        o.Raw(" ] >>"u8);
        w.End();

        o = w.Begin(Info).Raw("<< /Title "u8).Text(Title);
        if (Author is { } author)
        {
            o.Raw(" /Author "u8).Text(author);
        }

        o.Raw(" /Producer (Lodestar) /CreationDate (D:"u8)
            .Ascii(Created.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).Raw("Z) >>"u8);
        w.End();

        for (var i = 0; i < fonts.Count; i++)
        {
            WriteFont(w, fonts[i], FirstFont + (ObjectsPerFont * i), SubsetFonts);
        }

        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            var id = firstPage + (ObjectsPerPage * i);
            o = w.Begin(id).Raw("<< /Type /Page /Parent "u8).Reference(Pages).Raw(" /MediaBox [0 0 "u8)
                .Number(page.Width).Raw(" "u8).Number(page.Height).Raw("] /Resources << /Font <<"u8);
            for (var f = 0; f < fonts.Count; f++)
            {
                o.Raw(" "u8).Name(fonts[f].ResourceName).Raw(" "u8).Reference(FirstFont + (ObjectsPerFont * f));
            }

            o.Raw(" >> >> /Contents "u8).Reference(id + 1).Raw(" >>"u8);
            w.End();
            w.Stream(id + 1, page.Content!);
        }

        w.Trailer(SHA256.HashData(Encoding.UTF8.GetBytes($"{Title}|{Created:O}|{_pages.Count}")).AsSpan(0, 16), Catalog, Info);
    }

    /// <summary>
    /// Type0 font (Identity-H: 2-byte codes are glyph ids) → CIDFontType2 (CIDToGIDMap /Identity, /W of the glyphs
    /// used) → FontDescriptor → FontFile2 (the TrueType program, subset), and the ToUnicode CMap.
    /// </summary>
    internal static void WriteFont(PdfObjectWriter w, PdfFont font, int id, bool subset)
    {
        var (cid, descriptor, file, toUnicode) = (id + 1, id + 2, id + 3, id + 4);
        var ttf = font.Font;
        var name = subset ? $"{font.SubsetTag()}+{ttf.PostScriptName}" : ttf.PostScriptName;
        double Em(int units) => units * 1000.0 / ttf.UnitsPerEm;

        w.Begin(id).Raw("<< /Type /Font /Subtype /Type0 /BaseFont "u8).Name(name)
            .Raw(" /Encoding /Identity-H /DescendantFonts ["u8).Reference(cid).Raw("] /ToUnicode "u8).Reference(toUnicode).Raw(" >>"u8);
        w.End();

        var o = w.Begin(cid).Raw("<< /Type /Font /Subtype /CIDFontType2 /BaseFont "u8).Name(name)
            .Raw(" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "u8).Reference(descriptor)
            .Raw(" /CIDToGIDMap /Identity /DW "u8).Number(Em(ttf.AdvanceOf(0))).Raw(" /W "u8);
        font.WriteWidths(o);
        o.Raw(" >>"u8);
        w.End();

        // Flags: 4 = symbolic (glyphs outside the standard Latin set), 64 = italic. A TrueType font has no StemV:
        // estimated from the weight class as common writers do (only a viewer substituting the font uses it).
        var box = ttf.BoundingBox;
        w.Begin(descriptor).Raw("<< /Type /FontDescriptor /FontName "u8).Name(name)
            .Raw(" /Flags "u8).Number(4 | (ttf.IsItalic ? 64 : 0))
            .Raw(" /FontBBox ["u8).Number(Em(box.XMin)).Raw(" "u8).Number(Em(box.YMin)).Raw(" "u8)
            .Number(Em(box.XMax)).Raw(" "u8).Number(Em(box.YMax))
            .Raw("] /ItalicAngle "u8).Number(ttf.ItalicAngle)
            .Raw(" /Ascent "u8).Number(Em(ttf.Ascender)).Raw(" /Descent "u8).Number(Em(ttf.Descender))
            .Raw(" /CapHeight "u8).Number(Em(ttf.CapHeight))
            .Raw(" /StemV "u8).Number(Math.Round(10 + (220 * (ttf.WeightClass - 50) / 900.0)))
            .Raw(" /FontFile2 "u8).Reference(file).Raw(" >>"u8);
        w.End();

        ReadOnlySpan<byte> program = subset ? TrueTypeSubset.Write(ttf, font.UsedGlyphs) : ttf.Program;
        w.Stream(file, PdfBuffer.Compress(program), program.Length);

        var cmap = new PdfBuffer();
        font.WriteToUnicode(cmap);
        w.Stream(toUnicode, cmap.Compress());
    }
}
