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
/// the certificate was within its validity at that time and not revoked then, and whether it chains to a root the
/// deployment trusts. <see cref="CoversWholeDocument"/> is false when a later update changed the document;
/// <see cref="ValidationDataAdded"/> says that later updates only added validation data (a /DSS, PAdES B-LT), which leaves
/// it true. <see cref="RevocationChecked"/>: every certificate of the chain below the root had a CRL of its issuer in the
/// document's /DSS; <see cref="Revoked"/>: one of them lists a certificate of the chain as revoked at or before the signing time.
/// </summary>
public sealed record SignatureVerdict(string? Signer, string? Organisation, DateTimeOffset? SignedAt, bool Intact, bool CertificateValid,
    bool Trusted, string? Reason, bool CoversWholeDocument, bool Timestamped, string? SubFilter,
    bool ValidationDataAdded = false, bool RevocationChecked = false, bool Revoked = false);

/// <summary>
/// Checks the signatures of any PDF against LODESTAR_SIGNING_TRUSTED_ROOTS (none set: nothing is trusted). The document's
/// own validation data (/DSS) helps without any network: its certificates complete chains, its CRLs (each checked
/// against its issuer's signature) say whether a certificate was revoked by the signing time.
/// </summary>
public sealed class SignatureVerifier(SigningOptions options, TimeProvider clock)
{
    private readonly Lazy<X509Certificate2Collection> _roots = new(() => TrustedRootStore.Load(options.TrustedRoots));

    public SignatureReport Verify(byte[] pdf)
    {
        var fields = PdfSignatures.Find(pdf);
        if (fields.Count == 0)
        {
            return new SignatureReport(false, []);
        }

        var dss = PdfValidationData.Read(pdf);
        var embedded = new X509Certificate2Collection();
        foreach (var der in dss.Certificates)
        {
            try
            {
                embedded.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                // Not a certificate: the chain is built without it.
            }
        }

        var crls = dss.Crls.Select(RevocationList.Read).OfType<RevocationList>().ToList();
        return new SignatureReport(true, [.. fields.Select(f => Check(f, pdf, embedded, crls))]);
    }

    private SignatureVerdict Check(PdfSignatureField field, byte[] pdf, X509Certificate2Collection embedded, List<RevocationList> crls)
    {
        var validationDataAdded = !field.CoversWholeFile && field.Covered is not null && PdfValidationData.OnlyAddedAfter(pdf, field.CoveredTo);
        var coversDocument = field.CoversWholeFile || validationDataAdded;
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
            return new SignatureVerdict(field.Name, null, field.Claimed, false, false, false, field.Reason, coversDocument, false, field.SubFilter, validationDataAdded);
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

        var extra = new X509Certificate2Collection(cms.Certificates);
        extra.AddRange(embedded);
        var chain = certificate is null ? default : Chain(certificate, extra, at, null);
        var rooted = certificate is not null && _roots.Value.Count > 0 ? Chain(certificate, extra, at, _roots.Value) : default;
        var (revocationChecked, revoked) = Revocation((rooted.Built ? rooted.Path : chain.Path) ?? [], crls, at);
        var valid = certificate is not null && at >= certificate.NotBefore.ToUniversalTime() && at <= certificate.NotAfter.ToUniversalTime()
            && !chain.Status.HasFlag(X509ChainStatusFlags.NotTimeValid) && !chain.Status.HasFlag(X509ChainStatusFlags.NotSignatureValid)
            && !chain.Status.HasFlag(X509ChainStatusFlags.Revoked) && !chain.Status.HasFlag(X509ChainStatusFlags.NotValidForUsage) && !revoked;

        return new SignatureVerdict(certificate is null ? field.Name : DocumentSigner.SignerName(certificate),
            certificate is null ? null : DocumentSigner.OrganisationOf(certificate), signedAt, intact, valid, rooted.Built, field.Reason,
            coversDocument, timestamp is not null, field.SubFilter, validationDataAdded, revocationChecked, revoked);
    }

    /// <summary>
    /// The revocation of a chain (signer first, root last) by the document's CRLs: checked when each certificate below the
    /// root has a CRL its issuer signed; revoked when such a CRL lists one of them as revoked at or before <paramref name="at"/>
    /// (a revocation after the signing time leaves the signature valid). The CRL's own freshness is not judged.
    /// </summary>
    private static (bool Checked, bool Revoked) Revocation(IReadOnlyList<X509Certificate2> path, List<RevocationList> crls, DateTime at)
    {
        if (path.Count < 2 || crls.Count == 0)
        {
            return (false, false);
        }

        var (all, revoked) = (true, false);
        for (var i = 0; i + 1 < path.Count; i++)
        {
            var issued = crls.Where(c => c.IsIssuedBy(path[i + 1])).ToList();
            all &= issued.Count > 0;
            revoked |= issued.Any(c => c.RevokedAt(path[i]) is { } when && when.UtcDateTime <= at);
        }

        return (all, revoked);
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
    /// Builds the chain at the signing time without the platform's revocation checks (they would go to the network; the
    /// document's own CRLs are read by <see cref="Revocation"/>) and without downloads; with roots, only those are trusted;
    /// without, the flags say whether the chain is otherwise sound. The path runs from the certificate to its root.
    /// </summary>
    internal static (bool Built, X509ChainStatusFlags Status, IReadOnlyList<X509Certificate2>? Path) Chain(X509Certificate2 certificate, X509Certificate2Collection extra, DateTime at, X509Certificate2Collection? roots)
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
        return (built, chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (s, x) => s | x.Status),
            [.. chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData))]);
    }
}
