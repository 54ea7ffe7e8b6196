using System.Formats.Asn1;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Lodestar.Common.Pdf;

/// <summary>
/// The validation data of a PDF's document security store (the catalog's /DSS, ISO 32000-2 §12.8.4.3, PAdES B-LT): the
/// DER bytes of its certificates, CRLs and OCSP responses, each once. Empty when the PDF has no DSS, or one this reader
/// does not recognise (see <see cref="Read"/>).
/// </summary>
public sealed record PdfValidationData(IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> Crls, IReadOnlyList<byte[]> Ocsps)
{
    public static readonly PdfValidationData None = new([], [], []);

    /// <summary>The DSS of the latest revision. A file with a cross-reference stream, or a DSS outside the schema below, gives <see cref="None"/>.</summary>
    public static PdfValidationData Read(byte[] pdf)
    {
        try
        {
            var file = PdfFile.Read(pdf);
            var objects = new PdfObjects(pdf, file);
            return objects.Get(file.Root) is Dictionary<string, object?> catalog && catalog.TryGetValue("DSS", out var dss)
                && new DssWalk(objects).Accepts(dss) is { } walk
                ? walk.Data
                : None;
        }
        catch (Exception e) when (Unreadable(e))
        {
            return None;
        }
    }

    /// <summary>
    /// Whether the bytes after <paramref name="signedLength"/> (where a signature's byte range ends) are incremental
    /// updates that add only validation data. The rule, strict on purpose (anything else is a change after signing):
    /// <list type="number">
    /// <item>the signed bytes end a complete revision, and the later cross-reference sections (classic tables) link back
    /// to it with /Prev, free no object, point only at objects written after the signature, and keep /Root and /Info;</item>
    /// <item>the only object of the signed revision they rewrite is the catalog, and it is the same apart from /DSS;</item>
    /// <item>every other object they write is a new number, reached from the /DSS through its schema — /Certs, /CRLs,
    /// /OCSPs arrays of streams; /VRI, a dictionary of dictionaries with /Cert, /CRL, /OCSP, /TU, /TS — and each stream
    /// holds one DER value (a certificate, CRL, OCSP response or timestamp) under no filter or /FlateDecode alone.</item>
    /// </list>
    /// So no page, content stream, annotation, form field or value can change or appear by a DSS-only update: the
    /// catalog keeps its /Pages and /AcroForm, old objects keep their bytes, and new ones are DER, not PDF content.
    /// </summary>
    public static bool OnlyAddedAfter(byte[] pdf, long signedLength)
    {
        if (signedLength <= 0 || signedLength >= pdf.Length)
        {
            return false;
        }

        try
        {
            var signed = PdfFile.Read(pdf[..(int)signedLength]);
            var whole = PdfFile.Read(pdf);
            var later = whole.Sections.TakeWhile(s => s.At >= signedLength).ToList();
            if (later.Count == 0 || whole.Sections.Count <= later.Count || whole.Sections[later.Count].At != signed.StartXref
                || later.Any(s => s.Freed.Any(id => id != 0) || s.Trailer.Contains("/Encrypt", StringComparison.Ordinal)
                    || PdfFile.RootAndInfo(s.Trailer) != (signed.Root, signed.Info)
                    || s.InUse.Values.Any(at => at < signedLength)))
            {
                return false;
            }

            var objects = new PdfObjects(pdf, whole);
            var before = new PdfObjects(pdf, signed);
            if (objects.Get(whole.Root) is not Dictionary<string, object?> catalog || before.Get(signed.Root) is not Dictionary<string, object?> signedCatalog
                || !Same(Without(catalog, "DSS"), Without(signedCatalog, "DSS")))
            {
                return false;
            }

            var walk = catalog.TryGetValue("DSS", out var dss) ? new DssWalk(objects).Accepts(dss) : null;
            return later.SelectMany(s => s.InUse.Keys).Where(id => id != whole.Root)
                .All(id => signed.OffsetOf(id) is null && walk is not null && walk.Reached.Contains(id));
        }
        catch (Exception e) when (Unreadable(e))
        {
            return false;
        }
    }

    /// <summary>What a malformed upload makes the reader throw; the answer is then "no validation data" or "changed".</summary>
    private static bool Unreadable(Exception e) =>
        e is NotSupportedException or FormatException or ArgumentException or IndexOutOfRangeException or OverflowException
            or InvalidDataException or AsnContentException or KeyNotFoundException;

