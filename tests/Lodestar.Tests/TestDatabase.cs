using Lodestar.Audit;
using Lodestar.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
        if (IsPostgres)
        {
            var server = Environment.GetEnvironmentVariable("LODESTAR_TEST_POSTGRES")
                         ?? throw new InvalidOperationException("LODESTAR_TEST_PROVIDER=postgres needs LODESTAR_TEST_POSTGRES (a server connection string); run ./test.sh.");
            var name = "lodestar_test_" + Guid.NewGuid().ToString("N")[..12];
            // A migrated database is a file copy of the process's migrated template, several times faster than running
            // every migration again for each test. FILE_COPY (PostgreSQL 15+): the default WAL_LOG strategy writes the
            // template's 11 MB through the log and is slower than migrating.
            var from = migrate ? $" TEMPLATE {await MigratedTemplate.Value} STRATEGY FILE_COPY" : "";
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}{from}", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            return new TestDatabase(null, name, PostgresConnectionString(server, name));
        }

        // A data directory of its own, laid out as Lodestar's (lodestar.db inside), so hosts can use it too.
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"lodestar-test-{Guid.NewGuid():N}")).FullName;
        if (migrate)
        {
            File.Copy(await MigratedTemplate.Value, Path.Combine(dir, "lodestar.db"));
        }

        return new TestDatabase(dir, null, SqliteConnectionString(dir));
    }

    private static string PostgresConnectionString(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;

    private static string SqliteConnectionString(string directory) =>
        $"Data Source={Path.Combine(directory, "lodestar.db")};Pooling=False";

    /// <summary>
    /// A database with every migration applied, made once for each build of Lodestar and kept for the next test runs: the
    /// name of a PostgreSQL template database, or the path of a SQLite file. Tests get copies, so the migrations run once,
    /// not once per test. It is named by the build (a changed migration makes a new one) and made under a temporary name,
    /// then renamed, so a half-made template is never copied. Test processes of other builds may be running at the same
    /// time (worktrees) and copying theirs: a template is removed only when a new one is made and it is from two days
    /// before or earlier (the day of its making is in its name).
    /// </summary>
    private static readonly Lazy<Task<string>> MigratedTemplate = new(() => IsPostgres ? PostgresTemplateAsync() : SqliteTemplateAsync());

    private const string TemplatePrefix = "lodestar_template_";

    // Made today, or found from an earlier day: the build's part of the name is what is looked up.
    private static readonly string Today = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Build => typeof(LodestarDbContext).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..16];

    private static string TemplateName => $"{TemplatePrefix}{Today}_{Build}";

    private static string? OwnTemplate(IEnumerable<string> names) => names.FirstOrDefault(n => n.EndsWith("_" + Build, StringComparison.Ordinal));

    /// <summary>Templates of other builds made two days before today or earlier: no test run lasts that long.</summary>
    private static IEnumerable<string> StaleTemplates(IEnumerable<string> names) => names.Where(n =>
        !n.EndsWith("_" + Build, StringComparison.Ordinal)
        && (n.Length < TemplatePrefix.Length + 8 || string.CompareOrdinal(n.Substring(TemplatePrefix.Length, 8), DateTime.UtcNow.AddDays(-2).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)) <= 0));

    private static async Task<string> PostgresTemplateAsync()
    {
        await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("LODESTAR_TEST_POSTGRES"));
        await conn.OpenAsync();
        var existing = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'lodestar\\_template\\_%'", conn))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                existing.Add(reader.GetString(0));
            }
        }

        if (OwnTemplate(existing) is { } own)
        {
            return own;
        }

        var made = await CreateAsync(migrate: false);
        await using (var context = made.Context())
        {
            await context.Database.MigrateAsync();
        }

        try
        {
            await Execute(conn, $"ALTER DATABASE {made._postgresDatabase} RENAME TO {TemplateName}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            await made.DisposeAsync(); // another test process made it at the same time
        }

        foreach (var old in StaleTemplates(existing))
        {
            try
            {
                await Execute(conn, $"DROP DATABASE IF EXISTS {old}");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                // a test process of that build is still copying it; a later new build removes it
            }
        }

        return TemplateName;
    }

    private static async Task<string> SqliteTemplateAsync()
    {
        var existing = Directory.EnumerateFiles(Path.GetTempPath(), TemplatePrefix + "*.db").ToList();
        if (OwnTemplate(existing.Select(Path.GetFileNameWithoutExtension).OfType<string>()) is { } own)
        {
            return Path.Combine(Path.GetTempPath(), own + ".db");
        }

        var path = Path.Combine(Path.GetTempPath(), TemplateName + ".db");

        var made = await CreateAsync(migrate: false);
        await using (var context = made.Context())
        {
            await context.Database.MigrateAsync();
        }

        // Pooling is off: closing the context closed the file, so it is complete.
        try
        {
            File.Move(Path.Combine(made._sqliteDirectory!, "lodestar.db"), path);
        }
        catch (IOException) when (File.Exists(path))
        {
            // another test process made it at the same time
        }

        await made.DisposeAsync();
        foreach (var old in StaleTemplates(existing.Select(Path.GetFileNameWithoutExtension).OfType<string>()))
        {
            File.Delete(Path.Combine(Path.GetTempPath(), old + ".db"));
        }

        return path;
    }

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The environment settings (api.md names) that point Lodestar's own hosts at this database.</summary>
    public Dictionary<string, string?> Settings() => _postgresDatabase is not null
        ? new() { ["LODESTAR_DB"] = _connectionString }
        : new() { ["LODESTAR_DATA_DIR"] = _sqliteDirectory };

    /// <param name="interceptor">One more EF Core interceptor, for a test that watches the commands a service sends.</param>
    public LodestarDbContext Context(IAuditActor? actor = null, TimeProvider? clock = null, IInterceptor? interceptor = null)
    {
        var builder = new DbContextOptionsBuilder<LodestarDbContext>();
        if (interceptor is not null)
        {
            builder.AddInterceptors(interceptor);
        }

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
