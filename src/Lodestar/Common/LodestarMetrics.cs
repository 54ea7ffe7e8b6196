using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lodestar.Common;

/// <summary>
/// Lodestar's own measurements (System.Diagnostics.Metrics), exported with the runtime's and ASP.NET Core's at
/// /metrics. Names follow the OpenTelemetry style; OpenTelemetry's Prometheus exporter turns them into Prometheus names
/// from the name and the unit (lodestar.progress.compute.duration in s → lodestar_progress_compute_duration_seconds,
/// the counter lodestar.values.saved → lodestar_values_saved_total; a unit in braces adds nothing).
/// </summary>
public static class LodestarMetrics
{
    public const string MeterName = "Lodestar";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Bucket bounds of the durations, 1 ms to 10 s (seconds). Without them OpenTelemetry's default buckets (0 to 10,000)
    /// are made for milliseconds and would put every run in the first two.
    /// </summary>
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] };

    /// <summary>Seconds to compute one indicator's rollup over a tree and its periods (read from the database included).</summary>
    public static readonly Histogram<double> ProgressCompute =
        Meter.CreateHistogram<double>("lodestar.progress.compute.duration", "s", "Time to compute an indicator's rollup for a unit tree and its periods.", advice: Seconds);

    /// <summary>Values created or changed by accepted batches (entry, uploads, report approvals).</summary>
    public static readonly Counter<long> ValuesSaved =
        Meter.CreateCounter<long>("lodestar.values.saved", "{value}", "Data values created or changed by accepted batches.");

    /// <summary>Seconds a background job run took, by job.</summary>
    public static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("lodestar.job.duration", "s", "Time a background job run took.", advice: Seconds);

    /// <summary>Seconds to build the live analytics model from the database (at start, or when new elements, periods or units appear).</summary>
    public static readonly Histogram<double> AnalyticsBuild =
        Meter.CreateHistogram<double>("lodestar.analytics.build.duration", "s", "Time to build the live analytics model from the database.", advice: Seconds);

    /// <summary>Seconds to apply a batch of changed values to the live analytics model (every dependent aggregate included).</summary>
    public static readonly Histogram<double> AnalyticsUpdate =
        Meter.CreateHistogram<double>("lodestar.analytics.update.duration", "s", "Time to apply changed values to the live analytics model.", advice: Seconds);

    /// <summary>
    /// Reads that may be a little behind, by where they went (ADR 0027): <c>replica</c>, <c>primary-behind</c> (the standby had
    /// not replayed the reader's own write) or <c>primary-down</c> (no standby answered). Only with LODESTAR_DB_REPLICAS.
    /// </summary>
    public static readonly Counter<long> ReplicaReads =
        Meter.CreateCounter<long>("lodestar.replica.reads", "{request}", "Reads that may be a little behind, by where they were served.");

    /// <summary>Records the seconds since <paramref name="started"/> (a Stopwatch timestamp) into <paramref name="histogram"/>.</summary>
    public static void Record(Histogram<double> histogram, long started) =>
        histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

    /// <summary>As above, with one tag (e.g. the job's name).</summary>
    public static void Record(Histogram<double> histogram, long started, KeyValuePair<string, object?> tag) =>
        histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
}
