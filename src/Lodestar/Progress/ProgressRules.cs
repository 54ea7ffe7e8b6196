using Lodestar.Programmes;

namespace Lodestar.Progress;

public enum ProgressStatus
{
    Achieved,
    OnTrack,
    AtRisk,
    OffTrack,
    NoData,
}

/// <summary>How one target stands for one unit at one time.</summary>
public sealed record ProgressResult(
    double? Actual,
    double? Expected,
    Milestone? Milestone,
    double? PercentOfWay,
    double? PercentOfExpected,
    ProgressStatus Status);

/// <summary>
/// The rules that turn an actual value into a status. Every threshold is a programme setting; the folder's
/// README.md states the rules with a worked example.
/// </summary>
public static class ProgressRules
{
    /// <summary>Does <paramref name="actual"/> satisfy "<paramref name="comparator"/> <paramref name="target"/>"?</summary>
    public static bool Meets(double actual, Comparator comparator, double target)
    {
        var eps = 1e-9 * Math.Max(1, Math.Abs(target));
        return comparator switch
        {
            Comparator.AtLeast => actual >= target - eps,
            Comparator.MoreThan => actual > target + eps,
            Comparator.AtMost => actual <= target + eps,
            Comparator.LessThan => actual < target - eps,
            Comparator.EqualTo => Math.Abs(actual - target) <= eps,
            _ => throw new ArgumentOutOfRangeException(nameof(comparator)),
        };
    }

    /// <summary>
    /// The share (%) of the way from the baseline to the target covered by the actual value. Without a baseline:
    /// actual ÷ target (higher is better) or target ÷ actual (lower is better).
    /// </summary>
    public static double? PercentOfWay(double actual, double? baseline, double target, Direction direction, bool met)
    {
        if (baseline is { } b)
        {
            return Math.Abs(target - b) < 1e-12 ? (met ? 100 : 0) : (actual - b) / (target - b) * 100;
        }

        return direction == Direction.HigherIsBetter
            ? (Math.Abs(target) < 1e-12 ? null : actual / target * 100)
            : (Math.Abs(actual) < 1e-12 ? null : target / actual * 100);
    }

    public static ProgressResult Evaluate(
        TargetPath path, Direction direction, Comparator comparator, double? actual, double t, double onTrackPercent, double atRiskPercent)
    {
        var expected = path.ExpectedAt(t);
        var milestone = path.Current(t);
        if (actual is not { } a || expected is not { } e || milestone is not { } m)
        {
            return new ProgressResult(actual, expected, milestone, null, null, ProgressStatus.NoData);
        }

        var met = Meets(a, comparator, m.Value);
        var percentOfWay = PercentOfWay(a, path.Baseline, m.Value, direction, met);
        var percentOfExpected = PercentOfWay(a, path.Baseline, e, direction, IsAtLeastAsGood(a, e, direction));
        if (met)
        {
            return new ProgressResult(a, e, m, percentOfWay, percentOfExpected, ProgressStatus.Achieved);
        }

        var status = percentOfExpected >= onTrackPercent ? ProgressStatus.OnTrack
            : percentOfExpected >= atRiskPercent ? ProgressStatus.AtRisk
            : ProgressStatus.OffTrack;

        // A milestone whose year is over and was missed is never "on track", however close.
        if (status == ProgressStatus.OnTrack && path.Due(t) is { } due && !Meets(a, comparator, due.Value))
        {
            status = ProgressStatus.AtRisk;
        }

        return new ProgressResult(a, e, m, percentOfWay, percentOfExpected, status);
    }

    /// <summary>
    /// Rolls the statuses of several targets (a pillar, a programme) into one: each target with data scores
    /// achieved or on track 1, at risk ½, off track 0; a mean of at least 0.9 is on track (achieved when every
    /// target is achieved), at least 0.5 at risk, below that off track; no target with data is no data.
    /// </summary>
    public static ProgressStatus Combine(IEnumerable<ProgressStatus> statuses)
    {
        int count = 0, achieved = 0;
        double score = 0;
        foreach (var s in statuses)
        {
            if (s == ProgressStatus.NoData)
            {
                continue;
            }

            count++;
            achieved += s == ProgressStatus.Achieved ? 1 : 0;
            score += s switch
            {
                ProgressStatus.Achieved or ProgressStatus.OnTrack => 1,
                ProgressStatus.AtRisk => 0.5,
                ProgressStatus.OffTrack => 0,
                ProgressStatus.NoData or _ => throw new InvalidOperationException(),
            };
        }

        if (count == 0)
        {
            return ProgressStatus.NoData;
        }

        var mean = score / count;
        return achieved == count ? ProgressStatus.Achieved
            : mean >= 0.9 ? ProgressStatus.OnTrack
            : mean >= 0.5 ? ProgressStatus.AtRisk
            : ProgressStatus.OffTrack;
    }

    private static bool IsAtLeastAsGood(double actual, double expected, Direction direction) =>
        direction == Direction.HigherIsBetter ? actual >= expected : actual <= expected;
}
