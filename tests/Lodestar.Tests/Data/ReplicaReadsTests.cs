using Lodestar.Audit;
using Lodestar.Data;
using Lodestar.Publishing;
using Lodestar.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Lodestar.Tests.Data;

/// <summary>
/// Reads that may be a little behind, against a real streaming standby (ADR 0027): test.sh starts one of its PostgreSQL with
/// pg_basebackup and names it in LODESTAR_TEST_POSTGRES_REPLICA. Without it these tests fail rather than skip. They use a
/// database of their own on that pair, whatever LODESTAR_TEST_PROVIDER says, so other tests are unaffected.
/// </summary>
[Trait(Needs.Trait, Needs.Standby)]
public sealed class ReplicaReadsTests(ReplicaReadsTests.Pair pair) : IClassFixture<ReplicaReadsTests.Pair>
{
    private const string Writer = "van.phong.cds";
    private readonly string _primary = pair.Primary;
    private readonly string _standby = pair.Standby;

    // The standby's server (its postgres database) for replay control and waits: the class's database exists there only
    // once the standby has replayed its creation.
    private readonly string _standbyServer = Server("LODESTAR_TEST_POSTGRES_REPLICA");
    private readonly string _name = pair.Name;

    /// <summary>The class's database, migrated once on the primary and replayed by the standby.</summary>
    public sealed class Pair : IAsyncLifetime
    {
        public string Name { get; } = "lodestar_replica_" + Guid.NewGuid().ToString("N")[..12];

        public string Primary { get; private set; } = string.Empty;

        public string Standby { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Primary = new NpgsqlConnectionStringBuilder(Server("LODESTAR_TEST_POSTGRES")) { Database = Name }.ConnectionString;
            Standby = new NpgsqlConnectionStringBuilder(Server("LODESTAR_TEST_POSTGRES_REPLICA")) { Database = Name, Timeout = 5 }.ConnectionString;
            await ExecuteAsync(Server("LODESTAR_TEST_POSTGRES"), $"CREATE DATABASE {Name}");
            await using (var db = new LodestarDbContext(new DbContextOptionsBuilder<LodestarDbContext>().UseNpgsql(Primary).Options, new SystemActor(), TestTime.Clock))
            {
                await db.Database.MigrateAsync();
            }
        }

        public async Task DisposeAsync()
        {
            await ExecuteAsync(Server("LODESTAR_TEST_POSTGRES_REPLICA"), "SELECT pg_wal_replay_resume()");
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(Server("LODESTAR_TEST_POSTGRES"), $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
    }

    private static string Server(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"{variable} is not set: these tests need a PostgreSQL primary and its streaming standby, which ./test.sh starts; they fail rather than skip without them.");

    [Fact]
    public async Task WhileTheStandbyIsBehind_TheAnonymousReaderReadsIt_TheWriterReadsHisWriteOnThePrimary_AndTheStandbyOnceItCaughtUp()
    {
        using var replicas = Replicas(_standby);
        await CaughtUpAsync(await replicas.PrimaryPositionAsync());
        await ExecuteAsync(_standbyServer, "SELECT pg_wal_replay_pause()");
        await WaitAsync(_standbyServer, "SELECT pg_get_wal_replay_pause_state() = 'paused'", "the standby's replay to pause");

        await using (var db = Context(new NamedActor(Writer)))
        {
            db.Publications.Add(new Publication { Kind = PublicationKind.Map, Key = "REPLICA-1", PublishedAt = db.UtcNow, PublishedBy = Writer, UpdatedOnPublicAt = db.UtcNow });
            await db.SaveChangesAsync();
        }

        replicas.Remember(Writer, await replicas.PrimaryPositionAsync());

        // (a) Anyone else: the standby, which has not replayed the publication. Request after request (each a context on a
        // standby connection of its own, which EF Core must not take for a new configuration each time).
        for (var i = 0; i < 25; i++)
        {
            await using var anonymous = await ReadAsync(replicas, floor: null);
            Assert.True(anonymous.Reads.FromStandby);
            Assert.True(await InRecoveryAsync(anonymous.Reads));
            Assert.DoesNotContain(anonymous.Keys, k => k == "REPLICA-1");
        }

        // (b) The writer, on the same path: the standby is behind his write, so the primary serves him.
        await using (var writer = await ReadAsync(replicas, replicas.WrittenBy(Writer)))
        {
            Assert.False(writer.Reads.FromStandby);
            Assert.False(await InRecoveryAsync(writer.Reads));
            Assert.Contains("REPLICA-1", writer.Keys);
        }

        // (c) Once the standby replayed past his write, it serves him too.
        await ExecuteAsync(_standbyServer, "SELECT pg_wal_replay_resume()");
        await CaughtUpAsync(replicas.WrittenBy(Writer)!.Value);
        await using (var writer = await ReadAsync(replicas, replicas.WrittenBy(Writer)))
        {
            Assert.True(writer.Reads.FromStandby);
            Assert.True(await InRecoveryAsync(writer.Reads));
            Assert.Contains("REPLICA-1", writer.Keys);
        }
    }

    [Fact]
    public async Task AStandbyThatIsDown_SendsTheReadsToThePrimary()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var replicas = Replicas($"Host=127.0.0.1;Port={port};Username=postgres;Database={_name};Timeout=2");
        for (var i = 0; i < 2; i++)
        {
            await using var read = await ReadAsync(replicas, floor: null);
            Assert.False(read.Reads.FromStandby);
            Assert.False(await InRecoveryAsync(read.Reads));
        }
    }

    [Fact]
    public void WithoutStandbys_NothingIsOpened()
    {
        using var replicas = new ReplicaReads(new LodestarOptions { PostgresConnection = _primary }, NullLogger<ReplicaReads>.Instance);
        Assert.False(replicas.Enabled);
    }

    private sealed record Read(StaleReads Reads, LodestarDbContext Primary, List<string> Keys) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Reads.DisposeAsync();
            await Primary.DisposeAsync();
        }
    }

    /// <summary>The public side's reads of one request (the published items), as the host makes them.</summary>
    private async Task<Read> ReadAsync(ReplicaReads replicas, NpgsqlLogSequenceNumber? floor)
    {
        var primary = Context();
        var reads = new StaleReads(primary, replicas, new SystemActor(), TestTime.Clock) { Floor = floor };
        var keys = (await new PublicData(reads, TestTime.Clock).PublicationsAsync()).Select(p => p.Key).ToList();
        return new Read(reads, primary, keys);
    }

    private static async Task<bool> InRecoveryAsync(StaleReads reads) =>
        await (await reads.ContextAsync()).Database.SqlQueryRaw<bool>("SELECT pg_is_in_recovery() AS \"Value\"").SingleAsync();

    private ReplicaReads Replicas(string standby) =>
        new(new LodestarOptions { PostgresConnection = _primary, ReplicaConnection = standby }, NullLogger<ReplicaReads>.Instance);

    private LodestarDbContext Context(IAuditActor? actor = null) =>
        new(new DbContextOptionsBuilder<LodestarDbContext>().UseNpgsql(_primary).Options, actor ?? new SystemActor(), TestTime.Clock);

    private Task CaughtUpAsync(NpgsqlLogSequenceNumber position) =>
        WaitAsync(_standbyServer, $"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn", $"the standby to replay up to {position}");

    private static async Task WaitAsync(string connection, string condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await ScalarAsync(connection, condition) is not true)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"waited 60 s for {what}");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(string connection, string sql) => await ScalarAsync(connection, sql);

    private static async Task<object?> ScalarAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        return await command.ExecuteScalarAsync();
    }
}
