using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// PostgreSQL restarted under load (bench/reliability/pg-restart.sh, made a CI test): a throwaway cluster of the
/// test's own (initdb/pg_ctl of the PostgreSQL test.sh installs; LODESTAR_PG_BIN, else the newest
/// /usr/lib/postgresql/*/bin — missing binaries fail the test, never skip it), Lodestar on it, four writers posting
/// values while the server is restarted cleanly and then killed with SIGKILL (postmaster and backends) and started
/// again. Writes refused while it is down are expected; every write Lodestar answered 200 must be stored with its
/// value, and writes must succeed again after each start without restarting Lodestar (its pool reconnects).
/// It runs in the web suite, which test.sh runs once, so it is neither run nor counted twice.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const string Password = "Khoi-Dong-Lai-2026";
    private const int Writers = 4;

    [Fact]
    public async Task RestartAndKill9OfPostgres_UnderWrites_LoseNoAcceptedWrite_AndWritesResume()
    {
        await using var cluster = await Cluster.StartAsync(output);
        await ArrangeAsync(cluster.ConnectionString);
        await using var app = new RestartFactory(cluster.ConnectionString);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = Password }))
        {
            Assert.True(token.IsSuccessStatusCode, $"token: {token.StatusCode}");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        }

        var accepted = new ConcurrentDictionary<(string Element, string Period), double>();
        var refused = 0;
        var phase = 0; // 0 before, 1 after the clean restart, 2 after the kill -9 and start
        var acceptedIn = new int[3];
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(1, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var period = $"{2000 + (n / 12)}{1 + (n % 12):00}";
                var value = (w * 100_000) + n + 0.25;
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/v1/data-values", new
                    {
                        dataValues = new[] { new { dataElement = $"W{w}", orgUnit = "06001", period, value } },
                    });
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        accepted[($"W{w}", period)] = value;
                        Interlocked.Increment(ref acceptedIn[Volatile.Read(ref phase)]);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(50);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToList();

        await WaitForAsync(() => acceptedIn[0] >= 40, "writes before the restart");
        var watch = Stopwatch.StartNew();
        await cluster.PgCtlAsync("restart", "-m", "fast", "-w");
        var cleanRestart = watch.Elapsed;
        Volatile.Write(ref phase, 1);
        await WaitForAsync(() => acceptedIn[1] >= 40, "writes after the clean restart");

        watch.Restart();
        cluster.Kill9();
        await cluster.StartAgainAsync();
        var killed = watch.Elapsed;
        Volatile.Write(ref phase, 2);
        await WaitForAsync(() => acceptedIn[2] >= 40, "writes after the kill -9 and start");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        await using var db = Context(cluster.ConnectionString);
        var codes = Enumerable.Range(1, Writers).Select(w => $"W{w}").ToList();
        var stored = await db.DataValues.Where(v => codes.Contains(v.DataElement.Code)).Select(v => new { v.DataElement.Code, v.Period, v.Value }).ToListAsync();
        var byKey = stored.ToDictionary(v => (v.Code, v.Period), v => v.Value);
        var lost = accepted.Where(a => !byKey.TryGetValue(a.Key, out var v) || v != a.Value).Select(a => $"{a.Key.Element} {a.Key.Period}").ToList();
        output.WriteLine($"{accepted.Count} writes accepted ({acceptedIn[0]} before, {acceptedIn[1]} after the restart, {acceptedIn[2]} after the kill -9), {refused} refused while down; " +
                         $"restart took {cleanRestart.TotalSeconds:0.0} s, kill -9 and start {killed.TotalSeconds:0.0} s; {lost.Count} lost");
        Assert.True(lost.Count == 0, $"accepted but not stored: {string.Join(", ", lost.Take(20))}");
        var elementIds = await db.DataElements.Where(e => codes.Contains(e.Code)).Select(e => e.Id).ToListAsync();
        Assert.Equal(stored.Count, await db.DataValueChanges.CountAsync(c => elementIds.Contains(c.DataElementId)));
        Assert.True(acceptedIn.All(n => n >= 40), "writes succeeded in each phase");
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"no {what} within 60 s: Lodestar did not reconnect");
            await Task.Delay(50);
        }
    }

    private static LodestarDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<LodestarDbContext>().UseNpgsql(connectionString).Options, new Lodestar.Audit.SystemActor(), TestTime.Clock);

    /// <summary>Migrates (on PostgreSQL the CLI does it, never the web app) and adds an official province and commune, so the app imports nothing.</summary>
    private static async Task ArrangeAsync(string connectionString)
    {
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        var province = new OrgUnit { Code = "20", Name = "Lạng Sơn", FullName = "Tỉnh Lạng Sơn", Type = "Province", Level = OrgUnitLevel.Province, IsOfficial = true };
        var commune = new OrgUnit { Code = "06001", Name = "Xã Thử", FullName = "Xã Thử", Type = "Commune", Level = OrgUnitLevel.Commune, IsOfficial = true };
        db.OrgUnits.AddRange(province, commune);
        db.OrgUnitParents.Add(new OrgUnitParentLink { Child = commune, Parent = province });
        db.DataElements.AddRange(Enumerable.Range(1, Writers).Select(w => new DataElement { Code = $"W{w}", Name = $"Ghi {w}", Unit = "đv" }));
        await db.SaveChangesAsync();
    }

    private sealed class RestartFactory(string connectionString) : WebApplicationFactory<Program>
    {
        private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lodestar-pg-restart-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("LODESTAR_DB", connectionString);
            builder.UseSetting("LODESTAR_DATA_DIR", _dataDir);
            builder.UseSetting("LODESTAR_ADMIN_PASSWORD", Password);
            builder.UseSetting("LODESTAR_DEMO", "false");
            builder.UsePinnedClock(TestTime.NewClock());
            builder.UseSetting("LODESTAR_TASKS_DAILY", "false");
            builder.UseSetting("LODESTAR_DIGEST", "false");
            builder.UseSetting("LODESTAR_NOTICE_MAIL", "false");

            // Every refused write while the server is down logs a long stack trace: they are expected here.
            builder.ConfigureLogging(logging => logging.ClearProviders());
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(_dataDir))
            {
                Directory.Delete(_dataDir, recursive: true);
            }
        }
    }

    /// <summary>A throwaway PostgreSQL cluster in a temporary folder, run as the postgres user when the test runs as root.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly string _bin;
        private readonly string _dir;
        private readonly int _port;

        private Cluster(string bin, string dir, int port) => (_bin, _dir, _port) = (bin, dir, port);

        public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=20";

        private static bool IsRoot => Environment.UserName == "root";

        public static async Task<Cluster> StartAsync(ITestOutputHelper output)
        {
            var bin = Environment.GetEnvironmentVariable("LODESTAR_PG_BIN") is { Length: > 0 } set ? set
                : Directory.Exists("/usr/lib/postgresql")
                    ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                        .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                        .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
                    : null;
            Assert.True(bin is not null && File.Exists(Path.Combine(bin, "pg_ctl")),
                "PostgreSQL's initdb and pg_ctl are needed (test.sh installs them; or set LODESTAR_PG_BIN): this test fails rather than skips without them.");

            var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lodestar-pgrestart-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var cluster = new Cluster(bin!, dir, port);
            if (IsRoot)
            {
                await cluster.RunAsync("chown", ["postgres:", dir], asPostgres: false);
            }

            await cluster.RunAsync(Path.Combine(bin!, "initdb"), ["-D", $"{dir}/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asPostgres: true);
            await cluster.PgCtlAsync("start", "-w", "-t", "60");
            output.WriteLine($"throwaway PostgreSQL ({bin}) on port {port}");
            return cluster;
        }

        /// <summary>pg_ctl with the cluster's folder, log and options (fsync off: the machine does not crash, only PostgreSQL).</summary>
        public Task PgCtlAsync(params string[] args) =>
            RunAsync(Path.Combine(_bin, "pg_ctl"),
                ["-D", $"{_dir}/data", "-l", $"{_dir}/log", "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", .. args], asPostgres: true);

        /// <summary>SIGKILL of the postmaster and each of its backends, by their process ids (as a crash would).</summary>
        public void Kill9()
        {
            var postmaster = int.Parse(File.ReadLines($"{_dir}/data/postmaster.pid").First(), CultureInfo.InvariantCulture);
            var children = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsAsciiDigit)).Select(int.Parse!)
                .Where(pid => ParentOf(pid) == postmaster).ToList();
            foreach (var pid in children.Prepend(postmaster))
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(10_000);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }

        /// <summary>Starts the server after a crash; a second try if the killed processes' shared memory was not yet released.</summary>
        public async Task StartAgainAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                await Task.Delay(500);
                try
                {
                    await PgCtlAsync("start", "-w", "-t", "60");
                    return;
                }
                catch (Xunit.Sdk.XunitException) when (attempt < 3)
                {
                    // Tried again below.
                }
            }
        }

        /// <summary>The server log's last lines (for a failure message).</summary>
        public string LogTail() => File.Exists($"{_dir}/log") ? string.Join('\n', File.ReadLines($"{_dir}/log").TakeLast(15)) : "(no log)";

        private static int ParentOf(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return -1;
            }
        }

        private async Task RunAsync(string file, string[] args, bool asPostgres)
        {
            var psi = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
            foreach (var arg in asPostgres && IsRoot ? ["-u", "postgres", "--", file, .. args] : args)
            {
                psi.ArgumentList.Add(arg);
            }

            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: exit {process.ExitCode} {await stdout} {await stderr}\n{LogTail()}");
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await PgCtlAsync("stop", "-m", "immediate");
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Already stopped.
            }

            Directory.Delete(_dir, recursive: true);
        }
    }
}
