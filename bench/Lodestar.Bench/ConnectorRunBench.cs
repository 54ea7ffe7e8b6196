using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lodestar.Audit;
using Lodestar.Connectors;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lodestar.Bench;

/// <summary>
/// Issue 19's performance goal: a connector run of N values (a csv-http connector reading an import-values file from a
/// loopback HTTP server, approve: true) against the bulk import of the same file (<see cref="BulkValueImport.ImportCsvAsync(TextReader, BulkImportSource, CancellationToken)"/>,
/// the CLI's import-values without the process start), each into a fresh migrated database with the same units and
/// elements, taking turns (odd rounds the connector first, even rounds the import first).
/// <code>dotnet run -c Release --project bench/Lodestar.Bench -- connector [rows] [rounds]</code>
/// SQLite (a temporary file each) unless LODESTAR_BENCH_PG names a PostgreSQL server (a database is created for each path
/// and round, and dropped after).
/// </summary>
public static class ConnectorRunBench
{
    private const int Elements = 10;
    private const int Communes = 100;

    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var postgres = Environment.GetEnvironmentVariable("LODESTAR_BENCH_PG") is { Length: > 0 } pg ? pg : null;
        var months = (rows + (Elements * Communes) - 1) / (Elements * Communes);
        var csv = Csv(rows, months);
        Console.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: {rows:N0} values ({Elements} elements x {Communes} communes x {months} months), {Encoding.UTF8.GetByteCount(csv) / 1024.0 / 1024.0:N1} MB, {rounds} rounds");

