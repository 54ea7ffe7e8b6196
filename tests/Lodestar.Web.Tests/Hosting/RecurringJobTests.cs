using System.Collections.Concurrent;
using Lodestar.Data;
using Lodestar.Web.Operations;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// The background jobs' common shape (<see cref="RecurringJob"/>): rounds on the job's clock, each in its own scope,
/// the wait a round asks for, and a failed round tried again after the job's retry wait rather than lost.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class RecurringJobTests(LodestarFactory app)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Rounds_FollowTheClock_AndAFailedRoundIsTriedAgainAfterTheRetryWait()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2029, 3, 14, 1, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        using var job = new CountingJob(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<DatabaseStartup>(), clock);
        await job.StartAsync(CancellationToken.None);
        try
        {
            await AdvanceUntilAsync(clock, job, rounds: 3, limit: TimeSpan.FromMinutes(10));
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }

        var at = job.RanAt.ToArray();
        Assert.Equal(3, at.Length);
        AssertAfter(start, at[0], CountingJob.First);          // first round after the first delay
        AssertAfter(at[0], at[1], CountingJob.Next);            // the wait the round asked for
        AssertAfter(at[1], at[2], CountingJob.Retry);           // round 2 failed: the retry wait, not the usual one
        Assert.All(job.UnitsSeen, n => Assert.True(n > 0));     // each round read the database through its own scope
    }

    // The clock moves in steps while the job runs on real threads: a round comes at most one step after it is due.
    private static void AssertAfter(DateTimeOffset from, DateTimeOffset to, TimeSpan wait)
    {
        Assert.InRange(to - from, wait, wait + Step + Step);
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, CountingJob job, int rounds, TimeSpan limit)
    {
        for (var moved = TimeSpan.Zero; job.RanAt.Count < rounds && moved < limit; moved += Step)
        {
            await Task.Delay(30);
            clock.Advance(Step);
        }
    }

    private sealed class CountingJob(IServiceScopeFactory scopes, DatabaseStartup database, TimeProvider clock)
        : RecurringJob(scopes, database, clock, NullLogger.Instance)
    {
        public static readonly TimeSpan First = TimeSpan.FromSeconds(30);
        public static readonly TimeSpan Next = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan Retry = TimeSpan.FromMinutes(4);

        public ConcurrentQueue<DateTimeOffset> RanAt { get; } = new();

        public ConcurrentQueue<int> UnitsSeen { get; } = new();

        protected override string Name => "test";

        protected override bool Enabled => true;

        protected override TimeSpan RetryAfter => Retry;

        protected override TimeSpan FirstDelay => First;

        protected override async Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct)
        {
            UnitsSeen.Enqueue(await services.GetRequiredService<LodestarDbContext>().OrgUnits.CountAsync(u => u.IsOfficial, ct));
            RanAt.Enqueue(Clock.GetUtcNow());
            return RanAt.Count == 2 ? throw new InvalidOperationException("The second round fails.") : new Round(true, Next);
        }
    }
}
