using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lodestar.Common.Pdf;

namespace Lodestar.Testing;

/// <summary>
/// Certificates for signing tests, made once per test process with Debian's <c>openssl</c> (<c>openssl ca</c> sets the
/// dates, so they do not depend on today): a root CA, the organisation's signer and a timestamp authority valid
/// 2020–2040 (across any pinned test clock), a signer that expired in 2019, a signer of a CA nobody trusts, a person's own certificate and a PKCS#12 without a key.
/// PKCS#12 files use the password <see cref="Password"/>.
/// </summary>
public sealed class TestPki
{
    /// <summary>What a checker of signed PDFs (pdfsig, qpdf) prints, its errors after its output, whatever its exit code.</summary>
    public static async Task<string> ToolAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output + await p.StandardError.ReadToEndAsync();
    }

    public const string Password = "mat-khau-ky-so";
    public const string SignerName = "Sở Khoa học và Công nghệ";
    public const string Organisation = "UBND tỉnh Lạng Sơn";

    /// <summary>The common name of a person's own certificate (issue 20 item 3): an approver, a chair.</summary>
    public const string PersonName = "Nguyễn Văn Duyệt";

    /// <summary>The same person as a provider often writes the name: capitals, no marks.</summary>
    public const string PersonNamePlain = "NGUYEN VAN DUYET";

    private static readonly Lazy<TestPki> Made = new(() => new TestPki());

    private TestPki()
    {
        Dir = Path.Combine(Path.GetTempPath(), "lodestar-pki-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);

        // Everything a signing test writes goes in this folder; it goes when the test process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a tool: the folder stays in the temp directory.
            }
        };
        File.WriteAllText(Path.Combine(Dir, "ca.cnf"), $"""
            [ ca ]
            default_ca = test
            [ test ]
            database = {Dir}/index.txt
            new_certs_dir = {Dir}
            serial = {Dir}/serial
            default_md = sha256
            policy = any
            unique_subject = no
            email_in_dn = no
            string_mask = utf8only
            [ any ]
            countryName = optional
            organizationName = optional
            commonName = supplied
            [ root ]
            basicConstraints = critical,CA:true
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            [ signer ]
            basicConstraints = critical,CA:false
            keyUsage = critical,digitalSignature,nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [ tsa ]
            basicConstraints = critical,CA:false
            keyUsage = critical,digitalSignature,nonRepudiation
            extendedKeyUsage = critical,timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """);
        File.WriteAllText(Path.Combine(Dir, "index.txt"), "");
        File.WriteAllText(Path.Combine(Dir, "serial"), "1000\n");

        Root("ca", "Lodestar Test Root CA");
        Root("rogue", "Rogue CA");
        Issue("signer", "ca", $"/C=VN/O={Organisation}/CN={SignerName}", "signer", "20200101000000Z", "20400101000000Z");
        Issue("expired", "ca", $"/C=VN/O={Organisation}/CN=Chứng thư hết hạn", "signer", "20150101000000Z", "20190101000000Z");
        Issue("untrusted", "rogue", "/C=VN/O=Không rõ/CN=Người lạ", "signer", "20200101000000Z", "20400101000000Z");
        Issue("person", "ca", $"/C=VN/O={Organisation}/CN={PersonName}", "signer", "20200101000000Z", "20400101000000Z");
        Issue("person-plain", "ca", $"/C=VN/O={Organisation}/CN={PersonNamePlain}", "signer", "20200101000000Z", "20400101000000Z");
        OpenSsl("pkcs12", "-export", "-nokeys", "-in", "person.pem", "-certfile", "ca.pem", "-out", "keyless.p12", "-passout", $"pass:{Password}");
        Issue("tsa", "ca", "/C=VN/O=Lodestar Test/CN=Lodestar Test TSA", "tsa", "20200101000000Z", "20400101000000Z");
    }

    public static TestPki Instance => Made.Value;

    public string Dir { get; }

    /// <summary>The root every test deployment trusts (PEM).</summary>
    public string RootPem => Path.Combine(Dir, "ca.pem");

    public string Signer => Path.Combine(Dir, "signer.p12");

    public string Expired => Path.Combine(Dir, "expired.p12");

    public string Untrusted => Path.Combine(Dir, "untrusted.p12");

    /// <summary>A person's own PKCS#12 (<see cref="PersonName"/>), of the trusted test CA.</summary>
    public string Person => Path.Combine(Dir, "person.p12");

    /// <summary>A PKCS#12 with the person's certificate and no private key.</summary>
    public string KeyLess => Path.Combine(Dir, "keyless.p12");

    /// <summary>A file of the folder: name.pem (certificate), name.key (private key, unencrypted), name.p12.</summary>
    public string PathOf(string file) => Path.Combine(Dir, file);

    private void Root(string name, string cn)
    {
        OpenSsl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-utf8", "-keyout", $"{name}.key", "-subj", $"/C=VN/O=Lodestar Test/CN={cn}", "-out", $"{name}.csr");
        OpenSsl("ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", $"{name}.key", "-in", $"{name}.csr", "-out", $"{name}.pem", "-notext", "-utf8",
            "-startdate", "20200101000000Z", "-enddate", "20400101000000Z", "-extensions", "root");
    }

    private void Issue(string name, string ca, string subject, string extensions, string from, string to)
    {
        OpenSsl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-utf8", "-keyout", $"{name}.key", "-subj", subject, "-out", $"{name}.csr");
        OpenSsl("ca", "-batch", "-config", "ca.cnf", "-cert", $"{ca}.pem", "-keyfile", $"{ca}.key", "-in", $"{name}.csr", "-out", $"{name}.pem", "-notext", "-utf8",
            "-startdate", from, "-enddate", to, "-extensions", extensions);
        OpenSsl("pkcs12", "-export", "-inkey", $"{name}.key", "-in", $"{name}.pem", "-certfile", $"{ca}.pem", "-out", $"{name}.p12", "-passout", $"pass:{Password}");
    }

    /// <summary>
    /// A CRL of the test CA, signed with its key by the base library's builder (its dates around <see cref="TestTime.Start"/>
    /// in any year), revoking the organisation's signer at <paramref name="revokedAt"/>; null: an empty CRL.
    /// </summary>
    public byte[] SignerCrl(DateTimeOffset? revokedAt)
    {
        using var ca = X509Certificate2.CreateFromPemFile(RootPem, PathOf("ca.key"));
        using var signer = X509CertificateLoader.LoadCertificateFromFile(PathOf("signer.pem"));
        var builder = new CertificateRevocationListBuilder();
        if (revokedAt is { } at)
        {
            builder.AddEntry(signer.SerialNumberBytes.Span, at, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(ca, BigInteger.One, TestTime.Start.AddDays(30), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, TestTime.Start.AddDays(-1));
    }

    /// <summary>A PDF signed by the organisation's signer with the validation data of PAdES B-LT added: its chain and these CRLs in a /DSS.</summary>
    public byte[] WithValidationData(byte[] pdf, params byte[][] crls)
    {
        using var root = X509CertificateLoader.LoadCertificateFromFile(RootPem);
        using var signer = X509CertificateLoader.LoadCertificateFromFile(PathOf("signer.pem"));
        return PdfSigning.AddDss(pdf, [signer.RawData, root.RawData], crls);
    }

    /// <summary>Runs openssl in the folder; a failure fails the test with openssl's own message.</summary>
    public string OpenSsl(params string[] args) => Run("openssl", null, args);

    /// <summary>Runs a tool in the folder, with extra environment variables; a failure throws with the tool's own message.</summary>
    public string Run(string tool, IDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{tool} {string.Join(' ', args)}: {error}");
    }
}
