using Lodestar.Setup;

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
        var token = app.Services.GetRequiredService<LodestarOptions>().MetricsToken;
        app.MapGet("/metrics", (HttpContext ctx) =>
        {
            if (token is not null && !string.Equals(ctx.Request.Headers.Authorization.ToString(), $"Bearer {token}", StringComparison.Ordinal))
            {
                return Results.Unauthorized();
            }

            return Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8");
        }).ExcludeFromDescription();
    }
}
