using Lodestar.Analytics;

namespace Lodestar.Tests.Analytics;

/// <summary>The cube's aggregates, from a full pass and from single changes, on trees that change between periods.</summary>
public sealed class ValueCubeTests
{
    // Before the reform (period 0): province 1 > district 2 > communes 3, 4. After (period 1): province 1 > communes 5, 6 and agency 7.
    private static readonly CubeTree Before = new([1, 2, 3, 4], [-1, 0, 1, 1]);
    private static readonly CubeTree After = new([1, 5, 6, 7], [-1, 0, 0, 0]);

    private static ValueCube Cube() => new(elements: 2, [Before, After], periodTree: [0, 1]);

    [Fact]
    public void Recompute_AggregatesWhatTheUnitsBelowReported_OnTheTreeOfEachPeriod()
    {
        var cube = Cube();
        cube.Load(0, 0, 2, 10); // commune 3, before the reform
        cube.Load(0, 0, 3, 30); // commune 4
        cube.Load(0, 1, 1, 5);  // commune 5, after
        cube.Load(0, 1, 3, 7);  // agency 7
        cube.Load(0, 1, 0, 99); // the province's own report: beside its aggregate, not in it
        cube.Recompute();

        Assert.Equal(new CubeAggregate(40, 2, 10, 30), cube.Aggregate(0, 0, Before.NodeOf[0]));
        Assert.Equal(new CubeAggregate(40, 2, 10, 30), cube.Aggregate(0, 0, Before.NodeOf[1]));
        Assert.Equal(new CubeAggregate(12, 2, 5, 7), cube.Aggregate(0, 1, After.NodeOf[0]));
        Assert.Equal(6, cube.Aggregate(0, 1, After.NodeOf[0]).Mean);
        Assert.Equal(99, cube.Get(0, 1, 0));
        Assert.Equal(5, cube.Values); // what was reported, nothing more: element 1 takes no memory
        Assert.Equal(0, cube.Aggregate(1, 1, After.NodeOf[0]).Count);
        Assert.Null(cube.Aggregate(1, 1, After.NodeOf[0]).Mean);
    }

    [Fact]
    public void Set_UpdatesEveryAncestor_AndAMinimumThatLeavesIsFoundAgain()
    {
        var cube = Cube();
        cube.Set(0, 0, 2, 10);
        cube.Set(0, 0, 3, 30);
        Assert.Equal(new CubeAggregate(40, 2, 10, 30), cube.Aggregate(0, 0, Before.NodeOf[0]));

        cube.Set(0, 0, 2, 50); // the minimum (10) leaves and becomes the maximum
        Assert.Equal(new CubeAggregate(80, 2, 30, 50), cube.Aggregate(0, 0, Before.NodeOf[1]));

        cube.Set(0, 0, 3, null); // withdrawn (no longer approved)
        Assert.Equal(new CubeAggregate(50, 1, 50, 50), cube.Aggregate(0, 0, Before.NodeOf[0]));
        cube.Set(0, 0, 2, null);
        Assert.Equal(new CubeAggregate(0, 0, double.PositiveInfinity, double.NegativeInfinity), cube.Aggregate(0, 0, Before.NodeOf[0]));
    }

    [Fact]
    public void CopyCells_GivesWhatEachUnitReported_InTreeOrder_NaNWhereNothingIs()
    {
        var cube = Cube();
        cube.Load(0, 1, 3, 7);   // agency 7, loaded
        cube.Load(0, 1, 0, 99);  // the province's own report
        cube.Recompute();
        cube.Set(0, 1, 1, 5);    // commune 5, approved later
        cube.Set(0, 1, 0, null); // the province's report withdrawn

        var cells = new double[After.Units.Length];
        cube.CopyCells(0, 1, cells);
        Assert.Equal([double.NaN, 5, double.NaN, 7], cells);
        cube.CopyCells(1, 1, cells); // an element nobody reported
        Assert.All(cells, c => Assert.True(double.IsNaN(c)));
    }

    [Fact]
    public void ThousandsOfRandomChanges_LeaveTheSameAggregatesAsAFullRecompute()
    {
        // Province 0 > 3 districts > 10 communes each, plus 4 agencies under the province.
        var parent = new List<int> { -1 };
        for (var d = 0; d < 3; d++)
        {
            var district = parent.Count;
            parent.Add(0);
            parent.AddRange(Enumerable.Repeat(district, 10));
        }

        parent.AddRange(Enumerable.Repeat(0, 4));
        var tree = new CubeTree([.. Enumerable.Range(100, parent.Count)], [.. parent]);
        var cube = new ValueCube(3, [tree], [0, 0]);
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            double? value = random.Next(5) == 0 ? null : random.Next(0, 20); // repeats make ties for min and max
            cube.Set(random.Next(3), random.Next(2), random.Next(1, parent.Count), value);
        }

        var incremental = Snapshot(cube, tree);
        cube.Recompute();
        var full = Snapshot(cube, tree);
        Assert.Equal(full.Count, incremental.Count);
        foreach (var (a, b) in full.Zip(incremental))
        {
            Assert.Equal(a.Count, b.Count);
            Assert.Equal(a.Sum, b.Sum, 9);
            Assert.Equal(a.Min, b.Min);
            Assert.Equal(a.Max, b.Max);
        }
    }

    [Fact]
    public void ATreeWithACycle_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new CubeTree([1, 2], [1, 0]));

    private static List<CubeAggregate> Snapshot(ValueCube cube, CubeTree tree) =>
        [.. from e in Enumerable.Range(0, cube.Elements)
            from p in Enumerable.Range(0, cube.Periods)
            from k in Enumerable.Range(0, tree.NodeUnits.Length)
            select cube.Aggregate(e, p, k)];
}
