using Lodestar.Audit;
using Lodestar.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lodestar.Tests;

/// <summary>
/// A fresh, real, empty database for one test or fixture: a SQLite file, or a PostgreSQL database when
/// LODESTAR_TEST_PROVIDER=postgres (the server comes from LODESTAR_TEST_POSTGRES, which the test script starts).
/// The same test classes run on both providers.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _postgresDatabase;
    private readonly string _connectionString;

    private TestDatabase(string? sqliteDirectory, string? postgresDatabase, string connectionString)
    {
        _sqliteDirectory = sqliteDirectory;
        _postgresDatabase = postgresDatabase;
        _connectionString = connectionString;
    }

    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("LODESTAR_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates the database; with <paramref name="migrate"/> applies the migrations (the default).</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        TestDatabase db;
        if (IsPostgres)
        {
            var server = Environment.GetEnvironmentVariable("LODESTAR_TEST_POSTGRES")
                         ?? throw new InvalidOperationException("LODESTAR_TEST_PROVIDER=postgres needs LODESTAR_TEST_POSTGRES (a server connection string); run ./test.sh.");
            var name = "lodestar_test_" + Guid.NewGuid().ToString("N")[..12];
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            db = new TestDatabase(null, name, new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString);
        }
        else
        {
            // A data directory of its own, laid out as Lodestar's (lodestar.db inside), so hosts can use it too.
            var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"lodestar-test-{Guid.NewGuid():N}")).FullName;
            db = new TestDatabase(dir, null, $"Data Source={Path.Combine(dir, "lodestar.db")};Pooling=False");
        }

        if (migrate)
        {
            await using var context = db.Context();
            await context.Database.MigrateAsync();
        }

        return db;
    }

    /// <summary>The environment settings (api.md names) that point Lodestar's own hosts at this database.</summary>
    public Dictionary<string, string?> Settings() => _postgresDatabase is not null
        ? new() { ["LODESTAR_DB"] = _connectionString }
        : new() { ["LODESTAR_DATA_DIR"] = _sqliteDirectory };

    public LodestarDbContext Context(IAuditActor? actor = null, TimeProvider? clock = null)
    {
        var builder = new DbContextOptionsBuilder<LodestarDbContext>();
        if (_postgresDatabase is not null)
        {
            builder.UseNpgsql(_connectionString);
        }
        else
        {
            builder.UseSqlite(_connectionString);
        }

        return new LodestarDbContext(builder.Options, actor ?? new SystemActor(), clock ?? TestTime.Clock);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
        else if (_postgresDatabase is not null)
        {
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("LODESTAR_TEST_POSTGRES"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>An audit actor with a name of the test's choosing.</summary>
public sealed class NamedActor(string name) : IAuditActor
{
    public string Name => name;
}
