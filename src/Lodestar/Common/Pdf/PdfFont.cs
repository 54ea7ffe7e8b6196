namespace Lodestar.Common.Pdf;

/// <summary>
/// A TrueType font as one document uses it: remembers the glyphs drawn (for the subset, the /W widths and the
/// ToUnicode map) and writes text as 2-byte glyph ids (Identity-H). Made by <see cref="PdfDocument.AddFont"/>.
/// </summary>
public sealed class PdfFont
{
    private const int NotDef = 0, Replacement = 0xFFFD;

    private readonly bool[] _used;
    private readonly int[] _unicode;

    internal PdfFont(TrueTypeFont font, string resourceName)
    {
        Font = font;
        ResourceName = resourceName;
        _used = new bool[font.GlyphCount];
        _unicode = new int[font.GlyphCount];
    }

    public TrueTypeFont Font { get; }

    internal string ResourceName { get; }

    internal bool IsUsed { get; private set; }

    /// <summary>Width of a text in points at a size in points (NFC, no kerning): what <see cref="PdfPage.Text"/> advances.</summary>
    public double Width(string text, double size) => Font.Width(text, size);

    /// <summary>The text as a hex string of glyph ids; a character without a glyph becomes .notdef (a box).</summary>
    internal void Encode(string text, PdfBuffer content)
    {
        content.Raw("<"u8);
        foreach (var rune in TrueTypeFont.Nfc(text).EnumerateRunes())
        {
            var glyph = Font.GlyphOf(rune.Value);
            _used[glyph] = IsUsed = true;
            if (_unicode[glyph] == 0)
            {
                // A glyph shared by several code points (space and no-break space) extracts as the first seen.
                _unicode[glyph] = glyph == NotDef ? Replacement : rune.Value;
            }

            content.Hex(glyph);
        }

        content.Raw(">"u8);
    }

    /// <summary>A tag of six capitals naming the subset (ISO 32000-1, 9.6.4), the same for the same glyphs.</summary>
    internal string SubsetTag()
    {
        var hash = 2166136261u;
        for (var g = 0; g < _used.Length; g++)
        {
            if (_used[g])
            {
                hash = (hash ^ (uint)g) * 16777619u;
            }
        }

        Span<char> tag = stackalloc char[6];
        for (var i = 0; i < tag.Length; i++, hash /= 26)
        {
            tag[i] = (char)('A' + (hash % 26));
        }

        return new string(tag);
    }

    internal bool[] UsedGlyphs => _used;

    /// <summary>/W: runs of consecutive used glyph ids with their widths in thousandths of an em.</summary>
    internal void WriteWidths(PdfBuffer o)
    {
        o.Raw("["u8);
        for (var g = 0; g < _used.Length; g++)
        {
            if (!_used[g])
            {
                continue;
            }

            o.Number(g).Raw(" ["u8);
            for (; g < _used.Length && _used[g]; g++)
            {
                o.Number(Font.AdvanceOf((ushort)g) * 1000.0 / Font.UnitsPerEm).Raw(" "u8);
            }

            o.Raw("]"u8);
        }

        o.Raw("]"u8);
    }

    /// <summary>The ToUnicode CMap: glyph id → UTF-16BE, so that copying or extracting text gives it back.</summary>
    internal void WriteToUnicode(PdfBuffer o)
    {
        o.Raw("""
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """u8);

        // At most 100 entries per block (PDF limit on bfchar blocks).
        Span<char> units = stackalloc char[2];
        foreach (var block in Enumerable.Range(0, _used.Length).Where(g => _used[g]).Chunk(100))
        {
            o.Number(block.Length).Raw(" beginbfchar\n"u8);
            foreach (var g in block)
            {
                o.Raw("<"u8).Hex((ushort)g).Raw("> <"u8);
                var written = new System.Text.Rune(_unicode[g]).EncodeToUtf16(units);
                for (var i = 0; i < written; i++)
                {
                    o.Hex(units[i]);
                }

                o.Raw(">\n"u8);
            }

            o.Raw("endbfchar\n"u8);
        }

        o.Raw("""
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end

            """u8);
    }
}
