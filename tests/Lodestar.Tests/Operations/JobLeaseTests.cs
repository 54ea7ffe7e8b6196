using Lodestar.Operations;

namespace Lodestar.Tests.Operations;

/// <summary>
/// One instance runs a background job at a time: the lease goes to one of many instances asking at once, is refused to
/// the others while held, passes on when given back, and is lost by a holder that died once its time is up.
/// </summary>
public sealed class JobLeaseTests : DatabaseTest
{
    private readonly TestClock _clock = new(new DateOnly(2026, 12, 7));

    [Fact]
    public async Task ManyInstancesAskingAtOnce_OneGetsTheLease()
    {
        var takers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i =>
        {
            await using var db = Database.Context(clock: _clock);
            return await JobLease.TakeAsync(db, "daily", $"instance-{i}", TimeSpan.FromHours(1));
        }));

        Assert.Single(takers, taken => taken);
    }

    [Fact]
    public async Task AHeldLease_IsRefusedToOthers_PassesOnWhenGivenBack_AndExpiresWhenItsHolderDied()
    {
        await using var db = Database.Context(clock: _clock);
        Assert.True(await JobLease.TakeAsync(db, "daily", "a", TimeSpan.FromHours(1)));
        Assert.False(await JobLease.TakeAsync(db, "daily", "b", TimeSpan.FromHours(1)));
        Assert.True(await JobLease.TakeAsync(db, "weekly-digest", "b", TimeSpan.FromHours(1)), "each job has its own lease");
        Assert.True(await JobLease.TakeAsync(db, "daily", "a", TimeSpan.FromHours(1)), "the holder may take it again");

        await JobLease.ReleaseAsync(db, "daily", "a");
        Assert.True(await JobLease.TakeAsync(db, "daily", "b", TimeSpan.FromHours(1)));

        // b dies holding it: a is refused within the hour and takes it after.
        Assert.False(await JobLease.TakeAsync(db, "daily", "a", TimeSpan.FromHours(1)));
        _clock.Today = _clock.Today.AddDays(1);
        Assert.True(await JobLease.TakeAsync(db, "daily", "a", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task RunAsync_RunsOnlyWithTheLease_AndGivesItBackAfter_EvenWhenTheRunFails()
    {
        await using var db = Database.Context(clock: _clock);
        Assert.True(await JobLease.TakeAsync(db, "daily", "another instance", TimeSpan.FromHours(1)));
        var runs = 0;
        Assert.False(await JobLease.RunAsync(db, "daily", TimeSpan.FromHours(1), () => Task.FromResult(++runs)));
        Assert.Equal(0, runs);

        await JobLease.ReleaseAsync(db, "daily", "another instance");
        await Assert.ThrowsAsync<InvalidOperationException>(() => JobLease.RunAsync(db, "daily", TimeSpan.FromHours(1), () => throw new InvalidOperationException("the job failed")));
        Assert.True(await JobLease.RunAsync(db, "daily", TimeSpan.FromHours(1), () => Task.FromResult(++runs)), "a failed run gave the lease back");
        Assert.Equal(1, runs);
    }
}
