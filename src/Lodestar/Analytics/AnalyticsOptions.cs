using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Analytics;

/// <summary>How far behind the change feed an instance's live model may fall before /healthz says it is degraded.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>LODESTAR_FEED_MAX_LAG_SECONDS: seconds since the model last read the change feed to its end (it does so every second).</summary>
    [ConfigurationKeyName("LODESTAR_FEED_MAX_LAG_SECONDS")]
    [Range(1, 86_400)]
    public int MaxLagSeconds { get; init; } = 30;
}
