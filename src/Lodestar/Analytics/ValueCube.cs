namespace Lodestar.Analytics;

/// <summary>
/// One organisation tree (the units valid on some day and their parents), in the dense form the cube works on:
/// units are numbered 0..n-1; every unit that has children is also an aggregate node 0..k-1.
/// </summary>
public sealed class CubeTree
{
    /// <param name="units">The global ids of the tree's units (the cube's cells follow this order).</param>
    /// <param name="parent">For each unit, the position of its parent in <paramref name="units"/>, or -1 for a root.</param>
    public CubeTree(int[] units, int[] parent)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(parent);
        if (units.Length != parent.Length)
        {
            throw new ArgumentException("One parent per unit.", nameof(parent));
        }

        Units = units;
        Position = new Dictionary<int, int>(units.Length);
        for (var i = 0; i < units.Length; i++)
        {
            Position[units[i]] = i;
        }

        NodeOf = new int[units.Length];
        Array.Fill(NodeOf, -1);
        var nodes = new List<int>();
        foreach (var p in parent)
        {
            if (p >= 0 && NodeOf[p] < 0)
            {
                NodeOf[p] = nodes.Count;
                nodes.Add(p);
            }
        }

        NodeUnits = [.. nodes];

        // Ancestors of each unit as node numbers, nearest first (compressed rows); descendants of each node likewise.
        AncestorStart = new int[units.Length + 1];
        var ancestors = new List<int>(units.Length * 2);
        var members = new List<int>[nodes.Count];
        for (var k = 0; k < members.Length; k++)
        {
            members[k] = [];
        }

        for (var u = 0; u < units.Length; u++)
        {
            AncestorStart[u] = ancestors.Count;
            var depth = 0;
            for (var a = parent[u]; a >= 0; a = parent[a])
            {
                if (++depth > units.Length)
                {
                    throw new ArgumentException("The parents form a cycle.", nameof(parent));
                }

                ancestors.Add(NodeOf[a]);
                members[NodeOf[a]].Add(u);
            }
        }

        AncestorStart[units.Length] = ancestors.Count;
        Ancestors = [.. ancestors];
        MemberStart = new int[nodes.Count + 1];
        var flat = new List<int>(ancestors.Count);
        for (var k = 0; k < members.Length; k++)
        {
            MemberStart[k] = flat.Count;
            flat.AddRange(members[k]);
        }

        MemberStart[nodes.Count] = flat.Count;
        Members = [.. flat];
    }

    /// <summary>Global unit ids, by position.</summary>
    public int[] Units { get; }

    /// <summary>Position of a global unit id.</summary>
    public Dictionary<int, int> Position { get; }

    /// <summary>Aggregate node of each unit, or -1 when it has no children.</summary>
    public int[] NodeOf { get; }

    /// <summary>Unit position of each aggregate node.</summary>
    public int[] NodeUnits { get; }

    internal int[] AncestorStart { get; }

    internal int[] Ancestors { get; }

    internal int[] MemberStart { get; }

    internal int[] Members { get; }
}

/// <summary>The aggregate of the values reported below one unit (its own value excluded).</summary>
public readonly record struct CubeAggregate(double Sum, int Count, double Min, double Max)
{
    public double? Mean => Count == 0 ? null : Sum / Count;
}

/// <summary>
/// Every stored value of the country in arrays — one slice per (data element, period), one cell per unit of the tree
/// valid at the period's end — with the aggregates of every unit that has children: sum, count, min, max of what the
/// units below it reported. A slice takes memory only once a value lands in it. <see cref="Recompute"/> rebuilds every
/// aggregate in one pass over the cells; <see cref="Set"/> changes one cell and updates its ancestors in place (a few
/// additions; a min or max that left rescans that node's members), so an approved value changes every figure that
/// depends on it at once. Not thread-safe: <see cref="LiveAnalytics"/> guards it.
/// </summary>
public sealed class ValueCube
{
    private readonly CubeTree[] _trees;
    private readonly int[] _periodTree;
    private readonly Slice?[] _slices;

