using System.Globalization;

namespace Lodestar.Common.Pdf;

/// <summary>
/// Writes numbered objects to the output, remembering where each starts for the cross-reference table; <c>start</c> is
/// the output's offset in the file (an incremental update is written after the bytes of the file it updates).
/// </summary>
internal sealed class PdfObjectWriter(Stream output, int objects, long start = 0)
{
    private readonly long[] _offsets = new long[objects];
    private readonly PdfBuffer _o = new();
    private long _at = start;

    public long At => _at;

    public long OffsetOf(int id) => _offsets[id];

    public void Emit(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        _at += bytes.Length;
    }

    public PdfBuffer Begin(int id)
    {
        _offsets[id] = _at;
        _o.Clear();
        return _o.Number(id).Raw(" 0 obj\n"u8);
    }

    public void End() => Emit(_o.Raw("\nendobj\n"u8).Written);

    /// <summary>A Flate-compressed stream object; /Length1 is a font program's size before compression; <c>entries</c> adds to its dictionary.</summary>
    public void Stream(int id, byte[] compressed, int? length1 = null, Action<PdfBuffer>? entries = null)
    {
        Begin(id).Raw("<< /Length "u8).Number(compressed.Length).Raw(" /Filter /FlateDecode"u8);
        if (length1 is { } n)
        {
            _o.Raw(" /Length1 "u8).Number(n);
        }

        entries?.Invoke(_o);

        Emit(_o.Raw(" >>\nstream\n"u8).Written);
        Emit(compressed);
        _o.Clear();
        Emit(_o.Raw("\nendstream\nendobj\n"u8).Written);
    }

    /// <summary>Cross-reference table (20-byte lines; object 0 heads the empty free list), trailer, startxref.</summary>
    public void Trailer(ReadOnlySpan<byte> fileId, int root, int info)
    {
        var xref = _at;
        _o.Clear();
        _o.Raw("xref\n0 "u8).Number(_offsets.Length).Raw("\n0000000000 65535 f \n"u8);
        for (var id = 1; id < _offsets.Length; id++)
        {
            _o.Ascii(_offsets[id].ToString("D10", CultureInfo.InvariantCulture)).Raw(" 00000 n \n"u8);
        }

        _o.Raw("trailer\n<< /Size "u8).Number(_offsets.Length).Raw(" /Root "u8).Reference(root)
            .Raw(" /Info "u8).Reference(info).Raw(" /ID [<"u8);
        for (var i = 0; i < 2; i++)
        {
            foreach (var b in fileId)
            {
                _o.Hex(b);
            }

            _o.Raw(i == 0 ? "> <"u8 : ">]"u8);
        }

        _o.Raw(" >>\nstartxref\n"u8).Number(xref).Raw("\n%%EOF\n"u8);
        Emit(_o.Written);
    }
}
