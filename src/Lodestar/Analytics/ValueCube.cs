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
/// units below it reported. <see cref="Recompute"/> rebuilds every aggregate in one pass over the cells;
/// <see cref="Set"/> changes one cell and updates its ancestors in place (a few additions; a min or max that left
/// rescans that node's members), so an approved value changes every figure that depends on it at once.
/// Not thread-safe: <see cref="LiveAnalytics"/> guards it.
/// </summary>
public sealed class ValueCube
{
    private readonly CubeTree[] _trees;
    private readonly int[] _periodTree;
    private readonly long[] _cellStart;
    private readonly long[] _nodeStart;
    private readonly double[] _cells;
    private readonly double[] _sum;
    private readonly int[] _count;
    private readonly double[] _min;
    private readonly double[] _max;

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
        var slices = elements * periodTree.Length;
        _cellStart = new long[slices + 1];
        _nodeStart = new long[slices + 1];
        for (var s = 0; s < slices; s++)
        {
            var tree = trees[periodTree[s % periodTree.Length]];
            _cellStart[s + 1] = _cellStart[s] + tree.Units.Length;
            _nodeStart[s + 1] = _nodeStart[s] + tree.NodeUnits.Length;
        }

        _cells = new double[_cellStart[slices]];
        Array.Fill(_cells, double.NaN);
        var nodes = _nodeStart[slices];
        _sum = new double[nodes];
        _count = new int[nodes];
        _min = new double[nodes];
        _max = new double[nodes];
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
    }

    public int Elements { get; }

    public int Periods => _periodTree.Length;

    /// <summary>Number of cells (element × period × unit of that period's tree).</summary>
    public long Cells => _cells.LongLength;

    /// <summary>The tree a period is cut on.</summary>
    public CubeTree TreeOf(int period) => _trees[_periodTree[period]];

    /// <summary>The value a unit (its position in the period's tree) reported, or null.</summary>
    public double? Get(int element, int period, int unit)
    {
        var v = _cells[_cellStart[Slice(element, period)] + unit];
        return double.IsNaN(v) ? null : v;
    }

    /// <summary>Stores a cell without touching the aggregates (loading; call <see cref="Recompute"/> after).</summary>
    public void Load(int element, int period, int unit, double value) => _cells[_cellStart[Slice(element, period)] + unit] = value;

    /// <summary>The aggregate below a node of the period's tree.</summary>
    public CubeAggregate Aggregate(int element, int period, int node)
    {
        var k = _nodeStart[Slice(element, period)] + node;
        return new CubeAggregate(_sum[k], _count[k], _min[k], _max[k]);
    }

    /// <summary>Rebuilds every aggregate from the cells in one pass.</summary>
    public void Recompute()
    {
        Array.Clear(_sum);
        Array.Clear(_count);
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        var slices = _cellStart.Length - 1;
        for (var s = 0; s < slices; s++)
        {
            var tree = _trees[_periodTree[s % _periodTree.Length]];
            var cells = _cells.AsSpan((int)_cellStart[s], tree.Units.Length);
            var nodes = (int)_nodeStart[s];
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
                    var k = nodes + ancestors[a];
                    _sum[k] += v;
                    _count[k]++;
                    if (v < _min[k])
                    {
                        _min[k] = v;
                    }

                    if (v > _max[k])
                    {
                        _max[k] = v;
                    }
                }
            }
        }
    }

    /// <summary>Sets (or, with null, clears) one cell and updates every aggregate above it.</summary>
    public void Set(int element, int period, int unit, double? value)
    {
        var s = Slice(element, period);
        var tree = _trees[_periodTree[period]];
        ref var cell = ref _cells[_cellStart[s] + unit];
        var old = cell;
        var now = value ?? double.NaN;
        if (old.Equals(now))
        {
            return;
        }

        cell = now;
        var nodes = _nodeStart[s];
        for (var a = tree.AncestorStart[unit]; a < tree.AncestorStart[unit + 1]; a++)
        {
            var node = tree.Ancestors[a];
            var k = nodes + node;
            if (!double.IsNaN(old))
            {
                _sum[k] -= old;
                _count[k]--;
            }

            if (!double.IsNaN(now))
            {
                _sum[k] += now;
                _count[k]++;
            }

            var extremeLeft = !double.IsNaN(old) && (old <= _min[k] || old >= _max[k]);
            if (extremeLeft)
            {
                Rescan(s, tree, node, k);
            }
            else if (!double.IsNaN(now))
            {
                _min[k] = Math.Min(_min[k], now);
                _max[k] = Math.Max(_max[k], now);
            }
        }
    }

    private void Rescan(int slice, CubeTree tree, int node, long k)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var start = _cellStart[slice];
        for (var m = tree.MemberStart[node]; m < tree.MemberStart[node + 1]; m++)
        {
            var v = _cells[start + tree.Members[m]];
            if (!double.IsNaN(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        _min[k] = min;
        _max[k] = max;
        if (_count[k] == 0)
        {
            _sum[k] = 0; // no drift left behind by additions and subtractions
        }
    }

    private int Slice(int element, int period) => (element * _periodTree.Length) + period;
}
