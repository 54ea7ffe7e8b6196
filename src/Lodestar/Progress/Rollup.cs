using Lodestar.Values;

namespace Lodestar.Progress;

/// <summary>Where a unit's figure comes from.</summary>
public enum ValueSource : byte
{
    None,

    /// <summary>The unit reported it.</summary>
    Reported,

    /// <summary>Computed from the units below it.</summary>
    Computed,
}

/// <summary>
/// Rolls reported values up a <see cref="UnitTree"/> in one pass over arrays. A unit's own report always wins;
/// a unit that did not report gets the aggregate of its children (which may themselves be aggregates).
/// Missing values are <see cref="double.NaN"/>. See README.md for the rules with examples.
/// </summary>
public static class Rollup
{
    /// <summary>A direct indicator: one reported value per unit.</summary>
    public static void Direct(UnitTree tree, Aggregation aggregation, ReadOnlySpan<double> reported, Span<double> result, Span<ValueSource> source)
    {
        if (aggregation == Aggregation.WeightedMean)
        {
            throw new ArgumentException("A weighted mean needs a denominator: use a ratio indicator.", nameof(aggregation));
        }

        var n = tree.Count;
        var sum = new double[n];
        var count = new int[n];
        var min = new double[n];
        var max = new double[n];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);

        for (var i = 0; i < n; i++)
        {
            double value;
            if (!double.IsNaN(reported[i]))
            {
                value = reported[i];
                source[i] = ValueSource.Reported;
            }
            else if (count[i] > 0 && aggregation != Aggregation.None)
            {
                value = aggregation switch
                {
                    Aggregation.Sum => sum[i],
                    Aggregation.Mean => sum[i] / count[i],
                    Aggregation.Min => min[i],
                    Aggregation.Max => max[i],
                    Aggregation.WeightedMean or Aggregation.None or _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
                };
                source[i] = ValueSource.Computed;
            }
            else
            {
                value = double.NaN;
                source[i] = ValueSource.None;
            }

            result[i] = value;
            var p = tree.Parent[i];
            if (p >= 0 && !double.IsNaN(value))
            {
                sum[p] += value;
                count[p]++;
                min[p] = Math.Min(min[p], value);
                max[p] = Math.Max(max[p], value);
            }
        }
    }

    /// <summary>
    /// A ratio indicator: numerator ÷ denominator × factor. A unit's ratio is its own when it reported both;
    /// otherwise a weighted mean adds up the numerators and denominators below it (so each unit weighs by its
    /// denominator), and the other rules combine the children's ratios.
    /// </summary>
    public static void Ratio(
        UnitTree tree, Aggregation aggregation, double factor,
        ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator, Span<double> result, Span<ValueSource> source)
    {
        var n = tree.Count;
        if (aggregation != Aggregation.WeightedMean)
        {
            var own = new double[n];
            for (var i = 0; i < n; i++)
            {
                own[i] = OwnRatio(numerator[i], denominator[i], factor);
            }

            Direct(tree, aggregation, own, result, source);
            return;
        }

        var sumNum = new double[n];
        var sumDen = new double[n];
        var count = new int[n];
        for (var i = 0; i < n; i++)
        {
            double num, den;
            if (!double.IsNaN(numerator[i]) && !double.IsNaN(denominator[i]))
            {
                (num, den) = (numerator[i], denominator[i]);
                source[i] = ValueSource.Reported;
            }
            else if (count[i] > 0)
            {
                (num, den) = (sumNum[i], sumDen[i]);
                source[i] = ValueSource.Computed;
            }
            else
            {
                result[i] = double.NaN;
                source[i] = ValueSource.None;
                continue;
            }

            result[i] = den > 0 ? num / den * factor : double.NaN;
            if (double.IsNaN(result[i]))
            {
                source[i] = ValueSource.None;
            }

            var p = tree.Parent[i];
            if (p >= 0)
            {
                sumNum[p] += num;
                sumDen[p] += den;
                count[p]++;
            }
        }
    }

    private static double OwnRatio(double numerator, double denominator, double factor) =>
        double.IsNaN(numerator) || double.IsNaN(denominator) || denominator <= 0 ? double.NaN : numerator / denominator * factor;
}
