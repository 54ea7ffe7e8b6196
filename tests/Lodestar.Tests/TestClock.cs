namespace Lodestar.Tests;

/// <summary>A clock the test sets: noon in Vietnam on the given date, so Dates.Today(clock) is that date.</summary>
public sealed class TestClock(DateOnly today) : TimeProvider
{
    public DateOnly Today { get; set; } = today;

    public override DateTimeOffset GetUtcNow() => new(Today.ToDateTime(new TimeOnly(5, 0)), TimeSpan.Zero);
}
