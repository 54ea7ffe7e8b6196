using Lodestar.Maps;

namespace Lodestar.Tests.Maps;

/// <summary>The classing rule of src/Lodestar/Maps/README.md.</summary>
public sealed class MapClassesTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(19.9, 0)]
    [InlineData(20, 1)]
    [InlineData(59.99, 2)]
    [InlineData(80, 4)]
    [InlineData(100, 4)]
    public void PercentScale_FixedStepsOfTwenty(double value, int expected)
    {
        var classes = MapClasses.Breaks([5, 95], percentScale: true, higherIsBetter: true);

        Assert.Equal(5, classes.Count);
        Assert.Equal(expected, MapClasses.Of(classes, value)!.Index);
    }

    [Fact]
    public void OtherScales_Quintiles_AsInTheReadmeExample()
    {
        // README example: ten communes with 1..10 units → breaks 1; 2,8; 4,6; 6,4; 8,2; 10.
        var classes = MapClasses.Breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], percentScale: false, higherIsBetter: true);

        Assert.Equal([1, 2.8, 4.6, 6.4, 8.2], classes.Select(c => Math.Round(c.From, 6)).ToArray());
        Assert.Equal(10, classes[^1].To);
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], Enumerable.Range(1, 10).Select(v => MapClasses.Of(classes, v)!.Index).ToArray());
    }

    [Fact]
    public void LowerIsBetter_ReversesThePalette_AndNoDataHasNoClass()
    {
        var better = MapClasses.Breaks([], percentScale: true, higherIsBetter: true);
        var worse = MapClasses.Breaks([], percentScale: true, higherIsBetter: false);

        Assert.Equal("#1a9641", better[^1].Colour);   // high and good: green
        Assert.Equal("#b2182b", worse[^1].Colour);    // high and bad (overdue share): red
        Assert.Null(MapClasses.Of(better, null));
    }

    [Fact]
    public void RepeatedValues_GiveFewerClasses()
    {
        var classes = MapClasses.Breaks([3, 3, 3], percentScale: false, higherIsBetter: true);

        Assert.Single(classes);
        Assert.Equal(0, MapClasses.Of(classes, 3)!.Index);
    }
}
