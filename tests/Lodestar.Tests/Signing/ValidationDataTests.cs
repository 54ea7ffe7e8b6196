using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lodestar.Common.Pdf;
using Lodestar.Signing;
using Lodestar.Tests.Common.Pdf;

namespace Lodestar.Tests.Signing;

/// <summary>
/// The verifier and a document security store (PAdES B-LT): an update after the signature that adds only validation data
/// leaves the signature covering the document, any other later update does not; the store's certificates and CRLs
/// (made here with the test CA's key, and forged with a key nobody trusts) decide revocation without any network.
/// </summary>
public sealed class ValidationDataTests
{
    private static readonly TestPki Pki = TestPki.Instance;

    private static byte[] Pack() => PdfSigningTests.Pack();

    private static async Task<byte[]> SignedAsync()
    {
        using var signer = new DocumentSigner(PdfSigningTests.Options(), TestTime.Clock);
        return await signer.SignAsync(Pack(), new SignatureIntent("Ban hành báo cáo số 46/BC-BCĐ"));
    }

    private static SignatureVerdict VerifyOne(byte[] pdf) => Assert.Single(new SignatureVerifier(PdfSigningTests.Options(), TestTime.Clock).Verify(pdf).Signatures);

    private static X509Certificate2 Load(string pem) => X509CertificateLoader.LoadCertificateFromFile(Pki.PathOf(pem));

    private static byte[] Crl(DateTimeOffset? revokedAt) => Pki.SignerCrl(revokedAt);

    private static byte[] WithDss(byte[] signed, params byte[][] crls) => Pki.WithValidationData(signed, crls);

    [Fact]
    public async Task Verify_AnUpdateThatAddsOnlyADss_CoversTheDocument_AndSaysValidationDataWasAdded()
    {
        var signed = await SignedAsync();

        var v = VerifyOne(WithDss(signed, Crl(null)));

        Assert.Equal((true, true, true, true, true), (v.Intact, v.CoversWholeDocument, v.ValidationDataAdded, v.CertificateValid, v.Trusted));
        Assert.False(VerifyOne(signed).ValidationDataAdded);
    }

    [Fact]
    public async Task Verify_ASignerRevokedBeforeSigningInTheEmbeddedCrl_IsRevokedAndNotValid()
    {
        var v = VerifyOne(WithDss(await SignedAsync(), Crl(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero))));

