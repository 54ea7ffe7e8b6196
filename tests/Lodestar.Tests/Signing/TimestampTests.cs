using System.Net;
using Lodestar.Common.Pdf;
using Lodestar.Signing;
using Lodestar.Steering;
using Lodestar.Tests.Common;
using static Lodestar.Tests.Common.Pdf.PdfTools;

namespace Lodestar.Tests.Signing;

/// <summary>
/// PAdES B-T: a real RFC 3161 server — <c>openssl ts -reply</c> behind a small HttpListener — timestamps the signature;
/// the verifier reads the token and takes its time as the signing time. The TSA's time is the real clock's (openssl
/// knows no pinned clock); its certificate is valid 2020–2040, so any run date works.
/// </summary>
public sealed class TimestampTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public TimestampTests()
    {
        var config = Pki.PathOf("tsa.cnf");
        File.WriteAllText(config, $"""
            [ tsa ]
            default_tsa = test
            [ test ]
            serial = {Pki.PathOf("tsaserial")}
            crypto_device = builtin
            signer_cert = {Pki.PathOf("tsa.pem")}
            certs = {Pki.PathOf("ca.pem")}
            signer_key = {Pki.PathOf("tsa.key")}
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private int Port { get; }

    public int Requests { get; private set; }

    /// <summary>Each request's body goes to openssl ts -reply; its response goes back as application/timestamp-reply.</summary>
    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
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
            var id = Guid.NewGuid().ToString("N");
            var (query, reply) = (Pki.PathOf($"{id}.tsq"), Pki.PathOf($"{id}.tsr"));
            await using (var file = File.Create(query))
            {
                await context.Request.InputStream.CopyToAsync(file);
            }

            Pki.OpenSsl("ts", "-reply", "-config", Pki.PathOf("tsa.cnf"), "-queryfile", query, "-out", reply);
            var bytes = await File.ReadAllBytesAsync(reply);
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static byte[] Pack() => PackPdf.Write(new PackDocument(
        "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "42/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
        "Tình hình chuyển đổi số", ["Nội dung."], [], ["- Lưu: VT."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", null, Draft: false));

    [Fact]
    public async Task Sign_WithATimestampServer_CarriesItsToken_WhichTheVerifierReadsAsTheSigningTime()
    {
        var options = PdfSigningTests.Options();
        options = new SigningOptions { Certificate = options.Certificate, Password = options.Password, TrustedRoots = options.TrustedRoots, TimestampUrl = $"http://127.0.0.1:{Port}/tsa" };
        using var signer = new DocumentSigner(options, TestTime.Clock);

        var signed = await signer.SignAsync(Pack(), new SignatureIntent("Phát hành báo cáo số 42/BC-BCĐ"));
        var file = Path.Combine(Pki.Dir, "timestamped.pdf");
        await File.WriteAllBytesAsync(file, signed);

        Assert.Equal(1, Requests);
        var v = Assert.Single(new SignatureVerifier(options, TestTime.Clock).Verify(signed).Signatures);
        Assert.Equal((true, true, true, true), (v.Timestamped, v.Intact, v.CertificateValid, v.Trusted));
        Assert.Equal(TimeSpan.Zero, v.SignedAt!.Value.Offset); // the token's GeneralizedTime, UTC
        Assert.Contains("Signature Validation: Signature is Valid.", (await RunAsync("pdfsig", "-nocert", file)).Output, StringComparison.Ordinal);
        await CheckAsync(file);

        // openssl agrees the token is a timestamp of this signature's value by the test TSA.
        var field = Assert.Single(PdfSignatures.Find(signed));
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(field.Cms!);
        var token = cms.SignerInfos[0].UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == Cades.TimestampTokenOid).Values[0].RawData;
        await File.WriteAllBytesAsync(Pki.PathOf("token.der"), token);
        var text = Pki.OpenSsl("ts", "-reply", "-in", Pki.PathOf("token.der"), "-token_in", "-token_out", "-text");
        Assert.Contains("Hash Algorithm: sha256", text, StringComparison.Ordinal);
        Assert.Contains("Lodestar Test TSA", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_WithATimestampServerThatDoesNotAnswer_FailsNamingTheSetting()
    {
        var options = new SigningOptions { Certificate = Pki.Signer, Password = TestPki.Password, TimestampUrl = $"http://127.0.0.1:{FreePort.Next()}/tsa" };
        using var signer = new DocumentSigner(options, TestTime.Clock);

        var e = await Assert.ThrowsAsync<SigningKeyException>(() => signer.SignAsync(Pack(), new SignatureIntent("x")));

        Assert.StartsWith("LODESTAR_SIGNING_TSA=", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot reach the timestamp server", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
