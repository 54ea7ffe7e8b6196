using BenchmarkDotNet.Attributes;
using Lodestar.Analytics;
using Lodestar.Dti;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Tasks;
using Lodestar.Values;

namespace Lodestar.Bench;

/// <summary>
/// Every figure of the country from the values in memory, with the engines the pages use, against the rollups alone
/// (the baseline, <see cref="ValueCube.Recompute"/>) in the same run. On <see cref="NationalShape"/> (5.8 M values):
/// <list type="bullet">
/// <item>rollups: sum, count, min and max of every unit with children, every element and period (the cube);</item>
/// <item>data quality: the completeness (reported ÷ expected) of every unit with children, every element and period;</item>
/// <item>progress: 120 targets (one per element, sums and means) rolled up and judged at every unit of the country —
/// the country, 34 provinces, 4,021 communes and agencies — for the latest period (<see cref="Progress.Rollup"/>,
/// <see cref="ProgressRules"/>);</item>
/// <item>DTI: every commune and agency scored on a 15-component framework and ranked within its province
/// (<see cref="DtiEngine"/>);</item>
/// <item>tasks: the state of 1,360 tasks (40 per province) on one day (<see cref="TaskStates"/>).</item>
/// </list>
/// And one approved value with everything that depends on it: its rollups, the completeness above it, its target
/// judged again at every unit, and (the value feeds a DTI component) every commune and agency scored and ranked again.
/// </summary>
[MemoryDiagnoser]
public class NationalFiguresBenchmarks
{
    private const int Units = NationalShape.Units;
    private const int Provinces = NationalShape.Provinces;
    private const int Elements = NationalShape.Elements;
    private const int Periods = NationalShape.Periods;
    private const int Latest = Periods - 1;
    private const int Tasks = 40 * Provinces;

    private ValueCube _cube = null!;
    private int[] _parent = [];
    private UnitTree _tree = null!;
    private int[] _treeIndex = [];
    private int[] _nodes = [];
    private int[] _expected = [];
    private TargetPath[] _paths = [];
    private double[] _cells = [];
    private double[] _reported = [];
    private double[] _rolled = [];
    private ValueSource[] _sources = [];
    private double[] _completeness = [];
    private FrameworkModel _framework = null!;
    private double[] _a = [];
    private double[] _b = [];
    private int[] _group = [];
    private double[] _points = [];
    private double[] _totals = [];
    private int[] _ranks = [];
    private int[] _order = [];
    private TaskFacts[] _tasks = [];
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        (_cube, _parent, _) = NationalShape.Build();

        // The country (id 0) over the provinces: the tree the progress pages roll up on.
        _tree = UnitTree.Build(0, Enumerable.Range(0, Units).Select(u => (u + 1, _parent[u] < 0 ? 0 : _parent[u] + 1)));
        _treeIndex = [.. Enumerable.Range(0, Units).Select(u => _tree.IndexOf(u + 1))];
        _nodes = [.. Enumerable.Range(0, Provinces)];
        _expected = new int[Provinces];
        for (var u = Provinces; u < Units; u++)
        {
            _expected[_parent[u]]++;
        }

        // Sums (even elements) and means (odd), each with a path from 2020 to 2030 near what the units report.
        _paths = [.. Enumerable.Range(0, Elements).Select(e =>
        {
            var scale = e % 2 == 0 ? 5000.0 * 119 : 5000;
            return new TargetPath(scale * 0.6, 2020, [new Milestone(2025, scale * (0.9 + (e % 5 * 0.05))), new Milestone(2030, scale * 1.2)], PathShape.Linear);
        })];
        _cells = new double[Units];
        _reported = new double[_tree.Count];
        _rolled = new double[_tree.Count];
        _sources = new ValueSource[_tree.Count];
        _completeness = new double[Elements * Periods * Provinces];

        _framework = DtiBenchmarks.CommuneFramework();
        var leaves = _framework.Leaves.Length;
        var scored = Units - Provinces;
        var random = new Random(7);
        _a = [.. Enumerable.Range(0, scored * leaves).Select(_ => Math.Round(random.NextDouble() * 10))];
        _b = [.. Enumerable.Range(0, scored * leaves).Select(_ => 10.0)];
        _group = [.. Enumerable.Range(Provinces, scored).Select(u => _parent[u])];
        _points = new double[scored * _framework.Count];
        _totals = new double[scored];
        _ranks = new int[scored];
        _order = new int[scored];