        using var source = new HttpListener();
        var url = $"http://127.0.0.1:{FreePort()}/";
        source.Prefixes.Add(url);
        source.Start();
        // Warm-up, not counted: the first of the two paths in a process would otherwise pay the JIT of both.
        var small = string.Join('\n', csv.Split('\n').Take(1001)) + "\n";
        var answers = new Dictionary<string, byte[]> { ["/values.csv"] = Encoding.UTF8.GetBytes(csv), ["/small.csv"] = Encoding.UTF8.GetBytes(small) };
        _ = Task.Run(async () =>
        {
            while (source.IsListening)
            {
                var ctx = await source.GetContextAsync();
                ctx.Response.ContentType = "text/csv; charset=utf-8";
                var bytes = answers[ctx.Request.Url!.AbsolutePath];
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes);
                ctx.Response.Close();
            }
        });

        foreach (var path in new[] { "connector", "import" })
        {
            await MeasureAsync(path, postgres, small, url + "small.csv", 0);
        }

        var times = new Dictionary<string, List<double>> { ["connector"] = [], ["import"] = [] };
        for (var round = 1; round <= rounds; round++)
        {
            string[] order = round % 2 == 1 ? ["connector", "import"] : ["import", "connector"];
            foreach (var path in order)
            {
                var (seconds, note) = await MeasureAsync(path, postgres, csv, url + "values.csv", round);
                times[path].Add(seconds);
                Console.WriteLine($"round {round} {path,-9} {seconds,6:N2} s  {note}");
            }
        }

        foreach (var (path, list) in times)
        {
            var sorted = list.Order().ToList();
            Console.WriteLine($"{path,-9} median {sorted[sorted.Count / 2]:N2} s (min {sorted[0]:N2}, max {sorted[^1]:N2})");
        }

        source.Stop();
    }

    /// <summary>One path into a fresh database: the connector reads <paramref name="url"/>, the import <paramref name="csv"/>, the same values.</summary>
    private static async Task<(double Seconds, string Note)> MeasureAsync(string path, string? postgres, string csv, string url, int round)
    {
        var (options, drop) = await FreshDatabaseAsync(postgres, $"bench_connector_{path}_{round}");
        try
        {
            await using var db = new LodestarDbContext(options, new SystemActor(), TimeProvider.System);
            await db.Database.MigrateAsync();
            var province = await SeedAsync(db);
            db.ChangeTracker.Clear();
            var units = new OrgUnitQueries(db);
            var import = new BulkValueImport(db, units);
            var watch = Stopwatch.StartNew();
            string note;
            if (path == "connector")
            {
                var local = new ConnectorOptions { AllowLocal = true, TimeoutSeconds = 120 };
                using var http = new ConnectorHttp(local);
                var connector = new Connector { Code = "BENCH", Name = "Bench", Kind = ConnectorKind.CsvHttp, Url = url, Approve = true, OwnerUnitId = province };
                db.Add(connector);
                await db.SaveChangesAsync();
                watch.Restart();
                var run = await new ConnectorRunner(db, import, units, new PlainSecrets(), local, http, TimeProvider.System).RunAsync(connector, "bench")
                    ?? throw new InvalidOperationException("the run's lease was taken");
                watch.Stop();
                if (run.Status != ConnectorRunStatus.Succeeded)
                {
                    throw new InvalidOperationException($"run {run.Status}: {string.Join("; ", run.Problems.Select(p => p.Message.En))}");
                }

                note = $"created {run.Created:N0}, run record {run.DurationMs / 1000.0:N2} s";
            }
            else
            {
                var outcome = await import.ImportCsvAsync(new StringReader(csv), new BulkImportSource(Approved: true));
                watch.Stop();
                var result = outcome.Value ?? throw new InvalidOperationException(string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
                note = $"created {result.Created:N0}, checking {result.Checking.TotalSeconds:N2} s, saving {result.Saving.TotalSeconds:N2} s";
            }

            var stored = await db.DataValues.CountAsync();
            return (watch.Elapsed.TotalSeconds, note + $", {stored:N0} values stored");
        }
        finally
        {
            await drop();
        }
    }

    /// <summary>One province, its communes, the elements: the same for both paths.</summary>
    private static async Task<int> SeedAsync(LodestarDbContext db)
    {
        var province = new OrgUnit { Code = "20", Name = "Tỉnh thử", FullName = "Tỉnh thử", Type = "Province", Level = OrgUnitLevel.Province };
        db.OrgUnits.Add(province);
        for (var c = 1; c <= Communes; c++)
        {
            var code = $"B{c:D4}";
            var commune = new OrgUnit { Code = code, Name = $"Xã {code}", FullName = $"Xã {code}", Type = "Commune", Level = OrgUnitLevel.Commune };
            db.OrgUnits.Add(commune);
            db.OrgUnitParents.Add(new OrgUnitParentLink { Child = commune, Parent = province });
        }

        for (var e = 1; e <= Elements; e++)
        {
            db.DataElements.Add(new DataElement { Code = $"BENCH_{e}", Name = $"Chỉ số thử {e}", Unit = "đv", MinValue = 0 });
        }

        await db.SaveChangesAsync();
        return province.Id;
    }

    private static string Csv(int rows, int months)
    {
        var random = new Random(42);
        var text = new StringBuilder("dataElement,orgUnit,period,value\n");
        var n = 0;
        for (var m = 0; m < months && n < rows; m++)
        {
            var period = new DateOnly(2018, 1, 1).AddMonths(m).ToString("yyyyMM", CultureInfo.InvariantCulture);
            for (var e = 1; e <= Elements && n < rows; e++)
            {
                for (var c = 1; c <= Communes && n < rows; c++, n++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"BENCH_{e},B{c:D4},{period},{random.Next(0, 1_000_000) / 10.0}\n");
                }
            }
        }

        return text.ToString();
    }

    private static async Task<(DbContextOptions<LodestarDbContext> Options, Func<Task> Drop)> FreshDatabaseAsync(string? postgres, string name)
    {
        var builder = new DbContextOptionsBuilder<LodestarDbContext>();
        if (postgres is null)
        {
            var file = Path.Combine(Path.GetTempPath(), $"{name}_{Guid.NewGuid():N}.db");
            builder.UseSqlite($"Data Source={file};Pooling=False");
            return (builder.Options, () =>
            {
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
                {
                    File.Delete(f);
                }

                return Task.CompletedTask;
            }
            );
        }

        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}; ", admin);
            await create.ExecuteNonQueryAsync();
            create.CommandText = $"CREATE DATABASE {name}";
            await create.ExecuteNonQueryAsync();
        }

        builder.UseNpgsql(new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString);
        return (builder.Options, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(postgres);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", admin);
            await drop.ExecuteNonQueryAsync();
        }
        );
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The bench's source needs no secret.</summary>
    private sealed class PlainSecrets : IConnectorSecrets
    {
        public string Protect(string secret) => secret;

        public string? Unprotect(string protectedSecret) => protectedSecret;
    }
}
