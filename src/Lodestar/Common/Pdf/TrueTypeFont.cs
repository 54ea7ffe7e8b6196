using System.Buffers.Binary;
using System.Text;

namespace Lodestar.Common.Pdf;

/// <summary>
/// What a PDF writer needs from a TrueType (glyf) font: its metrics, the Unicode → glyph map (cmap format 4, the Basic
/// Multilingual Plane) and the advance widths. Parsed once; immutable and safe to share between threads afterwards.
/// Text is measured in NFC, as <see cref="PdfPage.Text"/> draws it, so Vietnamese takes its precomposed glyphs.
/// </summary>
public sealed class TrueTypeFont
{
    private readonly byte[] _data;
    private readonly Dictionary<string, (int Offset, int Length)> _tables;
    private readonly ushort[] _advances;
    private readonly CharacterMap _cmap;

    private TrueTypeFont(byte[] data)
    {
        _data = data;
        if (data.Length < 12 || U32(0) is not (0x00010000 or 0x74727565)) // 'true' is the old Mac tag
        {
            throw new InvalidDataException("Not a TrueType font with glyf outlines (OpenType CFF fonts are not supported).");
        }

        _tables = [];
        for (int i = 0, count = U16(4); i < count; i++)
        {
            var entry = 12 + (16 * i);
            _tables[Encoding.ASCII.GetString(data, entry, 4)] = ((int)U32(entry + 8), (int)U32(entry + 12));
        }

        var head = Table("head");
        UnitsPerEm = U16(head + 18);
        BoundingBox = new(S16(head + 36), S16(head + 38), S16(head + 40), S16(head + 42));
        MacStyle = U16(head + 44);
        LongLoca = S16(head + 50) == 1;

        var hhea = Table("hhea");
        Ascender = S16(hhea + 4);
        Descender = S16(hhea + 6);
        LineGap = S16(hhea + 8);
        GlyphCount = U16(Table("maxp") + 4);

        ItalicAngle = _tables.ContainsKey("post") ? (int)U32(Table("post") + 4) / 65536.0 : 0;
        CapHeight = Ascender;
        WeightClass = IsBold ? 700 : 400;
        if (_tables.TryGetValue("OS/2", out var os2))
        {
            WeightClass = U16(os2.Offset + 4);
            if (U16(os2.Offset) >= 2 && os2.Length >= 90)
            {
                CapHeight = S16(os2.Offset + 88);
            }
        }

        // hmtx: numberOfHMetrics (advance, lsb) pairs; glyphs after the last pair repeat its advance.
        var metrics = U16(hhea + 34);
        var hmtx = Table("hmtx");
        _advances = new ushort[GlyphCount];
        for (var g = 0; g < GlyphCount; g++)
        {
            _advances[g] = U16(hmtx + (4 * Math.Min(g, metrics - 1)));
        }

        _cmap = CharacterMap.Read(this);
        PostScriptName = ReadPostScriptName() ?? "Font";
    }

    public static TrueTypeFont Parse(byte[] data) => new(data);

    public string PostScriptName { get; }

    public int UnitsPerEm { get; }

    public GlyphBox BoundingBox { get; }

    /// <summary>head.macStyle: bit 0 bold, bit 1 italic.</summary>
    public int MacStyle { get; }

    public bool IsBold => (MacStyle & 1) != 0;

    public bool IsItalic => (MacStyle & 2) != 0 || ItalicAngle != 0;

    public int Ascender { get; }

    public int Descender { get; }

    public int LineGap { get; }

    /// <summary>OS/2 sCapHeight (version 2 and later); the ascender when the font does not say.</summary>
    public int CapHeight { get; }

    public int WeightClass { get; }

    /// <summary>post.italicAngle in degrees, counter-clockwise from vertical (negative leans right).</summary>
    public double ItalicAngle { get; }

    public int GlyphCount { get; }

    internal bool LongLoca { get; }

    /// <summary>The glyph of a code point; 0 (.notdef, drawn as a box) when the font has none.</summary>
    public ushort GlyphOf(int codePoint) => _cmap.Lookup(codePoint);

    /// <summary>Advance width of a glyph in font units.</summary>
    public int AdvanceOf(ushort glyph) => _advances[glyph < _advances.Length ? glyph : 0];

