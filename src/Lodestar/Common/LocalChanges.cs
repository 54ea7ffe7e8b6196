using System.Collections.Concurrent;

namespace Lodestar.Common;

/// <summary>
/// A counter this process bumps whenever it has written to the database, so what it keeps in memory (the live
/// analytics, cached dashboards) looks for changes at once after its own writes instead of waiting for its next
/// periodic look. Writes by other instances are found by that periodic look. It also remembers, per account, the
/// counter after the account's last write here, so a figure kept in memory can tell whether it was computed after it:
/// a reader sees his own writes (the dashboards).
/// </summary>
public static class LocalChanges
{
    private static readonly ConcurrentDictionary<string, long> LastByActor = new(StringComparer.Ordinal);
    private static long _version;

    public static long Version => Volatile.Read(ref _version);

    /// <summary>Counts a committed write of <paramref name="actor"/> (the account's user name; null: a job's).</summary>
    public static void Changed(string? actor = null)
    {
        var version = Interlocked.Increment(ref _version);
        if (actor is not null)
        {
            LastByActor.AddOrUpdate(actor, version, (_, before) => Math.Max(before, version));
        }
    }

    /// <summary>The counter after <paramref name="actor"/>'s last write in this process; 0 when he wrote nothing here.</summary>
    public static long LastOf(string? actor) => actor is not null && LastByActor.TryGetValue(actor, out var version) ? version : 0;
}
