using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lodestar.Steering;

/// <summary>
/// Dashboards as last built. "Anything changed" is read from two indexed maxima — the audit trail's last entry (every
/// change of a tracked entity writes one) and the change feed's last position (every committed write of values, the bulk
/// import's included: docs/adr/0016) — at most every <see cref="MaxAge"/>, on any instance, and at once after this process
/// wrote. When something changed, one rebuild runs at a time per dashboard (at most one per core in all):
/// <list type="bullet">
/// <item>a reader who finds no rebuild under way starts one and waits for it, so after a quiet moment he sees every
/// write made before his request;</item>
/// <item>while one is under way, readers get the newest complete dashboard at once, and if they came after a change the
/// rebuild did not read, the next one follows it after a pause as long as the rebuild took (so under a stream of writes
/// readers never wait and rebuilds take at most half of the processor time they would take back to back);</item>
/// <item>a reader who wrote here (<see cref="LocalChanges.LastBy"/>) is never given a dashboard read before his write:
/// he waits for one started after it.</item>
/// </list>
/// Meeting packs are built fresh, not from here (docs/adr/0026).
/// </summary>
public sealed class DashboardCache(IServiceScopeFactory scopes, ILogger<DashboardCache> log) : IDisposable
{
    /// <summary>How long a change stamp is trusted before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause before a rebuild that follows another.</summary>
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    /// <summary>Beyond this many dashboards kept, those neither current nor being rebuilt are dropped.</summary>
    private const int MaxEntries = 500;

    private readonly ConcurrentDictionary<(int Unit, string Period, DateOnly AsOf, string Culture), Slot> _slots = new();
    private readonly ConcurrentDictionary<object, (Stamp Stamp, object? Value)> _remembered = new();
    private readonly Freshness _freshness = new(MaxAge);

    // Builds share the processor: at most one per core at a time, whatever the number of dashboards asked for.
    private readonly SemaphoreSlim _builders = new(Environment.ProcessorCount);
    private Stamp _stamp;

    /// <summary>Awaited by each build after it noted what it reads from: tests hold builds with it to put readers in a known order.</summary>
    internal Func<Task>? WhileBuilding { get; set; }

    private readonly record struct Stamp(long Audit, long Values)
    {
        public bool Covers(Stamp other) => Audit >= other.Audit && Values >= other.Values;
    }

    /// <summary>A dashboard read from the database as it was at <see cref="Stamp"/>, after this process's change counter was <see cref="Local"/>.</summary>
    private sealed record Built(Stamp Stamp, long Local, Dashboard Value);

    /// <summary>
    /// One dashboard's newest complete build, the rebuild under way if any, and whether a reader was given the older one
    /// meanwhile (then the next rebuild follows). Guarded by the slot itself.
    /// </summary>
    private sealed class Slot
    {
        public Built? Done;
        public Task? Running;
        public bool Wanted;
    }

    public void Dispose()
    {
        _freshness.Dispose();
        _builders.Dispose();
    }

    /// <summary>
    /// The dashboard of a unit for a period as of a day, for a reader whose last write here is <paramref name="mustSee"/>
    /// (<see cref="LocalChanges.LastBy"/>; 0: none): see the class's rules.
    /// </summary>
    public async Task<Dashboard> GetAsync(OrgUnit unit, Period period, DateOnly asOf, long mustSee = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var stamp = await StampAsync(ct);
        var key = (unit.Id, period.Code, asOf, CultureInfo.CurrentUICulture.Name);
        if (_slots.Count > MaxEntries)
        {
            foreach (var idle in _slots.Where(e => e.Value.Running is null && e.Value.Done?.Stamp != stamp))
            {
                _slots.TryRemove(idle);
            }
        }

        var slot = _slots.GetOrAdd(key, _ => new Slot());
        while (true)
        {
            Task running;
            lock (slot)
            {
                if (slot.Done is { } done && done.Local >= mustSee)
                {
                    if (done.Stamp.Covers(stamp))
                    {
                        return done.Value;
                    }

                    if (slot.Running is not null)
                    {
                        slot.Wanted = true;
                        return done.Value;
                    }
                }

                running = slot.Running ??= Build(slot, key, period, TimeSpan.Zero);
            }

            // A build started by this process reads a stamp at least as new as the reader's and a counter at least as
            // new as his write, so at most two rounds: the build under way, then one started after it.
            await running.WaitAsync(ct);
        }
    }

    /// <summary>
    /// What <paramref name="make"/> gives for <paramref name="key"/> (a value-equal key naming everything it depends on),
    /// made again once anything has changed: e.g. which unit and period a reader's dashboard request means.
    /// </summary>
    public async Task<T> RememberAsync<T>(object key, Func<Task<T>> make, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(make);
        var stamp = await StampAsync(ct);
        if (_remembered.TryGetValue(key, out var known) && known.Stamp == stamp)
        {
            return (T)known.Value!;
        }

        if (_remembered.Count > MaxEntries)
        {
            _remembered.Clear();
        }

        var value = await make();
        _remembered[key] = (stamp, value);
        return value;
    }

    // The build runs on its own scope (its own DbContext): readers share it, and one leaving does not cancel it. It notes
    // this process's change counter and the stamp before it reads, so what it read is at least that new.
    private Task Build(Slot slot, (int Unit, string Period, DateOnly AsOf, string Culture) key, Period period, TimeSpan pause)
    {
        var culture = CultureInfo.CurrentUICulture;
        return Task.Run(async () =>
        {
            try
            {
                await Task.Delay(pause);
                await _builders.WaitAsync();
                var started = Stopwatch.GetTimestamp();
                Built built;
                try
                {
                    CultureInfo.CurrentUICulture = culture;
                    CultureInfo.CurrentCulture = culture;
                    var local = LocalChanges.Version;
                    var stamp = await StampAsync(CancellationToken.None);
                    if (WhileBuilding is { } hold)
                    {
                        await hold();
                    }

                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
                    var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == key.Unit);
                    var dashboard = await scope.ServiceProvider.GetRequiredService<DashboardQueries>().BuildAsync(unit, period, key.AsOf);
                    built = new Built(stamp, local, dashboard);
                }
                finally
                {
                    _builders.Release();
                }

                lock (slot)
                {
                    slot.Done = built;
                    var behind = slot.Wanted && (LocalChanges.Version != built.Local || !built.Stamp.Covers(_stamp));
                    slot.Wanted = false;
                    var took = Stopwatch.GetElapsedTime(started);
                    slot.Running = behind ? Build(slot, key, period, took < MaxPause ? took : MaxPause) : null;
                }
            }
            catch (Exception e)
            {
                lock (slot)
                {
                    slot.Running = null;
                }

                log.LogError(e, "Building the dashboard of unit {Unit} for {Period} failed", key.Unit, key.Period);
                throw;
            }
        });
    }

    private async Task<Stamp> StampAsync(CancellationToken ct)
    {
        await _freshness.RefreshAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            _stamp = new Stamp(
                await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0,
                await db.ChangeBatches.MaxAsync(b => b.Seq, ct) ?? 0);
        }, ct);
        return _stamp;
    }
}
