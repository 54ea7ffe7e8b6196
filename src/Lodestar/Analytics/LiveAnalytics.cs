using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Analytics;

/// <summary>A unit's place in a rollup: its own approved value and the aggregate of what the units below it reported.</summary>
public sealed record RollupRow(string Code, string Name, double? Value, int Reporting, double? Sum, double? Mean, double? Min, double? Max);

/// <summary>A unit and its children for one data element and period, as of the commit of the newest change the model has applied.</summary>
public sealed record Rollup(string Element, string Period, RollupRow Unit, IReadOnlyList<RollupRow> Children, DateTime AsOf);

/// <summary>
/// The approved values of the whole deployment in one <see cref="ValueCube"/>, built from the database on first use and
/// kept current by following the commit-ordered change feed (<see cref="ChangeFeed"/>): before answering, when more
/// than <see cref="MaxAge"/> has passed since it last looked (or this process has written since), it reads the batches
/// committed after the last one it applied and sets the cells of their values, which updates every aggregate above
/// them in place. Every instance on one database does the same, so a value approved through one instance shows
/// through the others within <see cref="MaxAge"/> plus one query, and no write is missed however long it took. A batch
/// that changed units, links or elements, or a value the model cannot place, makes it rebuild. See README.md in this
/// folder for the design and its limits.
/// </summary>
public sealed class LiveAnalytics : IDisposable
{
    /// <summary>
    /// A stored value the model takes: one stored before values were bounded (±<see cref="Lodestar.Values.ValueRowChecker.MaxMagnitude"/>)
    /// or not finite is left out, so it cannot turn every rollup above it into infinity.
    /// </summary>
    private static double? Countable(double value) => double.IsFinite(value) && Math.Abs(value) <= Lodestar.Values.ValueRowChecker.MaxMagnitude ? value : null;

    /// <summary>How stale an answer may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);

    private readonly IServiceScopeFactory _scopes;
    private readonly Meter? _meter;
    private readonly Freshness _freshness = new(MaxAge);
    private readonly Lock _cubeLock = new();
    private Model? _model;
    private long _lookedAt;

    /// <summary>The model of the database <paramref name="scopes"/> reach; with <paramref name="meters"/>, its feed position and lag are measured.</summary>
    public LiveAnalytics(IServiceScopeFactory scopes, IMeterFactory? meters = null)
    {
        _scopes = scopes;
        _meter = meters?.Create(LodestarMetrics.MeterName);
        _meter?.CreateObservableGauge("lodestar.feed.position", () => Position, "{batch}",
            "Change-feed position of the newest batch this instance's live model has applied.");
        _meter?.CreateObservableGauge("lodestar.feed.lag", () => Lag?.TotalSeconds ?? 0, "s",
            "Seconds since this instance's live model last read the change feed to its end.");
    }

    /// <summary>Values held by the model (0 before the first build).</summary>
    public long Values => _model?.Cube.Values ?? 0;

    /// <summary>The feed position of the newest batch applied (0 before the first build, or when nothing was written).</summary>
    public long Position => _model?.Position ?? 0;

