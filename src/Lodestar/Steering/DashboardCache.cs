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
/// Dashboards as last built, reused until anything they could depend on changes. "Anything" is read from two indexed
/// maxima — the audit trail's last entry (every change of a tracked entity writes one) and the change feed's last
/// position (every committed write of values, the bulk import's included: docs/adr/0016) — at most every <see cref="MaxAge"/>, on any instance. A
/// change anywhere rebuilds the next dashboard asked for, so figures are never older than that; many readers of one
/// dashboard at once share one build. Meeting packs are built fresh, not from here.
/// </summary>
public sealed class DashboardCache(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>How long a change stamp is trusted before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);

    /// <summary>Beyond this many dashboards kept, those built before the last change are dropped.</summary>
    private const int MaxEntries = 500;

    private readonly ConcurrentDictionary<(int Unit, string Period, DateOnly AsOf, string Culture), (Stamp Stamp, Lazy<Task<Dashboard>> Build)> _built = new();
    private readonly ConcurrentDictionary<object, (Stamp Stamp, object? Value)> _remembered = new();
    private readonly Freshness _freshness = new(MaxAge);

    // Builds share the processor: while one runs, later changes only queue a build, and a queued build that a newer one
    // has replaced hands its readers the newer dashboard instead of building too (writes every few milliseconds would
    // otherwise start a build each, all competing, and readers would wait for all of them).
    private readonly SemaphoreSlim _builders = new(Environment.ProcessorCount);
    private Stamp _stamp;

    private readonly record struct Stamp(long Audit, long Values)
    {
        public bool IsAfter(Stamp other) => this != other && Audit >= other.Audit && Values >= other.Values;
    }

    public void Dispose()
    {
        _freshness.Dispose();
        _builders.Dispose();
    }

    /// <summary>The dashboard of a unit for a period as of a day: the one last built if nothing changed since, else a new one.</summary>
    public async Task<Dashboard> GetAsync(OrgUnit unit, Period period, DateOnly asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var stamp = await StampAsync(ct);
        var key = (unit.Id, period.Code, asOf, CultureInfo.CurrentUICulture.Name);
        if (_built.Count > MaxEntries)
        {
            foreach (var stale in _built.Where(e => e.Value.Stamp != stamp))
            {
                _built.TryRemove(stale);
            }
        }

        var entry = _built.AddOrUpdate(key,
            _ => (stamp, NewBuild(key, stamp, unit.Id, period, asOf)),
            (_, old) => old.Stamp == stamp && !old.Build.Value.IsFaulted && !old.Build.Value.IsCanceled ? old : (stamp, NewBuild(key, stamp, unit.Id, period, asOf)));
        return await entry.Build.Value.WaitAsync(ct);
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

    // The build runs on its own scope (its own DbContext): readers share it, and one leaving does not cancel it.
    private Lazy<Task<Dashboard>> NewBuild((int, string, DateOnly, string) key, Stamp stamp, int unitId, Period period, DateOnly asOf)
    {
        var culture = CultureInfo.CurrentUICulture;
        return new Lazy<Task<Dashboard>>(() => Task.Run(async () =>
        {
            (Stamp Stamp, Lazy<Task<Dashboard>> Build) newer;
            await _builders.WaitAsync();
            try
            {
                if (!_built.TryGetValue(key, out newer) || !newer.Stamp.IsAfter(stamp))
                {
                    CultureInfo.CurrentUICulture = culture;
                    CultureInfo.CurrentCulture = culture;
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
                    var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == unitId);
                    return await scope.ServiceProvider.GetRequiredService<DashboardQueries>().BuildAsync(unit, period, asOf);
                }
            }
            finally
            {
                _builders.Release();
            }

            return await newer.Build.Value; // replaced while it waited: the newer dashboard is at least as fresh
        }));
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
