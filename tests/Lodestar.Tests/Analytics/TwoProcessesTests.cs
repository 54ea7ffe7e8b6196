using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestar.OrgUnits;
using Lodestar.Tests.Common;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace Lodestar.Tests.Analytics;

/// <summary>
/// Two real Lodestar processes on one database (SQLite file or PostgreSQL, as the run's provider), as behind a load
/// balancer: each has its own live model and shares nothing with the other but the database and the data directory.
/// What one writes or corrects, the other's rollups show within seconds, without a restart (ADR 0009).
/// </summary>
[Collection(Cli.CliGroup.Name)]
public sealed class TwoProcessesTests(ITestOutputHelper output) : DatabaseTest
{
    private const string Password = "Kiem-Thu-Hai-Tien-Trinh-2026";

    /// <summary>The two imports' values: the first from 0.5, the killed one from 5,000.5 (so any of it that stayed is seen).</summary>
    private static readonly int[] ImportOffsets = [0, 5000];

    [Fact]
    public async Task AValueWrittenThroughOneProcess_IsInTheOthersRollup_AndSoIsItsCorrection()
    {
        await using (var db = Database.Context())
        {
            // An official province and commune, so neither process imports the official organisation.
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, fullName: "Phường Đông Kinh");
            province.IsOfficial = true;
            db.DataElements.Add(new DataElement { Code = "HH_FIBRE", Name = "Số hộ có cáp quang", Unit = "hộ", MinValue = 0, WholeNumbers = true });
            await db.SaveChangesAsync();
        }

