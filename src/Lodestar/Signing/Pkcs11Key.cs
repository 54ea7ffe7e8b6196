using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Lodestar.Signing;

/// <summary>
/// A key on a PKCS#11 token or HSM (the interface USB tokens speak), through Pkcs11Interop: one session logged in with
/// the PIN for the life of the process; the certificate on the token with a private key of the same CKA_ID signs.
/// The key never leaves the token: <see cref="TokenRsa"/> hands it the hash (CKM_RSA_PKCS over a DigestInfo).
/// </summary>
public sealed class Pkcs11Key : SigningKey
{
    private readonly IPkcs11Library _library;
    private readonly ISession _session;
    private readonly X509Certificate2 _certificate;
    private readonly TokenRsa _key;

    private Pkcs11Key(IPkcs11Library library, ISession session, X509Certificate2 certificate, List<X509Certificate2> chain, IObjectHandle key)
    {
        (_library, _session, _certificate, Chain) = (library, session, certificate, chain);
        _key = new TokenRsa(session, key, certificate);
    }

    public override X509Certificate2 Certificate => _certificate;

    public override IReadOnlyList<X509Certificate2> Chain { get; }

    public override AsymmetricAlgorithm PrivateKey => _key;

    /// <summary>
    /// Pkcs11Interop loads libraries through dlopen from "libdl", a name only a development package provides on Debian
    /// 12 (glibc has it as libdl.so.2, and in libc itself since 2.34): resolved here once, so no -dev package is needed.
    /// </summary>
    static Pkcs11Key()
    {
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, paths) =>
            name == "libdl" && (NativeLibrary.TryLoad("libdl.so.2", out var handle) || NativeLibrary.TryLoad("libc.so.6", out handle)) ? handle : IntPtr.Zero);
    }

    public static Pkcs11Key Open(string libraryPath, string? pin, string? tokenLabel)
    {
        if (!File.Exists(libraryPath))
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_PKCS11={libraryPath}: không có thư viện PKCS#11 này / no such PKCS#11 library");
        }

        var factories = new Pkcs11InteropFactories();
        IPkcs11Library library;
        try
        {
            library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, libraryPath, AppType.MultiThreaded);
        }
        catch (Exception e) when (e is Pkcs11Exception or LibraryArchitectureException or UnmanagedException)
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_PKCS11={libraryPath}: không nạp được thư viện PKCS#11 / cannot load the PKCS#11 library ({e.Message})", e);
        }

        ISession? session = null;
        try
        {
            var slot = library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => string.IsNullOrWhiteSpace(tokenLabel) || s.GetTokenInfo().Label.Trim() == tokenLabel.Trim())
                ?? throw new SigningKeyException(string.IsNullOrWhiteSpace(tokenLabel)
                    ? "LODESTAR_SIGNING_PKCS11: không có thiết bị ký nào được cắm / no token is present"
                    : $"LODESTAR_SIGNING_PKCS11_TOKEN={tokenLabel}: không có thiết bị ký mang nhãn này / no token has this label");
            session = slot.OpenSession(SessionType.ReadOnly);
            try
            {
                session.Login(CKU.CKU_USER, pin ?? "");
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_ARGUMENTS_BAD)
            {
                throw new SigningKeyException("LODESTAR_SIGNING_PKCS11_PIN: sai mã PIN của thiết bị ký / wrong PIN for the token", e);
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_LOCKED)
            {
                throw new SigningKeyException("LODESTAR_SIGNING_PKCS11_PIN: thiết bị ký đã khóa mã PIN / the token's PIN is locked", e);
            }

            var a = factories.ObjectAttributeFactory;
            var certificates = session.FindAllObjects([a.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)])
                .Select(h => session.GetAttributeValue(h, [CKA.CKA_VALUE, CKA.CKA_ID]))
                .Select(v => (Certificate: X509CertificateLoader.LoadCertificate(v[0].GetValueAsByteArray()), Id: v[1].GetValueAsByteArray()))
                .ToList();
            foreach (var (certificate, id) in certificates)
            {
                var keys = session.FindAllObjects([a.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), a.Create(CKA.CKA_ID, id)]);
                if (keys.Count > 0 && certificate.GetRSAPublicKey() is not null)
                {
                    return new Pkcs11Key(library, session, certificate, ChainOf(certificate, certificates.Select(c => c.Certificate)), keys[0]);
                }
            }

            throw new SigningKeyException("LODESTAR_SIGNING_PKCS11: thiết bị ký không có chứng thư RSA kèm khóa bí mật (cùng CKA_ID) / the token holds no RSA certificate with a private key of the same CKA_ID");
        }
        catch
        {
            session?.Dispose();
            library.Dispose();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _session.Dispose();
            _library.Dispose();
            _certificate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>An RSA key whose private half stays on the token: only signing a hash is possible.</summary>
    private sealed class TokenRsa(ISession session, IObjectHandle key, X509Certificate2 certificate) : RSA
    {
        private static readonly byte[] Sha256Prefix = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
        private readonly Lock _gate = new();

        public override int KeySize => certificate.GetRSAPublicKey()!.KeySize;

        public override RSAParameters ExportParameters(bool includePrivateParameters) =>
            includePrivateParameters ? throw new CryptographicException("The private key stays on the token.") : certificate.GetRSAPublicKey()!.ExportParameters(false);

        public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();

        public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
        {
            if (hashAlgorithm != HashAlgorithmName.SHA256 || padding != RSASignaturePadding.Pkcs1)
            {
                throw new NotSupportedException("The token signs SHA-256 with PKCS#1 v1.5 padding.");
            }

            var mechanism = new Pkcs11InteropFactories().MechanismFactory.Create(CKM.CKM_RSA_PKCS);
            lock (_gate)
            {
                return session.Sign(mechanism, key, [.. Sha256Prefix, .. hash]);
            }
        }

        public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
            certificate.GetRSAPublicKey()!.VerifyHash(hash, signature, hashAlgorithm, padding);
    }
}
