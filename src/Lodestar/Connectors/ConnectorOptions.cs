using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Connectors;

/// <summary>How connectors reach their sources (README.md).</summary>
public sealed class ConnectorOptions
{
    /// <summary>LODESTAR_CONNECTORS: run scheduled connectors in the web app (false: only "run now").</summary>
    [ConfigurationKeyName("LODESTAR_CONNECTORS")]
    public bool Scheduler { get; init; } = true;

    /// <summary>
    /// LODESTAR_CONNECTOR_LOCAL: allow sources on this server itself (loopback) and link-local addresses. Off: a connector
    /// could otherwise read Lodestar's own endpoints or a cloud's metadata service and keep the answer (ConnectorHttp).
    /// </summary>
    [ConfigurationKeyName("LODESTAR_CONNECTOR_LOCAL")]
    public bool AllowLocal { get; init; }

    /// <summary>LODESTAR_CONNECTOR_TIMEOUT_SECONDS: how long one request to a source may take.</summary>
    [ConfigurationKeyName("LODESTAR_CONNECTOR_TIMEOUT_SECONDS")]
    [Range(1, 3600)]
    public int TimeoutSeconds { get; init; } = 100;

    /// <summary>LODESTAR_CONNECTOR_ATTEMPTS: tries of a source that times out or answers 5xx before the run fails.</summary>
    [ConfigurationKeyName("LODESTAR_CONNECTOR_ATTEMPTS")]
    [Range(1, 10)]
    public int Attempts { get; init; } = 3;

    /// <summary>LODESTAR_CONNECTOR_BACKOFF_MS: the wait before the second try; it doubles before each later one.</summary>
    [ConfigurationKeyName("LODESTAR_CONNECTOR_BACKOFF_MS")]
    [Range(0, 600_000)]
    public int BackoffMs { get; init; } = 5000;

    /// <summary>LODESTAR_CONNECTOR_MAX_MB: the largest answer read from a source; a larger one fails the run.</summary>
    [ConfigurationKeyName("LODESTAR_CONNECTOR_MAX_MB")]
    [Range(1, 2048)]
    public int MaxMegabytes { get; init; } = 100;

    /// <summary>
    /// LODESTAR_CONNECTOR_RAW_DAYS: how many days a run keeps the source's answer (or the error met) for inspection; the
    /// scheduler drops older ones once an hour. The run's record (counts, problems) stays.
    /// </summary>
    [ConfigurationKeyName("LODESTAR_CONNECTOR_RAW_DAYS")]
    [Range(1, 3650)]
    public int RawDays { get; init; } = 30;
}
