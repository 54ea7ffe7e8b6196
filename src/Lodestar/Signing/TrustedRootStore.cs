using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lodestar.Signing;

/// <summary>The root certificates of LODESTAR_SIGNING_TRUSTED_ROOTS: a PEM bundle, or a folder of .pem/.crt/.cer files (PEM or DER).</summary>
public static class TrustedRootStore
{
    private static readonly string[] Extensions = [".pem", ".crt", ".cer"];

    public static X509Certificate2Collection Load(string? path)
    {
        var roots = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(path))
        {
            return roots;
        }

        var files = Directory.Exists(path)
            ? (IEnumerable<string>)Directory.GetFiles(path).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
            : File.Exists(path) ? [path] : throw new SigningKeyException($"LODESTAR_SIGNING_TRUSTED_ROOTS={path}: không có tệp hay thư mục này / no such file or folder");
        foreach (var file in files)
        {
            try
            {
                var text = File.ReadAllText(file);
                if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    roots.ImportFromPem(text);
                }
                else
                {
                    roots.Add(X509CertificateLoader.LoadCertificateFromFile(file));
                }
            }
            catch (CryptographicException e)
            {
                throw new SigningKeyException($"LODESTAR_SIGNING_TRUSTED_ROOTS={path}: {Path.GetFileName(file)} không phải chứng thư / is not a certificate", e);
            }
        }

        return roots.Count > 0 ? roots : throw new SigningKeyException($"LODESTAR_SIGNING_TRUSTED_ROOTS={path}: không có chứng thư nào / holds no certificate");
    }

    public static IEnumerable<string> Problems(SigningOptions options)
    {
        try
        {
            Load(options.TrustedRoots);
            return [];
        }
        catch (SigningKeyException e)
        {
            return [e.Message];
        }
    }
}
