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

    public static async Task CreateAsync(LodestarDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var history = db.GetService<IHistoryRepository>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(ct);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        var version = ProductInfo.GetVersion();
        foreach (var id in db.Database.GetMigrations())
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, version)), ct);
        }

        await transaction.CommitAsync(ct);
    }
}
