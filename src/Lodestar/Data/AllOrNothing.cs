using Lodestar.Common;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Data;

/// <summary>An import that writes row by row and keeps nothing when one row has a problem.</summary>
public static class AllOrNothing
{
    /// <summary>
    /// Runs <paramref name="rows"/> in one transaction (retried as a whole by the provider's execution strategy): committed
    /// when it reports no problem, else rolled back and answered with every problem, <paramref name="nothingSaved"/> last.
    /// </summary>
    public static async Task<Outcome<T>> AllOrNothingAsync<T>(this LodestarDbContext db, Func<List<Problem>, Task<T>> rows, Msg nothingSaved, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var problems = new List<Problem>();
            var value = await rows(problems);
            if (problems.Count > 0)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                problems.Add(new Problem("file", nothingSaved));
                return Outcome<T>.Fail(problems);
            }

            await tx.CommitAsync(ct);
            return Outcome<T>.Ok(value);
        });
    }
}
