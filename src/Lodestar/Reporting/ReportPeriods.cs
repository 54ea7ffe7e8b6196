using Lodestar.Values;

namespace Lodestar.Reporting;

/// <summary>Which periods of a form are due and when: the calendar arithmetic of "my reports", completeness and the reminders.</summary>
public static class ReportPeriods
{
    /// <summary>How many recent periods "my reports", completeness and the reminders look at.</summary>
    public const int Recent = 6;

    /// <summary>The periods of a form that have ended by <paramref name="today"/>, newest first, at most <paramref name="take"/>.</summary>
    public static List<Period> Ended(ReportForm form, DateOnly today, int take = Recent)
    {
        var first = Period.Parse(form.FirstPeriod);
        var result = new List<Period>();
        var p = Containing(form.PeriodType, today);
        for (p = Previous(p); p >= first && result.Count < take; p = Previous(p))
        {
            result.Add(p);
        }

        return result;
    }

    private static Period Containing(PeriodType type, DateOnly date)
    {
        var months = new Period(type, date.Year, 1).Months;
        return new Period(type, date.Year, ((date.Month - 1) / months) + 1);
    }

    private static Period Previous(Period p) => p.Index > 1
        ? p with { Index = p.Index - 1 }
        : new Period(p.Type, p.Year - 1, 12 / p.Months);

    public static DateOnly DueOn(ReportForm form, Period period) => period.End.AddDays(form.DueDays);
}
