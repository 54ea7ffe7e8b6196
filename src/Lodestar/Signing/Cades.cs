using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Lodestar.Signing;

/// <summary>
/// The CMS that goes into a PDF signature (PAdES baseline, ETSI EN 319 142-1): detached SignedData over the bytes the
/// /ByteRange covers, SHA-256, signed attributes content-type, message-digest and signing-certificate-v2 (RFC 5035,
/// which binds the certificate to the signature), no signing-time (PAdES keeps the time in the dictionary's /M), the
/// chain embedded; with a timestamp server, an RFC 3161 token over the signature as an unsigned attribute (B-T).
/// </summary>
public static class Cades
{
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string TimestampTokenOid = "1.2.840.113549.1.9.16.2.14";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    public static SignedCms Sign(byte[] covered, SigningKey key)
    {
        var cms = new SignedCms(new ContentInfo(covered), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, key.Certificate, key.PrivateKey)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(key.Chain.ToArray());
        signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2Oid, SigningCertificateV2(key.Certificate)));
        cms.ComputeSignature(signer, silent: true);
        return cms;
    }

    /// <summary>Asks the timestamp server for a token over the signature value and adds it to the signer (PAdES B-T).</summary>
    public static async Task AddTimestampAsync(SignedCms cms, Uri server, HttpClient http, CancellationToken ct = default)
    {
        var signer = cms.SignerInfos[0];
        var request = Rfc3161TimestampRequest.CreateFromSignerInfo(signer, HashAlgorithmName.SHA256, requestSignerCertificates: true,
            nonce: RandomNumberGenerator.GetBytes(8));
        using var body = new ByteArrayContent(request.Encode());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(server, body, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_TSA={server}: không kết nối được máy chủ dấu thời gian / cannot reach the timestamp server ({e.Message})", e);
        }

        using var answer = response;
        if (!response.IsSuccessStatusCode)
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_TSA={server}: máy chủ dấu thời gian trả lời {(int)response.StatusCode} / the timestamp server answered {(int)response.StatusCode}");
        }

        Rfc3161TimestampToken token;
        try
        {
            token = request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(ct), out _);
        }
        catch (CryptographicException e)
        {
            throw new SigningKeyException($"LODESTAR_SIGNING_TSA={server}: máy chủ dấu thời gian trả lời không hợp lệ / the timestamp server's answer is not valid ({e.Message})", e);
        }

        signer.AddUnsignedAttribute(new AsnEncodedData(TimestampTokenOid, token.AsSignedCms().Encode()));
    }

    /// <summary>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with SHA-256 (the default, so no algorithm) and IssuerSerial.</summary>
    internal static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (w.PushSequence())
            {
                using (w.PushSequence())
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    w.WriteEncodedValue(certificate.IssuerName.RawData);
                }

                w.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }

        return w.Encode();
    }
}
