using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Lodestar.Common;
using Lodestar.Common.Pdf;

namespace Lodestar.Signing;

/// <summary>Who and why, for the signature's dictionary: the reason names the person who decided (issued, approved).</summary>
public sealed record SignatureIntent(string Reason, string? Location = null);

/// <summary>
/// Signs the PDFs Lodestar issues with the organisation's key (LODESTAR_SIGNING_*): a PAdES signature added as an
/// incremental update with a visible block in the Decree 30 layout, and an RFC 3161 timestamp when a server is set.
/// One per process: the key (a PKCS#11 session) is opened at the first signature and kept.
/// </summary>
public sealed class DocumentSigner(SigningOptions options, TimeProvider clock) : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Lazy<SigningKey?> _key = new(() => SigningKey.Open(options));

    public bool IsConfigured => options.SignsWithFile || options.SignsWithToken;

    /// <summary>The signed PDF; the PDF as it is when no key is configured.</summary>
    public async Task<byte[]> SignAsync(byte[] pdf, SignatureIntent intent, CancellationToken ct = default) =>
        _key.Value is { } key ? await LongTermAsync(await SignWithAsync(pdf, key, intent, ct), [key], ct) : pdf;

    /// <summary>
    /// The person's signature (their own key: <see cref="PersonalCertificateService"/>), then the organisation's over it
    /// as a second incremental update when the organisation's key is configured: Decree 30/2020 has a state document
    /// carry both the signature of the person who decided and the organisation's. Without a personal key: the
    /// organisation's signature alone, with its own reason (which names the person).
    /// </summary>
    public async Task<byte[]> SignAsync(byte[] pdf, SigningKey? person, SignatureIntent personal, SignatureIntent organisation, CancellationToken ct = default)
    {
        if (person is null)
        {
            return await SignAsync(pdf, organisation, ct);
        }

        var signed = await SignWithAsync(pdf, person, personal, ct);
        return _key.Value is { } key
            ? await LongTermAsync(await SignWithAsync(signed, key, organisation, ct), [person, key], ct)
            : await LongTermAsync(signed, [person], ct);
    }

    /// <summary>With LODESTAR_SIGNING_LTV, the document security store after the signatures: the signers' chains and their CRLs (PAdES B-LT).</summary>
    private async Task<byte[]> LongTermAsync(byte[] signed, IReadOnlyList<SigningKey> keys, CancellationToken ct)
    {
        if (!options.LongTerm)
        {
            return signed;
        }

        var certificates = keys.SelectMany(k => k.Chain.Prepend(k.Certificate)).DistinctBy(c => c.Thumbprint).ToList();
        var crls = await RevocationData.FetchCrlsAsync(certificates, Http, ct);
        return PdfSigning.AddDss(signed, [.. certificates.Select(c => c.RawData)], crls);
    }

    private async Task<byte[]> SignWithAsync(byte[] pdf, SigningKey key, SignatureIntent intent, CancellationToken ct)
    {
        var at = clock.GetUtcNow().ToOffset(Dates.VietnamOffset);
        var signer = SignerName(key.Certificate);
        var organisation = OrganisationOf(key.Certificate) ?? signer;
        var prepared = PdfSigning.Prepare(pdf, new PdfSignatureRequest
        {
            SignedAt = at,
            Name = signer,
            Reason = intent.Reason,
            Location = intent.Location,
            Lines =
            [
                $"Ký bởi: {signer}",
                $"Cơ quan: {organisation}",
                $"Thời gian ký: {at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}",
            ],
        });
        var cms = Cades.Sign(prepared.Covered, key);
        if (options.TimestampUrl is { } tsa)
        {
            await Cades.AddTimestampAsync(cms, new Uri(tsa), Http, ct);
        }

        return prepared.Complete(cms.Encode());
    }

    public static string SignerName(X509Certificate2 certificate) => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>The O= of the subject.</summary>
    public static string? OrganisationOf(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .FirstOrDefault(n => n.GetSingleElementType().Value == "2.5.4.10")?.GetSingleElementValue();

    public void Dispose()
    {
        if (_key.IsValueCreated)
        {
            _key.Value?.Dispose();
        }
    }
}
