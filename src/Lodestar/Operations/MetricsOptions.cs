using Microsoft.Extensions.Configuration;

namespace Lodestar.Operations;

/// <summary>Who may read GET /metrics (README configuration table).</summary>
public sealed class MetricsOptions
{
    /// <summary>LODESTAR_METRICS_TOKEN: when set, GET /metrics needs "Authorization: Bearer &lt;token&gt;".</summary>
    [ConfigurationKeyName("LODESTAR_METRICS_TOKEN")]
    public string? Token { get; init; }

    /// <summary>LODESTAR_METRICS_OPEN=true: without a token, GET /metrics answers any address (otherwise only loopback).</summary>
    [ConfigurationKeyName("LODESTAR_METRICS_OPEN")]
    public bool Open { get; init; }

    public override string ToString() => $"MetricsOptions {{ Open = {Open}, Token = {(Token is null ? "unset" : "set")} }}";
}