    /// <param name="elements">Number of data elements.</param>
    /// <param name="trees">The distinct trees.</param>
    /// <param name="periodTree">For each period, the tree valid at its end.</param>
    public ValueCube(int elements, CubeTree[] trees, int[] periodTree)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(periodTree);
        Elements = elements;
        _trees = trees;
        _periodTree = periodTree;
        _slices = new Slice?[elements * periodTree.Length];
    }

    public int Elements { get; }

    public int Periods => _periodTree.Length;

    /// <summary>Number of cells held (units of each slice that has at least one value).</summary>
    public long Cells => _slices.Sum(s => (long)(s?.Cells.Length ?? 0));

    /// <summary>The tree a period is cut on.</summary>
    public CubeTree TreeOf(int period) => _trees[_periodTree[period]];

    /// <summary>The value a unit (its position in the period's tree) reported, or null.</summary>
    public double? Get(int element, int period, int unit) =>
        _slices[Index(element, period)] is { } slice && !double.IsNaN(slice.Cells[unit]) ? slice.Cells[unit] : null;

    /// <summary>Stores a cell without touching the aggregates (loading; call <see cref="Recompute"/> after).</summary>
    public void Load(int element, int period, int unit, double value) => SliceFor(element, period).Cells[unit] = value;

    /// <summary>The aggregate below a node of the period's tree.</summary>
    public CubeAggregate Aggregate(int element, int period, int node) =>
        _slices[Index(element, period)] is { } s
            ? new CubeAggregate(s.Sum[node], s.Count[node], s.Min[node], s.Max[node])
            : new CubeAggregate(0, 0, double.PositiveInfinity, double.NegativeInfinity);

    /// <summary>Rebuilds every aggregate from the cells in one pass.</summary>
    public void Recompute()
    {
        for (var k = 0; k < _slices.Length; k++)
        {
            if (_slices[k] is not { } slice)
            {
                continue;
            }

            slice.Clear();
            var tree = _trees[_periodTree[k % _periodTree.Length]];
            var cells = slice.Cells;
            var (sum, count, min, max) = (slice.Sum, slice.Count, slice.Min, slice.Max);
            var ancestorStart = tree.AncestorStart;
            var ancestors = tree.Ancestors;
            for (var u = 0; u < cells.Length; u++)
            {
                var v = cells[u];
                if (double.IsNaN(v))
                {
                    continue;
                }

                for (var a = ancestorStart[u]; a < ancestorStart[u + 1]; a++)
                {
                    var n = ancestors[a];
                    sum[n] += v;
                    count[n]++;
                    if (v < min[n])
                    {
                        min[n] = v;
                    }

                    if (v > max[n])
                    {
                        max[n] = v;
                    }
                }
            }
        }
    }

    /// <summary>Sets (or, with null, clears) one cell and updates every aggregate above it.</summary>
    public void Set(int element, int period, int unit, double? value)
    {
        if (value is null && _slices[Index(element, period)] is null)
        {
            return;
        }

        var slice = SliceFor(element, period);
        var tree = _trees[_periodTree[period]];
        var old = slice.Cells[unit];
        var now = value ?? double.NaN;
        if (old.Equals(now))
        {
            return;
        }

        slice.Cells[unit] = now;
        for (var a = tree.AncestorStart[unit]; a < tree.AncestorStart[unit + 1]; a++)
        {
            var n = tree.Ancestors[a];
            if (!double.IsNaN(old))
            {
                slice.Sum[n] -= old;
                slice.Count[n]--;
            }

            if (!double.IsNaN(now))
            {
                slice.Sum[n] += now;
                slice.Count[n]++;
            }

            if (!double.IsNaN(old) && (old <= slice.Min[n] || old >= slice.Max[n]))
            {
                slice.Rescan(tree, n);
            }
            else if (!double.IsNaN(now))
            {
                slice.Min[n] = Math.Min(slice.Min[n], now);
                slice.Max[n] = Math.Max(slice.Max[n], now);
            }
        }
    }

    private Slice SliceFor(int element, int period)
    {
        var k = Index(element, period);
        return _slices[k] ??= new Slice(TreeOf(period));
    }

    private int Index(int element, int period) => (element * _periodTree.Length) + period;

    /// <summary>One element and period: a cell per unit of the tree, the aggregates per node.</summary>
    private sealed class Slice
    {
        public Slice(CubeTree tree)
        {
            Cells = new double[tree.Units.Length];
            Array.Fill(Cells, double.NaN);
            Sum = new double[tree.NodeUnits.Length];
            Count = new int[tree.NodeUnits.Length];
            Min = new double[tree.NodeUnits.Length];
            Max = new double[tree.NodeUnits.Length];
            Clear();
        }

        public double[] Cells { get; }

        public double[] Sum { get; }

        public int[] Count { get; }

        public double[] Min { get; }

        public double[] Max { get; }

        public void Clear()
        {
            Array.Clear(Sum);
            Array.Clear(Count);
            Array.Fill(Min, double.PositiveInfinity);
            Array.Fill(Max, double.NegativeInfinity);
        }

        public void Rescan(CubeTree tree, int node)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var m = tree.MemberStart[node]; m < tree.MemberStart[node + 1]; m++)
            {
                var v = Cells[tree.Members[m]];
                if (!double.IsNaN(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }

            Min[node] = min;
            Max[node] = max;
            if (Count[node] == 0)
            {
                Sum[node] = 0; // no drift left behind by additions and subtractions
            }
        }
    }
}
