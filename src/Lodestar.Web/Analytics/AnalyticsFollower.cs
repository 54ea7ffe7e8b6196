using Lodestar.Analytics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lodestar.Web.Analytics;

/// <summary>
/// Builds the live analytics model shortly after the host has started, so the first reader does not wait for it and
/// start-up does not share the processor with it (a reader who comes earlier builds it himself); then reads the change
/// feed every second, so an instance nobody asks still follows it and its lag (/metrics, /healthz) stays honest.
/// </summary>
internal sealed class AnalyticsFollower(LiveAnalytics analytics, IHostApplicationLifetime lifetime, ILogger<AnalyticsFollower> log) : BackgroundService
{
    /// <summary>How often the feed is read when no reader asks.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        try
        {
            await using (lifetime.ApplicationStarted.Register(started.SetResult))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            await Task.Delay(Every, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // stopped before it began (a start that failed, or a quick stop)
        }

        var building = System.Diagnostics.Stopwatch.GetTimestamp();
        var failing = false;
        try
        {
            await analytics.WarmAsync(stoppingToken);
            log.LogInformation("Live analytics ready: {Values} values in {Seconds:F1} s", analytics.Values, System.Diagnostics.Stopwatch.GetElapsedTime(building).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next round (or the first request) builds it instead; the host keeps running.
            log.LogWarning(e, "Live analytics could not be built at start");
            failing = true;
        }

        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await analytics.WarmAsync(stoppingToken);
                    if (failing)
                    {
                        log.LogInformation("Live analytics follow the change feed again (position {Position})", analytics.Position);
                        failing = false;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (!failing)
                    {
                        log.LogWarning(e, "Live analytics cannot read the change feed; /healthz says degraded once the lag passes its bound");
                        failing = true;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

/// <summary>/healthz: degraded when this instance's live model has not read the change feed for longer than LODESTAR_FEED_MAX_LAG_SECONDS.</summary>
internal sealed class ChangeFeedHealthCheck(LiveAnalytics analytics, AnalyticsOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["position"] = analytics.Position };
        var result = analytics.Lag switch
        {
            null => HealthCheckResult.Healthy("The live model is being built.", data),
            { } lag when lag.TotalSeconds > options.MaxLagSeconds => HealthCheckResult.Degraded(
                $"The live model last read the change feed {lag.TotalSeconds:F0} s ago (allowed: {options.MaxLagSeconds} s).", data: data),
            { } lag => HealthCheckResult.Healthy($"The live model read the change feed {lag.TotalSeconds:F1} s ago.", data),
        };
        return Task.FromResult(result);
    }
}