        Assert.Equal((true, true, false, true, true), (v.Intact, v.RevocationChecked, v.CertificateValid, v.Revoked, v.Trusted));
    }

    [Fact]
    public async Task Verify_ASignerRevokedAfterSigning_OrNotListed_WasValidWhenItSigned()
    {
        var signed = await SignedAsync();

        var later = VerifyOne(WithDss(signed, Crl(TestTime.Start.AddDays(10))));
        var clean = VerifyOne(WithDss(signed, Crl(null)));

        Assert.Equal((true, false, true), (later.RevocationChecked, later.Revoked, later.CertificateValid));
        Assert.Equal((true, false, true), (clean.RevocationChecked, clean.Revoked, clean.CertificateValid));
        Assert.False(VerifyOne(signed).RevocationChecked);
    }

    [Fact]
    public async Task Verify_ACrlInTheNameOfTheCaSignedByAnotherKey_IsNotBelieved()
    {
        using var ca = Load("ca.pem");
        using var signer = Load("signer.pem");
        using var rogue = RSA.Create();
        rogue.ImportFromPem(File.ReadAllText(Pki.PathOf("rogue.key")));
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(signer.SerialNumberBytes.Span, new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var forged = builder.Build(ca.SubjectName, X509SignatureGenerator.CreateForRSA(rogue, RSASignaturePadding.Pkcs1), BigInteger.One,
            TestTime.Start.AddDays(30), HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false), TestTime.Start.AddDays(-1));

        var v = VerifyOne(WithDss(await SignedAsync(), forged));

        Assert.Equal((false, false, true), (v.RevocationChecked, v.Revoked, v.CertificateValid));
    }

    [Fact]
    public async Task Verify_ADssOfAnotherWriter_Indirect_WithVri_IsValidationDataToo()
    {
        using var root = Load("ca.pem");
        var signed = await SignedAsync();

        var pdf = Update(signed, (file, n) => new()
        {
            [file.Root] = CatalogWith(file, $" /DSS {n} 0 R"),
            [n] = $"<< /Type /DSS /Certs [{n + 1} 0 R] /CRLs {n + 2} 0 R /VRI << /ABCDEF << /Type /VRI /Cert [{n + 1} 0 R] /CRL [{n + 3} 0 R] /TU (D:20261118100000Z) >> >> >>",
            [n + 1] = Stream(root.RawData),
            [n + 2] = $"[{n + 3} 0 R]",
            [n + 3] = Stream(Crl(null)),
        });

        var file = Pki.PathOf($"dss-vri-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        await PdfTools.CheckAsync(file);
        var v = VerifyOne(pdf);
        Assert.Equal((true, true, true, false), (v.CoversWholeDocument, v.ValidationDataAdded, v.RevocationChecked, v.Revoked));
    }

    [Fact]
    public async Task Verify_ASignatureWhoseIntermediateCaIsOnlyInTheDss_ChainsToTheRootThroughIt()
    {
        // A sub-CA of the test CA, and a signer of it whose PKCS#12 carries no chain: the CMS holds the signer alone.
        var n = "sub-" + Guid.NewGuid().ToString("N")[..8];
        Pki.OpenSsl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-utf8", "-keyout", $"{n}-ca.key", "-subj", "/C=VN/O=Lodestar Test/CN=Lodestar Test Sub CA", "-out", $"{n}-ca.csr");
        Pki.OpenSsl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", $"{n}-ca.csr", "-out", $"{n}-ca.pem", "-notext", "-utf8",
            "-startdate", "20200101000000Z", "-enddate", "20400101000000Z", "-extensions", "root");
        Pki.OpenSsl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-utf8", "-keyout", $"{n}.key", "-subj", $"/C=VN/O={TestPki.Organisation}/CN=Ký qua CA trung gian", "-out", $"{n}.csr");
        Pki.OpenSsl("ca", "-batch", "-config", "ca.cnf", "-cert", $"{n}-ca.pem", "-keyfile", $"{n}-ca.key", "-in", $"{n}.csr", "-out", $"{n}.pem", "-notext", "-utf8",
            "-startdate", "20200101000000Z", "-enddate", "20400101000000Z", "-extensions", "signer");
        Pki.OpenSsl("pkcs12", "-export", "-inkey", $"{n}.key", "-in", $"{n}.pem", "-out", $"{n}.p12", "-passout", $"pass:{TestPki.Password}");
        using var signer = new DocumentSigner(PdfSigningTests.Options(Pki.PathOf($"{n}.p12")), TestTime.Clock);
        var signed = await signer.SignAsync(Pack(), new SignatureIntent("Ban hành báo cáo số 46/BC-BCĐ"));
        using var own = Load($"{n}.pem");
        using var sub = Load($"{n}-ca.pem");
        using var root = Load("ca.pem");

        var alone = VerifyOne(signed);
        var withDss = VerifyOne(PdfSigning.AddDss(signed, [own.RawData, sub.RawData, root.RawData], []));

        Assert.Equal((true, false), (alone.Intact, alone.Trusted));
        Assert.Equal((true, true, true, true), (withDss.Intact, withDss.Trusted, withDss.CertificateValid, withDss.CoversWholeDocument));
    }

    /// <summary>Later updates that are not validation data only: each must leave the signature not covering the document.</summary>
    public static TheoryData<string> Changes => ["catalog gains /OpenAction", "page rewritten", "info rewritten", "stream is content, not DER", "object outside the DSS", "bytes appended", "an object freed"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Verify_ALaterUpdateThatChangesMoreThanValidationData_IsReportedAsAChange(string change)
    {
        var plain = await SignedAsync();
        var signed = WithDss(plain, Crl(null));

        var pdf = change switch
        {
            "catalog gains /OpenAction" => Update(signed, (file, n) => new() { [file.Root] = CatalogWith(file, $" /OpenAction [{file.FirstPage()} 0 R /Fit]") }),
            "page rewritten" => Update(signed, (file, n) => new() { [file.FirstPage()] = file.Object(file.FirstPage()).Replace("/MediaBox", "/Rotate 90 /MediaBox", StringComparison.Ordinal) }),
            "info rewritten" => Update(signed, (file, n) => new() { [file.Info!.Value] = "<< /Producer (Someone else) >>" }),
            "stream is content, not DER" => Update(plain, (file, n) => new()
            {
                [file.Root] = CatalogWith(file, $" /DSS << /Certs [{n} 0 R] >>"),
                [n] = Stream("BT /F1 24 Tf 72 72 Td (Da sua) Tj ET"u8.ToArray()),
            }),
            "object outside the DSS" => Update(signed, (file, n) => new() { [n] = "<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (x) >>" }),
            "bytes appended" => [.. signed, .. "\n1 0 obj\n<< >>\nendobj\n"u8],
            _ => Update(signed, (file, n) => [], free: file => file.FirstPage()),
        };

        var v = VerifyOne(pdf);
        Assert.Equal((true, false, false), (v.Intact, v.CoversWholeDocument, v.ValidationDataAdded));
    }

    private static string CatalogWith(PdfFile file, string entries)
    {
        var catalog = file.Object(file.Root);
        return catalog[..catalog.LastIndexOf(">>", StringComparison.Ordinal)].TrimEnd() + entries + " >>";
    }

    private static string Stream(byte[] data) =>
        $"<< /Length {data.Length} >>\nstream\n{Encoding.Latin1.GetString(data)}\nendstream";

    /// <summary>Appends an incremental update, as another writer would: the objects (number → body; n is the first new number), a classic table, a trailer with /Prev.</summary>
    private static byte[] Update(byte[] pdf, Func<PdfFile, int, Dictionary<int, string>> objects, Func<PdfFile, int>? free = null)
    {
        var file = PdfFile.Read(pdf);
        var bodies = objects(file, file.Size);
        var output = new StringBuilder(Encoding.Latin1.GetString(pdf));
        var offsets = new SortedDictionary<int, int>();
        foreach (var (id, body) in bodies)
        {
            offsets[id] = output.Length;
            output.Append(CultureInfo.InvariantCulture, $"{id} 0 obj\n{body}\nendobj\n");
        }

        var xref = output.Length;
        output.Append("xref\n");
        foreach (var (id, at) in offsets)
        {
            output.Append(CultureInfo.InvariantCulture, $"{id} 1\n{at:D10} 00000 n \n");
        }

        if (free?.Invoke(file) is { } freed)
        {
            output.Append(CultureInfo.InvariantCulture, $"{freed} 1\n0000000000 00001 f \n");
        }

        var size = Math.Max(file.Size, offsets.Count == 0 ? 0 : offsets.Keys.Max() + 1);
        output.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} /Root {file.Root} 0 R /Info {file.Info} 0 R /Prev {file.StartXref} >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(output.ToString());
    }
}
