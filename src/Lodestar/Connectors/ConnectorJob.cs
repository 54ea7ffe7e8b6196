using Microsoft.EntityFrameworkCore;
using Lodestar.Data;

namespace Lodestar.Connectors;

/// <summary>
/// The scheduler's round: every connector whose next run is due is moved to its following run first (so a run that
/// crashes is not repeated in a loop), then run holding its own lease (<see cref="ConnectorRunner.RunAsync"/>): two
/// instances that find the same connector due run it once. A paused or deleted (retired) connector is never due.
/// </summary>
public sealed class ConnectorJob(LodestarDbContext db, ConnectorRunner runner)
{
    /// <summary>Runs the due connectors; answers how many ran here.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var due = await db.Set<Connector>().Where(c => c.NextRunAt != null && c.NextRunAt <= now && !c.Paused && c.RetiredAt == null).OrderBy(c => c.NextRunAt).ToListAsync(ct);
        var ran = 0;
        foreach (var connector in due)
        {
            var schedule = ConnectorSchedule.Parse(connector.Schedule, out _);

            // One statement that only the first instance to see this due time wins: the others find it moved and skip it.
            var next = schedule?.Next(now);
            var was = connector.NextRunAt;
            if (await db.Set<Connector>().Where(c => c.Id == connector.Id && c.NextRunAt == was && !c.Paused && c.RetiredAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextRunAt, next), ct) != 1)
            {
                continue;
            }

            connector.NextRunAt = next;
            db.Entry(connector).Property(c => c.NextRunAt).IsModified = false;
            if (await runner.RunAsync(connector, ConnectorRunner.Scheduler, ct) is not null)
            {
                ran++;
            }
        }

        return ran;
    }

    /// <summary>
    /// Drops the raw answers of runs started more than <paramref name="keep"/> ago (LODESTAR_CONNECTOR_RAW_DAYS); the runs'
    /// records stay. The only change ever made to a run: one statement, outside the audited, append-only change tracking.
    /// </summary>
    public Task<int> PruneRawAsync(TimeSpan keep, CancellationToken ct = default)
    {
        var before = db.UtcNow - keep;
        return db.Set<ConnectorRun>().Where(r => r.Raw != null && r.StartedAt < before).ExecuteUpdateAsync(s => s.SetProperty(r => r.Raw, (string?)null), ct);
    }
}
