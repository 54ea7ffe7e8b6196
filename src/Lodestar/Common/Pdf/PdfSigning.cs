using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lodestar.Common.Pdf;

/// <summary>What a signature dictionary says, and the lines of its visible block.</summary>
public sealed record PdfSignatureRequest
{
    /// <summary>The time written as the signature's /M (PAdES keeps the claimed time there, not in the CMS).</summary>
    public required DateTimeOffset SignedAt { get; init; }

    public string? Name { get; init; }

    public string? Reason { get; init; }

    public string? Location { get; init; }

    /// <summary>The text of the visible block, one line each, drawn in the top right corner of the first page.</summary>
    public required IReadOnlyList<string> Lines { get; init; }

    /// <summary>Bytes kept for the CMS signature (certificates and a timestamp token included).</summary>
    public int Reserve { get; init; } = 24 * 1024;
}

/// <summary>
/// Adds a signature to a PDF as an incremental update (ISO 32000-1 §7.5.6, §12.8): the original bytes stay as they are;
/// after them come the catalog with an /AcroForm, the first page with the signature's widget in /Annots, the widget and
/// its appearance (a form XObject with its own subset of Liberation Serif), the signature dictionary with /ByteRange and
/// /Contents, a cross-reference section for these objects and a trailer with /Prev. The caller signs the bytes the
/// /ByteRange covers (everything but the /Contents hex string) and answers a CMS (Common/Pdf/README.md).
/// </summary>
public static partial class PdfSigning
{
    private const double FontSize = 10, LineHeight = 12, Pad = 5;

    /// <summary>Signs a PDF whose last cross-reference section is a classic table (as <see cref="PdfDocument"/> writes).</summary>
    public static byte[] Sign(byte[] pdf, PdfSignatureRequest request, Func<byte[], byte[]> sign)
    {
        var prepared = Prepare(pdf, request);
        return prepared.Complete(sign(prepared.Covered));
    }

    /// <summary>The update with room for the signature, and the bytes to sign: sign them (a token, a timestamp server may take a while), then <see cref="PdfPreparedSignature.Complete"/>.</summary>
    public static PdfPreparedSignature Prepare(byte[] pdf, PdfSignatureRequest request)
    {
        var file = PdfFile.Read(pdf);
        var catalog = file.Object(file.Root);
        var pageId = file.FirstPage();
        var page = file.Object(pageId);

        // A PDF Lodestar signed already (the person's signature, then the organisation's) takes one more field: its own
        // form and the first page's annotations are written inline, as below. Any other form or annotation is refused.
        var form = OurForm().Match(catalog);
        var annots = OurAnnots().Match(page);
        if (catalog.Contains("/AcroForm", StringComparison.Ordinal) && !(form.Success && annots.Success))
        {
            throw new NotSupportedException("The PDF has a form already; Lodestar signs only the PDFs it writes.");
        }

        if (page.Contains("/Annots", StringComparison.Ordinal) && !(form.Success && annots.Success))
        {
            throw new NotSupportedException("The first page has annotations already; Lodestar signs only the PDFs it writes.");
        }

        var earlier = form.Success ? form.Groups[1].Value.Trim() : "";
        var fields = earlier.Length == 0 ? 0 : References().Count(earlier);

        var box = MediaBox().Match(page);
        var (pageW, pageH) = box.Success
            ? (double.Parse(box.Groups[3].Value, CultureInfo.InvariantCulture), double.Parse(box.Groups[4].Value, CultureInfo.InvariantCulture))
            : (PdfDocument.A4Width, PdfDocument.A4Height);

        int n = file.Size, field = n, value = n + 1, appearance = n + 2, font = n + 3, size = font + PdfDocument.ObjectsPerFont;
        using var output = new MemoryStream(pdf.Length + request.Reserve * 2 + 64 * 1024);
        output.Write(pdf);
        if (pdf[^1] != '\n')
        {
            output.WriteByte((byte)'\n');
        }

        var w = new PdfObjectWriter(output, size, output.Length);

        // The visible block: Decree 30/2020 (appendix I) puts the organisation's signature on an attached document in
        // the top right corner of its first page: who, the organisation, the time with its offset (ISO 8601), 10 pt.
        var pdfFont = new PdfFont(LiberationSerif.Regular, "F1");
        var width = Math.Max(150, request.Lines.Max(l => pdfFont.Width(l, FontSize)) + (2 * Pad));
        var height = (request.Lines.Count * LineHeight) + (2 * Pad) - 2;
        var right = pageW - (18 * 72 / 25.4);
        var (x, top) = (right - width, 8.0);

        // A later block goes under the earlier ones, so each stays readable.
        foreach (Match r in References().Matches(earlier))
        {
            if (WidgetRect().Match(file.Object(int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture))) is { Success: true } rect)
            {
                top = Math.Max(top, pageH - double.Parse(rect.Groups[2].Value, CultureInfo.InvariantCulture) + 4);
            }
        }

