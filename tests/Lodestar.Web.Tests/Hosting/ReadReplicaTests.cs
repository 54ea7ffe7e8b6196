using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Common;
using Lodestar.Setup;
using Lodestar.Web.Operations;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// The public portal read from a real streaming standby (ADR 0027; test.sh starts it, LODESTAR_TEST_POSTGRES_REPLICA) by two
/// instances of Lodestar with LODESTAR_DB_REPLICAS, on the suite's PostgreSQL database, with the standby's replay paused:
/// the anonymous reader reads the standby (the portal and the map's boundaries), the writer reads his own write on either instance (this one remembers it, the
/// other learns it from his cookie), and the standby serves him once it replayed the write. It needs the suite's app on
/// PostgreSQL and its standby, so the SQLite HTTP run leaves it out by its trait (test.sh), rather than passing it unchecked.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ReadReplicaTests(LodestarFactory app)
{
    private const string Page = "/cong-khai/chi-tieu/LS-06";
    private const string MapShown = "data-boundaries";

    [Fact]
    [Trait(Needs.Trait, Needs.Standby)]
    public async Task WhileTheStandbyIsBehind_AnonymousReadsItAndTheWriterReadsHisWrite_OnEitherInstance()
    {
        Assert.True(app.OnPostgres, "This test reads a PostgreSQL standby: it runs in the PostgreSQL HTTP run (./test.sh leaves it out of the SQLite one).");

        var standbyServer = Environment.GetEnvironmentVariable("LODESTAR_TEST_POSTGRES_REPLICA") is { Length: > 0 } s ? s
            : throw new InvalidOperationException("LODESTAR_TEST_POSTGRES_REPLICA is not set: this test needs the streaming standby ./test.sh starts; it fails rather than skips without it.");
        var database = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<LodestarOptions>().PostgresConnection).Database;
        var standby = new NpgsqlConnectionStringBuilder(standbyServer) { Database = database, Timeout = 5 }.ConnectionString;
        await using var first = Instance(standby);
        await using var second = Instance(standby);
        var token = await app.TokenAsync("admin", LodestarFactory.AdminPassword);
        using var anonymous = first.CreateClient(LodestarFactory.NoRedirects);
        using var writer = Client(first, token);
        using var writerElsewhere = Client(second, token);
        using var served = new Served();

        await CaughtUpAsync(standbyServer);
        Assert.Contains(MapShown, await served.ReadAsync(anonymous, "replica"), StringComparison.Ordinal);
        await ScalarAsync(standbyServer, "SELECT pg_wal_replay_pause()");
        try
        {
            await WaitAsync(standbyServer, "SELECT pg_get_wal_replay_pause_state() = 'paused'");
            using var withdraw = await writer.PostAsJsonAsync("/api/v1/publishing/withdraw", new { kind = "map", key = "LS-06", reason = "Kiểm tra bản sao chỉ đọc" });
            withdraw.EnsureSuccessStatusCode();
            var written = withdraw.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ReadYourWrites.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

            // (a) Anyone else reads the standby, which has not replayed the withdrawal.
            Assert.Contains(MapShown, await served.ReadAsync(anonymous, "replica"), StringComparison.Ordinal);
            Assert.StartsWith("{\"type\":\"FeatureCollection\"", await served.ReadAsync(anonymous, "replica", "/api/v1/maps/boundaries?unit=20"), StringComparison.Ordinal);

            // (b) The writer, on the same path: the primary, on the instance that took his write and on the other (his cookie).
            Assert.DoesNotContain(MapShown, await served.ReadAsync(writer, "primary-behind"), StringComparison.Ordinal);
            Assert.Contains(MapShown, await served.ReadAsync(writerElsewhere, "replica"), StringComparison.Ordinal); // without the cookie: stale
            writerElsewhere.DefaultRequestHeaders.Add("Cookie", written);
            Assert.DoesNotContain(MapShown, await served.ReadAsync(writerElsewhere, "primary-behind"), StringComparison.Ordinal);

            // (c) Once the standby replayed his write, it serves him.
            await ScalarAsync(standbyServer, "SELECT pg_wal_replay_resume()");
            await CaughtUpAsync(standbyServer);
            Assert.DoesNotContain(MapShown, await served.ReadAsync(writer, "replica"), StringComparison.Ordinal);
            Assert.DoesNotContain(MapShown, await served.ReadAsync(writerElsewhere, "replica"), StringComparison.Ordinal);
        }
        finally
        {
            await ScalarAsync(standbyServer, "SELECT pg_wal_replay_resume()");
            (await writer.PostAsJsonAsync("/api/v1/publishing", new { kind = "map", key = "LS-06" })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>An instance of Lodestar on the suite's database that reads the public side from the standby.</summary>
    private WebApplicationFactory<Program> Instance(string standby) => app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_DB_REPLICAS", standby));

    private static HttpClient Client(WebApplicationFactory<Program> host, string token)
    {
        var client = host.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Where each read went, from Lodestar's own counter (lodestar.replica.reads): only the instances here have standbys.</summary>
    private sealed class Served : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _where = new();

        public Served()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LodestarMetrics.MeterName && instrument.Name == "lodestar.replica.reads")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "served")
                    {
                        _where.Enqueue((string)tag.Value!);
                    }
                }
            });
            _listener.Start();
        }

        /// <summary>The public page (or another public read), asserting that its reads went to <paramref name="expected"/>.</summary>
        public async Task<string> ReadAsync(HttpClient client, string expected, string path = Page)
        {
            _where.Clear();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal([expected], _where.ToArray());
            return html;
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Waits until the standby (its server's postgres database) replayed everything the primary wrote until now.</summary>
    private async Task CaughtUpAsync(string standbyServer)
    {
        var position = await ScalarAsync(app.Services.GetRequiredService<LodestarOptions>().PostgresConnection!, "SELECT pg_current_wal_insert_lsn()::text");
        await WaitAsync(standbyServer, $"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn");
    }

    private static async Task WaitAsync(string connection, string condition)
    {
        var waited = Stopwatch.StartNew();
        while (await ScalarAsync(connection, condition) is not true)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"waited 60 s for: {condition}");
            await Task.Delay(20);
        }
    }

    private static async Task<object?> ScalarAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        return await command.ExecuteScalarAsync();
    }
}
