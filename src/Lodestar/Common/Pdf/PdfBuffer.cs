using System.Globalization;
using System.IO.Compression;

namespace Lodestar.Common.Pdf;

/// <summary>
/// A growable byte buffer that speaks PDF syntax: ASCII tokens, numbers (invariant culture, at most 3 decimals),
/// names, hex strings. Reused (<see cref="Clear"/>) for every page's content and every object, so writing a
/// document allocates little beyond its output.
/// </summary>
internal sealed class PdfBuffer
{
    private byte[] _bytes = new byte[4096];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    private Span<byte> Room(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        return _bytes.AsSpan(Length);
    }

    public PdfBuffer Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        Length += bytes.Length;
        return this;
    }

    /// <summary>ASCII text (keys, operators, numbers already formatted); anything else must go through <see cref="Text"/>.</summary>
    public PdfBuffer Ascii(string text)
    {
        var room = Room(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            room[i] = (byte)text[i];
        }

        Length += text.Length;
        return this;
    }

    public PdfBuffer Number(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > 1e9
            || !value.TryFormat(Room(24), out var written, "0.###", CultureInfo.InvariantCulture))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Not a PDF coordinate or width.");
        }

        Length += written;
        return this;
    }

    public PdfBuffer Number(long value)
    {
        value.TryFormat(Room(20), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
        return this;
    }

    /// <summary>"12 0 R".</summary>
    public PdfBuffer Reference(int id) => Number(id).Raw(" 0 R"u8);

    /// <summary>A name object: /Name, with bytes outside the regular characters written #xx.</summary>
    public PdfBuffer Name(string name)
    {
        Raw("/"u8);
        foreach (var c in name)
        {
            if (c is >= '!' and <= '~' and not ('#' or '/' or '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '%'))
            {
                Raw([(byte)c]);
            }
            else
            {
                Raw("#"u8).Hex((byte)c);
            }
        }

        return this;
    }

    public PdfBuffer Hex(byte b)
    {
        var room = Room(2);
        room[0] = HexDigit(b >> 4);
        room[1] = HexDigit(b & 0xF);
        Length += 2;
        return this;
    }

    public PdfBuffer Hex(ushort value) => Hex((byte)(value >> 8)).Hex((byte)value);

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    /// <summary>A text string (title, author): UTF-16BE with its byte-order mark, as a hex string.</summary>
    public PdfBuffer Text(string text)
    {
        Raw("<FEFF"u8);
        foreach (var c in text)
        {
            Hex(c);
        }

        return Raw(">"u8);
    }

    /// <summary>Flate (zlib) compression of what was written, for a stream object.</summary>
    public byte[] Compress() => Compress(Written);

    public static byte[] Compress(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream(bytes.Length / 2);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(bytes);
        }

        return output.ToArray();
    }
}
