using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lodestar.Signing;

/// <summary>
/// The organisation's key: its certificate, the chain to embed, and an RSA or ECDSA key that signs a hash. A PKCS#12
/// file (<see cref="Pkcs12Key"/>) or a PKCS#11 token (<see cref="Pkcs11Key"/>); a remote-signing service would be one
/// more kind that sends the hash away (docs/adr/0020).
/// </summary>
public abstract class SigningKey : IDisposable
{
    public abstract X509Certificate2 Certificate { get; }

    /// <summary>The certificates between the signer's and the root (the root included when the file has it).</summary>
    public abstract IReadOnlyList<X509Certificate2> Chain { get; }

    public abstract AsymmetricAlgorithm PrivateKey { get; }

    /// <summary>The key the options name, or null when none is set; <see cref="SigningKeyException"/> names the setting at fault.</summary>
    public static SigningKey? Open(SigningOptions options)
    {
        if (options.SignsWithFile && options.SignsWithToken)
        {
            throw new SigningKeyException("LODESTAR_SIGNING_CERT, LODESTAR_SIGNING_PKCS11: chỉ đặt một trong hai (tệp PKCS#12 hoặc thiết bị PKCS#11) / set only one of them (a PKCS#12 file or a PKCS#11 token)");
        }

        return options.SignsWithFile ? Pkcs12Key.Open(options.Certificate!, options.Password)
            : options.SignsWithToken ? Pkcs11Key.Open(options.Pkcs11Library!, options.Pkcs11Pin, options.Pkcs11Token)
            : null;
    }

    /// <summary>What stops the key from opening, as lines naming the setting (empty when it opens or none is set).</summary>
    public static IEnumerable<string> Problems(SigningOptions options)
    {
        try
        {
            using var key = Open(options);
        }
        catch (SigningKeyException e)
        {
            return [e.Message];
        }

        return [];
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The certificates that go with the signer's: the others of the file, minus the signer's own.</summary>
    protected static List<X509Certificate2> ChainOf(X509Certificate2 signer, IEnumerable<X509Certificate2> others) =>
        [.. others.Where(c => !c.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span))];
}

/// <summary>A key that cannot be used: the message names the setting and says what is wrong, in Vietnamese and English.</summary>
public sealed class SigningKeyException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What went wrong on a PKCS#11 token, so that a person's form can say it in its own words.</summary>
    public TokenFailure Failure { get; init; }
}

/// <summary>Why a key on a PKCS#11 token did not open (<see cref="TokenFailure.None"/>: another reason).</summary>
public enum TokenFailure
{
    None,
    NoToken,
    OrganisationToken,
    Busy,
    WrongPin,
    PinLocked,
    NoKey,
}

/// <summary>A PKCS#12 file: the certificate with a private key is the signer's, the others are its chain.</summary>
public sealed class Pkcs12Key : SigningKey
{
    private readonly X509Certificate2Collection _all;
    private readonly X509Certificate2 _signer;
    private readonly AsymmetricAlgorithm _key;

    private Pkcs12Key(X509Certificate2Collection all, X509Certificate2 signer, AsymmetricAlgorithm key)
    {
        (_all, _signer, _key) = (all, signer, key);
        Chain = ChainOf(signer, all);
    }

    public override X509Certificate2 Certificate => _signer;

    public override IReadOnlyList<X509Certificate2> Chain { get; }

    public override AsymmetricAlgorithm PrivateKey => _key;

    public static Pkcs12Key Open(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_CERT={path}: không có tệp này / no such file");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new SigningKeyException(
                $"LODESTAR_SIGNING_PASSWORD: không mở được tệp PKCS#12 {path} — sai mật khẩu hoặc tệp hỏng / cannot open the PKCS#12 file {path} — wrong password or a damaged file", e);
        }

        return Of(all) ?? throw new SigningKeyException($"LODESTAR_SIGNING_CERT={path}: tệp không chứa khóa bí mật RSA hoặc ECDSA / the file holds no RSA or ECDSA private key");
    }

    /// <summary>The key of PKCS#12 bytes (a person's, kept protected); null when they hold no RSA or ECDSA private key. A wrong password throws <see cref="CryptographicException"/>.</summary>
    public static Pkcs12Key? Load(byte[] pkcs12, string? password) =>
        Of(X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet));

    private static Pkcs12Key? Of(X509Certificate2Collection all)
    {
        var signer = all.FirstOrDefault(c => c.HasPrivateKey);
        AsymmetricAlgorithm? key = signer?.GetRSAPrivateKey() ?? (AsymmetricAlgorithm?)signer?.GetECDsaPrivateKey();
        if (signer is null || key is null)
        {
            foreach (var c in all)
            {
                c.Dispose();
            }

            return null;
        }

        return new Pkcs12Key(all, signer, key);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
            foreach (var c in _all)
            {
                c.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
