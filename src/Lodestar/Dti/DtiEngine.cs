namespace Lodestar.Dti;

/// <summary>How a score is derived for a unit that did not exist in a year, from its predecessors (along the lineage).</summary>
public enum DerivationRule
{
    /// <summary>Arithmetic mean of the predecessors (national DTI 2024 for merged provinces).</summary>
    Mean,

    /// <summary>Sum of the predecessors.</summary>
    Sum,

    /// <summary>Mean weighted by a figure of each predecessor (population from a data element).</summary>
    WeightedMean,
}

/// <summary>
/// The pure scoring engine: points per node, totals, ranks with ties, and derivation through merges, over flat
/// arrays (unit-major: unit u's node i is at u × nodeCount + i). No database, no allocation per unit.
/// README.md gives each formula with a worked example.
/// </summary>
public static class DtiEngine
{
    /// <summary>Two scores are tied when equal at four decimals (the national DTI publishes 0–1 values with four).</summary>
    public static bool Tied(double a, double b) => Math.Abs(Math.Round(a, 4) - Math.Round(b, 4)) < 1e-9;

    /// <summary>
    /// Scores <paramref name="units"/> units. <paramref name="a"/> and <paramref name="b"/> are the inputs per leaf
    /// (unit-major, units × leaves, NaN when missing); <paramref name="peerGroup"/> each unit's peer group (0 … G−1),
    /// used by the relative-to-best rule. Writes points per node (units × nodes) and the total per unit.
    /// </summary>
    public static void Score(FrameworkModel fw, int units, ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<int> peerGroup,
        Span<double> points, Span<double> totals)
    {
        var n = fw.Count;
        var l = fw.Leaves.Length;
        points[..(units * n)].Clear();
        totals[..units].Clear();
        double[]? best = null;
        if (fw.HasRelative)
        {
            var groups = 0;
            for (var u = 0; u < units; u++)
            {
                groups = Math.Max(groups, peerGroup[u] + 1);
            }

            best = new double[groups * l];
            for (var u = 0; u < units; u++)
            {
                var g = peerGroup[u] * l;
                for (var j = 0; j < l; j++)
                {
                    var v = a[(u * l) + j];
                    if (!double.IsNaN(v) && v > best[g + j])
                    {
                        best[g + j] = v;
                    }
                }
            }
        }

        var leaves = fw.Leaves;
        var rules = fw.Rules;
        var max = fw.LeafMax;
        var parent = fw.Parent;
        for (var u = 0; u < units; u++)
        {
            var row = points.Slice(u * n, n);
            var input = u * l;
            for (var j = 0; j < l; j++)
            {
                var top = best is null ? double.NaN : best[(peerGroup[u] * l) + j];
                row[leaves[j]] = rules[j].Points(max[j], a[input + j], b[input + j], top);
            }

            // Children come after their parent in pre-order: walking backwards adds every node into its parent.
            var total = 0.0;
            for (var i = n - 1; i >= 0; i--)
            {
                var p = parent[i];
                if (p >= 0)
                {
                    row[p] += row[i];
                }
                else
                {
                    total += row[i];
                }
            }

            totals[u] = total;
        }
    }

    /// <summary>
    /// Competition ranks within each peer group: higher score first, tied scores share a rank and the next rank
    /// skips (1, 2, 2, 4). NaN scores are not ranked (0). <paramref name="order"/> is scratch of the same length.
    /// </summary>
    public static void Rank(ReadOnlySpan<double> scores, ReadOnlySpan<int> peerGroup, Span<int> ranks, int[]? order = null)
    {
        var count = scores.Length;
        order ??= new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var s = scores.ToArray();
        var g = peerGroup.ToArray();
        Array.Sort(order, 0, count, Comparer<int>.Create((x, y) =>
        {
            var c = g[x].CompareTo(g[y]);
            if (c != 0)
            {
                return c;
            }

            var nx = double.IsNaN(s[x]);
            var ny = double.IsNaN(s[y]);
            if (nx || ny)
            {
                return nx == ny ? x.CompareTo(y) : nx ? 1 : -1;
            }

            c = Math.Round(s[y], 4).CompareTo(Math.Round(s[x], 4));
            return c != 0 ? c : x.CompareTo(y);
        }));

        var position = 0;
        var group = int.MinValue;
        var rank = 0;
        var previous = double.NaN;
        for (var k = 0; k < count; k++)
        {
            var i = order[k];
            if (g[i] != group)
            {
                group = g[i];
                position = 0;
                previous = double.NaN;
            }

            position++;
            if (double.IsNaN(s[i]))
            {
                ranks[i] = 0;
                continue;
            }

            if (double.IsNaN(previous) || !Tied(previous, s[i]))
            {
                rank = position;
            }

            ranks[i] = rank;
            previous = s[i];
        }
    }

    /// <summary>
    /// A successor's points per node from its predecessors' (k rows of <paramref name="nodes"/> values, a row of NaN
    /// for a predecessor without a score, which is left out). Weights are used by <see cref="DerivationRule.WeightedMean"/>.
    /// </summary>
    public static void Derive(DerivationRule rule, int nodes, ReadOnlySpan<double> predecessors, ReadOnlySpan<double> weights, Span<double> result)
    {
        var k = predecessors.Length / nodes;
        for (var i = 0; i < nodes; i++)
        {
            double sum = 0, weight = 0;
            var present = 0;
            for (var p = 0; p < k; p++)
            {
                var v = predecessors[(p * nodes) + i];
                if (double.IsNaN(v))
                {
                    continue;
                }

                present++;
                var w = rule == DerivationRule.WeightedMean ? weights[p] : 1;
                sum += v * w;
                weight += w;
            }

            result[i] = present == 0 ? double.NaN : rule switch
            {
                DerivationRule.Sum => sum,
                DerivationRule.Mean => sum / present,
                DerivationRule.WeightedMean or _ => weight > 0 ? sum / weight : double.NaN,
            };
        }
    }

    /// <summary>The median of the values (NaN left out); NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}