        await WithSharedDirectoryAsync(RunAsync);
    }

    /// <summary>
    /// Runs <paramref name="run"/> with settings both processes share: the database and the data directory (keys), as
    /// the deployment does; each still has its own memory. On PostgreSQL the settings name no data directory: the two
    /// processes get one of their own to share.
    /// </summary>
    private async Task WithSharedDirectoryAsync(Func<Dictionary<string, string?>, Task> run)
    {
        var settings = Database.Settings();
        var ownDirectory = settings.TryAdd("LODESTAR_DATA_DIR", Path.Combine(Path.GetTempPath(), "lodestar-two-processes-" + Guid.NewGuid().ToString("N")));
        try
        {
            await run(settings);
        }
        finally
        {
            if (ownDirectory && Directory.Exists(settings["LODESTAR_DATA_DIR"]))
            {
                Directory.Delete(settings["LODESTAR_DATA_DIR"]!, recursive: true);
            }
        }
    }

    /// <summary>
    /// A 200,000-row import through the CLI that stays open far longer than the 10 s overlap the live model once caught
    /// up with (on PostgreSQL the test holds a lock on one row the import updates, as a slow transaction would), while
    /// the other process's writers commit every few milliseconds: afterwards both processes' rollups equal the database
    /// cell by cell. Then an import killed (-9) half way: neither process shows any of it.
    /// </summary>
    [Fact]
    public async Task ALongImportCommittingAfterManyWrites_IsInBothProcesses_AndAKilledImportInNeither()
    {
        const int Communes = 100, Elements = 20, Months = 100; // 200,000 rows
        var periods = Enumerable.Range(0, Months).Select(m => $"{2017 + (m / 12)}{(m % 12) + 1:00}").ToArray();
        await using (var db = Database.Context())
        {
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
            province.IsOfficial = true;
            for (var u = 1; u <= Communes; u++)
            {
                var commune = new OrgUnit { Code = $"06{u:000}", Name = $"Xã {u}", FullName = $"Xã {u}", Type = "Xã", Level = OrgUnitLevel.Commune };
                db.OrgUnits.Add(commune);
                db.OrgUnitParents.Add(new OrgUnitParentLink { Child = commune, Parent = province });
            }

            db.DataElements.AddRange(Enumerable.Range(1, Elements).Select(e => new DataElement { Code = $"F{e:00}", Name = $"Chỉ số {e}", Unit = "đv" })
                .Append(new DataElement { Code = "W", Name = "Số liệu nhập tay", Unit = "đv" }));
            await db.SaveChangesAsync();

            // Every period is in both models before they start (a new one would make them rebuild and hide a miss), and
            // the imports update these rows.
            var f01 = await db.DataElements.SingleAsync(e => e.Code == "F01");
            var w = await db.DataElements.SingleAsync(e => e.Code == "W");
            var first = await db.OrgUnits.SingleAsync(u => u.Code == "06001");
            foreach (var period in periods.Select(Period.Parse))
            {
                foreach (var element in new[] { f01, w })
                {
                    db.DataValues.Add(new DataValue { DataElementId = element.Id, OrgUnitId = first.Id, Period = period.Code, PeriodType = period.Type, StartOn = period.Start, EndOn = period.End, Value = 1 });
                }
            }

            await db.SaveChangesAsync();
        }

        var csv = ImportOffsets.Select(offset =>
        {
            var file = Path.Combine(Path.GetTempPath(), $"lodestar-feed-{Guid.NewGuid():N}.csv");
            var text = new StringBuilder("dataElement,orgUnit,period,value\n");
            for (var e = 1; e <= Elements; e++)
            {
                for (var u = 1; u <= Communes; u++)
                {
                    foreach (var (period, m) in periods.Select((p, m) => (p, m)))
                    {
                        text.Append(CultureInfo.InvariantCulture, $"F{e:00},06{u:000},{period},{offset + ((e * 7) + (u * 3) + m) % 1000}.5\n");
                    }
                }
            }

            File.WriteAllText(file, text.ToString());
            return file;
        }).ToArray();
        try
        {
            await WithSharedDirectoryAsync(async settings =>
            {
                await using var a = await WebApp.StartAsync(settings, output, Password);
                await using var b = await WebApp.StartAsync(settings, output, Password);
                using var readerA = await Signed(a);
                using var writerB = await Signed(b);

                // 1. The import commits long after it began, after thousands of other commits.
                var (finished, written) = await ImportWhileWritingAsync(settings, csv[0], writerB, periods[^1], kill: false);
                Assert.True(finished);
                output.WriteLine($"the other process committed {written} writes while the import was open");
                await AssertSameAsDatabaseAsync(readerA, "A", periods, Elements);
                await AssertSameAsDatabaseAsync(writerB, "B", periods, Elements);

                // 2. An import killed half way: nothing of it anywhere.
                (finished, written) = await ImportWhileWritingAsync(settings, csv[1], writerB, periods[^1], kill: true);
                output.WriteLine($"killed import: {(finished ? "it had finished" : "killed")}; {written} writes meanwhile");
                await using (var db = Database.Context())
                {
                    var fromKilled = await db.DataValues.CountAsync(v => v.Value >= 5000 && v.DataElement.Code != "W");
                    Assert.True(fromKilled == 0 || (!TestDatabase.IsPostgres && finished), $"{fromKilled} values of the killed import were stored");
                }

                await AssertSameAsDatabaseAsync(readerA, "A", periods, Elements);
                await AssertSameAsDatabaseAsync(writerB, "B", periods, Elements);
            });
        }
        finally
        {
            Array.ForEach(csv, File.Delete);
        }
    }

    /// <summary>
    /// Runs `import-values` of <paramref name="csv"/> while <paramref name="writer"/> commits a value every few
    /// milliseconds. On PostgreSQL a row the import updates is locked until the import has waited on it for 12 s (or,
    /// with <paramref name="kill"/>, until it is killed while waiting); on SQLite, whose one writer lets no other commit
    /// meanwhile, it runs as it comes and <paramref name="kill"/> strikes 300 ms into its save. Returns whether the
    /// import finished and how many writes committed meanwhile.
    /// </summary>
    private static async Task<(bool Finished, int Written)> ImportWhileWritingAsync(Dictionary<string, string?> settings, string csv, HttpClient writer, string period, bool kill)
    {
        using var writing = new CancellationTokenSource();
        var writes = WriteContinuouslyAsync(writer, period, writing.Token);
        await using var hold = TestDatabase.IsPostgres ? await RowLock.TakeAsync(settings["LODESTAR_DB"]!) : null;
        using var import = CliProcess.Start(settings, "import-values", "--file", csv);
        if (hold is not null)
        {
            await hold.WaitForImportAsync(import);
            if (kill)
            {
                await import.KillAsync();
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(12));
            }

            await hold.DisposeAsync();
        }
        else if (kill)
        {
            await Task.WhenAny(import.SaidAsync("Checked"), import.Exited);
            if (await Task.WhenAny(import.Exited, Task.Delay(300)) != import.Exited)
            {
                await import.KillAsync();
            }
        }

        await import.Exited.WaitAsync(TimeSpan.FromMinutes(3));
        var finished = import.ExitCode == 0;
        if (!finished && !kill)
        {
            Assert.Fail(import.Stdout + await import.Stderr);
        }

        await Task.Delay(500); // a few writes after it, too
        await writing.CancelAsync();
        return (finished, await writes);
    }

    /// <summary>Writes W of a commune (round the province) for <paramref name="period"/> until cancelled; returns how many committed.</summary>
    private static async Task<int> WriteContinuouslyAsync(HttpClient client, string period, CancellationToken stop)
    {
        var written = 0;
        while (!stop.IsCancellationRequested)
        {
            var unit = $"06{(written % 100) + 1:000}";
            using var response = await client.PostAsJsonAsync("/api/v1/data-values",
                new { dataValues = new[] { new { dataElement = "W", orgUnit = unit, period, value = written + 2, comment = (string?)null } } }, CancellationToken.None);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
            written++;
        }

        return written;
    }

    /// <summary>Every cell of every element and period in the process's rollups equals the database's approved value, within 20 s.</summary>
    private async Task AssertSameAsDatabaseAsync(HttpClient client, string process, string[] periods, int elements)
    {
        Dictionary<(string Element, string Period), Dictionary<string, double>> stored;
        await using (var db = Database.Context())
        {
            stored = (await db.DataValues.AsNoTracking().Where(v => v.Approved)
                    .Select(v => new { Element = v.DataElement.Code, v.Period, Unit = v.OrgUnit.Code, v.Value }).ToListAsync())
                .GroupBy(v => (v.Element, v.Period)).ToDictionary(g => g.Key, g => g.ToDictionary(v => v.Unit, v => v.Value));
        }

        var slices = Enumerable.Range(1, elements).Select(e => $"F{e:00}").Append("W").SelectMany(e => periods.Select(p => (e, p))).ToList();
        var watch = Stopwatch.StartNew();
        string? wrong;
        do
        {
            var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(slices, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (slice, ct) =>
            {
                using var response = await client.GetAsync(new Uri($"/api/v1/analytics/rollup?element={slice.e}&period={slice.p}&orgUnit=20", UriKind.Relative), ct);
                var children = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("children").EnumerateArray()
                        .Where(c => c.GetProperty("value").ValueKind == JsonValueKind.Number)
                        .ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("value").GetDouble())
                    : [];
                var expected = stored.GetValueOrDefault(slice) ?? [];
                if (children.Count != expected.Count || expected.Any(x => !children.TryGetValue(x.Key, out var v) || v != x.Value))
                {
                    mismatches.Add($"{slice.e} {slice.p}: {children.Count} cells, the database {expected.Count}");
                }
            });
            wrong = mismatches.IsEmpty ? null : $"{mismatches.Count} slices differ, e.g. {mismatches.First()}";
        }
        while (wrong is not null && watch.Elapsed < TimeSpan.FromSeconds(20));

        output.WriteLine($"process {process}: {slices.Count} slices, {stored.Values.Sum(v => v.Count)} cells {(wrong is null ? "equal to the database" : "NOT equal")} after {watch.ElapsedMilliseconds} ms");
        Assert.True(wrong is null, $"process {process}: {wrong}");
    }

    /// <summary>A PostgreSQL transaction holding a lock on the first F01 value, as a slow writer would; released on dispose.</summary>
    private sealed class RowLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private NpgsqlTransaction? _transaction;

        private RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

        public static async Task<RowLock> TakeAsync(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("""
                SELECT d."Id" FROM "DataValues" d JOIN "DataElements" e ON e."Id" = d."DataElementId" JOIN "OrgUnits" u ON u."Id" = d."OrgUnitId"
                WHERE e."Code" = 'F01' AND u."Code" = '06001' AND d."Period" = '201701' FOR UPDATE OF d
                """, connection, transaction);
            Assert.NotNull(await command.ExecuteScalarAsync());
            return new RowLock(connection, transaction);
        }

        /// <summary>Waits until the import waits on this lock, inside its transaction (at most 2 minutes).</summary>
        public async Task WaitForImportAsync(CliProcess import)
        {
            var watch = Stopwatch.StartNew();

            // Asked outside the holding transaction: within one, PostgreSQL shows the same snapshot of the activity.
            await using var look = new NpgsqlConnection(_connection.ConnectionString);
            await look.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE "DataValues"%'
                """, look);
            while ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                if (import.Exited.IsCompleted)
                {
                    Assert.Fail("the import ended before it reached the locked row: " + import.Stdout + await import.Stderr);
                }

                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), "the import never reached the locked row: " + import.Stdout);
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_transaction is not null)
            {
                await _transaction.RollbackAsync();
                await _transaction.DisposeAsync();
                _transaction = null;
                await _connection.DisposeAsync();
            }
        }
    }

    private async Task RunAsync(Dictionary<string, string?> settings)
    {
        await using var a = await WebApp.StartAsync(settings, output, Password);
        await using var b = await WebApp.StartAsync(settings, output, Password);
        var writerA = await Signed(a);
        var writerB = await Signed(b);
        Assert.Null(await SumAsync(writerB)); // an empty model: before the fix of this test, the next catch-up answered 500

        await WriteAsync(writerA, 120);
        Assert.Equal(120, await EventuallyAsync(writerB, 120));

        // A correction through the other process travels back the same way.
        await WriteAsync(writerB, 95);
        Assert.Equal(95, await EventuallyAsync(writerA, 95));
        Assert.Equal(95, await SumAsync(writerB));
    }

    private static async Task<HttpClient> Signed(WebApp app)
    {
        var client = new HttpClient { BaseAddress = app.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("admin", Password));
        return client;
    }

    private static async Task WriteAsync(HttpClient client, int value)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/data-values",
            new { dataValues = new[] { new { dataElement = "HH_FIBRE", orgUnit = "06001", period = "2026Q2", value, comment = "Số liệu của doanh nghiệp viễn thông" } } });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The province's sum of approved values in the process's live model (null: none yet).</summary>
    private static async Task<double?> SumAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/analytics/rollup?element=HH_FIBRE&period=2026Q2&orgUnit=20", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var unit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unit");
        return unit.GetProperty("sum").ValueKind == JsonValueKind.Number ? unit.GetProperty("sum").GetDouble() : null;
    }

    /// <summary>Asks until the sum is the one expected, at most 10 s (the model catches up within 0.1 s; a loaded CI machine is slower).</summary>
    private async Task<double?> EventuallyAsync(HttpClient client, double expected)
    {
        var watch = Stopwatch.StartNew();
        double? sum;
        while ((sum = await SumAsync(client)) != expected && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        output.WriteLine($"the other process showed {sum} after {watch.ElapsedMilliseconds} ms");
        return sum;
    }
}
