using Lodestar.Values;

namespace Lodestar.Progress;

/// <summary>
/// A unit's value of one data element for a period: the value reported for that period; otherwise, from the
/// shorter periods reported inside it, by the element's rule (the latest, their sum or their mean). Only the
/// longest of the shorter period types present is used (quarters rather than the months inside them), so
/// nothing counts twice.
/// </summary>
public static class TimePick
{
    /// <param name="period">The period asked for.</param>
    /// <param name="rule">The data element's rule over time.</param>
    /// <param name="values">The unit's values of the element.</param>
    /// <param name="only">When given, use only periods of this type (a ratio's denominator follows its numerator).</param>
    public static (double Value, Period Source)? Pick(
        Period period, TimeAggregation rule, IEnumerable<(Period Period, double Value)> values, PeriodType? only = null)
    {
        (double, Period)? exact = null;
        PeriodType? chosen = null;
        var inside = new List<(Period Period, double Value)>();
        foreach (var v in values)
        {
            if (only is { } type && v.Period.Type != type)
            {
                continue;
            }

            if (v.Period == period)
            {
                exact = (v.Value, v.Period);
            }
            else if (period.Contains(v.Period))
            {
                inside.Add(v);
                if (chosen is null || v.Period.Months > new Period(chosen.Value, 2000, 1).Months)
                {
                    chosen = v.Period.Type;
                }
            }
        }

        if (exact is not null || inside.Count == 0)
        {
            return exact;
        }

        // The longest of the shorter periods present: quarters before months.
        var parts = inside.Where(v => v.Period.Type == chosen).OrderBy(v => v.Period).ToList();
        var latest = parts[^1].Period;
        return rule switch
        {
            TimeAggregation.Last => (parts[^1].Value, latest),
            TimeAggregation.Sum => (parts.Sum(v => v.Value), latest),
            TimeAggregation.Mean => (parts.Average(v => v.Value), latest),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }
}