    /// <summary>
    /// How far behind the change feed this instance may be: the time since it last read the feed to its end (null
    /// before the first build). Whatever was committed before that look is in the model.
    /// </summary>
    public TimeSpan? Lag => _model is null ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lookedAt));

    /// <summary>
    /// The rollup of one data element for one period: the unit (by code, valid at the period's end) and its children;
    /// without a unit, every top-level unit (the provinces). Null when the element, period or unit is unknown.
    /// </summary>
    public async Task<Rollup?> RollupAsync(string element, string period, string? unit, CancellationToken ct = default)
    {
        var model = await CurrentAsync(ct);
        lock (_cubeLock)
        {
            return model.Rollup(element, period, unit);
        }
    }

    public void Dispose()
    {
        _freshness.Dispose();
        _meter?.Dispose();
    }

    /// <summary>Builds the model now (at start, so the first request does not wait for it), or brings it up to date.</summary>
    public async Task WarmAsync(CancellationToken ct = default) => await CurrentAsync(ct);

    private async Task<Model> CurrentAsync(CancellationToken ct)
    {
        await _freshness.RefreshAsync(async () =>
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var looked = Stopwatch.GetTimestamp();
            if (_model is null || !await CatchUpAsync(db, _model, ct))
            {
                var built = await Model.BuildAsync(db, ct);
                lock (_cubeLock)
                {
                    _model = built;
                }
            }

            Volatile.Write(ref _lookedAt, looked);
        }, ct);
        return _model!;
    }

    /// <summary>Applies the batches committed after the last one applied; false when they need a rebuild.</summary>
    private async Task<bool> CatchUpAsync(LodestarDbContext db, Model model, CancellationToken ct)
    {
        var position = model.Position;
        var batches = await db.ChangeBatches.AsNoTracking().Where(b => b.Seq > position).OrderBy(b => b.Seq)
            .Select(b => new { b.Id, Seq = b.Seq!.Value, b.CommittedAt, b.Rebuild }).ToListAsync(ct);
        if (batches.Count == 0)
        {
            return true;
        }

        if (batches.Exists(b => b.Rebuild))
        {
            return false;
        }

        // Each row as it is now: a row a later batch changed again is read with that batch's value, and read again
        // with it (harmlessly) when that batch is applied.
        var ids = batches.ConvertAll(b => b.Id);
        var changed = await db.DataValues.AsNoTracking()
            .Where(v => ids.Contains(v.BatchId))
            .Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value, v.Approved })
            .ToListAsync(ct);
        var started = Stopwatch.GetTimestamp();
        lock (_cubeLock)
        {
            foreach (var c in changed)
            {
                if (!model.TrySet(c.DataElementId, c.OrgUnitId, c.Period, c.Approved ? Countable(c.Value) : null))
                {
                    return false;
                }
            }

            model.Position = batches[^1].Seq;
            model.AsOf = batches[^1].CommittedAt ?? model.AsOf;
        }

        LodestarMetrics.Record(LodestarMetrics.AnalyticsUpdate, started);
        return true;
    }

    private sealed class Model(ValueCube cube, Dictionary<int, int> elementOf, Dictionary<string, int> elementByCode, Dictionary<string, int> periodOf, Dictionary<int, (string Code, string Name)> units)
    {
        private readonly Dictionary<CubeTree, Dictionary<string, int>> _byCode = [];

        public ValueCube Cube { get; } = cube;

        /// <summary>The feed position of the newest batch applied.</summary>
        public long Position { get; set; }

        /// <summary>When that batch was committed.</summary>
        public DateTime AsOf { get; set; }

        public static async Task<Model> BuildAsync(LodestarDbContext db, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();

            // The feed's end first: every value read below is at least as new, and what commits meanwhile is applied
            // (again, harmlessly) by the next catch-up.
            var head = await db.ChangeBatches.AsNoTracking().Where(b => b.Seq != null).OrderByDescending(b => b.Seq)
                .Select(b => new { Seq = b.Seq!.Value, b.CommittedAt }).FirstOrDefaultAsync(ct);
            var elements = await db.DataElements.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.Code }).ToListAsync(ct);
            var periods = (await db.DataValues.AsNoTracking().Select(v => v.Period).Distinct().ToListAsync(ct))
                .Select(code => Period.TryParse(code, out var p) ? p : default).Where(p => p != default).Order().ToList();
            var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.Code, u.Name, u.ValidFrom, u.ValidTo }).ToListAsync(ct);
            var links = await db.OrgUnitParents.AsNoTracking().Select(l => new { l.ChildId, l.ParentId, l.ValidFrom, l.ValidTo }).ToListAsync(ct);

            // One tree per stretch of time in which no unit or link starts or ends; periods ending in one stretch share it.
            var boundaries = units.SelectMany(u => new[] { u.ValidFrom, u.ValidTo?.AddDays(1) })
                .Concat(links.SelectMany(l => new[] { l.ValidFrom, l.ValidTo?.AddDays(1) }))
                .OfType<DateOnly>().Distinct().Order().ToArray();
            var trees = new List<CubeTree>();
            var treeOfStretch = new Dictionary<int, int>();
            var periodTree = new int[periods.Count];
            for (var p = 0; p < periods.Count; p++)
            {
                var on = periods[p].End;
                var stretch = Array.BinarySearch(boundaries, on);
                stretch = stretch >= 0 ? stretch : ~stretch - 1;
                if (!treeOfStretch.TryGetValue(stretch, out var t))
                {
                    var valid = units.Where(u => (u.ValidFrom is null || u.ValidFrom <= on) && (u.ValidTo is null || u.ValidTo >= on)).Select(u => u.Id).ToArray();
                    var position = new Dictionary<int, int>(valid.Length);
                    for (var i = 0; i < valid.Length; i++)
                    {
                        position[valid[i]] = i;
                    }

                    var parent = new int[valid.Length];
                    Array.Fill(parent, -1);
                    foreach (var l in links.Where(l => (l.ValidFrom is null || l.ValidFrom <= on) && (l.ValidTo is null || l.ValidTo >= on)))
                    {
                        if (position.TryGetValue(l.ChildId, out var c) && position.TryGetValue(l.ParentId, out var pa))
                        {
                            parent[c] = pa;
                        }
                    }

                    treeOfStretch[stretch] = t = trees.Count;
                    trees.Add(new CubeTree(valid, parent));
                }

                periodTree[p] = t;
            }

            var model = new Model(
                new ValueCube(elements.Count, [.. trees], periodTree),
                elements.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i),
                elements.Select((e, i) => (e.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal),
                periods.Select((p, i) => (p.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal),
                units.ToDictionary(u => u.Id, u => (u.Code, u.Name)));
            await foreach (var v in db.DataValues.AsNoTracking().Where(v => v.Approved)
                .Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value }).AsAsyncEnumerable().WithCancellation(ct))
            {
                model.Locate(v.DataElementId, v.OrgUnitId, v.Period, out var e, out var p, out var u);
                if (u >= 0 && Countable(v.Value) is { } value)
                {
                    model.Cube.Load(e, p, u, value);
                }
            }

            model.Position = head?.Seq ?? 0;
            model.AsOf = head?.CommittedAt ?? DateTime.MinValue;
            model.Cube.Recompute();
            LodestarMetrics.Record(LodestarMetrics.AnalyticsBuild, started);
            return model;
        }

        /// <summary>Sets one cell; false when the element, period or unit is not in the model (a rebuild is needed).</summary>
        public bool TrySet(int elementId, int unitId, string period, double? value)
        {
            Locate(elementId, unitId, period, out var e, out var p, out var u);
            if (u < 0)
            {
                return false;
            }

            Cube.Set(e, p, u, value);
            return true;
        }

        public void Locate(int elementId, int unitId, string period, out int e, out int p, out int u)
        {
            u = -1;
            if (elementOf.TryGetValue(elementId, out e) && periodOf.TryGetValue(period, out p) && Cube.TreeOf(p).Position.TryGetValue(unitId, out var at))
            {
                u = at;
            }
            else
            {
                p = -1;
            }
        }

        public Rollup? Rollup(string elementCode, string periodCode, string? unitCode)
        {
            if (!elementByCode.TryGetValue(elementCode, out var e) || !periodOf.TryGetValue(periodCode, out var p))
            {
                return null;
            }

            var tree = Cube.TreeOf(p);
            var children = new List<RollupRow>();
            RollupRow top;
            if (string.IsNullOrEmpty(unitCode))
            {
                top = new RollupRow(string.Empty, string.Empty, null, 0, null, null, null, null);
                for (var u = 0; u < tree.Units.Length; u++)
                {
                    if (tree.AncestorStart[u] == tree.AncestorStart[u + 1] && tree.NodeOf[u] >= 0)
                    {
                        children.Add(Row(e, p, tree, u));
                    }
                }
            }
            else
            {
                if (!PositionsByCode(tree).TryGetValue(unitCode, out var at))
                {
                    return null;
                }

                top = Row(e, p, tree, at);
                var node = tree.NodeOf[at];
                if (node >= 0)
                {
                    for (var m = tree.MemberStart[node]; m < tree.MemberStart[node + 1]; m++)
                    {
                        var member = tree.Members[m];
                        if (tree.Ancestors[tree.AncestorStart[member]] == node)
                        {
                            children.Add(Row(e, p, tree, member));
                        }
                    }
                }
            }

            children.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
            return new Rollup(elementCode, periodCode, top, children, AsOf);
        }

        /// <summary>Each unit's position in a tree by its code (codes are unique on a day), made on first use (callers hold the cube's lock).</summary>
        private Dictionary<string, int> PositionsByCode(CubeTree tree)
        {
            if (!_byCode.TryGetValue(tree, out var byCode))
            {
                byCode = new Dictionary<string, int>(tree.Units.Length, StringComparer.Ordinal);
                for (var i = 0; i < tree.Units.Length; i++)
                {
                    byCode.TryAdd(units[tree.Units[i]].Code, i);
                }

                _byCode[tree] = byCode;
            }

            return byCode;
        }

        private RollupRow Row(int e, int p, CubeTree tree, int u)
        {
            var (code, name) = units[tree.Units[u]];
            var node = tree.NodeOf[u];
            var a = node >= 0 ? Cube.Aggregate(e, p, node) : default;
            return a.Count == 0
                ? new RollupRow(code, name, Cube.Get(e, p, u), 0, null, null, null, null)
                : new RollupRow(code, name, Cube.Get(e, p, u), a.Count, a.Sum, a.Mean, a.Min, a.Max);
        }
    }
}