        var draw = new PdfPage(width, height, new PdfBuffer());
        draw.Rectangle(0.5, 0.5, width - 1, height - 1, 0.8);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            draw.Text(request.Lines[i], pdfFont, FontSize, Pad, Pad + FontSize - 1 + (i * LineHeight));
        }

        draw.Finish();

        var withForm = form.Success
            ? OurForm().Replace(catalog, "/AcroForm << /Fields [" + earlier + " " + field + " 0 R] /SigFlags 3 >>", 1)
            : InsertBeforeEnd(catalog, " /AcroForm << /Fields [" + field + " 0 R] /SigFlags 3 >>");
        w.Begin(file.Root).Raw(Encoding.Latin1.GetBytes(withForm));
        w.End();
        var withAnnots = annots.Success
            ? OurAnnots().Replace(page, "/Annots [" + annots.Groups[1].Value.Trim() + " " + field + " 0 R]", 1)
            : InsertBeforeEnd(page, " /Annots [" + field + " 0 R]");
        w.Begin(pageId).Raw(Encoding.Latin1.GetBytes(withAnnots));
        w.End();

        // Widget and field in one object; /F 132 = print + locked.
        w.Begin(field).Raw("<< /Type /Annot /Subtype /Widget /FT /Sig /T "u8).Text("Signature" + (fields + 1).ToString(CultureInfo.InvariantCulture)).Raw(" /F 132 /P "u8).Reference(pageId)
            .Raw(" /Rect ["u8).Number(x).Raw(" "u8).Number(pageH - top - height).Raw(" "u8).Number(x + width).Raw(" "u8).Number(pageH - top)
            .Raw("] /V "u8).Reference(value).Raw(" /AP << /N "u8).Reference(appearance).Raw(" >> >>"u8);
        w.End();

        var o = w.Begin(value).Raw("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ("u8)
            .Ascii(PdfDate(request.SignedAt)).Raw(")"u8);
        foreach (var (key, text) in new[] { ("Name", request.Name), ("Reason", request.Reason), ("Location", request.Location) })
        {
            if (text is not null)
            {
                o.Raw(" "u8).Name(key).Raw(" "u8).Text(text);
            }
        }

        o.Raw(" /ByteRange "u8);
        var byteRangeAt = w.At + o.Length;
        o.Raw(ByteRangePlaceholder).Raw(" /Contents "u8);
        var contentsAt = w.At + o.Length;
        o.Raw("<"u8);
        for (var i = 0; i < request.Reserve; i++)
        {
            o.Raw("00"u8);
        }

        o.Raw("> >>"u8);
        w.End();

        w.Stream(appearance, draw.Content!, entries: e => e.Raw(" /Type /XObject /Subtype /Form /BBox [0 0 "u8).Number(width).Raw(" "u8)
            .Number(height).Raw("] /Resources << /Font << /F1 "u8).Reference(font).Raw(" >> >>"u8));
        PdfDocument.WriteFont(w, pdfFont, font, subset: true);

        WriteUpdateTail(w, file, [.. new[] { file.Root, pageId }.Concat(Enumerable.Range(n, size - n)).Distinct().Order()], size);

        var signed = output.ToArray();
        var gapEnd = contentsAt + 2 + (2L * request.Reserve);
        var ranges = $"[0 {contentsAt} {gapEnd} {signed.Length - gapEnd}]";
        Encoding.ASCII.GetBytes(ranges.PadRight(ByteRangePlaceholder.Length)).CopyTo(signed, byteRangeAt);

        var covered = new byte[contentsAt + (signed.Length - gapEnd)];
        signed.AsSpan(0, (int)contentsAt).CopyTo(covered);
        signed.AsSpan((int)gapEnd).CopyTo(covered.AsSpan((int)contentsAt));
        return new PdfPreparedSignature(signed, covered, contentsAt + 1, request.Reserve);
    }

    /// <summary>
    /// Adds a Document Security Store (ISO 32000-2 §12.8.4.3, PAdES B-LT) as one more incremental update: the catalog with
    /// /DSS listing the certificates and the revocation data (CRLs) a verifier needs later without reaching the issuers.
    /// Signatures before it stay valid: a DSS is an allowed change after signing.
    /// </summary>
    public static byte[] AddDss(byte[] pdf, IReadOnlyList<byte[]> certificates, IReadOnlyList<byte[]> crls)
    {
        var file = PdfFile.Read(pdf);
        var catalog = file.Object(file.Root);
        if (catalog.Contains("/DSS", StringComparison.Ordinal))
        {
            throw new NotSupportedException("The PDF has a document security store already.");
        }

        int n = file.Size, size = n + certificates.Count + crls.Count;
        using var output = new MemoryStream(pdf.Length + 16 * 1024);
        output.Write(pdf);
        if (pdf[^1] != '\n')
        {
            output.WriteByte((byte)'\n');
        }

        var w = new PdfObjectWriter(output, size, output.Length);
        static string Refs(int first, int count) => string.Join(" ", Enumerable.Range(first, count).Select(i => i.ToString(CultureInfo.InvariantCulture) + " 0 R"));
        var dss = " /DSS << /Certs [" + Refs(n, certificates.Count) + "]" + (crls.Count > 0 ? " /CRLs [" + Refs(n + certificates.Count, crls.Count) + "]" : "") + " >>";
        w.Begin(file.Root).Raw(Encoding.Latin1.GetBytes(InsertBeforeEnd(catalog, dss)));
        w.End();
        foreach (var (der, i) in certificates.Concat(crls).Select((d, i) => (d, i)))
        {
            w.Stream(n + i, PdfBuffer.Compress(der));
        }

        WriteUpdateTail(w, file, [file.Root, .. Enumerable.Range(n, size - n)], size);
        return output.ToArray();
    }

    /// <summary>The cross-reference section of an update (its objects, in runs of consecutive numbers) and its trailer with /Prev.</summary>
    private static void WriteUpdateTail(PdfObjectWriter w, PdfFile file, List<int> ids, int size)
    {
        var xref = w.At;
        ids.Sort();
        var t = new StringBuilder("xref\n");
        for (var i = 0; i < ids.Count;)
        {
            var run = 1;
            while (i + run < ids.Count && ids[i + run] == ids[i] + run)
            {
                run++;
            }

            t.Append(CultureInfo.InvariantCulture, $"{ids[i]} {run}\n");
            for (var k = i; k < i + run; k++)
            {
                t.Append(w.OffsetOf(ids[k]).ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
            }

            i += run;
        }

        t.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} /Root {file.Root} 0 R");
        if (file.Info is { } info)
        {
            t.Append(CultureInfo.InvariantCulture, $" /Info {info} 0 R");
        }

        if (file.Id is { } id)
        {
            t.Append(" /ID ").Append(id);
        }

        t.Append(CultureInfo.InvariantCulture, $" /Prev {file.StartXref} >>\nstartxref\n{xref}\n%%EOF\n");
        w.Emit(Encoding.ASCII.GetBytes(t.ToString()));
    }

    private static ReadOnlySpan<byte> ByteRangePlaceholder => "[0 0000000000 0000000000 0000000000]"u8;

    /// <summary>A PDF date with the signer's offset: D:20261118100000+07'00'.</summary>
    internal static string PdfDate(DateTimeOffset at) =>
        "D:" + at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
        + (at.Offset < TimeSpan.Zero ? "-" : "+") + at.Offset.ToString("hh", CultureInfo.InvariantCulture) + "'" + at.Offset.ToString("mm", CultureInfo.InvariantCulture) + "'";

    private static string InsertBeforeEnd(string dictionary, string entries)
    {
        var end = dictionary.LastIndexOf(">>", StringComparison.Ordinal);
        return end < 0 ? throw new NotSupportedException("The object is not a dictionary.") : dictionary[..end].TrimEnd() + entries + " >>";
    }

    [GeneratedRegex(@"/AcroForm << /Fields \[([\d R]*)\] /SigFlags 3 >>")]
    private static partial Regex OurForm();

    [GeneratedRegex(@"/Annots \[([\d R]*)\]")]
    private static partial Regex OurAnnots();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex References();

    [GeneratedRegex(@"/Rect \[([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\]")]
    private static partial Regex WidgetRect();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}

/// <summary>A signed PDF but for its /Contents: the bytes to sign, and where the CMS goes.</summary>
public sealed class PdfPreparedSignature
{
    private readonly byte[] _file;
    private readonly long _contentsAt;
    private readonly int _reserve;

    internal PdfPreparedSignature(byte[] file, byte[] covered, long contentsAt, int reserve)
    {
        (_file, Covered, _contentsAt, _reserve) = (file, covered, contentsAt, reserve);
    }

    /// <summary>What the /ByteRange covers: the file without the /Contents hex string.</summary>
    public byte[] Covered { get; }

    /// <summary>The signed file: the CMS (DER) written as hex into /Contents, the rest of its room left as zeros.</summary>
    public byte[] Complete(byte[] cms)
    {
        if (cms.Length > _reserve)
        {
            throw new InvalidOperationException($"The signature takes {cms.Length} bytes, more than the {_reserve} kept for it.");
        }

        var signed = (byte[])_file.Clone();
        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(signed, _contentsAt);
        return signed;
    }
}
