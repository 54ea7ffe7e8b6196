using System.Text.Json;
using Lodestar.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Lodestar.Audit;

/// <summary>Who is writing: the signed-in user on the web, the operator in the CLI, "system" otherwise.</summary>
public interface IAuditActor
{
    string Name { get; }
}

public sealed class SystemActor : IAuditActor
{
    public string Name => "system";
}

/// <summary>
/// Turns the tracked changes of one SaveChanges into audit entries. The DbContext saves the entities,
/// then the entries (with the keys the database generated), in one transaction.
/// </summary>
internal static class AuditTrail
{
    // Secrets and derived columns never reach the audit trail.
    private static readonly HashSet<string> Hidden =
    [
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "SecretHash", "ProtectedSecret", "LastUsedAt", "SearchText", "GeoJson", "NormalizedUserName",
        "NormalizedEmail", "NormalizedName", "Version", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy",
    ];

    /// <summary>Whether a column stays out of the trail: a secret or derived column, or the value of an Identity token (authenticator keys, recovery codes).</summary>
    private static bool IsHidden(PropertyEntry property) =>
        Hidden.Contains(property.Metadata.Name)
        || (property.Metadata.Name == "Value" && property.EntityEntry.Entity is Microsoft.AspNetCore.Identity.IdentityUserToken<int>);

    /// <summary>A change seen before saving. Key is null for a new row until the database gives it one.</summary>
    internal sealed record Pending(EntityEntry Entry, string Action, string? Key, Dictionary<string, object?>? Before, string[] Changed);

    /// <summary>Stamps tracked entities and captures the "before" side of every change.</summary>
    public static List<Pending> Capture(DbContext db, string actor, DateTime now)
    {
        var pending = new List<Pending>();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is IAppendOnly)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new InvalidOperationException($"{entry.Metadata.ClrType.Name} is append-only: history is never changed.");
                }

                continue;
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    Stamp(entry, actor, now, created: true);
                    pending.Add(new Pending(entry, "create", null, null, []));
                    break;
                case EntityState.Modified:
                    Stamp(entry, actor, now, created: false);
                    // Identity marks every column modified on update; keep only values that really changed.
                    var changed = entry.Properties
                        .Where(p => p.IsModified && !IsHidden(p) && !Equals(p.OriginalValue, p.CurrentValue))
                        .Select(p => p.Metadata.Name).ToArray();
                    if (changed.Length > 0)
                    {
                        pending.Add(new Pending(entry, "update", Key(entry), Values(entry, original: true, changed), changed));
                    }

                    break;
                case EntityState.Deleted:
                    pending.Add(new Pending(entry, "delete", Key(entry), Values(entry, original: true, null), []));
                    break;
                case EntityState.Detached:
                case EntityState.Unchanged:
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected entity state {entry.State}.");
            }
        }

        return pending;
    }

    /// <summary>Builds the entries once the database has assigned keys.</summary>
    public static IEnumerable<AuditEntry> Complete(IEnumerable<Pending> pending, string actor, DateTime now) =>
        pending.Select(p => new AuditEntry
        {
            At = now,
            User = actor,
            Action = p.Action,
            Entity = EntityName(p.Entry),
            Key = p.Key ?? Key(p.Entry),
            Before = p.Before is null ? null : JsonSerializer.Serialize(p.Before),
            After = p.Action switch
            {
                "delete" => null,
                "update" => JsonSerializer.Serialize(Values(p.Entry, original: false, p.Changed)),
                _ => JsonSerializer.Serialize(Values(p.Entry, original: false, null)),
            },
        });

    private static void Stamp(EntityEntry entry, string actor, DateTime now, bool created)
    {
        if (entry.Entity is ITracked tracked)
        {
            if (created)
            {
                tracked.CreatedAt = now;
                tracked.CreatedBy = actor;
            }

            tracked.UpdatedAt = now;
            tracked.UpdatedBy = actor;
        }

        var version = entry.Metadata.FindProperty("Version");
        if (version is { IsConcurrencyToken: true } && !created)
        {
            var current = (int)entry.Property("Version").CurrentValue!;
            entry.Property("Version").CurrentValue = current + 1;
        }
    }

    /// <summary>The entity's visible values; with <paramref name="only"/>, just those properties.</summary>
    private static Dictionary<string, object?> Values(EntityEntry entry, bool original, string[]? only)
    {
        var values = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (IsHidden(property) || (only is not null && !only.Contains(name)))
            {
                continue;
            }

            values[name] = original ? property.OriginalValue : property.CurrentValue;
        }

        return values;
    }

    private static string EntityName(EntityEntry entry)
    {
        var name = entry.Metadata.ClrType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string Key(EntityEntry entry)
    {
        var uid = entry.Metadata.FindProperty("Uid");
        if (uid is not null)
        {
            return (string?)entry.Property("Uid").CurrentValue ?? string.Empty;
        }

        var userName = entry.Metadata.FindProperty("UserName");
        if (userName is not null)
        {
            return (string?)entry.Property("UserName").CurrentValue ?? string.Empty;
        }

        var key = entry.Metadata.FindPrimaryKey()!;
        return string.Join(':', key.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
