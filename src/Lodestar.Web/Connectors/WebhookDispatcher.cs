using Lodestar.Common;
using Lodestar.Connectors;

namespace Lodestar.Web.Connectors;

/// <summary>
/// Sends the webhooks' outbox (<see cref="WebhookSender"/>) every 15 seconds, holding the database lease "webhooks" so
/// one instance sends. LODESTAR_CONNECTORS=false turns it off with the connector scheduler.
/// </summary>
internal sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, Operations.DatabaseStartup database, ConnectorOptions options, TimeProvider clock, ILogger<WebhookDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Scheduler || !await database.WaitAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<WebhookSender>().SendDueAsync(stoppingToken) is > 0 and var tried)
                {
                    log.LogInformation("Webhooks: {Tried} deliveries tried", tried);
                    LodestarMetrics.Record(LodestarMetrics.JobDuration, started, new("job", "webhooks"));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The webhook round failed; it tries again shortly");
            }

            await Task.Delay(TimeSpan.FromSeconds(15), clock, stoppingToken);
        }
    }
}
