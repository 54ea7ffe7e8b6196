using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lodestar.Signing;
using Lodestar.Steering;
using Lodestar.Tests.Common;
using static Lodestar.Tests.Common.Pdf.PdfTools;

namespace Lodestar.Tests.Signing;

/// <summary>
/// PAdES B-LT: a signer whose certificate names a CRL distribution point on a loopback server; the CRL is made by
/// <c>openssl ca -gencrl</c> of the test CA. Signing fetches it and keeps it, with the chain, in the document security
/// store, so a verifier needs neither the CA nor Lodestar later; pdfsig still finds the signature valid.
/// </summary>
public sealed class LongTermTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly HttpListener _listener = new();
    private readonly int _port;
    private readonly string _name = "ltv-" + Guid.NewGuid().ToString("N")[..8];

    public LongTermTests()
    {
        _port = FreePort.Next();

        // A signer of the test CA whose certificate points at this server for its CRL, then the CA's CRL in DER.
        File.WriteAllText(Pki.PathOf($"{_name}.ext"), $"""
            [ ltv ]
            basicConstraints = critical,CA:false
            keyUsage = critical,digitalSignature,nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            crlDistributionPoints = URI:http://127.0.0.1:{_port}/ca.crl
            """);
        Pki.OpenSsl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-utf8", "-keyout", $"{_name}.key", "-subj", $"/C=VN/O={TestPki.Organisation}/CN=Ký số dài hạn", "-out", $"{_name}.csr");
        Pki.OpenSsl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", $"{_name}.csr", "-out", $"{_name}.pem", "-notext", "-utf8",
            "-startdate", "20200101000000Z", "-enddate", "20400101000000Z", "-extfile", $"{_name}.ext", "-extensions", "ltv");
        Pki.OpenSsl("pkcs12", "-export", "-inkey", $"{_name}.key", "-in", $"{_name}.pem", "-certfile", "ca.pem", "-out", $"{_name}.p12", "-passout", $"pass:{TestPki.Password}");
        Pki.OpenSsl("ca", "-gencrl", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-crldays", "30", "-out", $"{_name}.crl.pem");
        Pki.OpenSsl("crl", "-in", $"{_name}.crl.pem", "-outform", "DER", "-out", $"{_name}.crl");
        Crl = File.ReadAllBytes(Pki.PathOf($"{_name}.crl"));

        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private byte[] Crl { get; }

    private int Requests { get; set; }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Requests++;
            var found = context.Request.Url?.AbsolutePath == "/ca.crl";
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = "application/pkix-crl";
            if (found)
            {
                await context.Response.OutputStream.WriteAsync(Crl);
            }

            context.Response.Close();
        }
    }

    private static byte[] Pack() => PackPdf.Write(new PackDocument(
        "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "44/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
        "Tình hình chuyển đổi số quý III năm 2026", ["Các đơn vị tiếp tục đẩy mạnh chuyển đổi số."], [],
        ["- Lưu: VT, BCĐ."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Hùng", Draft: false));

    [Fact]
    public async Task Sign_WithLtv_FetchesTheCrlOfTheDistributionPoint_AndKeepsItWithTheChainInTheDss()
    {
        var options = new SigningOptions { Certificate = Pki.PathOf($"{_name}.p12"), Password = TestPki.Password, TrustedRoots = Pki.RootPem, LongTerm = true };
        using var signer = new DocumentSigner(options, TestTime.Clock);
        var pack = Pack();

        var signed = await signer.SignAsync(pack, new SignatureIntent("Ban hành báo cáo số 44/BC-BCĐ"));
        var file = Pki.PathOf($"{_name}-signed.pdf");
        await File.WriteAllBytesAsync(file, signed);

        Assert.Equal(1, Requests);
        Assert.Equal(pack, signed[..pack.Length]);
        await CheckAsync(file);
        var pdfsig = (await RunAsync("pdfsig", "-nocert", file)).Output;
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig, StringComparison.Ordinal);
        var v = Assert.Single(new SignatureVerifier(options, TestTime.Clock).Verify(signed).Signatures);
        Assert.True(v.Intact && v.CertificateValid && v.Trusted);

        // The DSS follows the signature and adds only validation data: the signature covers the document, and the CRL
        // in the file (not the server, asked only once, while signing) says the signer was not revoked.
        Assert.Equal((true, true, true, false), (v.CoversWholeDocument, v.ValidationDataAdded, v.RevocationChecked, v.Revoked));
        Assert.Equal(1, Requests);

        // The last update is the DSS: the catalog lists the certificates and the CRL, whose streams hold their DER bytes.
        var text = System.Text.Encoding.Latin1.GetString(signed);
        Assert.Matches(@"/DSS << /Certs \[\d+ 0 R \d+ 0 R\] /CRLs \[\d+ 0 R\] >>", text);
        var expanded = Pki.PathOf($"{_name}-qdf.pdf");
        await RunAsync("qpdf", "--qdf", "--object-streams=disable", file, expanded);
        var bytes = await File.ReadAllBytesAsync(expanded);
        Assert.True(bytes.AsSpan().IndexOf(Crl) >= 0, "the CRL's DER is in the file");
        using var root = X509CertificateLoader.LoadCertificateFromFile(Pki.RootPem);
        Assert.True(bytes.AsSpan().IndexOf(root.RawData) >= 0, "the root's DER is in the file");
    }

    [Fact]
    public void CrlUrls_OfACertificateWithoutDistributionPoints_AreNone_AndOfTheLtvSigner_TheLoopbackOne()
    {
        using var plain = X509CertificateLoader.LoadCertificateFromFile(Pki.PathOf("signer.pem"));
        using var ltv = X509CertificateLoader.LoadCertificateFromFile(Pki.PathOf($"{_name}.pem"));

        Assert.Empty(RevocationData.CrlUrls(plain));
        Assert.Equal([new Uri($"http://127.0.0.1:{_port}/ca.crl")], RevocationData.CrlUrls(ltv));
    }

    public void Dispose()
    {
        _listener.Close();
        ((IDisposable)_listener).Dispose();
    }
}
