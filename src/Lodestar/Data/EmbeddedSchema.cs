using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lodestar.Data;

/// <summary>
/// A new embedded (SQLite) database made in one step: the tables of the model, and every migration recorded as applied,
/// in one transaction — instead of running the migrations one after another and diffing the model against them, which
/// took a second of the first start. It holds because the migrations and the model make the same schema (SchemaTests
/// compares them on both databases) and the migrations' own SQL only moves rows an empty database does not have.
/// A database with anything in it is migrated as always; PostgreSQL is migrated by the CLI.
/// </summary>
public static class EmbeddedSchema
{
    /// <summary>True when the SQLite database has no table at all (a new file).</summary>
    public static async Task<bool> IsEmptyAsync(LodestarDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.IsSqlite && !await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM sqlite_master WHERE type = 'table'""").AnyAsync(n => n > 0, ct);
    }

    /// <summary>
    /// Makes the schema when the database is still empty inside the transaction (a second process starting on the same new
    /// file waits for the first, then finds it made); false when it was not empty, for the caller to migrate as always.
    /// </summary>
    public static async Task<bool> CreateAsync(LodestarDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var history = db.GetService<IHistoryRepository>();
        if (db.IsSqlite)
        {
            // As EF Core's own creator does for a new file: write-ahead logging, so readers never wait for the writer (and a
            // reader never makes a writer fail with "database is locked"). Outside a transaction, where SQLite allows it.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = 'wal';", ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync("""CREATE TABLE IF NOT EXISTS "__EmbeddedSchemaTurn" ("Id" INTEGER)""", ct); // takes the file's write lock
            await db.Database.ExecuteSqlRawAsync("""DROP TABLE "__EmbeddedSchemaTurn" """, ct);
            if (!await IsEmptyAsync(db, ct))
            {
                return false;
            }
        }

        await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(ct);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        var version = ProductInfo.GetVersion();
        foreach (var id in db.Database.GetMigrations())
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, version)), ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }
}
