using Lodestar.Operations;

namespace Lodestar.Web.Operations;

public static class OperationsEndpoints
{
    /// <summary>
    /// GET /metrics in the Prometheus text format. Open unless LODESTAR_METRICS_TOKEN is set; then the scraper sends
    /// "Authorization: Bearer &lt;token&gt;". The exporter starts with the app, so nothing before the first scrape is lost.
    /// </summary>
    public static void MapMetrics(this WebApplication app)
    {
        var exporter = app.Services.GetRequiredService<MetricsExporter>();
        var options = app.Services.GetRequiredService<MetricsOptions>();
        var token = options.Token;
        app.MapGet("/metrics", (HttpContext ctx) =>
        {
            // With a token: only who sends it. Without: only this machine (an in-process test host has no address),
            // unless the deployment opened it on purpose (LODESTAR_METRICS_OPEN=true).
            var allowed = token is not null
                ? System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(ctx.Request.Headers.Authorization.ToString()), System.Text.Encoding.UTF8.GetBytes($"Bearer {token}"))
                : options.Open || ctx.Connection.RemoteIpAddress is not { } remote || System.Net.IPAddress.IsLoopback(remote);
            if (!allowed)
            {
                return Results.Unauthorized();
            }

            return Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8");
        }).ExcludeFromDescription();
    }
}
