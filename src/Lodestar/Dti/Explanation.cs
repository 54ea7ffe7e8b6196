namespace Lodestar.Dti;

/// <summary>One node's part in a change of total: points before and after (0 when the node did not exist), and the change.</summary>
public sealed record Contribution(string Code, string Name, double Before, double After)
{
    public double Change => After - Before;
}

/// <summary>A peer the unit passed (was behind, is now ahead) or fell behind (was ahead, is now behind).</summary>
public sealed record PeerMove(string UnitKey, bool Passed, double Before, double After);

/// <summary>
/// Why a unit's total and rank changed between two years: the change per main index and per component (each
/// level sums to the change of total), and the peers it passed or fell behind.
/// </summary>
public sealed record Explanation(
    double TotalBefore, double TotalAfter, int RankBefore, int RankAfter,
    IReadOnlyList<Contribution> Mains, IReadOnlyList<Contribution> Components, IReadOnlyList<PeerMove> Peers)
{
    public double Change => TotalAfter - TotalBefore;
}

/// <summary>One "what if": the component raised (to its maximum or by N points), the gain and the rank it would give.</summary>
public sealed record WhatIf(string Code, string Name, double Points, double Max, double Gain, int RankAfter);

public static class Explain
{
    /// <summary>
    /// A unit's points for one year: per node code, with names, and its total and rank. Without a framework only the total
    /// is known (a published index): the change is then not broken down.
    /// </summary>
    public sealed record Year(FrameworkModel? Framework, IReadOnlyDictionary<string, double> Points, double Total, int Rank);

    /// <summary>
    /// Contributions to the change of total from <paramref name="before"/> to <paramref name="after"/> (frameworks may
    /// differ: nodes are matched by code; a node of only one year counts from or to 0, so the sums still hold), and peer moves
    /// from each peer's totals in both years (keyed by unit).
    /// </summary>
    public static Explanation Change(Year before, Year after,
        IReadOnlyDictionary<string, (double Before, double After)> peers)
    {
        static List<Contribution> Level(Year x, Year y, Func<FrameworkNode, bool> pick)
        {
            if (x.Framework is null || y.Framework is null)
            {
                return [];
            }

            var codes = new List<(string Code, string Name)>();
            foreach (var n in x.Framework.Nodes.Where(pick))
            {
                codes.Add((n.Code, n.Name ?? n.Code));
            }

            foreach (var n in y.Framework.Nodes.Where(pick))
            {
                if (!codes.Exists(c => c.Code == n.Code))
                {
                    codes.Add((n.Code, n.Name ?? n.Code));
                }
            }

            return [.. codes.Select(c => new Contribution(c.Code, c.Name, x.Points.GetValueOrDefault(c.Code), y.Points.GetValueOrDefault(c.Code)))];
        }

        // Top-level nodes sum to the total; when a framework has no main indexes, its top nodes stand in for them.
        var mains = Level(before, after, n => n.Kind == NodeKind.Main);
        var components = Level(before, after, n => n.Kind == NodeKind.Component);
        var moves = new List<PeerMove>();
        foreach (var (key, (b, a)) in peers)
        {
            if (double.IsNaN(b) || double.IsNaN(a))
            {
                continue;
            }

            var wasAhead = b > before.Total && !DtiEngine.Tied(b, before.Total);
            var isAhead = a > after.Total && !DtiEngine.Tied(a, after.Total);
            var wasBehind = b < before.Total && !DtiEngine.Tied(b, before.Total);
            var isBehind = a < after.Total && !DtiEngine.Tied(a, after.Total);
            if (wasAhead && isBehind)
            {
                moves.Add(new PeerMove(key, true, b, a));
            }
            else if (wasBehind && isAhead)
            {
                moves.Add(new PeerMove(key, false, b, a));
            }
        }

        return new Explanation(before.Total, after.Total, before.Rank, after.Rank,
            [.. mains.OrderByDescending(c => Math.Abs(c.Change))], [.. components.OrderByDescending(c => Math.Abs(c.Change))], moves);
    }

    /// <summary>
    /// For each leaf, the gain of raising it to its maximum (or by <paramref name="raiseBy"/> points, at most the maximum) and
    /// the rank the unit would then have among <paramref name="peerScores"/> (the other units' normalised values, unchanged).
    /// The new total is compared as the ranking compares it: normalised, tied at four decimals of the index (a tie on
    /// points at four decimals would split units the ranking puts together). Best first: the best rank, then the largest
    /// gain. Leaves already at their maximum are left out.
    /// </summary>
    public static IReadOnlyList<WhatIf> WhatIfs(FrameworkModel fw, ReadOnlySpan<double> unitPoints, double total, ReadOnlySpan<double> peerScores, double? raiseBy = null)
    {
        var list = new List<WhatIf>(fw.Leaves.Length);
        for (var j = 0; j < fw.Leaves.Length; j++)
        {
            var node = fw.Leaves[j];
            var p = unitPoints[node];
            var room = fw.LeafMax[j] - p;
            var gain = raiseBy is { } by ? Math.Min(room, by) : room;
            if (gain <= 1e-9)
            {
                continue;
            }

            var newScore = fw.TotalMax > 0 ? (total + gain) / fw.TotalMax : 0;
            var rank = 1;
            foreach (var t in peerScores)
            {
                if (!double.IsNaN(t) && t > newScore && !DtiEngine.Tied(t, newScore))
                {
                    rank++;
                }
            }

            list.Add(new WhatIf(fw.Nodes[node].Code, fw.Nodes[node].Name ?? fw.Nodes[node].Code, p, fw.LeafMax[j], gain, rank));
        }

        list.Sort((x, y) => x.RankAfter != y.RankAfter ? x.RankAfter.CompareTo(y.RankAfter) : y.Gain.CompareTo(x.Gain));
        return list;
    }
}
