using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Lodestar.Common;

namespace Lodestar.Web.Operations;

/// <summary>
/// Listens to the meters of the runtime (memory, GC, thread-pool queue), ASP.NET Core (request rates and latencies,
/// active requests), Kestrel (connections), Npgsql (pool) and Lodestar (recompute times, values saved, jobs), and
/// writes them in the Prometheus text exposition format (version 0.0.4) for GET /metrics. No package: the format is
/// plain text and the aggregation is a sum, a last value or fixed histogram buckets per label set.
/// </summary>
public sealed class MetricsExporter : IDisposable
{
    private static readonly string[] Meters =
        ["System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", LodestarMetrics.MeterName];

    /// <summary>Bucket bounds in the instrument's unit (seconds for durations): 1 ms to 10 s.</summary>
    private static readonly double[] Bounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument Instrument, string Labels), Series> _series = new();
    private readonly Lock _scrape = new();

    /// <summary>Listens to the meters named above that are process-wide or made by this host's <paramref name="meters"/> (not another host's in the same process).</summary>
    public MetricsExporter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name, StringComparer.Ordinal) && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meters)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The current values of every series, in the Prometheus text format.</summary>
    public string Scrape()
    {
        var text = new StringBuilder();
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            foreach (var metric in _series.GroupBy(s => s.Key.Instrument).OrderBy(g => Name(g.Key), StringComparer.Ordinal))
            {
                var instrument = metric.Key;
                var name = Name(instrument);
                var kind = Kind(instrument);
                text.Append("# HELP ").Append(name).Append(' ').Append(Escape(instrument.Description ?? instrument.Name, help: true)).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(kind).Append('\n');
                foreach (var (key, series) in metric.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
                {
                    series.Write(text, name, key.Labels);
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        var series = _series.GetOrAdd((instrument, labels), static (k) => k.Instrument is Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float>
            ? new HistogramSeries()
            : new ValueSeries(Accumulates(k.Instrument)));
        series.Add(value);
    }

    /// <summary>Counters and up-down counters report increments; gauges and observable instruments report the value itself.</summary>
    private static bool Accumulates(Instrument i) =>
        i.GetType().IsGenericType && i.GetType().GetGenericTypeDefinition() is var t
        && (t == typeof(Counter<>) || t == typeof(UpDownCounter<>));

    private static string Kind(Instrument i)
    {
        var t = i.GetType().IsGenericType ? i.GetType().GetGenericTypeDefinition() : i.GetType();
        return t == typeof(Histogram<>) ? "histogram"
            : t == typeof(Counter<>) || t == typeof(ObservableCounter<>) ? "counter"
            : "gauge";
    }

    /// <summary>http.server.request.duration (s) → http_server_request_duration_seconds; counters end in _total.</summary>
    internal static string Name(Instrument i)
    {
        var name = new StringBuilder();
        foreach (var c in i.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var suffix = i.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !name.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            name.Append(suffix);
        }

        if (Kind(i) == "counter")
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            var label = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            pairs.Add($"{label}=\"{Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, help: false)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    private static string Escape(string s, bool help) =>
        help ? s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
             : s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("G17", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private abstract class Series
    {
        public abstract void Add(double value);

        public abstract void Write(StringBuilder text, string name, string labels);
    }

    private sealed class ValueSeries(bool accumulates) : Series
    {
        private readonly Lock _gate = new();
        private double _value;

        public override void Add(double value)
        {
            lock (_gate)
            {
                _value = accumulates ? _value + value : value;
            }
        }

        public override void Write(StringBuilder text, string name, string labels)
        {
            lock (_gate)
            {
                Line(text, name, labels, _value);
            }
        }
    }

    private sealed class HistogramSeries : Series
    {
        private readonly Lock _gate = new();
        private readonly long[] _counts = new long[Bounds.Length + 1];
        private double _sum;
        private long _count;

        public override void Add(double value)
        {
            var bucket = Array.BinarySearch(Bounds, value);
            bucket = bucket >= 0 ? bucket : ~bucket;
            lock (_gate)
            {
                _counts[bucket]++;
                _sum += value;
                _count++;
            }
        }

        public override void Write(StringBuilder text, string name, string labels)
        {
            lock (_gate)
            {
                var sep = labels.Length > 0 ? "," : string.Empty;
                long cumulative = 0;
                for (var b = 0; b <= Bounds.Length; b++)
                {
                    cumulative += _counts[b];
                    var le = b < Bounds.Length ? Number(Bounds[b]) : "+Inf";
                    Line(text, name + "_bucket", $"{labels}{sep}le=\"{le}\"", cumulative);
                }

                Line(text, name + "_sum", labels, _sum);
                Line(text, name + "_count", labels, _count);
            }
        }
    }
}
