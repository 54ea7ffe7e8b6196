using System.Collections.Concurrent;
using Lodestar.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Data;

/// <summary>
/// Figures computed from the database (DTI scores and ranks, scorecards), reused until the change feed shows a committed
/// write of a kind they depend on (<see cref="ChangeKinds"/>, docs/adr/0017). The feed is read at most every
/// <see cref="MaxAge"/>, and at once after this process wrote, so a reader sees his own writes and another instance's
/// within that bound; a figure is computed from a state at least as new as the feed position it is kept under, so a
/// write committed while it is computed makes the next reader compute it again. Readers that find a figure stale wait
/// for one computation of it, not one each.
/// </summary>
public sealed class FigureCache(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>How long the feed's position is trusted before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);

    /// <summary>Beyond this many figures kept, the cache starts again empty (the keys are a few per page and year).</summary>
    private const int MaxEntries = 2000;

    private static readonly ChangeKinds[] Kinds = [ChangeKinds.Values, ChangeKinds.Structure, ChangeKinds.Dti, ChangeKinds.Work];

    private readonly ConcurrentDictionary<object, Entry> _entries = new();
    private readonly ConcurrentDictionary<object, SemaphoreSlim> _computing = new();
    private readonly Freshness _freshness = new(MaxAge);

    // The feed position read last, and per kind the last position that changed it; -1 until the first read.
    private long _head = -1;
    private readonly long[] _lastOfKind = new long[Kinds.Length];

    private sealed record Entry(long Position, ChangeKinds DependsOn, object? Value);

    public void Dispose()
    {
        _freshness.Dispose();
        foreach (var gate in _computing.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>
    /// The figure kept under <paramref name="key"/> (a value-equal key naming every parameter it is computed from) if no
    /// write of a kind in <paramref name="dependsOn"/> committed since it was computed; otherwise <paramref name="make"/>'s
    /// new one. <paramref name="make"/> runs on the caller's services; the value it returns is shared by every reader
    /// and must not be changed.
    /// </summary>
    public async Task<T> GetAsync<T>(object key, ChangeKinds dependsOn, Func<Task<T>> make, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(make);
        await RefreshAsync(ct);
        if (Current(key) is { } kept)
        {
            return (T)kept.Value!;
        }

        var gate = _computing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Another reader may have computed it while this one waited.
            if (Current(key) is { } computed)
            {
                return (T)computed.Value!;
            }

            var position = Volatile.Read(ref _head);
            var value = await make();
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();

                // Keys may carry what readers typed (a register's search text): gates nobody holds go with their figures.
                foreach (var (k, idle) in _computing)
                {
                    if (!ReferenceEquals(idle, gate) && idle.CurrentCount == 1)
                    {
                        _computing.TryRemove(k, out _);
                    }
                }
            }

            _entries[key] = new Entry(position, dependsOn, value);
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A short value-equal key part for a set of ids (a reader's scope, a subtree): null is "all".</summary>
    public static string KeyOf(IReadOnlySet<int>? ids) => ids is null
        ? "*"
        : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes<int>([.. ids.Order()])));

    private Entry? Current(object key) =>
        _entries.TryGetValue(key, out var entry) && !ChangedSince(entry.Position, entry.DependsOn) ? entry : null;

    private bool ChangedSince(long position, ChangeKinds kinds)
    {
        for (var k = 0; k < Kinds.Length; k++)
        {
            if ((kinds & Kinds[k]) != 0 && Volatile.Read(ref _lastOfKind[k]) > position)
            {
                return true;
            }
        }

        return false;
    }

    // One indexed range read of the batches committed since the last look: the newest position and, per kind, the
    // newest position that changed it. At the first look every kind counts as changed at the head.
    private Task RefreshAsync(CancellationToken ct) => _freshness.RefreshAsync(async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        var head = Volatile.Read(ref _head);
        var since = await db.ChangeBatches.AsNoTracking().Where(b => b.Seq > head)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Head = g.Max(b => b.Seq),
                Values = g.Max(b => ((int)b.Kinds & (int)ChangeKinds.Values) != 0 ? b.Seq : null),
                Structure = g.Max(b => ((int)b.Kinds & (int)ChangeKinds.Structure) != 0 ? b.Seq : null),
                Dti = g.Max(b => ((int)b.Kinds & (int)ChangeKinds.Dti) != 0 ? b.Seq : null),
                Work = g.Max(b => ((int)b.Kinds & (int)ChangeKinds.Work) != 0 ? b.Seq : null),
            })
            .FirstOrDefaultAsync(ct);
        if (since?.Head is not { } newest)
        {
            if (head < 0)
            {
                Volatile.Write(ref _head, 0);
            }

            return;
        }

        long?[] last = head < 0 ? [newest, newest, newest, newest] : [since.Values, since.Structure, since.Dti, since.Work];
        for (var k = 0; k < Kinds.Length; k++)
        {
            if (last[k] is { } seq)
            {
                Volatile.Write(ref _lastOfKind[k], seq);
            }
        }

        Volatile.Write(ref _head, newest);
    }, ct);
}
