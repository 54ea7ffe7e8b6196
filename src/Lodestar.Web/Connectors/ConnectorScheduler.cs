using Lodestar.Connectors;
using Lodestar.Web.Operations;

namespace Lodestar.Web.Connectors;

/// <summary>
/// Runs scheduled connectors: once a minute it asks <see cref="ConnectorJob"/> for the due ones. Each due time is taken by
/// one instance only (an atomic move of the connector's next run) and each run holds the connector's lease
/// (Operations/JobLease), so two instances never run one connector twice. Once an hour it drops runs' raw answers older
/// than LODESTAR_CONNECTOR_RAW_DAYS. LODESTAR_CONNECTORS=false turns it off.
/// </summary>
internal sealed class ConnectorScheduler(
    IServiceScopeFactory scopes, DatabaseStartup database, ConnectorOptions options, TimeProvider clock, ILogger<ConnectorScheduler> log)
    : RecurringJob(scopes, database, clock, log)
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    protected override string Name => "connectors";

    protected override bool Enabled => options.Scheduler;

    protected override TimeSpan RetryAfter => Every;

    protected override async Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var job = services.GetRequiredService<ConnectorJob>();

        // Once an hour: old runs' raw answers go (LODESTAR_CONNECTOR_RAW_DAYS).
        if (Clock.GetUtcNow() >= _nextPrune)
        {
            _nextPrune = Clock.GetUtcNow() + TimeSpan.FromHours(1);
            if (await job.PruneRawAsync(TimeSpan.FromDays(options.RawDays), ct) is > 0 and var pruned)
            {
                Log.LogInformation("Connectors: the raw answers of {Pruned} runs older than {Days} days dropped", pruned, options.RawDays);
            }
        }

        var ran = await job.RunDueAsync(ct);
        if (ran > 0)
        {
            Log.LogInformation("Connectors: {Ran} scheduled runs", ran);
        }

        return new Round(ran > 0, Every);
    }
}
