using Lodestar.Analytics;

namespace Lodestar.Web.Analytics;

/// <summary>Builds the live analytics model once the host has started, so the first reader does not wait for it.</summary>
internal sealed class AnalyticsWarmup(LiveAnalytics analytics, ILogger<AnalyticsWarmup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await analytics.WarmAsync(stoppingToken);
            log.LogInformation("Live analytics ready: {Cells} cells in {Seconds:F1} s", analytics.Cells, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first request builds it instead; the host keeps running.
            log.LogWarning(e, "Live analytics could not be built at start");
        }
    }
}
