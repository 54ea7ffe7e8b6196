using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Operations;

namespace Lodestar.Web.Operations;

/// <summary>
/// The shape every background job of the host shares. It waits for the database (<see cref="DatabaseStartup"/>), then
/// runs in rounds, each in its own scope. A round says whether it did anything (its seconds then go to
/// <c>lodestar_job_duration_seconds{job}</c>) and how long to wait before the next; a round that fails is logged and tried
/// again after <see cref="RetryAfter"/>. A job that must run on one instance at a time takes its lease inside the round
/// (<see cref="LeasedAsync"/>, <see cref="JobLease"/>).
/// </summary>
internal abstract class RecurringJob(IServiceScopeFactory scopes, DatabaseStartup database, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The job's name in the metrics and the log.</summary>
    protected abstract string Name { get; }

    /// <summary>False when its setting turns the job off (it then never starts).</summary>
    protected abstract bool Enabled { get; }

    /// <summary>The wait after a failed round.</summary>
    protected abstract TimeSpan RetryAfter { get; }

    /// <summary>The wait between the database being ready and the first round.</summary>
    protected virtual TimeSpan FirstDelay => TimeSpan.Zero;

    protected TimeProvider Clock => clock;

    protected ILogger Log => log;

    /// <summary>One round, in its own scope.</summary>
    protected abstract Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled || !await database.WaitAsync(stoppingToken))
        {
            return;
        }

        if (FirstDelay > TimeSpan.Zero)
        {
            await Task.Delay(FirstDelay, clock, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var next = RetryAfter;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var round = await RunRoundAsync(scope.ServiceProvider, stoppingToken);
                if (round.Worked)
                {
                    LodestarMetrics.Record(LodestarMetrics.JobDuration, started, new("job", Name));
                }

                next = round.Next;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The {Job} job failed; it is tried again in {Wait}", Name, RetryAfter);
            }

            await Task.Delay(next, clock, stoppingToken);
        }
    }

    /// <summary>Runs <paramref name="run"/> holding the lease <paramref name="lease"/> (<see cref="JobLease"/>): false, nothing run, when another instance holds it.</summary>
    protected static Task<bool> LeasedAsync(IServiceProvider services, string lease, TimeSpan ttl, Func<Task> run, CancellationToken ct) =>
        JobLease.RunAsync(services.GetRequiredService<LodestarDbContext>(), lease, ttl, run, ct);

    /// <summary>What a round did: whether it worked (ran its job, sent or stored something), and the wait before the next round.</summary>
    protected readonly record struct Round(bool Worked, TimeSpan Next);
}
