using Lodestar.Common;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Accounts;

/// <summary>
/// A key another system (a connector, a provincial platform) calls the API with, as <c>Authorization: Bearer lsk_…</c>.
/// It acts with its own role and scope, like an account that cannot sign in to pages; only the SHA-256 of the secret is
/// kept. A revoked key stays, with who revoked it and when.
/// </summary>
public sealed class ApiKey : ITracked
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Role { get; set; }

    public int? ScopeUnitId { get; set; }

    public OrgUnit? ScopeUnit { get; set; }

    /// <summary>The last day (Vietnam time) the key works.</summary>
    public DateOnly ExpiresOn { get; set; }

    /// <summary>The public start of the key, by which it is found (the rest is the secret).</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hexadecimal.</summary>
    public required string SecretHash { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(200);
        b.Property(k => k.Role).HasMaxLength(32);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.HasIndex(k => k.Prefix).IsUnique();
        b.HasOne(k => k.ScopeUnit).WithMany().HasForeignKey(k => k.ScopeUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
