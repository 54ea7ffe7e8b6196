using Lodestar.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Operations;

/// <summary>Who runs a background job now, and until when at most (a holder that dies lets it go when the time is up).</summary>
public sealed class JobLeaseRow
{
    public required string Job { get; set; }

    public required string Holder { get; set; }

    public DateTime Until { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLeaseRow>
{
    public void Configure(EntityTypeBuilder<JobLeaseRow> b)
    {
        b.ToTable("JobLeases");
        b.HasKey(l => l.Job);
        b.Property(l => l.Job).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(256);
    }
}

/// <summary>
/// One instance runs each background job at a time: before a run the instance takes the job's lease in the database
/// (an atomic update of one row, or its first insert), and gives it back after. Another instance that wants to run the
/// job meanwhile is refused and tries at its next round; a holder that dies mid-run loses the lease when its time is
/// up. The jobs stay idempotent, so a run after another's repeats nothing.
/// </summary>
public static class JobLease
{
    /// <summary>This process among the instances (a restarted process is another holder).</summary>
    public static readonly string Me = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Runs <paramref name="run"/> holding the lease of <paramref name="job"/> for at most <paramref name="ttl"/>; false (nothing run) when another instance holds it.</summary>
    public static async Task<bool> RunAsync(LodestarDbContext db, string job, TimeSpan ttl, Func<Task> run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!await TakeAsync(db, job, Me, ttl, ct))
        {
            return false;
        }

        try
        {
            await run();
        }
        finally
        {
            await ReleaseAsync(db, job, Me);
        }

        return true;
    }

    /// <summary>Takes the lease for <paramref name="holder"/> when nobody else holds an unexpired one.</summary>
    internal static async Task<bool> TakeAsync(LodestarDbContext db, string job, string holder, TimeSpan ttl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = db.UtcNow;
        var until = now + ttl;

        // One statement: two instances updating at once are serialised on the row, and the second finds it taken.
        if (await db.Set<JobLeaseRow>().Where(l => l.Job == job && (l.Until <= now || l.Holder == holder))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.Until, until), ct) == 1)
        {
            return true;
        }

        // The job's first run anywhere: the first insert wins, any other meets the primary key.
        return await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "JobLeases" ("Job", "Holder", "Until") VALUES ({job}, {holder}, {until}) ON CONFLICT DO NOTHING""", ct) == 1;
    }

    /// <summary>Gives the lease back (only if <paramref name="holder"/> still holds it).</summary>
    internal static async Task ReleaseAsync(LodestarDbContext db, string job, string holder)
    {
        var now = db.UtcNow;
        await db.Set<JobLeaseRow>().Where(l => l.Job == job && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Until, now), CancellationToken.None);
    }
}
