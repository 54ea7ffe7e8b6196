using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Lodestar.Signing;

/// <summary>
/// The revocation data a PAdES B-LT signature keeps in the document (LODESTAR_SIGNING_LTV): the CRLs named by the CRL
/// distribution points (RFC 5280 §4.2.1.13) of the certificates in the signers' chains, fetched at signing time.
/// </summary>
public static class RevocationData
{
    private const string CrlDistributionPoints = "2.5.29.31";

    /// <summary>The http(s) addresses of a certificate's CRL distribution points (fullName, uniformResourceIdentifier).</summary>
    public static List<Uri> CrlUrls(X509Certificate2 certificate)
    {
        var urls = new List<Uri>();
        if (certificate.Extensions[CrlDistributionPoints] is not { } extension)
        {
            return urls;
        }

        try
        {
            var points = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (points.HasData)
            {
                var point = points.ReadSequence();
                if (!point.HasData || !point.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    continue;
                }

                var name = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                if (!name.HasData || !name.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    continue;
                }

                var full = name.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                while (full.HasData)
                {
                    var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
                    if (full.PeekTag().HasSameClassAndValue(uriTag)
                        && Uri.TryCreate(full.ReadCharacterString(UniversalTagNumber.IA5String, uriTag), UriKind.Absolute, out var url)
                        && url.Scheme is "http" or "https")
                    {
                        urls.Add(url);
                    }
                    else if (full.HasData && !full.PeekTag().HasSameClassAndValue(uriTag))
                    {
                        full.ReadEncodedValue();
                    }
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names no address: the signature is still made, without that CRL.
        }

        return urls;
    }

    /// <summary>The CRLs (DER) of every certificate that is not self-signed, each address fetched once; a CRL that cannot be fetched fails the signing naming the setting.</summary>
    public static async Task<List<byte[]>> FetchCrlsAsync(IEnumerable<X509Certificate2> certificates, HttpClient http, CancellationToken ct)
    {
        var crls = new List<byte[]>();
        var urls = certificates.Where(c => !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData))
            .SelectMany(CrlUrls).DistinctBy(u => u.AbsoluteUri);
        foreach (var url in urls)
        {
            try
            {
                var crl = await http.GetByteArrayAsync(url, ct);
                crls.Add(crl.Length > 0 && crl[0] == 0x30 ? crl : throw new SigningKeyException($"LODESTAR_SIGNING_LTV: {url} không trả về một CRL (DER) / does not answer a CRL (DER)"));
            }
            catch (HttpRequestException e)
            {
                throw new SigningKeyException($"LODESTAR_SIGNING_LTV: không tải được danh sách thu hồi {url} / cannot fetch the CRL {url}: {e.Message}", e);
            }
        }

        return crls;
    }
}
