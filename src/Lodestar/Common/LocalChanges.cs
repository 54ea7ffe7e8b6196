using System.Collections.Concurrent;

namespace Lodestar.Common;

/// <summary>
/// A counter this process bumps whenever it has written to the database, so what it keeps in memory (the live
/// analytics, cached dashboards) looks for changes at once after its own writes instead of waiting for its next
/// periodic look. Writes by other instances are found by that periodic look. It also remembers, per account, the
/// counter when a request of his that wrote had finished (<see cref="Wrote"/>): what was read from the database after
/// that includes his writes.
/// </summary>
public static class LocalChanges
{
    private static long _version;
    private static long _accounts;
    private static readonly ConcurrentDictionary<string, long> ByAccount = new(StringComparer.Ordinal);

    public static long Version => Volatile.Read(ref _version);

    public static void Changed() => Interlocked.Increment(ref _version);

    /// <summary>Bumped when this process changed an account (its security stamp, role, scope): sign-ins are checked again at once.</summary>
    public static long AccountsVersion => Volatile.Read(ref _accounts);

    public static void AccountsChanged() => Interlocked.Increment(ref _accounts);

    /// <summary>A request of <paramref name="account"/> that wrote has finished: its writes are committed.</summary>
    public static void Wrote(string account) => ByAccount[account] = Version;

    /// <summary>The counter after the last finished request of <paramref name="account"/> that wrote here; 0 if none.</summary>
    public static long LastBy(string? account) => account is not null && ByAccount.TryGetValue(account, out var v) ? v : 0;
}
