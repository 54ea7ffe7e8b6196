using System.Data.Common;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Lodestar.Data;

/// <summary>
/// One committed write of data values, of what the live model is built on (units, their links, data elements), or of
/// the other figures readers keep computed results of (<see cref="ChangeKinds"/>): the change feed's entry. <see cref="Id"/> is taken when the write joins the feed; <see cref="Seq"/> when it
/// commits, under a lock held until the commit is visible, so readers that take every batch above the last
/// <see cref="Seq"/> they saw miss none, whatever a write's duration (docs/adr/0016).
/// </summary>
public sealed class ChangeBatch
{
    public long Id { get; set; }

    /// <summary>The position in the feed, in commit order; null only inside the write's own transaction.</summary>
    public long? Seq { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CommittedAt { get; set; }

    public string By { get; set; } = string.Empty;

    /// <summary>Units, their links or data elements changed, or values were deleted: readers rebuild their model.</summary>
    public bool Rebuild { get; set; }

    /// <summary>What the write changed: readers that keep results computed from some kinds only look at these.</summary>
    public ChangeKinds Kinds { get; set; }
}

/// <summary>What a write in the change feed changed (<see cref="ChangeFeed.KindOf"/> says which entity is which).</summary>
[Flags]
public enum ChangeKinds
{
    None = 0,

    /// <summary>Data values.</summary>
    Values = 1,

    /// <summary>Units, their parent links, data elements: what every figure is laid out on.</summary>
    Structure = 2,

    /// <summary>DTI frameworks, assessments, reviews, confirmed and published results.</summary>
    Dti = 4,

    /// <summary>Programmes and targets, tasks, reports, posts and their holders, scorecard notes.</summary>
    Work = 8,

    All = Values | Structure | Dti | Work,
}

internal sealed class ChangeBatchConfiguration : IEntityTypeConfiguration<ChangeBatch>
{
    public void Configure(EntityTypeBuilder<ChangeBatch> b)
    {
        b.HasIndex(x => x.Seq).IsUnique();
        b.Property(x => x.By).HasMaxLength(256);
        b.Property(x => x.Kinds).HasConversion<int>();
    }
}

/// <summary>
/// The commit-ordered change feed. A write joins it inside its transaction (<see cref="JoinAsync"/>: one batch per
/// transaction, whose id the value rows carry); just before the commit the batch takes the next position under a lock
/// that is released only once the commit is visible (PostgreSQL: a transaction-scoped advisory lock; SQLite: its single
/// writer). <see cref="LodestarDbContext"/> joins for every save that changes an entity of a kind figures are computed
/// from (<see cref="KindOf"/>, ADR 0017); the bulk import joins itself.
/// </summary>
public static class ChangeFeed
{
    /// <summary>The advisory lock that orders commits on PostgreSQL ("Lodestar" in ASCII).</summary>
    private const long LockKey = 0x4C6F_6465_7374_6172;

    internal static readonly IInterceptor Interceptor = new SealOnCommit();

    /// <summary>The batch a context's current transaction has joined.</summary>
    internal sealed record Open(DbTransaction Transaction, long Id, ChangeKinds Kinds, bool Rebuild);

    /// <summary>
    /// What a save carries into the feed: the kinds it changes, whether readers must rebuild, and its values (null:
    /// nothing the feed carries).
    /// </summary>
    internal static (ChangeKinds Kinds, bool Rebuild, List<DataValue> Values)? Pending(ChangeTracker tracker)
    {
        List<DataValue>? values = null;
        var kinds = ChangeKinds.None;
        var rebuild = false;
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            kinds |= KindOf(entry.Metadata.ClrType);
            switch (entry.Entity)
            {
                case DataValue value:
                    (values ??= []).Add(value);
                    rebuild |= entry.State == EntityState.Deleted;
                    break;
                case OrgUnit or OrgUnitParentLink or DataElement:
                    rebuild = true;
                    break;
            }
        }

        return kinds == ChangeKinds.None ? null : (kinds, rebuild, values ?? []);
    }

