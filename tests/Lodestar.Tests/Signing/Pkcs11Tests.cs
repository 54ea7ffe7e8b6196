using Lodestar.Setup;
using Lodestar.Signing;
using Lodestar.Steering;
using Microsoft.Extensions.Configuration;
using static Lodestar.Tests.Common.Pdf.PdfTools;

namespace Lodestar.Tests.Signing;

/// <summary>
/// SoftHSM2 as a real PKCS#11 token (Debian's softhsm2; ./test.sh installs it): the organisation's openssl-made key and
/// certificate are put on a token of the test's own (softhsm2-util, pkcs11-tool); signing goes through the token; a wrong
/// PIN or an unknown token label stops the start naming the setting.
/// </summary>
public sealed class Pkcs11Tests
{
    private const string Library = SoftHsm.Library, Label = SoftHsm.Organisation, Pin = SoftHsm.Pin;
    private static readonly TestPki Pki = TestPki.Instance;
    private static readonly Lazy<bool> Token = new(SoftHsm.Made);

    private static IConfiguration Config(string pin, string? label = Label) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["LODESTAR_SIGNING_PKCS11"] = Library,
        ["LODESTAR_SIGNING_PKCS11_PIN"] = pin,
        ["LODESTAR_SIGNING_PKCS11_TOKEN"] = label,
        ["LODESTAR_SIGNING_TRUSTED_ROOTS"] = Pki.RootPem,
    }).Build();

    [Fact]
    public async Task Sign_ThroughTheToken_GivesASignatureThatPdfsigAndLodestarAccept()
    {
        Assert.True(Token.Value);
        var options = Settings.Read<SigningOptions>(Config(Pin));
        Settings.Check(Config(Pin), LodestarServices.SettingsClasses);
        using var signer = new DocumentSigner(options, TestTime.Clock);
        var pdf = PackPdf.Write(new PackDocument("UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "43/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8),
            "BÁO CÁO", "Ký bằng thiết bị", ["Nội dung."], [], ["- Lưu: VT."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", null, Draft: false));

        var signed = await signer.SignAsync(pdf, new SignatureIntent("Phát hành báo cáo số 43/BC-BCĐ"));
        var file = Pki.PathOf("token-signed.pdf");
        await File.WriteAllBytesAsync(file, signed);

        var v = Assert.Single(new SignatureVerifier(options, TestTime.Clock).Verify(signed).Signatures);
        Assert.Equal((TestPki.SignerName, true, true, true), (v.Signer, v.Intact, v.CertificateValid, v.Trusted));
        Assert.Contains("Signature Validation: Signature is Valid.", (await RunAsync("pdfsig", "-nocert", file)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AWrongPin_StopsTheStartNamingThePinSetting()
    {
        Assert.True(Token.Value);

        var e = Assert.Throws<SettingsException>(() => Settings.Check(Config("000000"), LodestarServices.SettingsClasses));

        Assert.Equal("LODESTAR_SIGNING_PKCS11_PIN: sai mã PIN của thiết bị ký / wrong PIN for the token", Assert.Single(e.Problems));
    }

    [Fact]
    public void Check_ATokenLabelNotPresent_StopsTheStartNamingTheTokenSetting()
    {
        Assert.True(Token.Value);

        var e = Assert.Throws<SettingsException>(() => Settings.Check(Config(Pin, "khong-co"), LodestarServices.SettingsClasses));

        Assert.StartsWith("LODESTAR_SIGNING_PKCS11_TOKEN=khong-co:", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}
