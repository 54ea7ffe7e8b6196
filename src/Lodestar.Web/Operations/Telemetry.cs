using Lodestar.Common;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lodestar.Web.Operations;

/// <summary>
/// OpenTelemetry for the host (docs/adr/0024): metrics always, read by Prometheus at GET /metrics
/// (<see cref="OperationsEndpoints.MapMetrics"/>); traces only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
/// </summary>
public static class Telemetry
{
    /// <summary>The runtime (memory, GC, thread-pool queue), ASP.NET Core (requests), Kestrel (connections), Npgsql (pool) and Lodestar's own.</summary>
    private static readonly string[] Meters =
        ["System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", LodestarMetrics.MeterName];

    /// <summary>The standard OpenTelemetry setting; the OTLP exporter reads it (and OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS) itself.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddLodestarTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? "lodestar"))
            // Every scrape reads the current values: a cached answer would hide the requests of the last moment.
            .WithMetrics(m => m.AddMeter(Meters).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(config[OtlpEndpoint]))
        {
            // Requests and, on PostgreSQL, the commands they send (Npgsql's own activity source; SQLite has none).
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("Npgsql").AddOtlpExporter());
        }

        return services;
    }
}