    private static Dictionary<string, object?> Without(Dictionary<string, object?> dictionary, string key) =>
        dictionary.Where(e => e.Key != key).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
            x.Count == y.Count && x.All(e => y.TryGetValue(e.Key, out var v) && Same(e.Value, v)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => Equals(a, b),
    };

    /// <summary>Walks a /DSS by its schema, collecting the DER values and the object numbers it reaches; null when it strays from the schema.</summary>
    private sealed class DssWalk(PdfObjects objects)
    {
        private readonly List<byte[]> _certificates = [], _crls = [], _ocsps = [];

        public HashSet<int> Reached { get; } = [];

        public PdfValidationData Data => new(Distinct(_certificates), Distinct(_crls), Distinct(_ocsps));

        public DssWalk? Accepts(object? dss) => Dictionary(dss, key => key switch
        {
            "Certs" => v => Streams(v, _certificates),
            "CRLs" => v => Streams(v, _crls),
            "OCSPs" => v => Streams(v, _ocsps),
            "VRI" => v => Dictionary(v, _ => Vri),
            "Type" => v => v is PdfName { Value: "DSS" },
            _ => null,
        }) ? this : null;

        /// <summary>One signature's validation data, keyed by the hash of its signature value (ISO 32000-2 §12.8.4.4).</summary>
        private bool Vri(object? value) => Dictionary(value, key => key switch
        {
            "Cert" => v => Streams(v, _certificates),
            "CRL" => v => Streams(v, _crls),
            "OCSP" => v => Streams(v, _ocsps),
            "TS" => v => v is PdfRef && Der(Resolve(v)) is not null,
            "TU" => v => v is PdfString,
            "Type" => v => v is PdfName { Value: "VRI" },
            _ => null,
        });

        /// <summary>A dictionary (direct or referenced) each of whose keys has a rule that accepts its value.</summary>
        private bool Dictionary(object? value, Func<string, Func<object?, bool>?> rules) =>
            Resolve(value) is Dictionary<string, object?> d && d.All(e => rules(e.Key) is { } rule && rule(e.Value));

        private bool Streams(object? value, List<byte[]> into) =>
            Resolve(value) is List<object?> array && array.All(item => item is PdfRef && Der(Resolve(item)) is { } der && Add(into, der));

        private static bool Add(List<byte[]> into, byte[] der)
        {
            into.Add(der);
            return true;
        }

        private object? Resolve(object? value)
        {
            if (value is not PdfRef r)
            {
                return value;
            }

            Reached.Add(r.Id);
            return objects.Get(r.Id);
        }

        /// <summary>The DER value a validation-data stream holds: no filter or /FlateDecode alone, one SEQUENCE and nothing after it.</summary>
        private static byte[]? Der(object? value)
        {
            if (value is not PdfStream s || s.Dictionary.Keys.Any(k => k is not ("Length" or "Filter"))
                || (s.Dictionary.GetValueOrDefault("Filter") is { } filter && !IsFlate(filter is List<object?> { Count: 1 } one ? one[0] : filter)))
            {
                return null;
            }

            byte[] data = s.Data;
            if (s.Dictionary.ContainsKey("Filter"))
            {
                using var zlib = new ZLibStream(new MemoryStream(s.Data), CompressionMode.Decompress);
                using var output = new MemoryStream();
                zlib.CopyTo(output);
                data = output.ToArray();
            }

            AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.BER, out _, out _, out var consumed);
            return consumed == data.Length && Asn1Tag.Decode(data, out _).HasSameClassAndValue(Asn1Tag.Sequence) ? data : null;
        }

        private static bool IsFlate(object? filter) => filter is PdfName { Value: "FlateDecode" };

        private static List<byte[]> Distinct(List<byte[]> values) =>
            values.DistinctBy(Convert.ToHexString).ToList();
    }
}

internal sealed record PdfRef(int Id);

internal sealed record PdfName(string Value);

/// <summary>A string (literal or hex) as written, delimiters included.</summary>
internal sealed record PdfString(string Raw);

/// <summary>A stream: its dictionary and its bytes as stored (still encoded by its /Filter).</summary>
internal sealed record PdfStream(Dictionary<string, object?> Dictionary, byte[] Data);

