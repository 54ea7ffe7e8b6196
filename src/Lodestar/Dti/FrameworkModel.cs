namespace Lodestar.Dti;

/// <summary>What a node of an index framework is.</summary>
public enum NodeKind
{
    /// <summary>A pillar or group of main indexes (e.g. "Nhóm chỉ số nền tảng chung").</summary>
    Group,

    /// <summary>A main index (chỉ số chính), e.g. "Nhận thức số".</summary>
    Main,

    /// <summary>A component indicator (chỉ số thành phần), the level that is scored.</summary>
    Component,
}

/// <summary>One node as the engine needs it: code, parent code (null at the top), kind, maximum, rule (leaves only).</summary>
public sealed record FrameworkNode(string Code, string? Parent, NodeKind Kind, double Max, ScoringRule? Rule, string? Name = null);

/// <summary>
/// A framework flattened for scoring: nodes in pre-order (every parent before its children) with the parent as an index,
/// and the leaves (nodes without children: components, or main indexes of a framework whose components are not
/// published) that carry inputs. A leaf without a rule takes its points directly (manual).
/// </summary>
public sealed class FrameworkModel
{
    private readonly Dictionary<string, int> _index;

    public FrameworkModel(IReadOnlyList<FrameworkNode> nodes)
    {
        // Pre-order from the given order: parents first, siblings in the order given.
        var byParent = nodes.GroupBy(n => n.Parent ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var order = new List<FrameworkNode>(nodes.Count);
        var stack = new Stack<FrameworkNode>();
        if (byParent.TryGetValue("", out var roots))
        {
            for (var i = roots.Count - 1; i >= 0; i--)
            {
                stack.Push(roots[i]);
            }
        }

        while (stack.Count > 0)
        {
            var n = stack.Pop();
            order.Add(n);
            if (byParent.TryGetValue(n.Code, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    stack.Push(kids[i]);
                }
            }
        }

        if (order.Count != nodes.Count)
        {
            throw new ArgumentException("Every node's parent must be a node of the same framework.", nameof(nodes));
        }

        Nodes = [.. order];
        _index = new Dictionary<string, int>(order.Count, StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            _index[order[i].Code] = i;
        }

        Parent = [.. order.Select(n => n.Parent is null ? -1 : _index[n.Parent])];
        var hasChild = new bool[order.Count];
        foreach (var p in Parent)
        {
            if (p >= 0)
            {
                hasChild[p] = true;
            }
        }

        Leaves = [.. Enumerable.Range(0, order.Count).Where(i => !hasChild[i])];
        Rules = [.. Leaves.Select(i => order[i].Rule ?? ScoringRule.Manual)];
        LeafMax = [.. Leaves.Select(i => order[i].Max)];
        Mains = [.. Enumerable.Range(0, order.Count).Where(i => order[i].Kind == NodeKind.Main)];
        TotalMax = Enumerable.Range(0, order.Count).Where(i => Parent[i] < 0).Sum(i => order[i].Max);
        HasRelative = Rules.Any(r => r.Kind == RuleKind.RelativeToBest);
    }

    public FrameworkNode[] Nodes { get; }

    public int[] Parent { get; }

    public int[] Leaves { get; }

    public ScoringRule[] Rules { get; }

    public double[] LeafMax { get; }

    public int[] Mains { get; }

    public double TotalMax { get; }

    public bool HasRelative { get; }

    public int Count => Nodes.Length;

    public int IndexOf(string code) => _index.TryGetValue(code, out var i) ? i : -1;

    /// <summary>The position of a node among the leaves, or -1.</summary>
    public int LeafOf(int node) => Array.IndexOf(Leaves, node);

    /// <summary>The main index a node belongs to (itself when it is one), or -1.</summary>
    public int MainOf(int node)
    {
        for (var i = node; i >= 0; i = Parent[i])
        {
            if (Nodes[i].Kind == NodeKind.Main)
            {
                return i;
            }
        }

        return -1;
    }
}
