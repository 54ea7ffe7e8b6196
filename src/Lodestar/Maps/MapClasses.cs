namespace Lodestar.Maps;

/// <summary>One class of a map's legend: values from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive, except the last).</summary>
public sealed record MapClass(int Index, double From, double To, string Colour);

/// <summary>
/// The classing rule of the choropleth maps (README.md): layers on a 0–100 scale use five fixed steps of 20, so a colour
/// means the same thing on every map and every year; any other scale uses quintiles of the values shown (equal counts,
/// breaks at the 20th, 40th, 60th and 80th percentile, fewer classes when values repeat). The palette runs from worst to
/// best, so "higher is worse" layers (overdue share) get the same colours for the same meaning.
/// </summary>
public static class MapClasses
{
    /// <summary>From worst (red) to best (green); colour-blind readers also get the number in the table and tooltip.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#b2182b", "#ef8a62", "#fddbc7", "#a6d96a", "#1a9641"];

    public const string NoData = "#d9d9d9";

    public static IReadOnlyList<MapClass> Breaks(IReadOnlyCollection<double> values, bool percentScale, bool higherIsBetter)
    {
        double[] edges;
        if (percentScale)
        {
            edges = [0, 20, 40, 60, 80, 100];
        }
        else if (values.Count == 0)
        {
            return [];
        }
        else
        {
            var sorted = values.Order().ToArray();
            edges = [.. new[] { sorted[0], Quantile(sorted, 0.2), Quantile(sorted, 0.4), Quantile(sorted, 0.6), Quantile(sorted, 0.8), sorted[^1] }.Distinct()];
            if (edges.Length == 1)
            {
                edges = [edges[0], edges[0]];
            }
        }

        var n = edges.Length - 1;
        return [.. Enumerable.Range(0, n).Select(i =>
        {
            // Spread the palette over n classes; reverse it when lower values are better.
            var rank = n == 1 ? Palette.Count - 1 : (int)Math.Round(i * (Palette.Count - 1) / (double)(n - 1));
            return new MapClass(i, edges[i], edges[i + 1], Palette[higherIsBetter ? rank : Palette.Count - 1 - rank]);
        })];
    }

    /// <summary>The class a value falls in (the last class includes its upper edge), or null for no data.</summary>
    public static MapClass? Of(IReadOnlyList<MapClass> classes, double? value)
    {
        if (value is not { } v || classes.Count == 0)
        {
            return null;
        }

        for (var i = 0; i < classes.Count - 1; i++)
        {
            if (v < classes[i].To)
            {
                return classes[i];
            }
        }

        return classes[^1];
    }

    /// <summary>Linear interpolation between the closest ranks (type 7, as in spreadsheets' PERCENTILE.INC).</summary>
    public static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
