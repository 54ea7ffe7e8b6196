using Lodestar.Analytics;

namespace Lodestar.Web.Analytics;

/// <summary>
/// Builds the live analytics model shortly after the host has started, so the first reader does not wait for it and
/// start-up does not share the processor with it (a reader who comes earlier builds it himself).
/// </summary>
internal sealed class AnalyticsWarmup(LiveAnalytics analytics, IHostApplicationLifetime lifetime, ILogger<AnalyticsWarmup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        try
        {
            await using (lifetime.ApplicationStarted.Register(started.SetResult))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // stopped before it began (a start that failed, or a quick stop)
        }

        var building = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await analytics.WarmAsync(stoppingToken);
            log.LogInformation("Live analytics ready: {Values} values in {Seconds:F1} s", analytics.Values, System.Diagnostics.Stopwatch.GetElapsedTime(building).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first request builds it instead; the host keeps running.
            log.LogWarning(e, "Live analytics could not be built at start");
        }
    }
}
