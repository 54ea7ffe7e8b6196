using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lodestar.Operations;

namespace Lodestar.Web.Operations;

public static class OperationsEndpoints
{
    private static readonly string[] Get = [HttpMethods.Get];

    /// <summary>
    /// GET /metrics in the Prometheus text format, written by OpenTelemetry's Prometheus exporter (<see cref="Telemetry"/>).
    /// With LODESTAR_METRICS_TOKEN only the scraper that sends "Authorization: Bearer &lt;token&gt;"; without it only this
    /// machine, unless LODESTAR_METRICS_OPEN=true.
    /// </summary>
    public static void MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<MetricsOptions>();
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, optionsName: null, configureBranchedPipeline: metrics => metrics.Use(next => ctx =>
        {
            if (Allowed(ctx, options))
            {
                return next(ctx);
            }

            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        })).WithMetadata(new HttpMethodMetadata(Get)).ExcludeFromDescription();
    }

    /// <summary>
    /// With a token: only who sends it. Without: only this machine (an in-process test host has no address), unless the
    /// deployment opened it on purpose.
    /// </summary>
    private static bool Allowed(HttpContext ctx, MetricsOptions options) =>
        options.Token is { } token
            ? CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ctx.Request.Headers.Authorization.ToString()), Encoding.UTF8.GetBytes($"Bearer {token}"))
            : options.Open || ctx.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);
}
