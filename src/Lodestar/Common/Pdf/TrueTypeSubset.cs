using System.Buffers.Binary;

namespace Lodestar.Common.Pdf;

/// <summary>
/// A font program that keeps the outlines of the glyphs a document uses and empties the others. Glyph ids do not
/// change (an empty glyph is valid, like the space), so the PDF's CIDToGIDMap stays /Identity and the widths stay
/// those of the original. Keeps the tables a PDF viewer needs to draw glyphs (ISO 32000-1, 9.9: glyf, head, hhea, hmtx,
/// loca, maxp and the hinting tables cvt, fpgm, prep) and drops the rest (cmap, kerning, names, layout).
/// </summary>
internal static class TrueTypeSubset
{
    private static readonly string[] Kept = ["OS/2", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"];

    // Composite glyph flags (OpenType spec, glyf table).
    private const int ArgsAreWords = 0x1, HasScale = 0x8, MoreComponents = 0x20, HasXyScale = 0x40, HasTwoByTwo = 0x80;

    public static byte[] Write(TrueTypeFont font, bool[] used)
    {
        var glyf = font.TableBytes("glyf");

        // .notdef always; composite glyphs (most Vietnamese letters: base + marks) bring their components.
        var keep = new bool[font.GlyphCount];
        var pending = new Stack<int>();
        pending.Push(0);
        for (var g = 0; g < used.Length && g < keep.Length; g++)
        {
            if (used[g])
            {
                pending.Push(g);
            }
        }

        var kept = 0;
        while (pending.TryPop(out var g))
        {
            if (keep[g])
            {
                continue;
            }

            keep[g] = true;
            var outline = Outline(font, glyf, g);
            kept += (outline.Length + 3) & ~3;
            if (outline.Length > 0 && BinaryPrimitives.ReadInt16BigEndian(outline) < 0)
            {
                for (var at = 10; ;)
                {
                    var flags = BinaryPrimitives.ReadUInt16BigEndian(outline[at..]);
                    pending.Push(BinaryPrimitives.ReadUInt16BigEndian(outline[(at + 2)..]));
                    at += 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2)
                        + ((flags & HasScale) != 0 ? 2 : (flags & HasXyScale) != 0 ? 4 : (flags & HasTwoByTwo) != 0 ? 8 : 0);
                    if ((flags & MoreComponents) == 0)
                    {
                        break;
                    }
                }
            }
        }

        // New glyf and loca: kept outlines padded to 4 bytes (loca's short form needs even offsets), the others empty.
        var newGlyf = new byte[kept];
        var newLoca = new byte[(font.GlyphCount + 1) * (font.LongLoca ? 4 : 2)];
        var end = 0;
        for (var g = 0; g <= font.GlyphCount; g++)
        {
            if (font.LongLoca)
            {
                BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)end);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(newLoca.AsSpan(2 * g), (ushort)(end / 2));
            }

            if (g < font.GlyphCount && keep[g])
            {
                var outline = Outline(font, glyf, g);
                outline.CopyTo(newGlyf.AsSpan(end));
                end += (outline.Length + 3) & ~3;
            }
        }

        return Assemble(font, newGlyf, newLoca);
    }

    /// <summary>A glyph's bytes in glyf, located through loca (short offsets are stored halved).</summary>
    private static ReadOnlySpan<byte> Outline(TrueTypeFont font, ReadOnlySpan<byte> glyf, int glyph)
    {
        var loca = font.TableBytes("loca");
        return glyf[LocaEntry(loca, font.LongLoca, glyph)..LocaEntry(loca, font.LongLoca, glyph + 1)];
    }

    private static int LocaEntry(ReadOnlySpan<byte> loca, bool isLong, int glyph) => isLong
        ? (int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * glyph)..])
        : BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * glyph)..]) * 2;

    /// <summary>The sfnt wrapper: table directory (sorted tags, checksums), tables 4-byte aligned, head.checkSumAdjustment.</summary>
    private static byte[] Assemble(TrueTypeFont font, byte[] glyf, byte[] loca)
    {
        var tables = Kept.Where(font.HasTable).ToArray();
        ReadOnlySpan<byte> Bytes(string tag) => tag switch
        {
            "glyf" => glyf,
            "loca" => loca,
            _ => font.TableBytes(tag),
        };

        var size = 12 + (16 * tables.Length) + tables.Sum(t => (Bytes(t).Length + 3) & ~3);
        var file = new byte[size];
        var span = file.AsSpan();
        var log2 = (int)Math.Log2(tables.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 << log2));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)log2);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)((tables.Length - (1 << log2)) * 16));

        var at = 12 + (16 * tables.Length);
        var headAt = 0;
        for (var i = 0; i < tables.Length; i++)
        {
            var bytes = Bytes(tables[i]);
            bytes.CopyTo(span[at..]);
            if (tables[i] == "head")
            {
                headAt = at;
                BinaryPrimitives.WriteUInt32BigEndian(span[(at + 8)..], 0); // checkSumAdjustment is summed as 0
            }

            var entry = span[(12 + (16 * i))..];
            System.Text.Encoding.ASCII.GetBytes(tables[i], entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], Checksum(span.Slice(at, (bytes.Length + 3) & ~3)));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)bytes.Length);
            at += (bytes.Length + 3) & ~3;
        }

        BinaryPrimitives.WriteUInt32BigEndian(span[(headAt + 8)..], 0xB1B0AFBA - Checksum(span));
        return file;
    }

    private static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(bytes[i..]);
        }

        return sum;
    }
}
