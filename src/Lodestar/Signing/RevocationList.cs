using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lodestar.Signing;

/// <summary>
/// An X.509 CRL (RFC 5280 §5) read with <c>AsnReader</c> — the base library builds CRLs but does not read one's entries:
/// who issued it, when, and which serial numbers it revokes since when. <see cref="IsIssuedBy"/> checks its signature.
/// </summary>
internal sealed class RevocationList
{
    private readonly byte[] _signed, _signature;
    private readonly string _algorithm;
    private readonly Dictionary<BigInteger, DateTimeOffset> _revoked;

    private RevocationList(byte[] issuer, byte[] signed, string algorithm, byte[] signature, Dictionary<BigInteger, DateTimeOffset> revoked)
    {
        Issuer = issuer;
        (_signed, _algorithm, _signature, _revoked) = (signed, algorithm, signature, revoked);
    }

    /// <summary>The issuer's distinguished name as encoded.</summary>
    public byte[] Issuer { get; }

    /// <summary>The CRL, or null when the bytes are not one.</summary>
    public static RevocationList? Read(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var list = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var signed = list.PeekEncodedValue().ToArray();
            var tbs = list.ReadSequence();
            var algorithm = list.ReadSequence().ReadObjectIdentifier();
            var signature = list.ReadBitString(out _);

            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger(); // version
            }

            tbs.ReadSequence(); // the signature algorithm again
            var issuer = tbs.ReadEncodedValue().ToArray();
            ReadTime(tbs); // thisUpdate
            if (tbs.HasData && IsTime(tbs.PeekTag()))
            {
                ReadTime(tbs); // nextUpdate
            }

            var revoked = new Dictionary<BigInteger, DateTimeOffset>();
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = entry.ReadInteger();
                    var at = ReadTime(entry);
                    revoked[serial] = revoked.TryGetValue(serial, out var earlier) && earlier < at ? earlier : at;
                }
            }

            return new RevocationList(issuer, signed, algorithm, signature, revoked);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="issuer"/> issued this CRL: the names match, its key may sign CRLs (keyUsage cRLSign when the
    /// extension is there) and the signature verifies with its RSA (PKCS#1 v1.5) or ECDSA key over SHA-1/256/384/512.
    /// </summary>
    public bool IsIssuedBy(X509Certificate2 issuer)
    {
        if (!Issuer.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
            || issuer.Extensions.OfType<X509KeyUsageExtension>().Any(u => !u.KeyUsages.HasFlag(X509KeyUsageFlags.CrlSign)))
        {
            return false;
        }

        var (hash, rsa) = _algorithm switch
        {
            "1.2.840.113549.1.1.5" => (HashAlgorithmName.SHA1, true),
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, true),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, true),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, true),
            "1.2.840.10045.4.1" => (HashAlgorithmName.SHA1, false),
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, false),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, false),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, false),
            _ => (default(HashAlgorithmName), false),
        };
        if (hash == default)
        {
            return false;
        }

        try
        {
            if (rsa)
            {
                using var key = issuer.GetRSAPublicKey();
                return key is not null && key.VerifyData(_signed, _signature, hash, RSASignaturePadding.Pkcs1);
            }

            using var ec = issuer.GetECDsaPublicKey();
            return ec is not null && ec.VerifyData(_signed, _signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>When the CRL says the certificate was revoked, or null when it does not list it.</summary>
    public DateTimeOffset? RevokedAt(X509Certificate2 certificate) =>
        _revoked.TryGetValue(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true), out var at) ? at : null;

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
