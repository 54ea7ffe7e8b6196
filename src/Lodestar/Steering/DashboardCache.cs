using System.Collections.Concurrent;
using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Steering;

/// <summary>
/// Dashboards as last built. "Anything changed" is read from two indexed maxima — the audit trail's last entry (every
/// change of a tracked entity writes one) and the change feed's last position (every committed write of values, the bulk
/// import's included: docs/adr/0016) — at most every <see cref="MaxAge"/>, on any instance, and at once after this process
/// wrote. When something changed, one rebuild runs at a time per dashboard (at most one per core in all). While it runs,
/// readers get the newest complete dashboard at once, and when writes came during it the next rebuild starts as it ends,
/// so under a stream of writes readers never wait; a reader who finds nothing under way starts the rebuild and waits for
/// it, so a reader after a quiet moment sees every write before his request. A reader who wrote here after the newest
/// complete one was started always waits for one started after his write (<see cref="LocalChanges.LastOf"/>): he sees
/// his own writes. Meeting packs are built fresh, not from here (docs/adr/0026).
/// </summary>
public sealed class DashboardCache(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>How long a change stamp is trusted before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);

    /// <summary>Beyond this many dashboards kept, those built before the last change are dropped.</summary>
    private const int MaxEntries = 500;

    private readonly ConcurrentDictionary<(int Unit, string Period, DateOnly AsOf, string Culture), Slot> _slots = new();
    private readonly ConcurrentDictionary<object, (Stamp Stamp, object? Value)> _remembered = new();
    private readonly Freshness _freshness = new(MaxAge);

    // Builds share the processor: at most one per core at a time, whatever the number of dashboards asked for.
    private readonly SemaphoreSlim _builders = new(Environment.ProcessorCount);
    private Stamp _stamp;

    private readonly record struct Stamp(long Audit, long Values);

    /// <summary>A dashboard built from the database as it was at <see cref="Stamp"/>, after this process's change <see cref="Local"/>.</summary>
    private sealed record Built(Stamp Stamp, long Local, Dashboard Value);

    /// <summary>
    /// One dashboard's newest complete build, the build running if any, and whether a reader was given the older one
    /// meanwhile (then writes during the build start the next at once). Guarded by the slot itself.
    /// </summary>
    private sealed class Slot
    {
        public Built? Done;
        public Task<Built>? Running;
        public bool Wanted;
    }

    public void Dispose()
    {
        _freshness.Dispose();
        _builders.Dispose();
    }

    /// <summary>
    /// The dashboard of a unit for a period as of a day: the newest complete one, rebuilt in the background when anything
    /// changed since; a reader whose last write here is <paramref name="mustSee"/> (<see cref="LocalChanges.LastOf"/>; 0:
    /// none) waits, if need be, for one built after it.
    /// </summary>
    public async Task<Dashboard> GetAsync(OrgUnit unit, Period period, DateOnly asOf, long mustSee = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var stamp = await StampAsync(ct);
        var key = (unit.Id, period.Code, asOf, CultureInfo.CurrentUICulture.Name);
        if (_slots.Count > MaxEntries)
        {
            foreach (var stale in _slots.Where(e => e.Value.Done?.Stamp != stamp))
            {
                _slots.TryRemove(stale);
            }
        }

        var slot = _slots.GetOrAdd(key, _ => new Slot());
        while (true)
        {
            Task<Built> running;
            lock (slot)
            {
                if (slot.Done is { } done && done.Local >= mustSee && (done.Stamp == stamp || slot.Running is not null))
                {
                    slot.Wanted |= done.Stamp != stamp;
                    return done.Value;
                }

                running = slot.Running ??= Build(slot, unit.Id, period, asOf);
            }

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
    private Task<Built> Build(Slot slot, int unitId, Period period, DateOnly asOf)
    {
        var culture = CultureInfo.CurrentUICulture;
        return Task.Run(async () =>
        {
            try
            {
                await _builders.WaitAsync();
                try
                {
                    CultureInfo.CurrentUICulture = culture;
                    CultureInfo.CurrentCulture = culture;
                    var local = LocalChanges.Version;
                    var stamp = await StampAsync(CancellationToken.None);
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
                    var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == unitId);
                    var built = new Built(stamp, local, await scope.ServiceProvider.GetRequiredService<DashboardQueries>().BuildAsync(unit, period, asOf));
                    lock (slot)
                    {
                        slot.Done = built;
                        slot.Running = slot.Wanted && LocalChanges.Version != local ? Build(slot, unitId, period, asOf) : null;
                        slot.Wanted = false;
                    }

                    return built;
                }
                finally
                {
                    _builders.Release();
                }
            }
            catch
            {
                lock (slot)
                {
                    slot.Running = null;
                }

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