    /// <summary>
    /// Which kind of change a write of an entity type is: by the feature it belongs to. Accounts, sessions, notices,
    /// the audit trail and the like are none: no figure is computed from them.
    /// </summary>
    public static ChangeKinds KindOf(Type entity) => entity == typeof(DataValue) || entity == typeof(DataValueChange) ? ChangeKinds.Values
        : entity.Namespace switch
        {
            "Lodestar.OrgUnits" or "Lodestar.Values" => ChangeKinds.Structure,
            "Lodestar.Dti" => ChangeKinds.Dti,
            "Lodestar.Programmes" or "Lodestar.Tasks" or "Lodestar.Reporting" or "Lodestar.People" or "Lodestar.Scorecards" => ChangeKinds.Work,
            _ => ChangeKinds.None,
        };

    /// <summary>
    /// Joins the feed from the context's current transaction (a transaction is required) and returns the batch's id,
    /// the same for every call within one transaction. <paramref name="kinds"/> says what the write changes;
    /// <paramref name="rebuild"/> marks it as one readers rebuild on.
    /// </summary>
    public static async Task<long> JoinAsync(LodestarDbContext db, ChangeKinds kinds, bool rebuild, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A write the change feed carries must run in a transaction.");
        if (db.OpenBatch is { } open && ReferenceEquals(open.Transaction, transaction))
        {
            var joined = open with { Kinds = open.Kinds | kinds, Rebuild = open.Rebuild || rebuild };
            if (joined != open)
            {
                await using var mark = SqlCommands.In(transaction, """UPDATE "ChangeBatches" SET "Rebuild" = @rebuild, "Kinds" = @kinds WHERE "Id" = @id""",
                    ("rebuild", joined.Rebuild), ("kinds", (int)joined.Kinds), ("id", open.Id));
                await mark.ExecuteNonQueryAsync(ct);
                db.OpenBatch = joined;
            }

            return open.Id;
        }

        await using var insert = SqlCommands.In(transaction, """
            INSERT INTO "ChangeBatches" ("StartedAt", "By", "Rebuild", "Kinds") VALUES (@at, @by, @rebuild, @kinds) RETURNING "Id"
            """, ("at", db.UtcNow), ("by", db.ActorName), ("rebuild", rebuild), ("kinds", (int)kinds));
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        db.OpenBatch = new Open(transaction, id, kinds, rebuild);
        return id;
    }

    /// <summary>Gives the batch its position: the next after every committed one, under the lock that orders commits.</summary>
    private static async Task SealAsync(LodestarDbContext db, Open open, CancellationToken ct)
    {
        if (open.Transaction.Connection is NpgsqlConnection)
        {
            // Held until this transaction ends, which is after its commit is visible: the next writer's position is
            // taken after that, so positions are committed in order. READ COMMITTED: the statement below sees it.
            await using var wait = SqlCommands.In(open.Transaction, $"SELECT pg_advisory_xact_lock({LockKey})");
            await wait.ExecuteNonQueryAsync(ct);
        }

        await using var seal = SqlCommands.In(open.Transaction, """
            UPDATE "ChangeBatches" SET "Seq" = (SELECT COALESCE(MAX("Seq"), 0) + 1 FROM "ChangeBatches"), "CommittedAt" = @at WHERE "Id" = @id
            """, ("at", db.UtcNow), ("id", open.Id));
        await seal.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Seals a context's open batch as its transaction commits; forgets it when the transaction ends.</summary>
    private sealed class SealOnCommit : DbTransactionInterceptor
    {
        public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            if (Joined(eventData.Context, transaction) is { } open)
            {
                SealAsync((LodestarDbContext)eventData.Context!, open, CancellationToken.None).GetAwaiter().GetResult();
            }

            return result;
        }

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Joined(eventData.Context, transaction) is { } open)
            {
                await SealAsync((LodestarDbContext)eventData.Context!, open, cancellationToken);
            }

            return result;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context, transaction, committed: true);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData.Context, transaction, committed: true);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context, transaction, committed: false);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData.Context, transaction, committed: false);
            return Task.CompletedTask;
        }

        public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(eventData.Context, transaction, committed: false);

        public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData.Context, transaction, committed: false);
            return Task.CompletedTask;
        }

        private static Open? Joined(DbContext? context, DbTransaction transaction) =>
            context is LodestarDbContext { OpenBatch: { } open } && ReferenceEquals(open.Transaction, transaction) ? open : null;

        private static void Ended(DbContext? context, DbTransaction transaction, bool committed)
        {
            if (Joined(context, transaction) is not null)
            {
                ((LodestarDbContext)context!).OpenBatch = null;
                if (committed)
                {
                    Common.LocalChanges.Changed(); // this process's readers look at once
                }
            }
        }
    }
}
