using Lodestar.Connectors;
using Lodestar.Web.Operations;

namespace Lodestar.Web.Connectors;

/// <summary>
/// Sends the webhooks' outbox (<see cref="WebhookSender"/>) every 15 seconds, holding the database lease "webhooks" so
/// one instance sends. LODESTAR_CONNECTORS=false turns it off with the connector scheduler.
/// </summary>
internal sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, DatabaseStartup database, ConnectorOptions options, TimeProvider clock, ILogger<WebhookDispatcher> log)
    : RecurringJob(scopes, database, clock, log)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    protected override string Name => "webhooks";

    protected override bool Enabled => options.Scheduler;

    protected override TimeSpan RetryAfter => Every;

    protected override async Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var tried = await services.GetRequiredService<WebhookSender>().SendDueAsync(ct);
        if (tried > 0)
        {
            Log.LogInformation("Webhooks: {Tried} deliveries tried", tried);
        }

        return new Round(tried > 0, Every);
    }
}
