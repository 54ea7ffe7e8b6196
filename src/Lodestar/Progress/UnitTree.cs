namespace Lodestar.Progress;

/// <summary>
/// The organisation below one unit on one date, flattened for one-pass rollups: units in post-order (every
/// unit after all its descendants, the root last) and each unit's parent as an index (-1 for the root).
/// </summary>
public sealed class UnitTree
{
    private readonly Dictionary<int, int> _index;

    private UnitTree(int[] unitIds, int[] parent)
    {
        UnitIds = unitIds;
        Parent = parent;
        _index = new Dictionary<int, int>(unitIds.Length);
        for (var i = 0; i < unitIds.Length; i++)
        {
            _index[unitIds[i]] = i;
        }
    }

    public int[] UnitIds { get; }

    public int[] Parent { get; }

    public int Count => UnitIds.Length;

    public int Root => UnitIds.Length - 1;

    public int IndexOf(int unitId) => _index.TryGetValue(unitId, out var i) ? i : -1;

    /// <summary>The indexes of the direct children of the unit at <paramref name="index"/>.</summary>
    public IEnumerable<int> ChildrenOf(int index)
    {
        for (var i = 0; i < Parent.Length; i++)
        {
            if (Parent[i] == index)
            {
                yield return i;
            }
        }
    }

    /// <summary>Builds the tree under <paramref name="rootId"/> from child → parent links valid on one date.</summary>
    public static UnitTree Build(int rootId, IEnumerable<(int Child, int Parent)> links)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (child, parent) in links)
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(child);
        }

        // Iterative post-order (no recursion on deep trees): a unit is emitted after everything under it.
        var order = new List<int>();
        var parentOf = new Dictionary<int, int>();
        var seen = new HashSet<int>();
        var stack = new Stack<(int Id, bool Done)>();
        stack.Push((rootId, false));
        while (stack.Count > 0)
        {
            var (id, done) = stack.Pop();
            if (done)
            {
                order.Add(id);
            }
            else if (seen.Add(id))
            {
                stack.Push((id, true));
                foreach (var kid in children.GetValueOrDefault(id) ?? [])
                {
                    parentOf[kid] = id;
                    stack.Push((kid, false));
                }
            }
        }

        var ids = order.ToArray();
        var tree = new UnitTree(ids, new int[ids.Length]);
        for (var i = 0; i < ids.Length; i++)
        {
            tree.Parent[i] = parentOf.TryGetValue(ids[i], out var p) ? tree.IndexOf(p) : -1;
        }

        return tree;
    }
}