/// <summary>
/// Reads the objects of a PDF (of one <see cref="PdfFile"/> revision) into plain values: dictionaries, lists, names,
/// references, strings, streams with a direct /Length, and other tokens (numbers, booleans, null) as their text.
/// Just what reading a /DSS and comparing a catalog take; a syntax error throws <see cref="FormatException"/>.
/// </summary>
internal sealed class PdfObjects(byte[] pdf, PdfFile file)
{
    private readonly string _text = Encoding.Latin1.GetString(pdf);
    private readonly Dictionary<int, object?> _read = [];
    private int _at;

    /// <summary>The object's value, or null when the revision has no such object.</summary>
    public object? Get(int id)
    {
        if (_read.TryGetValue(id, out var known))
        {
            return known;
        }

        if (file.OffsetOf(id) is not { } offset)
        {
            return null;
        }

        _at = (int)offset;
        if (Value() is not string number || number != id.ToString(CultureInfo.InvariantCulture) || Value() is not string || Token() != "obj")
        {
            throw new FormatException($"Object {id} is not where the cross-reference table says.");
        }

        var value = Value();
        var after = _at;
        if (value is Dictionary<string, object?> d && Token() == "stream")
        {
            _at += _text[_at] == '\r' && _text[_at + 1] == '\n' ? 2 : 1;
            var length = d.GetValueOrDefault("Length") is string l ? int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture) : throw new FormatException("A stream without a direct /Length.");
            value = new PdfStream(d, pdf[_at..(_at + length)]);
            _at += length;
            if (Token() != "endstream")
            {
                throw new FormatException($"Object {id}: its stream does not end at its /Length.");
            }
        }
        else
        {
            _at = after;
        }

        return _read[id] = value;
    }

    private object? Value()
    {
        SkipSpace();
        switch (_text[_at])
        {
            case '<' when _text[_at + 1] == '<':
                _at += 2;
                var d = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (SkipSpace() && !_text.AsSpan(_at).StartsWith(">>"))
                {
                    d[(Value() as PdfName ?? throw new FormatException("A dictionary key is not a name.")).Value] = Value();
                }

                _at += 2;
                return d;
            case '[':
                _at++;
                var list = new List<object?>();
                while (SkipSpace() && _text[_at] != ']')
                {
                    list.Add(Value());
                }

                _at++;
                return list;
            case '<':
                var close = _text.IndexOf('>', _at);
                return new PdfString(_text[_at..(_at = close + 1)]);
            case '(':
                var start = _at;
                for (var depth = 0; ; _at++)
                {
                    var c = _text[_at];
                    if (c == '\\')
                    {
                        _at++;
                        continue;
                    }

                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    if (depth == 0)
                    {
                        return new PdfString(_text[start..++_at]);
                    }
                }

            case '/':
                _at++;
                return new PdfName(Token());
            default:
                var token = Token();
                if (token.Length == 0)
                {
                    throw new FormatException($"Unexpected '{_text[_at]}' at {_at}.");
                }

                // "12 0 R" is a reference; anything else that starts with a number is that number.
                var back = _at;
                if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && SkipSpace()
                    && int.TryParse(Token(), NumberStyles.None, CultureInfo.InvariantCulture, out _) && SkipSpace() && Token() == "R")
                {
                    return new PdfRef(id);
                }

                _at = back;
                return token;
        }
    }

    /// <summary>A run of regular characters (ISO 32000-1 §7.2.2): a number, keyword or name's text.</summary>
    private string Token()
    {
        SkipSpace();
        var start = _at;
        while (_at < _text.Length && !IsSpace(_text[_at]) && "()<>[]{}/%".IndexOf(_text[_at]) < 0)
        {
            _at++;
        }

        return _text[start.._at];
    }

    /// <summary>Skips white space and comments; true, so that it reads inside a loop's condition.</summary>
    private bool SkipSpace()
    {
        while (_at < _text.Length && (IsSpace(_text[_at]) || _text[_at] == '%'))
        {
            if (_text[_at] == '%')
            {
                while (_at < _text.Length && _text[_at] is not ('\n' or '\r'))
                {
                    _at++;
                }
            }
            else
            {
                _at++;
            }
        }

        return _at < _text.Length ? true : throw new FormatException("The PDF ends inside an object.");
    }

    /// <summary>PDF's white space (ISO 32000-1 §7.2.2); not .NET's, which counts Latin-1 0x85 and 0xA0.</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\0';
}
