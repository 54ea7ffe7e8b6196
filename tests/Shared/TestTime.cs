using System.Diagnostics;
using System.Globalization;

namespace Lodestar.Testing;

/// <summary>
/// The time every test runs at. Each test host and database fixture starts its clock at <see cref="Start"/>, a fixed
/// instant (10:00 in Vietnam on 18/11/2026 unless LODESTAR_TEST_NOW gives another, e.g. 2029-03-14T08:00:00Z), so the
/// suite gives the same answers in any year; test.sh runs the PostgreSQL half of the suite in 2029 to prove it.
/// </summary>
public static class TestTime
{
    public static readonly DateTimeOffset Start = Environment.GetEnvironmentVariable("LODESTAR_TEST_NOW") is { Length: > 0 } text
        ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
        : new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A clock for one test host: starts at <see cref="Start"/> now and runs on in real time (see <see cref="PinnedClock"/>).</summary>
    public static PinnedClock NewClock() => new(Start);

    /// <summary>The clock of databases and services a test builds by hand.</summary>
    public static readonly PinnedClock Clock = NewClock();
}

/// <summary>
/// A clock whose date is pinned and whose seconds still pass: it reads <c>start</c> when created and moves on with the
/// real elapsed time. A stopped clock (FakeTimeProvider) suits tests of a deadline; a running host needs time to pass —
/// tokens and lockouts expire, background jobs wake on their timers, and rows written one after another get instants in
/// that order, as the version checks and the live model's catch-up expect.
/// </summary>
public sealed class PinnedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_started);
}
