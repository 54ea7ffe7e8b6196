using Lodestar.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Operations;

/// <summary>
/// A write sent with an <c>Idempotency-Key</c>, and its answer once there is one (<see cref="Status"/> 0 while it runs).
/// Kept a day: long enough for a phone that lost its signal before the answer came to send the same write again.
/// </summary>
public sealed class IdempotentRequest
{
    public required string Actor { get; set; }

    public required string Key { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    public int Status { get; set; }

    public string? ContentType { get; set; }

    public byte[]? Body { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> b)
    {
        b.ToTable("IdempotentRequests");
        b.HasKey(r => new { r.Actor, r.Key });
        b.Property(r => r.Actor).HasMaxLength(256);
        b.Property(r => r.Key).HasMaxLength(100);
        b.Property(r => r.Method).HasMaxLength(8);
        b.Property(r => r.Path).HasMaxLength(512);
        b.Property(r => r.ContentType).HasMaxLength(128);
        b.HasIndex(r => r.CreatedAt);
    }
}

/// <summary>
/// At most once for a write that may be sent twice (the device outbox, ADR 0021): the first request with a key claims it
/// (one insert; a second at the same moment finds it taken), runs, and leaves its answer; a later request with the key
/// gets that answer without running again. A write that failed on the server (5xx) lets its key go, so it can be tried
/// again.
/// </summary>
public static class IdempotentRequests
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>The claim: true when this request is the first with the key; otherwise the earlier request as it stands.</summary>
    public static async Task<(bool First, IdempotentRequest? Earlier)> ClaimAsync(LodestarDbContext db, string actor, string key, string method, string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = db.UtcNow;
        var expired = now - KeptFor;
        await db.Set<IdempotentRequest>().Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(ct);
        if (await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "IdempotentRequests" ("Actor", "Key", "Method", "Path", "Status", "CreatedAt") VALUES ({actor}, {key}, {method}, {path}, 0, {now}) ON CONFLICT DO NOTHING""", ct) == 1)
        {
            return (true, null);
        }

        return (false, await db.Set<IdempotentRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Actor == actor && r.Key == key, ct));
    }

    /// <summary>Keeps the answer; a server failure (5xx) forgets the key instead.</summary>
    public static async Task CompleteAsync(LodestarDbContext db, string actor, string key, int status, string? contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = db.Set<IdempotentRequest>().Where(r => r.Actor == actor && r.Key == key);
        if (status >= 500)
        {
            await row.ExecuteDeleteAsync(CancellationToken.None);
            return;
        }

        await row.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.ContentType, contentType).SetProperty(r => r.Body, body), CancellationToken.None);
    }
}
