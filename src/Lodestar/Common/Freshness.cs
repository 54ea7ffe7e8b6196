using System.Diagnostics;

namespace Lodestar.Common;

/// <summary>
/// When an in-memory copy of database state must look at the database again: when it last looked more than
/// <see cref="MaxAge"/> ago, or this process has written since (<see cref="LocalChanges"/>). Concurrent readers of a
/// stale copy share one look.
/// </summary>
public sealed class Freshness(TimeSpan maxAge) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lookedAt;
    private long _versionAtLook = -1;

    public TimeSpan MaxAge { get; } = maxAge;

    private bool IsFresh =>
        Volatile.Read(ref _versionAtLook) == LocalChanges.Version && Stopwatch.GetElapsedTime(Volatile.Read(ref _lookedAt)) < MaxAge;

    /// <summary>Runs <paramref name="look"/> when the copy is stale, once for every caller waiting meanwhile.</summary>
    public async Task RefreshAsync(Func<Task> look, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(look);
        if (IsFresh)
        {
            return;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (!IsFresh)
            {
                // The version before the look: a write during it makes the next reader look again.
                var version = LocalChanges.Version;
                await look();
                Volatile.Write(ref _versionAtLook, version);
                Volatile.Write(ref _lookedAt, Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
