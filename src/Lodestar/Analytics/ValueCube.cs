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
/// Every stored value of the country — one slice per (data element, period) over the tree valid at the period's end —
/// with the aggregates of every unit that has children: sum, count, min, max of what the units below it reported.
/// A slice holds only the units that reported (sorted positions and values, 12 bytes a value), so memory follows the
/// data, not units × elements × periods. <see cref="Recompute"/> rebuilds every aggregate in one pass over the values;
/// <see cref="Set"/> changes one value and updates its ancestors in place (a few additions; a min or max that left
/// rescans that node's values), so an approved value changes every figure that depends on it at once.
/// Not thread-safe: <see cref="LiveAnalytics"/> guards it.
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

    /// <summary>Number of values held.</summary>
    public long Values => _slices.Sum(s => (long)(s?.Length ?? 0));

    /// <summary>The tree a period is cut on.</summary>
    public CubeTree TreeOf(int period) => _trees[_periodTree[period]];

    /// <summary>The value a unit (its position in the period's tree) reported, or null.</summary>
    public double? Get(int element, int period, int unit) =>
        _slices[Index(element, period)] is { } slice && slice.Find(unit) is var at && at >= 0 ? slice.ValueAt(at) : null;

    /// <summary>
    /// Writes what every unit (by its position in the period's tree) reported into <paramref name="into"/>, NaN where
    /// nothing was: the input of a per-unit computation such as a target's rollup and judgement.
    /// </summary>
    public void CopyCells(int element, int period, Span<double> into)
    {
        into.Fill(double.NaN);
        if (_slices[Index(element, period)] is { } slice)
        {
            var (units, values) = (slice.Units, slice.ValuesArray);
            for (var i = 0; i < slice.Length; i++)
            {
                into[units[i]] = values[i];
            }
        }
    }

    /// <summary>Adds a value without touching the aggregates (loading, each cell once; call <see cref="Recompute"/> after).</summary>
    public void Load(int element, int period, int unit, double value) => SliceFor(element, period).Append(unit, value);

    /// <summary>The aggregate below a node of the period's tree.</summary>
    public CubeAggregate Aggregate(int element, int period, int node) =>
        _slices[Index(element, period)] is { } s
            ? new CubeAggregate(s.Sum[node], s.Reported[node], s.Min[node], s.Max[node])
            : new CubeAggregate(0, 0, double.PositiveInfinity, double.NegativeInfinity);

    /// <summary>Rebuilds every aggregate from the values in one pass.</summary>
    public void Recompute()
    {
        for (var k = 0; k < _slices.Length; k++)
        {
            if (_slices[k] is not { } slice)
            {
                continue;
            }

            slice.Sort();
            slice.Clear();
            var tree = _trees[_periodTree[k % _periodTree.Length]];
            var (units, values, n) = (slice.Units, slice.ValuesArray, slice.Length);
            var (sum, count, min, max) = (slice.Sum, slice.Reported, slice.Min, slice.Max);
            var ancestorStart = tree.AncestorStart;
            var ancestors = tree.Ancestors;
            for (var i = 0; i < n; i++)
            {
                var (u, v) = (units[i], values[i]);
                for (var a = ancestorStart[u]; a < ancestorStart[u + 1]; a++)
                {
                    var node = ancestors[a];
                    sum[node] += v;
                    count[node]++;
                    if (v < min[node])
                    {
                        min[node] = v;
                    }

                    if (v > max[node])
                    {
                        max[node] = v;
                    }
                }
            }
        }
    }

    /// <summary>Sets (or, with null, clears) one value and updates every aggregate above it.</summary>
    public void Set(int element, int period, int unit, double? value)
    {
        if (value is null && _slices[Index(element, period)] is null)
        {
            return;
        }

        var slice = SliceFor(element, period);
        var tree = _trees[_periodTree[period]];
        var at = slice.Find(unit);
        var old = at >= 0 ? slice.ValueAt(at) : double.NaN;
        var now = value ?? double.NaN;
        if (old.Equals(now))
        {
            return;
        }

        slice.Put(at, unit, now);
        for (var a = tree.AncestorStart[unit]; a < tree.AncestorStart[unit + 1]; a++)
        {
            var n = tree.Ancestors[a];
            if (!double.IsNaN(old))
            {
                slice.Sum[n] -= old;
                slice.Reported[n]--;
            }

            if (!double.IsNaN(now))
            {
                slice.Sum[n] += now;
                slice.Reported[n]++;
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
        return _slices[k] ??= new Slice(TreeOf(period).NodeUnits.Length);
    }

    private int Index(int element, int period) => (element * _periodTree.Length) + period;

    /// <summary>One element and period: the units that reported (positions sorted, with their values), the aggregates per node.</summary>
    private sealed class Slice
    {
        private int[] _units = new int[4];
        private double[] _values = new double[4];
        private bool _sorted = true;

        public Slice(int nodes)
        {
            Sum = new double[nodes];
            Reported = new int[nodes];
            Min = new double[nodes];
            Max = new double[nodes];
            Clear();
        }

        public int Length { get; private set; }

        public int[] Units => _units;

        public double[] ValuesArray => _values;

        public double[] Sum { get; }

        /// <summary>Values below each node.</summary>
        public int[] Reported { get; }

        public double[] Min { get; }

        public double[] Max { get; }

        public void Clear()
        {
            Array.Clear(Sum);
            Array.Clear(Reported);
            Array.Fill(Min, double.PositiveInfinity);
            Array.Fill(Max, double.NegativeInfinity);
        }

        public void Append(int unit, double value)
        {
            Grow();
            _sorted &= Length == 0 || _units[Length - 1] < unit;
            _units[Length] = unit;
            _values[Length] = value;
            Length++;
        }

        public void Sort()
        {
            if (!_sorted)
            {
                Array.Sort(_units, _values, 0, Length);
                _sorted = true;
            }
        }

        /// <summary>The index of a unit's value, or the bitwise complement of where it would go.</summary>
        public int Find(int unit)
        {
            Sort();
            return Array.BinarySearch(_units, 0, Length, unit);
        }

        public double ValueAt(int index) => _values[index];

        /// <summary>Stores a value at <paramref name="at"/> (from <see cref="Find"/>); NaN removes it.</summary>
        public void Put(int at, int unit, double value)
        {
            if (at >= 0 && !double.IsNaN(value))
            {
                _values[at] = value;
            }
            else if (at >= 0)
            {
                Array.Copy(_units, at + 1, _units, at, Length - at - 1);
                Array.Copy(_values, at + 1, _values, at, Length - at - 1);
                Length--;
            }
            else if (!double.IsNaN(value))
            {
                Grow();
                var i = ~at;
                Array.Copy(_units, i, _units, i + 1, Length - i);
                Array.Copy(_values, i, _values, i + 1, Length - i);
                _units[i] = unit;
                _values[i] = value;
                Length++;
            }
        }

        /// <summary>Finds a node's min and max again from the values of the units below it.</summary>
        public void Rescan(CubeTree tree, int node)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < Length; i++)
            {
                var u = _units[i];
                for (var a = tree.AncestorStart[u]; a < tree.AncestorStart[u + 1]; a++)
                {
                    if (tree.Ancestors[a] == node)
                    {
                        min = Math.Min(min, _values[i]);
                        max = Math.Max(max, _values[i]);
                        break;
                    }
                }
            }

            Min[node] = min;
            Max[node] = max;
            if (Reported[node] == 0)
            {
                Sum[node] = 0; // no drift left behind by additions and subtractions
            }
        }

        private void Grow()
        {
            if (Length == _units.Length)
            {
                Array.Resize(ref _units, _units.Length * 2);
                Array.Resize(ref _values, _values.Length * 2);
            }
        }
    }
}
