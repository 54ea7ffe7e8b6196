using Lodestar.Common;
using Lodestar.Connectors;

namespace Lodestar.Web.Connectors;

/// <summary>
/// Runs scheduled connectors: once a minute it asks <see cref="ConnectorJob"/> for the due ones. Each due time is taken by
/// one instance only (an atomic move of the connector's next run) and each run holds the connector's lease
/// (Operations/JobLease), so two instances never run one connector twice. Once an hour it drops runs' raw answers older
/// than LODESTAR_CONNECTOR_RAW_DAYS. LODESTAR_CONNECTORS=false turns it off.
/// </summary>
internal sealed class ConnectorScheduler(
    IServiceScopeFactory scopes, Operations.DatabaseStartup database, ConnectorOptions options, TimeProvider clock, ILogger<ConnectorScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Scheduler || !await database.WaitAsync(stoppingToken))
        {
            return;
        }

        var nextPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var job = scope.ServiceProvider.GetRequiredService<ConnectorJob>();

                // Once an hour: old runs' raw answers go (LODESTAR_CONNECTOR_RAW_DAYS).
                if (clock.GetUtcNow() >= nextPrune)
                {
                    nextPrune = clock.GetUtcNow() + TimeSpan.FromHours(1);
                    if (await job.PruneRawAsync(TimeSpan.FromDays(options.RawDays), stoppingToken) is > 0 and var pruned)
                    {
                        log.LogInformation("Connectors: the raw answers of {Pruned} runs older than {Days} days dropped", pruned, options.RawDays);
                    }
                }

                var ran = await job.RunDueAsync(stoppingToken);
                if (ran > 0)
                {
                    log.LogInformation("Connectors: {Ran} scheduled runs", ran);
                    LodestarMetrics.Record(LodestarMetrics.JobDuration, started, new("job", "connectors"));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The connector scheduler's round failed; it looks again in a minute");
            }

            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
        }
    }
}
