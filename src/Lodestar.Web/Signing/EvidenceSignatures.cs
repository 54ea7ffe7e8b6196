using System.Collections.Concurrent;
using Lodestar.Signing;

namespace Lodestar.Web.Signing;

/// <summary>
/// The signature verdict shown next to an evidence file that is a signed PDF. An evidence file never changes once stored
/// (a new upload is a new file), so each is read and checked once per process and the verdict kept by its uid.
/// </summary>
public sealed class EvidenceSignatures(SignatureVerifier verifier)
{
    private readonly ConcurrentDictionary<string, SignatureReport?> _checked = new();

    /// <summary>The signatures of a stored PDF; null for another kind of file, an unsigned PDF or a missing file. The uid keys the kept verdict: DTI evidence, numbered, passes "dti:" and its id.</summary>
    public SignatureReport? Of(string uid, string fileName, string? path) =>
        path is null || !fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? null
            : _checked.GetOrAdd(uid, _ => File.Exists(path) && new FileInfo(path).Length <= SigningApi.MaxPdfBytes && verifier.Verify(File.ReadAllBytes(path)) is { Signed: true } r ? r : null);

    /// <summary>One line per signature: who, and what a reader must know (altered, certificate revoked or not valid, not trusted).</summary>
    public static string Summary(SignatureVerdict v) =>
        Common.Text.T("Ký số: ", "Signed: ") + (v.Signer ?? "?")
        + (!v.Intact ? Common.Text.T(" — đã bị thay đổi sau khi ký", " — altered after signing")
            : v.Revoked ? Common.Text.T(" — chứng thư đã bị thu hồi trước khi ký", " — certificate revoked before signing")
            : !v.CertificateValid ? Common.Text.T(" — chứng thư không còn hiệu lực khi ký", " — certificate not valid when signed")
            : !v.Trusted ? Common.Text.T(" — nguyên vẹn, chứng thư chưa được tin cậy", " — intact, certificate not trusted")
            : Common.Text.T(" — nguyên vẹn, tin cậy", " — intact, trusted"));

    public static bool AllGood(SignatureReport report) => report.Signatures.All(v => v.Intact && v.CertificateValid && v.Trusted);
}
