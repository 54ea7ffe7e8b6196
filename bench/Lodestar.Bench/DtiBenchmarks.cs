using BenchmarkDotNet.Attributes;
using Lodestar.Dti;

namespace Lodestar.Bench;

/// <summary>
/// Every commune of the country (3,321, in 34 peer groups) scored on a commune framework of 15 components (two
/// relative-to-best) and ranked within its province, as the engine does; the baseline does the same with
/// dictionaries, LINQ per unit and ranking by counting better peers, the way one would write it first.
/// </summary>
[MemoryDiagnoser]
public class DtiBenchmarks
{
    private const int Units = 3321;
    private FrameworkModel _fw = null!;
    private double[] _a = [];
    private double[] _b = [];
    private int[] _group = [];
    private double[] _points = [];
    private double[] _totals = [];
    private double[] _norm = [];
    private int[] _ranks = [];
    private int[] _order = [];

    [GlobalSetup]
    public void Setup()
    {
        _fw = CommuneFramework();
        var r = new Random(1);
        var l = _fw.Leaves.Length;
        _a = [.. Enumerable.Range(0, Units * l).Select(_ => Math.Round(r.NextDouble() * 10))];
        _b = [.. Enumerable.Range(0, Units * l).Select(_ => 10.0)];
        _group = [.. Enumerable.Range(0, Units).Select(u => u % 34)];
        _points = new double[Units * _fw.Count];
        _totals = new double[Units];
        _norm = new double[Units];
        _ranks = new int[Units];
        _order = new int[Units];
    }

    /// <summary>A commune framework of 15 components under 6 indexes and 2 groups, every kind of rule (two relative-to-best).</summary>
    internal static FrameworkModel CommuneFramework()
    {
        var nodes = new List<FrameworkNode> { new("I", null, NodeKind.Group, 200, null), new("II", null, NodeKind.Group, 100, null) };
        ScoringRule[] rules = [ScoringRule.Categorical(("t", 1), ("p", 0.5), ("k", 0)), ScoringRule.Tiered((4, 20), (3, 15), (2, 10), (1, 5)), ScoringRule.Ratio,
            ScoringRule.Threshold(1), ScoringRule.Ratio, ScoringRule.Linear(0, 100), ScoringRule.CountCapped(5), ScoringRule.RelativeToBest, ScoringRule.Ratio,
            ScoringRule.Linear(0, 80), ScoringRule.Ratio, ScoringRule.RelativeToBest, ScoringRule.Manual, ScoringRule.Ratio, ScoringRule.Tiered((10, 20), (5, 10))];
        for (var m = 0; m < 6; m++)
        {
            nodes.Add(new($"{m + 1}", m < 4 ? "I" : "II", NodeKind.Main, 50, null));
        }

        for (var c = 0; c < rules.Length; c++)
        {
            nodes.Add(new($"{(c % 6) + 1}.{c}", $"{(c % 6) + 1}", NodeKind.Component, 20, rules[c]));
        }

        return new FrameworkModel(nodes);
    }

    [Benchmark(Baseline = true, Description = "LINQ + dictionaries (baseline)")]
    public int Naive()
    {
        var l = _fw.Leaves.Length;
        var scores = new List<(int Unit, int Group, double Total)>();
        for (var u = 0; u < Units; u++)
        {
            var points = new Dictionary<string, double>();
            for (var j = 0; j < l; j++)
            {
                var node = _fw.Nodes[_fw.Leaves[j]];
                var jj = j;
                var best = Enumerable.Range(0, Units).Where(x => _group[x] == _group[u]).Max(x => _a[(x * l) + jj]);
                points[node.Code] = node.Rule!.Points(node.Max, _a[(u * l) + j], _b[(u * l) + j], best);
            }

            double Sum(string code) => _fw.Nodes.Where(n => n.Parent == code).Sum(n => points.TryGetValue(n.Code, out var p) ? p : Sum(n.Code));
            scores.Add((u, _group[u], _fw.Nodes.Where(n => n.Parent is null).Sum(n => Sum(n.Code))));
        }

        var ranks = scores.Select(s => 1 + scores.Count(o => o.Group == s.Group && o.Total > s.Total)).ToList();
        return ranks[0];
    }

    [Benchmark(Description = "DtiEngine.Score + Rank over arrays")]
    public int Engine()
    {
        DtiEngine.Score(_fw, Units, _a, _b, _group, _points, _totals);
        for (var u = 0; u < Units; u++)
        {
            _norm[u] = _totals[u] / _fw.TotalMax;
        }

        DtiEngine.Rank(_norm, _group, _ranks, _order);
        return _ranks[0];
    }
}
