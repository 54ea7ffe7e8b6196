namespace Lodestar.Progress;

/// <summary>How much a forecast can say.</summary>
public enum ForecastQuality
{
    /// <summary>Fewer than two points in time: no forecast.</summary>
    None,

    /// <summary>Two points: the line through them, with no uncertainty band.</summary>
    LineOnly,

    /// <summary>Three points or more: least-squares trend with a 95% prediction interval.</summary>
    Interval,
}

public sealed record ForecastPoint(int Year, double Value, double? Low, double? High);

/// <summary>
/// A projection of a history to future years. <see cref="PacePerYear"/> is the slope of the straight-line trend
/// (units per year), whatever the fitting scale.
/// </summary>
public sealed record Forecast(ForecastQuality Quality, int PointsUsed, double? PacePerYear, IReadOnlyList<ForecastPoint> Points)
{
    public static readonly Forecast Empty = new(ForecastQuality.None, 0, null, []);
}

/// <summary>
/// Ordinary least squares on (time, value) with the classic prediction interval
/// ŷ₀ ± t(0.975, n−2) · s · √(1 + 1/n + (t₀ − t̄)² / Sₜₜ). With <c>growth</c> the fit is on ln(value) (a constant
/// growth rate) and the band is transformed back. Results are clamped to [min, max] when given (0–100 for %).
/// </summary>
public static class Forecaster
{
    // Student's t, 97.5th percentile, for 1 to 30 degrees of freedom.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static double StudentT975(int degreesOfFreedom) =>
        degreesOfFreedom <= T975.Length
            ? T975[degreesOfFreedom - 1]
            : 1.96 + ((Math.Pow(1.96, 3) + 1.96) / (4 * degreesOfFreedom)); // Cornish–Fisher, first term

    public static Forecast Project(
        IReadOnlyList<(double T, double Value)> history, IEnumerable<int> years, bool growth = false, double? min = null, double? max = null)
    {
        var points = history.Where(p => double.IsFinite(p.Value)).ToList();
        var distinctTimes = points.Select(p => p.T).Distinct().Count();
        if (distinctTimes < 2)
        {
            return Forecast.Empty with { PointsUsed = points.Count };
        }

        var pace = Fit(points).Slope;
        var useLog = growth && points.All(p => p.Value > 0);
        var fitted = useLog ? [.. points.Select(p => (p.T, Math.Log(p.Value)))] : points;
        var (slope, intercept, meanT, sxx, s) = Fit(fitted);
        var n = fitted.Count;
        var quality = n >= 3 ? ForecastQuality.Interval : ForecastQuality.LineOnly;
        var t = n >= 3 ? StudentT975(n - 2) : 0;

        var result = new List<ForecastPoint>();
        foreach (var year in years)
        {
            var y = intercept + (slope * year);
            double? low = null, high = null;
            if (quality == ForecastQuality.Interval)
            {
                var half = t * s * Math.Sqrt(1 + (1.0 / n) + (Math.Pow(year - meanT, 2) / sxx));
                (low, high) = (y - half, y + half);
            }

            result.Add(new ForecastPoint(year, Clamp(Back(y, useLog), min, max), Clamp(Back(low, useLog), min, max), Clamp(Back(high, useLog), min, max)));
        }

        return new Forecast(quality, n, pace, result);
    }

    private static (double Slope, double Intercept, double MeanT, double Sxx, double S) Fit(List<(double T, double Value)> points)
    {
        var n = points.Count;
        var meanT = points.Average(p => p.T);
        var meanY = points.Average(p => p.Value);
        double sxx = 0, sxy = 0;
        foreach (var (t, y) in points)
        {
            sxx += (t - meanT) * (t - meanT);
            sxy += (t - meanT) * (y - meanY);
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanT);
        var sse = points.Sum(p => Math.Pow(p.Value - (intercept + (slope * p.T)), 2));
        var s = n > 2 ? Math.Sqrt(sse / (n - 2)) : 0;
        return (slope, intercept, meanT, sxx, s);
    }

    private static double Back(double y, bool log) => log ? Math.Exp(y) : y;

    private static double? Back(double? y, bool log) => y is { } v ? Back(v, log) : null;

    private static double Clamp(double v, double? min, double? max) => Math.Min(max ?? double.MaxValue, Math.Max(min ?? double.MinValue, v));

    private static double? Clamp(double? v, double? min, double? max) => v is { } x ? Clamp(x, min, max) : null;
}
