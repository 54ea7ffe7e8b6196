using System.Runtime.InteropServices;
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
    private const string Library = "/usr/lib/softhsm/libsofthsm2.so", Label = "lodestar", Pin = "123456";
    private static readonly TestPki Pki = TestPki.Instance;
    private static readonly Lazy<bool> Token = new(MakeToken);

    /// <summary>SoftHSM reads SOFTHSM2_CONF from the process's C environment when the library starts: set there, not only in .NET's copy.</summary>
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in the test project; one call does not warrant it.
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    private static byte[] C(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");
#pragma warning restore SYSLIB1054

    private static bool MakeToken()
    {
        var dir = Pki.PathOf("softhsm");
        Directory.CreateDirectory(Path.Combine(dir, "tokens"));
        var conf = Path.Combine(dir, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n");
        Assert.Equal(0, SetEnv(C("SOFTHSM2_CONF"), C(conf), 1));
        var env = new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf };

        Pki.Run("softhsm2-util", env, "--init-token", "--free", "--label", Label, "--pin", Pin, "--so-pin", "12345678");
        Pki.Run("softhsm2-util", env, "--import", Pki.PathOf("signer.key"), "--token", Label, "--label", "signer", "--id", "01", "--pin", Pin);
        Pki.OpenSsl("x509", "-in", "signer.pem", "-outform", "DER", "-out", "signer.der");
        Pki.Run("pkcs11-tool", env, "--module", Library, "--token-label", Label, "--login", "--pin", Pin,
            "--write-object", Pki.PathOf("signer.der"), "--type", "cert", "--id", "01", "--label", "signer");
        return true;
    }

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