        var day = new DateOnly(2026, 11, 23);
        _tasks = [.. Enumerable.Range(0, Tasks).Select(k =>
        {
            var deadline = day.AddDays((k * 37 % 300) - 150);
            return new TaskFacts(deadline, k % 11 == 0 ? deadline.AddDays(30) : null, k % 3 != 0, k % 4 == 0 ? deadline.AddDays((k % 9) - 4) : null, k % 17 == 0 ? deadline.AddDays(-5) : null);
        })];
    }

    [Benchmark(Baseline = true, Description = "Rollups only (ValueCube.Recompute)")]
    public double Rollups()
    {
        _cube.Recompute();
        return _cube.Aggregate(0, 0, 0).Sum;
    }

    [Benchmark(Description = "Every rollup, completeness, target status, DTI score and rank, task state")]
    public int Everything()
    {
        _cube.Recompute();
        var figures = Completeness();
        for (var e = 0; e < Elements; e++)
        {
            figures += Judge(e);
        }

        figures += ScoreDti();
        var day = new DateOnly(2026, 11, 23);
        foreach (var task in _tasks)
        {
            figures += (int)TaskStates.Compute(task, day);
        }

        return figures;
    }

    [Benchmark(Description = "One approved value and every figure depending on it")]
    public int OneValueEverything()
    {
        // A commune's value of one of the 15 elements that feed the DTI components, alternately high and low.
        var t = _tick++;
        var element = t % _framework.Leaves.Length;
        var unit = Provinces + (t % (Units - Provinces));
        var value = (t & 1) == 0 ? 9000.0 : 1000.0;
        _cube.Set(element, Latest, unit, value);
        var province = _parent[unit];
        var node = _cube.TreeOf(Latest).NodeOf[province];
        _completeness[(((element * Periods) + Latest) * Provinces) + province] = (double)_cube.Aggregate(element, Latest, node).Count / _expected[province];
        var figures = Judge(element);
        _a[((unit - Provinces) * _framework.Leaves.Length) + element] = value / 1000;
        return figures + ScoreDti();
    }

    private int Completeness()
    {
        var tree = _cube.TreeOf(0);
        for (var e = 0; e < Elements; e++)
        {
            for (var p = 0; p < Periods; p++)
            {
                for (var n = 0; n < _nodes.Length; n++)
                {
                    _completeness[(((e * Periods) + p) * Provinces) + n] = (double)_cube.Aggregate(e, p, tree.NodeOf[_nodes[n]]).Count / _expected[n];
                }
            }
        }

        return _completeness.Length;
    }

    /// <summary>One target: what every unit reported for the latest period, rolled up the country's tree, each unit judged.</summary>
    private int Judge(int element)
    {
        _cube.CopyCells(element, Latest, _cells);
        _reported[_tree.Root] = double.NaN;
        for (var u = 0; u < Units; u++)
        {
            _reported[_treeIndex[u]] = _cells[u];
        }

        Progress.Rollup.Direct(_tree, element % 2 == 0 ? Aggregation.Sum : Aggregation.Mean, _reported, _rolled, _sources);
        var onTrack = 0;
        for (var i = 0; i < _rolled.Length; i++)
        {
            var actual = double.IsNaN(_rolled[i]) ? (double?)null : _rolled[i];
            var status = ProgressRules.Evaluate(_paths[element], Direction.HigherIsBetter, Comparator.AtLeast, actual, 2026.0, 95, 80).Status;
            onTrack += status is ProgressStatus.OnTrack or ProgressStatus.Achieved ? 1 : 0;
        }

        return onTrack;
    }

    private int ScoreDti()
    {
        var units = _totals.Length;
        DtiEngine.Score(_framework, units, _a, _b, _group, _points, _totals);
        for (var u = 0; u < units; u++)
        {
            _totals[u] /= _framework.TotalMax;
        }

        DtiEngine.Rank(_totals, _group, _ranks, _order);
        return _ranks[0];
    }
}
