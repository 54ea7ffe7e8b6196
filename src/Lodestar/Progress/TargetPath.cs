using Lodestar.Programmes;

namespace Lodestar.Progress;

/// <summary>A milestone of a target: the value to reach by the end of <see cref="Year"/>.</summary>
public readonly record struct Milestone(int Year, double Value);

/// <summary>A version of a target's milestones: the first set (<see cref="From"/> null) or one a revision set, in force from its decision's date.</summary>
public sealed record PathVersion(DateOnly? From, string? Decision, IReadOnlyList<Milestone> Milestones);

/// <summary>The decision of a programme revision that added or retired a target: its number and the day it takes effect.</summary>
public sealed record RevisionMark(DateOnly On, string Decision);

/// <summary>
/// The path a target is expected to follow: from the baseline (end of its year) through each milestone (end of
/// its year), straight (linear) or at a constant growth rate (compound), flat after the last milestone.
/// Times are fractional years at a period's end (see <c>Period.EndAsYear</c>).
/// </summary>
public sealed class TargetPath
{
    private readonly (double T, double Value)[] _points;

    public TargetPath(double? baselineValue, int? baselineYear, IEnumerable<Milestone> milestones, PathShape shape)
    {
        Milestones = [.. milestones.OrderBy(m => m.Year)];
        Shape = shape;
        HasBaseline = baselineValue is not null && baselineYear is not null;
        Baseline = baselineValue;
        var points = Milestones.Select(m => ((double)m.Year, m.Value));
        _points = HasBaseline ? [(baselineYear!.Value, baselineValue!.Value), .. points.Where(p => p.Item1 > baselineYear)] : [.. points];
    }

    public IReadOnlyList<Milestone> Milestones { get; }

    public PathShape Shape { get; }

    public bool HasBaseline { get; }

    public double? Baseline { get; }

    /// <summary>
    /// The value expected at time <paramref name="t"/>. Without a baseline the path cannot start anywhere, so it
    /// is flat at the first milestone: the expectation is the target itself. Null when there are no milestones.
    /// </summary>
    public double? ExpectedAt(double t)
    {
        if (Milestones.Count == 0)
        {
            return null;
        }

        if (t <= _points[0].T)
        {
            return _points[0].Value;
        }

        for (var i = 1; i < _points.Length; i++)
        {
            var (tb, vb) = _points[i];
            if (t <= tb)
            {
                var (ta, va) = _points[i - 1];
                var share = (t - ta) / (tb - ta);
                return Shape == PathShape.Compound && va > 0 && vb > 0
                    ? va * Math.Pow(vb / va, share)
                    : va + ((vb - va) * share);
            }
        }

        return _points[^1].Value;
    }

    /// <summary>The milestone being worked towards at time t: the first not yet past, else the last one.</summary>
    public Milestone? Current(double t)
    {
        foreach (var m in Milestones)
        {
            if (m.Year >= t - 1e-9)
            {
                return m;
            }
        }

        return Milestones.Count > 0 ? Milestones[^1] : null;
    }

    /// <summary>The latest milestone whose year has ended by time t, if any.</summary>
    public Milestone? Due(double t)
    {
        Milestone? due = null;
        foreach (var m in Milestones)
        {
            if (m.Year <= t + 1e-9)
            {
                due = m;
            }
        }

        return due;
    }
}
