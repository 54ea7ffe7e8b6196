using System.Collections.Concurrent;
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
/// A library is loaded (C_Initialize) once per process and never finalized, since the organisation's key and people's
/// keys on the same module live side by side; a PKCS#11 login belongs to the token for the whole process, so a person's
/// token is another token than the organisation's and is held by one key at a time (<see cref="OpenPersonal"/>).
/// </summary>
public sealed class Pkcs11Key : SigningKey
{
    private static readonly ConcurrentDictionary<string, Lazy<IPkcs11Library>> Libraries = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Held = new(StringComparer.Ordinal);

    private readonly ISession _session;
    private readonly X509Certificate2 _certificate;
    private readonly TokenRsa _key;
    private readonly SemaphoreSlim? _hold;

    private Pkcs11Key(ISession session, X509Certificate2 certificate, List<X509Certificate2> chain, IObjectHandle key, SemaphoreSlim? hold)
    {
        (_session, _certificate, Chain, _hold) = (session, certificate, chain, hold);
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

    /// <summary>The organisation's key (LODESTAR_SIGNING_PKCS11, _PIN, _TOKEN): the first RSA certificate with a private key of the same CKA_ID.</summary>
    public static Pkcs11Key Open(string libraryPath, string? pin, string? tokenLabel)
    {
        var library = Library(libraryPath);
        var slot = SlotOf(library, tokenLabel) ?? throw new SigningKeyException(string.IsNullOrWhiteSpace(tokenLabel)
            ? "LODESTAR_SIGNING_PKCS11: không có thiết bị ký nào được cắm / no token is present"
            : $"LODESTAR_SIGNING_PKCS11_TOKEN={tokenLabel}: không có thiết bị ký mang nhãn này / no token has this label")
        { Failure = TokenFailure.NoToken };
        return Open(slot, pin, keyLabel: null, hold: null);
    }

    /// <summary>
    /// A person's key on the deployment's module (issue 20 item 3): their token by its label — never the organisation's
    /// (<paramref name="organisationToken"/>, or the first token when that is unset), whose login the organisation's key
    /// holds — and the certificate labelled <paramref name="keyLabel"/> with its private key. One key at a time holds a
    /// person's token (waiting up to 30 s), so its login always checks the PIN; disposing the key logs out.
    /// </summary>
    public static Pkcs11Key OpenPersonal(string libraryPath, string tokenLabel, string keyLabel, string pin, string? organisationToken)
    {
        var library = Library(libraryPath);
        var slot = SlotOf(library, tokenLabel)
            ?? throw new SigningKeyException($"{tokenLabel}: không có thiết bị ký mang nhãn này / no token has this label") { Failure = TokenFailure.NoToken };
        if (SlotOf(library, organisationToken) is { } organisation && organisation.SlotId == slot.SlotId)
        {
            throw new SigningKeyException($"{tokenLabel}: thiết bị của cơ quan / the organisation's token") { Failure = TokenFailure.OrganisationToken };
        }

        var hold = Held.GetOrAdd(libraryPath + "\n" + slot.SlotId, _ => new SemaphoreSlim(1, 1));
        if (!hold.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new SigningKeyException($"{tokenLabel}: thiết bị đang bận / the token is busy") { Failure = TokenFailure.Busy };
        }

        try
        {
            return Open(slot, pin, keyLabel, hold);
        }
        catch
        {
            hold.Release();
            throw;
        }
    }

    private static IPkcs11Library Library(string libraryPath)
    {
        if (!File.Exists(libraryPath))
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_PKCS11={libraryPath}: không có thư viện PKCS#11 này / no such PKCS#11 library");
        }

        var loaded = Libraries.GetOrAdd(libraryPath, path => new Lazy<IPkcs11Library>(() =>
        {
            var factories = new Pkcs11InteropFactories();
            return factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
        }));
        try
        {
            return loaded.Value;
        }
        catch (Exception e) when (e is Pkcs11Exception or LibraryArchitectureException or UnmanagedException)
        {
            Libraries.TryRemove(libraryPath, out _);
            throw new SigningKeyException($"LODESTAR_SIGNING_PKCS11={libraryPath}: không nạp được thư viện PKCS#11 / cannot load the PKCS#11 library ({e.Message})", e);
        }
    }

    /// <summary>The slot whose token has the label; with none given, the first token present.</summary>
    private static ISlot? SlotOf(IPkcs11Library library, string? tokenLabel) =>
        library.GetSlotList(SlotsType.WithTokenPresent)
            .FirstOrDefault(s => string.IsNullOrWhiteSpace(tokenLabel) || s.GetTokenInfo().Label.Trim() == tokenLabel.Trim());

    private static Pkcs11Key Open(ISlot slot, string? pin, string? keyLabel, SemaphoreSlim? hold)
    {
        ISession? session = null;
        try
        {
            session = slot.OpenSession(SessionType.ReadOnly);
            try
            {
                session.Login(CKU.CKU_USER, pin ?? "");
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_ARGUMENTS_BAD)
            {
                throw new SigningKeyException("LODESTAR_SIGNING_PKCS11_PIN: sai mã PIN của thiết bị ký / wrong PIN for the token", e) { Failure = TokenFailure.WrongPin };
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_LOCKED)
            {
                throw new SigningKeyException("LODESTAR_SIGNING_PKCS11_PIN: thiết bị ký đã khóa mã PIN / the token's PIN is locked", e) { Failure = TokenFailure.PinLocked };
            }

            var a = new Pkcs11InteropFactories().ObjectAttributeFactory;
            var certificates = session.FindAllObjects([a.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)])
                .Select(h => session.GetAttributeValue(h, [CKA.CKA_VALUE, CKA.CKA_ID, CKA.CKA_LABEL]))
                .Select(v => (Certificate: X509CertificateLoader.LoadCertificate(v[0].GetValueAsByteArray()), Id: v[1].GetValueAsByteArray(), Label: v[2].GetValueAsString()))
                .ToList();
            foreach (var (certificate, id, label) in certificates.Where(c => keyLabel is null || c.Label == keyLabel))
            {
                var keys = session.FindAllObjects([a.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), a.Create(CKA.CKA_ID, id)]);
                if (keys.Count > 0 && certificate.GetRSAPublicKey() is not null)
                {
                    return new Pkcs11Key(session, certificate, ChainOf(certificate, certificates.Select(c => c.Certificate)), keys[0], hold);
                }
            }

            throw new SigningKeyException(keyLabel is null
                ? "LODESTAR_SIGNING_PKCS11: thiết bị ký không có chứng thư RSA kèm khóa bí mật (cùng CKA_ID) / the token holds no RSA certificate with a private key of the same CKA_ID"
                : $"{keyLabel}: không có chứng thư RSA mang nhãn này kèm khóa bí mật / no RSA certificate with this label and a private key")
            { Failure = TokenFailure.NoKey };
        }
        catch
        {
            if (keyLabel is not null)
            {
                LogOut(session);
            }

            session?.Dispose();
            throw;
        }
    }

    /// <summary>Ends a person's login on their token (closing the last session would too; this says so).</summary>
    private static void LogOut(ISession? session)
    {
        try
        {
            session?.Logout();
        }
        catch (Pkcs11Exception)
        {
            // Not logged in (a wrong PIN): nothing to end.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_hold is not null)
            {
                LogOut(_session);
            }

            _session.Dispose();
            _certificate.Dispose();
            _hold?.Release();
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
