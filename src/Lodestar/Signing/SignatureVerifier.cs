using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Lodestar.Common.Pdf;

namespace Lodestar.Signing;

/// <summary>What a reader of a PDF learns about its signatures (POST /api/v1/signatures/verify).</summary>
[SuppressMessage("Naming", "CA1720", Justification = "\"signed\" is the field's name in docs/api.md.")]
public sealed record SignatureReport(bool Signed, IReadOnlyList<SignatureVerdict> Signatures);

/// <summary>
/// One signature: who (the certificate's common name) and which organisation (its O=), when (the timestamp's time when it
/// has one, else the time the signer claims), whether the signed bytes are unchanged (<see cref="Intact"/>), whether
/// the certificate was within its validity at that time, and whether it chains to a root the deployment trusts.
/// <see cref="CoversWholeDocument"/> is false when bytes were added after this signature (a later update).
/// </summary>
public sealed record SignatureVerdict(string? Signer, string? Organisation, DateTimeOffset? SignedAt, bool Intact, bool CertificateValid,
    bool Trusted, string? Reason, bool CoversWholeDocument, bool Timestamped, string? SubFilter);

/// <summary>Checks the signatures of any PDF against LODESTAR_SIGNING_TRUSTED_ROOTS (none set: nothing is trusted).</summary>
public sealed class SignatureVerifier(SigningOptions options, TimeProvider clock)
{
    private readonly Lazy<X509Certificate2Collection> _roots = new(() => TrustedRootStore.Load(options.TrustedRoots));

    public SignatureReport Verify(byte[] pdf)
    {
        var verdicts = PdfSignatures.Find(pdf).Select(Check).ToList();
        return new SignatureReport(verdicts.Count > 0, verdicts);
    }

    private SignatureVerdict Check(PdfSignatureField field)
    {
        SignerInfo signer;
        SignedCms cms;
        try
        {
            cms = new SignedCms(new ContentInfo(field.Covered ?? []), detached: true);
            cms.Decode(field.Cms ?? throw new CryptographicException("No CMS."));
            signer = cms.SignerInfos[0];
        }
        catch (CryptographicException)
        {
            return new SignatureVerdict(field.Name, null, field.Claimed, false, false, false, field.Reason, field.CoversWholeFile, false, field.SubFilter);
        }

        var certificate = signer.Certificate;
        var intact = field.Covered is not null && certificate is not null && Verifies(signer);

        DateTimeOffset? timestamp = null;
        foreach (var attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value == Cades.TimestampTokenOid && attribute.Values.Count > 0
                && Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out var token, out _)
                && token.VerifySignatureForSignerInfo(signer, out _))
            {
                timestamp = token.TokenInfo.Timestamp;
            }
        }

        var signingTime = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value == "1.2.840.113549.1.9.5").SelectMany(a => a.Values.Cast<AsnEncodedData>())
            .Select(v => (DateTimeOffset?)new Pkcs9SigningTime(v.RawData).SigningTime).FirstOrDefault();
        var signedAt = timestamp ?? signingTime ?? field.Claimed;
        var at = (signedAt ?? clock.GetUtcNow()).UtcDateTime;

        var valid = certificate is not null && at >= certificate.NotBefore.ToUniversalTime() && at <= certificate.NotAfter.ToUniversalTime()
            && Chain(certificate, cms.Certificates, at, null) is var (_, status)
            && !status.HasFlag(X509ChainStatusFlags.NotTimeValid) && !status.HasFlag(X509ChainStatusFlags.NotSignatureValid)
            && !status.HasFlag(X509ChainStatusFlags.Revoked) && !status.HasFlag(X509ChainStatusFlags.NotValidForUsage);
        var trusted = certificate is not null && _roots.Value.Count > 0 && Chain(certificate, cms.Certificates, at, _roots.Value).Built;

        return new SignatureVerdict(certificate is null ? field.Name : DocumentSigner.SignerName(certificate),
            certificate is null ? null : DocumentSigner.OrganisationOf(certificate), signedAt, intact, valid, trusted, field.Reason,
            field.CoversWholeFile, timestamp is not null, field.SubFilter);
    }

    private static bool Verifies(SignerInfo signer)
    {
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Builds the chain at the signing time without revocation checks (the deployment gives no OCSP/CRL access yet) and
    /// without downloads; with roots, only those are trusted; without, the flags say whether the chain is otherwise sound.
    /// </summary>
    internal static (bool Built, X509ChainStatusFlags Status) Chain(X509Certificate2 certificate, X509Certificate2Collection extra, DateTime at, X509Certificate2Collection? roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        if (roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        }
        else
        {
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        }

        var built = chain.Build(certificate);
        return (built, chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (s, x) => s | x.Status));
    }
}
