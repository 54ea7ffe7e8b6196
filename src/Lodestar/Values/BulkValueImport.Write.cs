using System.Data.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Lodestar.Values;

/// <summary>
/// The write of a checked file, in one transaction joined to the change feed: PostgreSQL COPYs a first load straight in
/// (<see cref="BulkValueCopy"/>); any other file, and every file on SQLite, is merged (<see cref="BulkValueMerge"/>).
/// </summary>
public sealed partial class BulkValueImport
{
    private async Task<(int Created, int Updated)> WriteAsync(List<CheckedValue> rows, bool approved, string by, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            var now = db.UtcNow;
            var batch = await ChangeFeed.JoinAsync(db, ChangeKinds.Values, rebuild: false, ct);
            var stamp = new BulkStamp(approved, now, by, batch);
            (int Created, int Updated)? done = null;
            if (connection is NpgsqlConnection npgsql && !await BulkValueCopy.AnyExistsAsync(npgsql, transaction, rows, SampledKeys, ct))
            {
                // A first load (none of the sampled keys is stored): straight into the store and its history, no
                // staging table and no joins. Should a key be there after all, the unique index refuses the COPY and
                // the file takes the merge below instead.
                await tx.CreateSavepointAsync("direct", ct);
                try
                {
                    var checksOff = await BulkValueCopy.CheckReferencesOnceAsync(npgsql, transaction, rows, ct);
                    await BulkValueCopy.NewValuesAsync(npgsql, rows, stamp, ct);
                    if (checksOff)
                    {
                        await ExecuteAsync(transaction, "SET LOCAL session_replication_role = DEFAULT", ct);
                    }

                    done = (rows.Count, 0);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    await tx.RollbackToSavepointAsync("direct", ct);
                }
            }

            done ??= await BulkValueMerge.MergeAsync(connection, transaction, rows, stamp, ct);
            await tx.CommitAsync(ct);
            return done.Value;
        });
    }

    /// <summary>How many of a file's keys are looked up before taking the direct path (all of them in smaller files).</summary>
    internal int SampledKeys { get; init; } = 4096;

    /// <summary>A command of the import's own SQL, with a timeout long enough for a national file.</summary>
    internal static DbCommand Command(DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = SqlCommands.In(transaction, sql, parameters);
        command.CommandTimeout = 600;
        return command;
    }

    internal static async Task ExecuteAsync(DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>What every row of one import is written with: approved or not, when, by whom, and its change-feed batch.</summary>
internal sealed record BulkStamp(bool Approved, DateTime At, string By, long Batch);
