using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Data;

/// <summary>
/// The change feed numbers writes in the order they commit, not the order they start: a reader that has read up to
/// some position never finds a later commit below it. A write that rolls back takes no position; a bulk import is one
/// batch; a change of the unit tree or the elements asks readers to rebuild (docs/adr/0016).
/// </summary>
public sealed class ChangeFeedTests : DatabaseTest
{
    private async Task<(int Element, int Unit)> ArrangeAsync()
    {
        await using var db = Database.Context();
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
        var commune = await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province);
        var element = new DataElement { Code = "HH_FIBRE", Name = "Số hộ có cáp quang", Unit = "hộ" };
        db.DataElements.Add(element);
        await db.SaveChangesAsync();
        return (element.Id, commune.Id);
    }

    private static DataValue Value(int element, int unit, string period, double value)
    {
        var p = Period.Parse(period);
        return new DataValue { DataElementId = element, OrgUnitId = unit, Period = p.Code, PeriodType = p.Type, StartOn = p.Start, EndOn = p.End, Value = value };
    }

    private async Task<List<ChangeBatch>> FeedAsync(long after = 0)
    {
        await using var db = Database.Context();
        return await db.ChangeBatches.AsNoTracking().Where(b => b.Seq > after).OrderBy(b => b.Seq).ToListAsync();
    }

    [Fact]
    public async Task AWriteThatStartsFirstButCommitsLast_ComesAfterTheOtherInTheFeed()
    {
        var (element, unit) = await ArrangeAsync();
        var start = (await FeedAsync()).Max(b => b.Seq) ?? 0;

        // The first write starts, stores its value and stays open (a long import, a slow approval)...
        await using var first = Database.Context();
        await using var open = await first.Database.BeginTransactionAsync();
        first.DataValues.Add(Value(element, unit, "2026Q1", 100));
        await first.SaveChangesAsync();

        // ...while a second write starts after it and commits. PostgreSQL lets it commit at once; SQLite has one writer,
        // so it waits for the first to end.
        var second = Task.Run(async () =>
        {
            await using var db = Database.Context();
            db.DataValues.Add(Value(element, unit, "2026Q2", 200));
            await db.SaveChangesAsync();
        });
        var secondCommittedFirst = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(3))) == second;
        Assert.Equal(TestDatabase.IsPostgres, secondCommittedFirst);

        // A reader looking now has read to this position...
        var seen = await FeedAsync(start);
        var readTo = seen.Count == 0 ? start : seen.Max(b => b.Seq!.Value);
        await open.CommitAsync();
        await second;

        // ...and whatever committed after its look is above it: nothing is missed, whichever write began first.
        var all = await FeedAsync(start);
        Assert.Equal(2, all.Count);
        var (earlier, later) = (all[0], all[1]);
        if (secondCommittedFirst)
        {
            Assert.True(earlier.Id > later.Id, "the write that started second committed first, so it comes first");
            Assert.Single(seen);
        }

        var missed = await FeedAsync(readTo);
        Assert.Contains(later.Id, missed.Select(b => b.Id));
        await using var check = Database.Context();
        var values = await check.DataValues.AsNoTracking().ToDictionaryAsync(v => v.Period, v => v.BatchId);
        Assert.Equal(all.Select(b => b.Id).Order(), values.Values.Order());
    }

    [Fact]
    public async Task ARolledBackWrite_TakesNoPosition_AndTheNextOneFollowsWithoutAGapReadersCouldWaitOn()
    {
        var (element, unit) = await ArrangeAsync();
        var before = await FeedAsync();

        await using (var db = Database.Context())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.DataValues.Add(Value(element, unit, "2026Q1", 100));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        Assert.Equal(before.Count, (await FeedAsync()).Count);
        await using (var db = Database.Context())
        {
            db.DataValues.Add(Value(element, unit, "2026Q1", 120));
            await db.SaveChangesAsync();
        }

        var after = await FeedAsync();
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal((before.Max(b => b.Seq) ?? 0) + 1, after[^1].Seq);
        Assert.False(after[^1].Rebuild);
        Assert.NotNull(after[^1].CommittedAt);
    }

    [Fact]
    public async Task ABulkImportIsOneBatch_AndAChangeOfTheUnitTreeAsksReadersToRebuild()
    {
        await ArrangeAsync();
        var start = (await FeedAsync()).Max(b => b.Seq) ?? 0;
        Assert.True((await FeedAsync()).All(b => b.Rebuild), "creating units and elements asks readers to rebuild");

        await using (var db = Database.Context(new NamedActor("import.tinh")))
        {
            var import = new BulkValueImport(db, new OrgUnitQueries(db));
            var done = await import.ImportCsvAsync(new StringReader("dataElement,orgUnit,period,value\nHH_FIBRE,06001,2026Q1,10\nHH_FIBRE,06001,2026Q2,12\nHH_FIBRE,20,2026Q2,30\n"));
            Assert.True(done.Succeeded);
        }

        var batch = Assert.Single(await FeedAsync(start));
        Assert.Equal("import.tinh", batch.By);
        Assert.False(batch.Rebuild);
        await using (var db = Database.Context())
        {
            Assert.All(await db.DataValues.ToListAsync(), v => Assert.Equal(batch.Id, v.BatchId));
            var commune = await db.OrgUnits.SingleAsync(u => u.Code == "06001");
            commune.Name = "Phường Đông Kinh";
            await db.SaveChangesAsync();
        }

        var renamed = Assert.Single(await FeedAsync(batch.Seq!.Value));
        Assert.True(renamed.Rebuild);
    }
}
