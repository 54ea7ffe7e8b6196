using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Signing;

/// <summary>
/// A person's own signing certificate (issue 20, item 3; LODESTAR_SIGNING_PERSONAL): the PKCS#12 they uploaded and its
/// password, or the token, key label and PIN of their key on the deployment's PKCS#11 module, encrypted together with the app's data-protection keys (<see cref="ProtectedSecret"/>, never shown and
/// never audited); what identifies the certificate is kept in the clear to be shown on their account page.
/// </summary>
public sealed class PersonalCertificate : ITracked
{
    public int UserId { get; set; }

    public required string Subject { get; set; }

    public required string Issuer { get; set; }

    /// <summary>SHA-1 thumbprint, hexadecimal (as certificate tools show it).</summary>
    public required string Thumbprint { get; set; }

    public DateTime NotBefore { get; set; }

    public DateTime NotAfter { get; set; }

    public required string ProtectedSecret { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

internal sealed class PersonalCertificateConfiguration : IEntityTypeConfiguration<PersonalCertificate>
{
    public void Configure(EntityTypeBuilder<PersonalCertificate> b)
    {
        b.HasKey(c => c.UserId);
        b.Property(c => c.UserId).ValueGeneratedNever();
        b.Property(c => c.Subject).HasMaxLength(512);
        b.Property(c => c.Issuer).HasMaxLength(512);
        b.Property(c => c.Thumbprint).HasMaxLength(64);
        b.HasOne<LodestarUser>().WithOne().HasForeignKey<PersonalCertificate>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Encrypts a person's PKCS#12 and password for the database; the web host implements it with ASP.NET Core data protection.</summary>
public interface IPersonalKeySecrets
{
    string Protect(string secret);

    /// <summary>The secret, or null when it cannot be read (the keys were lost): the organisation then signs alone.</summary>
    string? Unprotect(string protectedSecret);
}

/// <summary>What the account page shows of a personal certificate: never the key or the password.</summary>
public sealed record PersonalCertificateInfo(string Subject, string Issuer, string Thumbprint, DateTime NotBefore, DateTime NotAfter, DateTime UploadedAt);

/// <summary>Uploading, replacing and removing a person's own certificate, and opening it to sign what they decided.</summary>
public sealed class PersonalCertificateService(LodestarDbContext db, SigningOptions options, IPersonalKeySecrets secrets, TimeProvider clock)
{
    /// <summary>A PKCS#12 with a key and a chain is a few kilobytes; anything larger is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    public bool Enabled => options.Personal;

    /// <summary>Whether a person may choose a key on the deployment's PKCS#11 module (personal signatures on, LODESTAR_SIGNING_PKCS11 set).</summary>
    public bool TokenKeys => options.Personal && options.SignsWithToken;

    public async Task<PersonalCertificateInfo?> OfAsync(int userId, CancellationToken ct = default) =>
        await db.Set<PersonalCertificate>().AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => new PersonalCertificateInfo(c.Subject, c.Issuer, c.Thumbprint, c.NotBefore, c.NotAfter, c.UpdatedAt))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Keeps the person's PKCS#12 when it opens with the password, holds a private key, is valid today and chains to a
    /// trusted root (when LODESTAR_SIGNING_TRUSTED_ROOTS is set); replaces the one kept before. Otherwise nothing is kept.
    /// </summary>
    public async Task<Outcome<PersonalCertificateInfo>> UploadAsync(int userId, byte[]? pkcs12, string? password, CancellationToken ct = default)
    {
        if (!options.Personal)
        {
            return Fail(Off);
        }

        if (pkcs12 is not { Length: > 0 and <= MaxBytes } || !IsPkcs12(pkcs12))
        {
            return Fail(new Msg("Tệp không phải chứng thư số PKCS#12 (.p12 hoặc .pfx, tối đa 64 kB).", "The file is not a PKCS#12 certificate (.p12 or .pfx, at most 64 kB)."));
        }

        Pkcs12Key? key;
        try
        {
            key = Pkcs12Key.Load(pkcs12, password ?? "");
        }
        catch (CryptographicException)
        {
            return Outcome<PersonalCertificateInfo>.Fail("password", "Sai mật khẩu của tệp PKCS#12: không mở được tệp.", "Wrong password for the PKCS#12 file: it does not open.");
        }

        if (key is null)
        {
            return Fail(new Msg("Tệp không chứa khóa bí mật (RSA hoặc ECDSA): chỉ có chứng thư thì không ký được.", "The file holds no private key (RSA or ECDSA): a certificate alone cannot sign."));
        }

        using (key)
        {
            return await KeepAsync(userId, key, new Secret(Convert.ToBase64String(pkcs12), password ?? ""), "file", ct);
        }
    }

    /// <summary>
    /// Keeps a person's key on the deployment's PKCS#11 module (LODESTAR_SIGNING_PKCS11): their token's label, the label of
    /// the certificate and key on it, and their PIN, encrypted like a PKCS#12's password. It must open with the PIN, on a
    /// token other than the organisation's, and its certificate must name the person (its common name is the account's
    /// full name), be valid today and chain to a trusted root. Otherwise nothing is kept.
    /// </summary>
    public async Task<Outcome<PersonalCertificateInfo>> UseTokenKeyAsync(int userId, string? token, string? label, string? pin, CancellationToken ct = default)
    {
        if (!options.Personal)
        {
            return Fail(Off);
        }

        if (!options.SignsWithToken)
        {
            return Fail("token", new Msg("Hệ thống chưa có mô-đun ký PKCS#11 (LODESTAR_SIGNING_PKCS11): không dùng được khóa trên thiết bị.",
                "This deployment has no PKCS#11 module (LODESTAR_SIGNING_PKCS11): a key on a token cannot be used."));
        }

        var missing = new[] { ("token", token, "nhãn thiết bị", "the token's label"), ("label", label, "nhãn khóa", "the key's label"), ("pin", pin, "mã PIN", "the PIN") }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => new Problem(f.Item1, new Msg($"Hãy nhập {f.Item3}.", $"Enter {f.Item4}."))).ToList();
        if (missing.Count > 0)
        {
            return Outcome<PersonalCertificateInfo>.Fail(missing);
        }

        Pkcs11Key key;
        try
        {
            key = Pkcs11Key.OpenPersonal(options.Pkcs11Library!, token!.Trim(), label!.Trim(), pin!, options.Pkcs11Token);
        }
        catch (SigningKeyException e)
        {
            return e.Failure switch
            {
                TokenFailure.WrongPin => Fail("pin", new Msg("Sai mã PIN của thiết bị ký.", "Wrong PIN for the token.")),
                TokenFailure.PinLocked => Fail("pin", new Msg("Thiết bị ký đã khóa mã PIN.", "The token's PIN is locked.")),
                TokenFailure.NoKey => Fail("label", new Msg($"Thiết bị không có chứng thư RSA mang nhãn “{label}” kèm khóa bí mật.", $"The token holds no RSA certificate labelled “{label}” with a private key.")),
                TokenFailure.OrganisationToken => Fail("token", new Msg("Thiết bị này giữ khóa của cơ quan, không dùng làm khóa cá nhân.", "This token holds the organisation's key; it cannot be a personal key.")),
                TokenFailure.Busy => Fail("token", new Msg("Thiết bị đang bận, hãy thử lại.", "The token is busy; try again.")),
                TokenFailure.NoToken or TokenFailure.None or _ => Fail("token", new Msg($"Không có thiết bị ký mang nhãn “{token}” trên mô-đun của hệ thống.", $"No token labelled “{token}” on the deployment's module.")),
            };
        }

        using (key)
        {
            var fullName = await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
            return await KeepAsync(userId, key, new Secret(null, null, token.Trim(), label.Trim(), pin), "label", ct, fullName ?? "");
        }
    }

    /// <summary>
    /// Checks the certificate (valid today, chains to a trusted root when roots are set, and names <paramref name="owner"/>
    /// when given: a module holds many people's keys) and keeps it with the encrypted secret, replacing the one kept before.
    /// </summary>
    private async Task<Outcome<PersonalCertificateInfo>> KeepAsync(int userId, SigningKey key, Secret kept, string field, CancellationToken ct, string? owner = null)
    {
        var certificate = key.Certificate;
        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        if (now > to)
        {
            return Fail(field, new Msg($"Chứng thư đã hết hạn ngày {Day(to)}.", $"The certificate expired on {Day(to)}."));
        }

        if (now < from)
        {
            return Fail(field, new Msg($"Chứng thư chưa có hiệu lực (từ ngày {Day(from)}).", $"The certificate is not valid yet (from {Day(from)})."));
        }

        var roots = TrustedRootStore.Load(options.TrustedRoots);
        if (roots.Count > 0 && !SignatureVerifier.Chain(certificate, [.. key.Chain], now, roots).Built)
        {
            return Fail(field, new Msg("Chứng thư không thuộc một tổ chức cung cấp dịch vụ chứng thực mà hệ thống tin cậy (LODESTAR_SIGNING_TRUSTED_ROOTS).",
                "The certificate does not chain to a root this deployment trusts (LODESTAR_SIGNING_TRUSTED_ROOTS)."));
        }

        var named = DocumentSigner.SignerName(certificate);
        // Certificates of Vietnamese providers often write the name in capitals without marks (NGUYEN VAN AN): compared folded.
        if (owner is not null && TextFold.Fold(named) != TextFold.Fold(owner))
        {
            return Fail(field, new Msg($"Chứng thư mang nhãn này là của “{named}”, không phải của tài khoản này ({owner}).",
                $"The certificate with this label belongs to “{named}”, not to this account ({owner})."));
        }

        var secret = secrets.Protect(JsonSerializer.Serialize(kept));
        var row = await db.Set<PersonalCertificate>().FirstOrDefaultAsync(c => c.UserId == userId, ct);
        if (row is null)
        {
            row = new PersonalCertificate { UserId = userId, Subject = "", Issuer = "", Thumbprint = "", ProtectedSecret = secret };
            db.Add(row);
        }

        row.Subject = Cut(certificate.Subject);
        row.Issuer = Cut(certificate.Issuer);
        row.Thumbprint = certificate.Thumbprint;
        row.NotBefore = from;
        row.NotAfter = to;
        row.ProtectedSecret = secret;
        await db.SaveChangesAsync(ct);
        return Outcome<PersonalCertificateInfo>.Ok(new PersonalCertificateInfo(row.Subject, row.Issuer, row.Thumbprint, from, to, row.UpdatedAt));
    }

    /// <summary>Whether the account named keeps a certificate.</summary>
    public Task<bool> HasAsync(string? userName, CancellationToken ct = default) =>
        db.Users.Where(u => u.UserName == userName).Join(db.Set<PersonalCertificate>(), u => u.Id, c => c.UserId, (u, c) => c.UserId).AnyAsync(ct);

    /// <summary>Removes the person's certificate; false when there was none.</summary>
    public async Task<bool> RemoveAsync(int userId, CancellationToken ct = default)
    {
        if (await db.Set<PersonalCertificate>().FirstOrDefaultAsync(c => c.UserId == userId, ct) is not { } row)
        {
            return false;
        }

        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The key of the account named (the approver, the issuer) when personal signing is on and they keep a certificate
    /// that opens and is valid now; null otherwise, and the organisation signs alone. The caller disposes it.
    /// </summary>
    public async Task<SigningKey?> KeyOfAsync(string? userName, CancellationToken ct = default)
    {
        if (!options.Personal || string.IsNullOrEmpty(userName))
        {
            return null;
        }

        var stored = await (from u in db.Users
                            join c in db.Set<PersonalCertificate>() on u.Id equals c.UserId
                            where u.UserName == userName
                            select c.ProtectedSecret).FirstOrDefaultAsync(ct);
        if (stored is null || secrets.Unprotect(stored) is not { } json || JsonSerializer.Deserialize<Secret>(json) is not { } secret)
        {
            return null;
        }

        try
        {
            SigningKey? key = secret.Token is { } token && options.SignsWithToken
                ? Pkcs11Key.OpenPersonal(options.Pkcs11Library!, token, secret.Label ?? "", secret.Pin ?? "", options.Pkcs11Token)
                : secret.Pkcs12 is { } pkcs12 ? Pkcs12Key.Load(Convert.FromBase64String(pkcs12), secret.Password ?? "") : null;
            var now = clock.GetUtcNow().UtcDateTime;
            if (key is not null && (now < key.Certificate.NotBefore.ToUniversalTime() || now > key.Certificate.NotAfter.ToUniversalTime()))
            {
                key.Dispose();
                return null;
            }

            return key;
        }
        catch (Exception e) when (e is CryptographicException or SigningKeyException)
        {
            // Keys that no longer open (a changed PIN, a token gone): the organisation signs alone.
            return null;
        }
    }

    public static readonly Msg Off = new("Đơn vị vận hành chưa bật chữ ký số cá nhân (LODESTAR_SIGNING_PERSONAL).", "This deployment has not turned personal signatures on (LODESTAR_SIGNING_PERSONAL).");

    private static Outcome<PersonalCertificateInfo> Fail(Msg message) => Fail("file", message);

    private static Outcome<PersonalCertificateInfo> Fail(string field, Msg message) => Outcome<PersonalCertificateInfo>.Fail([new Problem(field, message)]);

    /// <summary>Whether the bytes are a PKCS#12 structure at all (before the password is tried), so a wrong file and a wrong password say different things.</summary>
    private static bool IsPkcs12(byte[] bytes)
    {
        try
        {
            Pkcs12Info.Decode(bytes, out var read, skipCopy: true);
            return read > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string Day(DateTime utc) => utc.Add(Dates.VietnamOffset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= 512 ? text : text[..512];

    /// <summary>What is kept encrypted: a PKCS#12 and its password, or a key on the deployment's module (token, key label, PIN).</summary>
    private sealed record Secret(string? Pkcs12, string? Password, string? Token = null, string? Label = null, string? Pin = null);
}
