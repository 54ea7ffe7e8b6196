using BenchmarkDotNet.Attributes;
using Lodestar.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace Lodestar.Bench;

/// <summary>
/// The country in one cube: 34 provinces, 3,321 communes and 700 agencies (4,055 units), 120 data elements × 12
/// periods, every cell reported (5.8 M values). Compared in the same run:
/// <list type="bullet">
/// <item>the same rollup (sum, count, min, max per element, period and province) as one PostgreSQL GROUP BY over the
/// same values, when LODESTAR_BENCH_POSTGRES names a database (bench/national/run.sh starts one) — the baseline;</item>
/// <item>one plain pass over the values adding each into its province (the floor for any in-memory design);</item>
/// <item><see cref="ValueCube.Recompute"/>: every aggregate of every unit with children, from scratch;</item>
/// <item><see cref="ValueCube.Set"/>: one approved value changed, every aggregate above it updated.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class NationalBenchmarks
{
    private const int Provinces = NationalShape.Provinces;
    private const int Communes = NationalShape.Communes;
    private const int Agencies = NationalShape.Agencies;
    private const int Elements = NationalShape.Elements;
    private const int Periods = NationalShape.Periods;
    private const int Units = NationalShape.Units;

    private ValueCube _cube = null!;
    private int[] _parent = [];
    private double[] _values = [];
    private double[] _sum = [];
    private int[] _count = [];
    private NpgsqlDataSource? _postgres;
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        (_cube, _parent, _values) = NationalShape.Build();
        _sum = new double[Elements * Periods * Provinces];
        _count = new int[_sum.Length];
        var connection = Environment.GetEnvironmentVariable("LODESTAR_BENCH_POSTGRES");
        if (!string.IsNullOrEmpty(connection))
        {
            _postgres = NpgsqlDataSource.Create(connection);
            LoadPostgres();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _postgres?.Dispose();

    private void LoadPostgres()
    {
        using var c = _postgres!.OpenConnection();
        using (var loaded = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname = 'bench_values'", c))
        using (var count = new NpgsqlCommand("SELECT count(*) FROM bench_values", c))
        {
            // BenchmarkDotNet runs the setup once per benchmark: the values are copied once.
            if ((long)loaded.ExecuteScalar()! == 1 && (long)count.ExecuteScalar()! == (long)Elements * Periods * (Communes + Agencies))
            {
                return;
            }
        }

        using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS bench_values; DROP TABLE IF EXISTS bench_units;
            CREATE TABLE bench_units (u integer PRIMARY KEY, province integer NOT NULL);
            CREATE TABLE bench_values (e integer NOT NULL, p integer NOT NULL, u integer NOT NULL, v double precision NOT NULL);
            """, c))
        {
            create.ExecuteNonQuery();
        }

        using (var units = c.BeginBinaryImport("COPY bench_units (u, province) FROM STDIN (FORMAT BINARY)"))
        {
            for (var u = Provinces; u < Units; u++)
            {
                units.WriteRow(u, _parent[u]);
            }

            units.Complete();
        }

        using (var values = c.BeginBinaryImport("COPY bench_values (e, p, u, v) FROM STDIN (FORMAT BINARY)"))
        {
            for (var e = 0; e < Elements; e++)
            {
                for (var p = 0; p < Periods; p++)
                {
                    for (var u = Provinces; u < Units; u++)
                    {
                        values.StartRow();
                        values.Write(e, NpgsqlDbType.Integer);
                        values.Write(p, NpgsqlDbType.Integer);
                        values.Write(u, NpgsqlDbType.Integer);
                        values.Write(_values[(((e * Periods) + p) * Units) + u], NpgsqlDbType.Double);
                    }
                }
            }

            values.Complete();
        }

        foreach (var table in new[] { "bench_values", "bench_units" })
        {
            using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", c);
            analyze.ExecuteNonQuery();
        }
    }

    [Benchmark(Baseline = true, Description = "PostgreSQL GROUP BY (sum, count, min, max by element, period, province)")]
    public int PostgresGroupBy()
    {
        if (_postgres is null)
        {
            throw new InvalidOperationException("Set LODESTAR_BENCH_POSTGRES (bench/national/run.sh does).");
        }

        using var c = _postgres.OpenConnection();
        using var q = new NpgsqlCommand("SELECT v.e, v.p, u.province, sum(v.v), count(*), min(v.v), max(v.v) FROM bench_values v JOIN bench_units u ON u.u = v.u GROUP BY v.e, v.p, u.province", c);
        using var r = q.ExecuteReader();
        var rows = 0;
        while (r.Read())
        {
            rows++;
        }

        return rows;
    }

    [Benchmark(Description = "One pass over C# arrays (sum and count into the province)")]
    public double OnePassScan()
    {
        Array.Clear(_sum);
        Array.Clear(_count);
        var values = _values;
        var parent = _parent;
        for (var slice = 0; slice < Elements * Periods; slice++)
        {
            var cells = values.AsSpan(slice * Units, Units);
            var into = slice * Provinces;
            for (var u = Provinces; u < Units; u++)
            {
                _sum[into + parent[u]] += cells[u];
                _count[into + parent[u]]++;
            }
        }

        return _sum[0];
    }

    [Benchmark(Description = "ValueCube.Recompute (sum, count, min, max of every unit with children)")]
    public double CubeRecompute()
    {
        _cube.Recompute();
        return _cube.Aggregate(0, 0, 0).Sum;
    }

    [Benchmark(Description = "ValueCube.Set: one approved value, every aggregate above it")]
    public double OneValueApproved()
    {
        // Alternates between raising a commune above every other and back, so the province's maximum is rescanned half the time.
        var t = _tick++;
        _cube.Set(t % Elements, t % Periods, Provinces + (t % Communes), (t & 1) == 0 ? 20000 : 5000);
        return _cube.Aggregate(t % Elements, t % Periods, (Provinces + (t % Communes)) % Provinces).Sum;
    }
}
