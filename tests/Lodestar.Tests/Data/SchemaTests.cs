using System.Data.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Data;

/// <summary>
/// The hand-written migrations must build exactly the schema the EF model describes, on each provider:
/// tables, columns (type, nullability), keys, indexes and foreign keys — a new embedded database is made from the model
/// (<see cref="EmbeddedSchema"/>), an existing one by the migrations, and both must be the same.
/// </summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Migrations_ProduceTheSameSchemaAsTheModel()
    {
        await using var migrated = await TestDatabase.CreateAsync(migrate: true);
        await using var created = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = created.Context())
        {
            // As a new embedded database is made: the model's tables, every migration recorded as applied.
            Assert.Equal(db.IsSqlite, await EmbeddedSchema.IsEmptyAsync(db));
            Assert.True(await EmbeddedSchema.CreateAsync(db));
            Assert.False(await EmbeddedSchema.IsEmptyAsync(db));
            if (db.IsSqlite)
            {
                Assert.False(await EmbeddedSchema.CreateAsync(db)); // a second process on the same new file finds it made
                Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("""SELECT journal_mode AS "Value" FROM pragma_journal_mode""").SingleAsync());
            }

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }

        await using var a = migrated.Context();
        await using var b = created.Context();
        var fromMigrations = await DescribeAsync(a);
        var fromModel = await DescribeAsync(b);

        var missing = fromModel.Except(fromMigrations).ToList();
        var extra = fromMigrations.Except(fromModel).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"""
            The migrations and the model differ.
            In the model, not built by the migrations:
              {string.Join("\n  ", missing)}
            Built by the migrations, not in the model:
              {string.Join("\n  ", extra)}
            Add a migration under src/Lodestar/Data/Migrations. For reference, the whole model as migration code:
            {MigrationSource.For(b)}
            """);
        Assert.Contains(fromModel, line => line.StartsWith("column OrgUnits.Code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_OnAMigratedDatabase_DoesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.Context();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await db.Database.MigrateAsync();
        Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
    }

    private static async Task<SortedSet<string>> DescribeAsync(LodestarDbContext db)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        return db.IsSqlite ? await DescribeSqliteAsync(conn) : await DescribePostgresAsync(conn);
    }

    private static async Task<SortedSet<string>> DescribeSqliteAsync(DbConnection conn)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        var tables = await ReadAsync(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%'", r => r.GetString(0));
        foreach (var t in tables)
        {
            lines.Add($"table {t}");
            lines.UnionWith(await ReadAsync(conn, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')",
                r => $"column {t}.{r.GetString(0)} {r.GetString(1)} notnull={r.GetInt64(2)} pk={r.GetInt64(3)}"));
            lines.UnionWith(await ReadAsync(conn, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{t}')",
                r => $"fk {t}.{r.GetString(1)} -> {r.GetString(0)}.{r.GetString(2)} {r.GetString(3)}"));
            var indexes = await ReadAsync(conn, $"SELECT name, \"unique\" FROM pragma_index_list('{t}') WHERE origin = 'c'", r => (Name: r.GetString(0), Unique: r.GetInt64(1)));
            foreach (var (name, unique) in indexes)
            {
                var columns = await ReadAsync(conn, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", r => r.GetString(0));
                lines.Add($"index {t}.{name} ({string.Join(",", columns)}) unique={unique}");
            }
        }

        return lines;
    }

    private static async Task<SortedSet<string>> DescribePostgresAsync(DbConnection conn)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        lines.UnionWith(await ReadAsync(conn,
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, 0), coalesce(is_identity, 'NO') FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'",
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(4)}) nullable={r.GetString(3)} identity={r.GetString(5)}"));
        lines.UnionWith(await ReadAsync(conn,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\\_\\_EF%'",
            r => $"index {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        lines.UnionWith(await ReadAsync(conn,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '\"\\_\\_EF%'",
            r => $"constraint {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        return lines;
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection conn, string sql, Func<DbDataReader, T> map)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(map(reader));
        }

        return list;
    }
}
