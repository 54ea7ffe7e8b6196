using Lodestar.Data;
using Lodestar.Setup;
using Lodestar.Signing;
using Lodestar.Steering;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Steering;

/// <summary>
/// The pack's PDF. An issued pack is signed with the organisation's key (when LODESTAR_SIGNING_* is set) the first time it
/// is downloaded, and the signed file is kept under LODESTAR_DATA_DIR/signed/packs: every later download gives the same
/// bytes (from any instance, with or without the key), because a signed pack never changes (a correction is a new issue under a new number). Drafts are never signed.
/// </summary>
public sealed class PackFiles(SteeringAccess access, DocumentSigner signer, PersonalCertificateService personal, LodestarOptions options, LodestarDbContext db)
{
    /// <summary>Whether the pack's PDF is (or will be, at its next download) signed: issued, and a key configured (the organisation's or the issuer's own) or a signed file kept.</summary>
    public async Task<bool> IsSignedAsync(MeetingDetail meeting, CancellationToken ct = default) =>
        meeting.Pack is { IssuedAt: not null } pack
        && (signer.IsConfigured || File.Exists(PathOf(meeting)) || (personal.Enabled && await personal.HasAsync(pack.IssuedBy, ct)));

    private string PathOf(MeetingDetail meeting) => Path.Combine(options.DataDirectory, "signed", "packs", $"{meeting.Uid}.pdf");

    public async Task<byte[]> PdfAsync(MeetingDetail meeting, CancellationToken ct = default)
    {
        var path = PathOf(meeting);
        if (meeting.Pack is { IssuedAt: not null } && File.Exists(path))
        {
            return await File.ReadAllBytesAsync(path, ct);
        }

        var pdf = PackPdf.Write(await access.DocumentAsync(meeting, ct));
        if (meeting.Pack is not { IssuedAt: not null } pack)
        {
            return pdf;
        }

        // The person who issued signs with their own certificate when they keep one (LODESTAR_SIGNING_PERSONAL), and the
        // organisation signs after them; without one, the organisation alone, naming who issued the pack in the reason.
        using var issuerKey = await personal.KeyOfAsync(pack.IssuedBy, ct);
        if (issuerKey is null && !signer.IsConfigured)
        {
            return pdf;
        }

        var issuer = await db.Users.Where(u => u.UserName == pack.IssuedBy).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        var who = string.IsNullOrWhiteSpace(issuer) ? pack.IssuedBy : issuer;
        var signed = await signer.SignAsync(pdf, issuerKey,
            new SignatureIntent($"Ban hành báo cáo số {pack.Number}", meeting.ProvinceName),
            new SignatureIntent($"Ban hành báo cáo số {pack.Number}; người ban hành: {who}", meeting.ProvinceName), ct);

        // Written aside, then moved into place: two first downloads at once keep one signed file, and both answer it.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, signed, ct);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return signed;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return await File.ReadAllBytesAsync(path, ct);
        }
    }
}
