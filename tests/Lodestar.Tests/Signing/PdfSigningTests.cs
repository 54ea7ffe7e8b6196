using System.Security.Cryptography.Pkcs;
using System.Text;
using Lodestar.Common.Pdf;
using Lodestar.Setup;
using Lodestar.Signing;
using Lodestar.Steering;
using Microsoft.Extensions.Configuration;
using static Lodestar.Tests.Common.Pdf.PdfTools;

namespace Lodestar.Tests.Signing;

/// <summary>
/// The pack signed with openssl-made certificates (Shared/TestPki), then read back by poppler's pdfsig, qpdf and our
/// own verifier: a valid signature, a byte changed after signing, an expired and an untrusted certificate.
/// </summary>
public sealed class PdfSigningTests
{
    private static readonly TestPki Pki = TestPki.Instance;

    internal static byte[] Pack() => PackPdf.Write(new PackDocument(
        "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "41/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
        "Tình hình chuyển đổi số quý III năm 2026", ["Các đơn vị tiếp tục đẩy mạnh chuyển đổi số."], [],
        ["- Lưu: VT, BCĐ."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Hùng", Draft: false));

    internal static SigningOptions Options(string? p12 = null, string? roots = null) => new()
    {
        Certificate = p12 ?? Pki.Signer,
        Password = TestPki.Password,
        TrustedRoots = roots ?? Pki.RootPem,
    };

    private static async Task<byte[]> SignAsync(byte[] pdf, string? p12 = null)
    {
        using var signer = new DocumentSigner(Options(p12), TestTime.Clock);
        return await signer.SignAsync(pdf, new SignatureIntent("Phát hành báo cáo số 41/BC-BCĐ; người phát hành: Nguyễn Thị Lan"));
    }

    private static SignatureReport Verify(byte[] pdf) => new SignatureVerifier(Options(), TestTime.Clock).Verify(pdf);

    private static string Save(byte[] pdf)
    {
        var file = Pki.PathOf($"signed-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        return file;
    }

    /// <summary>pdfsig's report; it answers 0 even for a broken signature, and its verdict lines are what the tests read.</summary>
    private static async Task<string> PdfSigAsync(string file) => (await RunAsync("pdfsig", "-nocert", file)).Output;

    [Fact]
    public async Task Sign_APack_IsAnIncrementalUpdateThatPdfsigQpdfAndLodestarAccept()
    {
        var pack = Pack();

        var signed = await SignAsync(pack);
        var file = Save(signed);

        Assert.Equal(pack, signed[..pack.Length]);
        await CheckAsync(file);
        var pdfsig = await PdfSigAsync(file);
        Assert.Contains("Signature #1:", pdfsig, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature #2:", pdfsig, StringComparison.Ordinal);
        Assert.Contains($"Signer Certificate Common Name: {TestPki.SignerName}", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Signed Ranges:", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Total document signed", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig, StringComparison.Ordinal);

        var report = Verify(signed);
        var v = Assert.Single(report.Signatures);
        Assert.True(report.Signed);
        Assert.Equal((TestPki.SignerName, TestPki.Organisation, true, true, true, true), (v.Signer, v.Organisation, v.Intact, v.CertificateValid, v.Trusted, v.CoversWholeDocument));
        Assert.Equal("Phát hành báo cáo số 41/BC-BCĐ; người phát hành: Nguyễn Thị Lan", v.Reason);
        Assert.Equal("ETSI.CAdES.detached", v.SubFilter);
        Assert.Equal(TestTime.Start.UtcDateTime, v.SignedAt!.Value.UtcDateTime, TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromHours(7), v.SignedAt.Value.Offset);
    }

    [Fact]
    public async Task Sign_TheCms_IsPadesBaseline_Sha256_SigningCertificateV2_ChainEmbedded_NoSigningTime()
    {
        var field = Assert.Single(PdfSignatures.Find(await SignAsync(Pack())));
        var cms = new SignedCms(new ContentInfo(field.Covered!), detached: true);
        cms.Decode(field.Cms!);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        var attributes = signer.SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();

        signer.CheckSignature(verifySignatureOnly: true);
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value);
        Assert.Contains(Cades.SigningCertificateV2Oid, attributes);
        Assert.DoesNotContain("1.2.840.113549.1.9.5", attributes);
        Assert.Equal(["Lodestar Test Root CA", TestPki.SignerName], cms.Certificates.Select(c => c.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Verify_AByteChangedAfterSigning_IsCaughtByPdfsigAndByLodestar()
    {
        var signed = await SignAsync(Pack());
        var at = Encoding.Latin1.GetString(signed).IndexOf("/Producer (Lodestar)", StringComparison.Ordinal) + "/Producer (".Length;
        signed[at] = (byte)'X';

        var pdfsig = await PdfSigAsync(Save(signed));
        var v = Assert.Single(Verify(signed).Signatures);

        Assert.Contains("Signature Validation: Digest Mismatch.", pdfsig, StringComparison.Ordinal);
        Assert.False(v.Intact);
        Assert.Equal(TestPki.SignerName, v.Signer);
    }

    [Fact]
    public async Task Verify_ACertificateExpiredBeforeSigning_IsNotValid_NorTrusted_ButIntact()
    {
        var signed = await SignAsync(Pack(), Pki.Expired);

        var v = Assert.Single(Verify(signed).Signatures);
        var pdfsig = await PdfSigAsync(Save(signed));

        Assert.Equal((true, false, false), (v.Intact, v.CertificateValid, v.Trusted));
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ACertificateOfAnUnknownCa_IsValidButNotTrusted()
    {
        var v = Assert.Single(Verify(await SignAsync(Pack(), Pki.Untrusted)).Signatures);

        Assert.Equal((true, true, false, "Người lạ"), (v.Intact, v.CertificateValid, v.Trusted, v.Signer));
    }

    [Fact]
    public async Task Verify_WithoutTrustedRootsConfigured_TrustsNothing()
    {
        var signed = await SignAsync(Pack());

        var v = Assert.Single(new SignatureVerifier(new SigningOptions(), TestTime.Clock).Verify(signed).Signatures);

        Assert.Equal((true, true, false), (v.Intact, v.CertificateValid, v.Trusted));
    }

    [Fact]
    public void Verify_AnUnsignedPdf_SaysSo()
    {
        var report = Verify(Pack());

        Assert.False(report.Signed);
        Assert.Empty(report.Signatures);
    }

    [Fact]
    public async Task Sign_WithoutAKeyConfigured_LeavesThePdfAsItIs()
    {
        using var signer = new DocumentSigner(new SigningOptions(), TestTime.Clock);
        var pack = Pack();

        Assert.False(signer.IsConfigured);
        Assert.Same(pack, await signer.SignAsync(pack, new SignatureIntent("x")));
    }

    [Theory]
    [InlineData("missing.p12", TestPki.Password, "LODESTAR_SIGNING_CERT=", "no such file")]
    [InlineData("signer.p12", "wrong", "LODESTAR_SIGNING_PASSWORD", "wrong password")]
    [InlineData("signer.pem", "", "LODESTAR_SIGNING_PASSWORD", "cannot open the PKCS#12 file")]
    public void Check_ABadCertificateSetting_StopsTheStartNamingTheVariable(string file, string password, string variable, string why)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LODESTAR_SIGNING_CERT"] = Pki.PathOf(file),
            ["LODESTAR_SIGNING_PASSWORD"] = password,
        }).Build();

        var e = Assert.Throws<SettingsException>(() => Settings.Check(config, LodestarServices.SettingsClasses));

        var problem = Assert.Single(e.Problems);
        Assert.StartsWith(variable, problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TrustedRootsThatAreMissing_StopTheStart()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LODESTAR_SIGNING_TRUSTED_ROOTS"] = "/nowhere/roots.pem" }).Build();

        var e = Assert.Throws<SettingsException>(() => Settings.Check(config, LodestarServices.SettingsClasses));

        Assert.StartsWith("LODESTAR_SIGNING_TRUSTED_ROOTS=/nowhere/roots.pem", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}
