using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lodestar.Tests.Common;
using Xunit.Abstractions;

namespace Lodestar.Tests.Security;

/// <summary>
/// The data-protection keys that sign cookies and bearer tokens, encrypted at rest with LODESTAR_KEYS_CERT: the key files
/// hold no key in clear, the same certificate reads them after a restart (sign-ins survive), and a certificate that
/// cannot be read stops the start naming the variable.
/// </summary>
public sealed class KeysAtRestTests(ITestOutputHelper output) : DatabaseTest, IDisposable
{
    private const string Password = "Kiem-Thu-Khoa-2026";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lodestar-keys-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task WithACertificate_KeysAreEncrypted_AndSignInsSurviveARestart()
    {
        var pfx = Path.Combine(_dir.FullName, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Lodestar keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(200));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "mat-khau-chung-thu"));
        }

        var settings = Database.Settings();
        var dataDir = settings.GetValueOrDefault("LODESTAR_DATA_DIR") ?? Path.Combine(_dir.FullName, "data");
        settings["LODESTAR_DATA_DIR"] = dataDir;
        settings["LODESTAR_KEYS_CERT"] = pfx;
        settings["LODESTAR_KEYS_CERT_PASSWORD"] = "mat-khau-chung-thu";

        string token;
        await using (var app = await WebApp.StartAsync(settings, output, Password))
        {
            token = await app.TokenAsync("admin", Password);
        }

        var files = Directory.GetFiles(Path.Combine(dataDir, "keys"), "*.xml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // a key in clear is <masterKey><value>…</value>
        }

        await using (var again = await WebApp.StartAsync(settings, output, Password))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks/summary");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var answer = await again.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        settings["LODESTAR_KEYS_CERT_PASSWORD"] = "sai-mat-khau";
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WebApp.StartAsync(settings, output, Password));
        Assert.Contains("LODESTAR_KEYS_CERT: không đọc được chứng thư", refused.Message, StringComparison.Ordinal);
    }
}
