using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Values;

if (args is ["connector", ..])
{
    // Not a BenchmarkDotNet job: two paths over fresh databases, taking turns (bench/connector/run.sh).
    await Lodestar.Bench.ConnectorRunBench.RunAsync(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Lodestar.Bench.ProgressBenchmarks).Assembly).Run(args);

namespace Lodestar.Bench
{

    /// <summary>
    /// The demo province's shape — 1 province, 65 communes with 4 villages each, 20 agencies (346 units) — and the
    /// demo programme's 10 ratio targets: roll every target up and judge every unit. The baseline does the same
    /// with a dictionary-and-LINQ rollup, the way one would write it first.
    /// </summary>
    [MemoryDiagnoser]
    public class ProgressBenchmarks
    {
        private const int Targets = 10;
        private UnitTree _tree = null!;
        private (int Child, int Parent)[] _links = [];
        private double[][] _num = [];
        private double[][] _den = [];
        private TargetPath _path = null!;

        [GlobalSetup]
        public void Setup()
        {
            var links = new List<(int, int)>();
            var id = 2;
            for (var c = 0; c < 65; c++)
            {
                var commune = id++;
                links.Add((commune, 1));
                for (var v = 0; v < 4; v++)
                {
                    links.Add((id++, commune));
                }
            }

            for (var a = 0; a < 20; a++)
            {
                links.Add((id++, 1));
            }

            _links = [.. links];
            _tree = UnitTree.Build(1, _links);
            var random = new Random(1);
            _num = new double[Targets][];
            _den = new double[Targets][];
            for (var t = 0; t < Targets; t++)
            {
                _num[t] = new double[_tree.Count];
                _den[t] = new double[_tree.Count];
                for (var i = 0; i < _tree.Count; i++)
                {
                    var leaf = !_tree.Parent.Contains(i);
                    _den[t][i] = leaf ? 100 + random.Next(900) : double.NaN;
                    _num[t][i] = leaf ? Math.Floor(_den[t][i] * random.NextDouble()) : double.NaN;
                }
            }

            _path = new TargetPath(45, 2020, [new Milestone(2025, 80), new Milestone(2030, 95)], PathShape.Linear);
        }

        [Benchmark(Baseline = true, Description = "LINQ + dictionaries")]
        public int Naive()
        {
            var judged = 0;
            var children = _links.GroupBy(l => l.Parent).ToDictionary(g => g.Key, g => g.Select(l => l.Child).ToList());
            for (var t = 0; t < Targets; t++)
            {
                var byId = _tree.UnitIds.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => (Num: _num[t][x.i], Den: _den[t][x.i]));
                (double Num, double Den) Sum(int unit) => double.IsNaN(byId[unit].Num)
                    ? children.GetValueOrDefault(unit, []).Select(Sum).Aggregate((0.0, 0.0), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2))
                    : byId[unit];
                foreach (var unit in _tree.UnitIds)
                {
                    var (n, d) = Sum(unit);
                    var r = ProgressRules.Evaluate(_path, Direction.HigherIsBetter, Comparator.AtLeast, d > 0 ? n / d * 100 : null, 2025.75, 95, 80);
                    judged += r.Status == ProgressStatus.OnTrack ? 1 : 0;
                }
            }

            return judged;
        }

        [Benchmark(Description = "Rollup over arrays")]
        public int Arrays()
        {
            var judged = 0;
            var values = new double[_tree.Count];
            var sources = new ValueSource[_tree.Count];
            for (var t = 0; t < Targets; t++)
            {
                Rollup.Ratio(_tree, Aggregation.WeightedMean, 100, _num[t], _den[t], values, sources);
                for (var i = 0; i < values.Length; i++)
                {
                    var r = ProgressRules.Evaluate(_path, Direction.HigherIsBetter, Comparator.AtLeast, double.IsNaN(values[i]) ? null : values[i], 2025.75, 95, 80);
                    judged += r.Status == ProgressStatus.OnTrack ? 1 : 0;
                }
            }

            return judged;
        }
    }
}