    /// <summary>Advance width of a text (NFC, no kerning) in font units.</summary>
    public int AdvanceOf(string text)
    {
        var total = 0;
        foreach (var rune in Nfc(text).EnumerateRunes())
        {
            total += AdvanceOf(GlyphOf(rune.Value));
        }

        return total;
    }

    /// <summary>Width of a text in points at a size in points.</summary>
    public double Width(string text, double size) => AdvanceOf(text) * size / UnitsPerEm;

    /// <summary>Precomposed form: "ế" as one code point (and one glyph) rather than e + two combining marks.</summary>
    internal static string Nfc(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>The whole font file, to embed without subsetting.</summary>
    internal ReadOnlySpan<byte> Program => _data;

    internal ReadOnlySpan<byte> TableBytes(string tag) =>
        _tables.TryGetValue(tag, out var t) ? _data.AsSpan(t.Offset, t.Length) : [];

    internal bool HasTable(string tag) => _tables.ContainsKey(tag);

    private int Table(string tag) =>
        _tables.TryGetValue(tag, out var t) ? t.Offset : throw new InvalidDataException($"The font has no '{tag}' table.");

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(at));

    private short S16(int at) => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(at));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at));

    /// <summary>name ID 6, from the Windows (UTF-16BE) or the Macintosh (Roman, ASCII in practice) record.</summary>
    private string? ReadPostScriptName()
    {
        if (!_tables.TryGetValue("name", out var name))
        {
            return null;
        }

        var strings = name.Offset + U16(name.Offset + 4);
        for (int i = 0, count = U16(name.Offset + 2); i < count; i++)
        {
            var r = name.Offset + 6 + (12 * i);
            var (platform, nameId, length, offset) = (U16(r), U16(r + 6), U16(r + 8), U16(r + 10));
            if (nameId == 6 && platform is 1 or 3)
            {
                var bytes = _data.AsSpan(strings + offset, length);
                return platform == 3 ? Encoding.BigEndianUnicode.GetString(bytes) : Encoding.ASCII.GetString(bytes);
            }
        }

        return null;
    }

    public readonly record struct GlyphBox(short XMin, short YMin, short XMax, short YMax);

    /// <summary>cmap format 4 (segments of consecutive code points): the Unicode BMP subtable (3,1) or (0,3).</summary>
    private sealed class CharacterMap(byte[] data, int subtable, int segments)
    {
        public static CharacterMap Read(TrueTypeFont font)
        {
            var cmap = font.Table("cmap");
            for (int i = 0, count = font.U16(cmap + 2); i < count; i++)
            {
                var record = cmap + 4 + (8 * i);
                var (platform, encoding) = (font.U16(record), font.U16(record + 2));
                var subtable = cmap + (int)font.U32(record + 4);
                if (((platform == 3 && encoding == 1) || (platform == 0 && encoding == 3)) && font.U16(subtable) == 4)
                {
                    return new CharacterMap(font._data, subtable, font.U16(subtable + 6) / 2);
                }
            }

            throw new InvalidDataException("The font has no Unicode cmap of format 4.");
        }

        private ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at));

        public ushort Lookup(int codePoint)
        {
            if (codePoint is < 0 or > 0xFFFF)
            {
                return 0;
            }

            // Segments are sorted by their end code: binary search the first end >= the code point.
            var ends = subtable + 14;
            int lo = 0, hi = segments - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (U16(ends + (2 * mid)) < codePoint)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var starts = ends + (2 * segments) + 2;
            var deltas = starts + (2 * segments);
            var rangeOffsets = deltas + (2 * segments);
            var start = U16(starts + (2 * lo));
            if (codePoint < start || codePoint > U16(ends + (2 * lo)))
            {
                return 0;
            }

            var delta = U16(deltas + (2 * lo));
            var rangeOffset = U16(rangeOffsets + (2 * lo));
            if (rangeOffset == 0)
            {
                return (ushort)(codePoint + delta);
            }

            // idRangeOffset is relative to its own position in the array: the glyph index array follows it.
            var glyph = U16(rangeOffsets + (2 * lo) + rangeOffset + (2 * (codePoint - start)));
            return glyph == 0 ? (ushort)0 : (ushort)(glyph + delta);
        }
    }
}
