using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lodestar.Data;

/// <summary>
/// Writers to one SQLite file take turns in the process before SQLite is asked. SQLite has one writer at a time; a
/// transaction that finds another writing gets SQLITE_BUSY, and Microsoft.Data.Sqlite answers that by putting the thread
/// to sleep for 150 ms and trying again. Under concurrent value entry most writers slept so, on pool threads, and readers
/// waited behind them (issue 22: 106 writes/s, p99 985 ms). Here a transaction waits for its turn asynchronously, and
/// the turn passes at its commit or rollback, or when its context is disposed. A turn not given within
/// <see cref="MaxWait"/> (a writer of another process, a transaction left open) is not waited for longer: SQLite's own
/// locking still decides, so the gate only orders, it never guards. PostgreSQL has row locks and is not gated.
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>How long a transaction waits for its turn before it goes to SQLite anyway.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private SqliteWriteGate()
    {
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (Waiting(connection, eventData.Context) is { } gate)
        {
            Hold(eventData.Context!, gate, gate.Wait(MaxWait));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (Waiting(connection, eventData.Context) is { } gate)
        {
            Hold(eventData.Context!, gate, await gate.WaitAsync(MaxWait, cancellationToken));
        }

        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Gives the turn back if the context still holds it (a transaction disposed without commit or rollback).</summary>
    public static void Release(DbContext? context)
    {
        if (context is LodestarDbContext { HeldWriteGate: { } gate } db)
        {
            db.HeldWriteGate = null;
            gate.Release();
        }
    }

    // The gate of the file (by the data source as configured: one deployment names its file one way), unless the context
    // holds it already (a second transaction of the same context after one that was disposed without an end).
    private static SemaphoreSlim? Waiting(DbConnection connection, DbContext? context) =>
        connection is SqliteConnection sqlite && context is LodestarDbContext { HeldWriteGate: null } && sqlite.DataSource is { Length: > 0 } file
            ? Gates.GetOrAdd(file, _ => new SemaphoreSlim(1, 1))
            : null;

    private static void Hold(DbContext context, SemaphoreSlim gate, bool entered)
    {
        if (entered)
        {
            ((LodestarDbContext)context).HeldWriteGate = gate;
        }
    }
}
