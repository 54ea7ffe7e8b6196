namespace Lodestar.Common;

/// <summary>
/// A counter this process bumps whenever it has written to the database, so what it keeps in memory (the live
/// analytics, cached dashboards) looks for changes at once after its own writes instead of waiting for its next
/// periodic look. Writes by other instances are found by that periodic look.
/// </summary>
public static class LocalChanges
{
    private static long _version;

    public static long Version => Volatile.Read(ref _version);

    public static void Changed() => Interlocked.Increment(ref _version);
}
