using System.Text;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Values;

/// <summary>Writing values on each provider: all or nothing, every change kept with who and when.</summary>
public sealed class DataValueServiceTests : DatabaseTest
{
    private static readonly Func<int, DateOnly, CancellationToken, Task<bool>> Anyone = (_, _, _) => Task.FromResult(true);

    private async Task<(LodestarDbContext Db, DataValueService Service)> ArrangeAsync(string actor)
    {
        var db = Database.Context(new NamedActor(actor));
        if (!await db.DataElements.AnyAsync())
        {
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, from: new DateOnly(2025, 7, 1));
            db.DataElements.AddRange(
                new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ", MinValue = 0 },
                new DataElement { Code = "PCT", Name = "Tỷ lệ", Unit = "%", MinValue = 0, MaxValue = 100 },
                new DataElement { Code = "SCHOOLS", Name = "Số trường học", Unit = "trường", MinValue = 0, WholeNumbers = true });
            await db.SaveChangesAsync();
        }

        return (db, new DataValueService(db, new OrgUnitQueries(db)));
    }

    [Fact]
    public async Task WritersOfTheSameValueAtOnce_AllSucceed_AndItsHistoryIsOneChainOfChanges()
    {
        var (seed, _) = await ArrangeAsync("can.bo.seed");
        await seed.DisposeAsync();

        // Eight officers (or an outbox sending again) enter the same new value at the same moment.
        const int writers = 8;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = Enumerable.Range(0, writers).Select(async w =>
        {
            var (db, service) = await ArrangeAsync("can.bo." + w);
            await using (db)
            {
                await start.Task;
                return await service.SaveAsync([new DataValueInput("HH_TOTAL", "06001", "2026", (1000 + w).ToString(System.Globalization.CultureInfo.InvariantCulture), null)], Anyone, mayApprove: true);
            }
        }).ToList();
        start.SetResult();
        var batches = await Task.WhenAll(saves);

        Assert.All(batches, b => Assert.True(b.Saved));
        Assert.Equal(1, batches.Count(b => b.Rows[0] == RowStatus.Created));
        await using var read = Database.Context();
        var value = await read.DataValues.SingleAsync(v => v.Period == "2026");
        var history = await read.DataValueChanges.Where(c => c.Period == "2026").OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(writers - batches.Count(b => b.Rows[0] == RowStatus.Unchanged), history.Count);
        Assert.Null(history[0].OldValue);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].NewValue, history[i].OldValue); // each change starts from the one before it
        }

        Assert.Equal(history[^1].NewValue, value.Value);
    }

    [Fact]
    public async Task EveryChange_IsKeptWithWhoAndWhen()
    {
        var (db, service) = await ArrangeAsync("can.bo.a");
        await using (db)
        {
            var nfd = "Số liệu điều tra".Normalize(NormalizationForm.FormD);
            var first = await service.SaveAsync([new DataValueInput("HH_TOTAL", "06001", "2025", "1200", nfd)], Anyone, mayApprove: true);
            Assert.True(first.Saved);
            Assert.Equal(RowStatus.Created, Assert.Single(first.Rows));
        }

        var (db2, service2) = await ArrangeAsync("can.bo.b");
        await using (db2)
        {
            var again = await service2.SaveAsync([new DataValueInput("HH_TOTAL", "06001", "2025", "1200", "Số liệu điều tra")], Anyone, mayApprove: true);
            Assert.Equal(RowStatus.Unchanged, Assert.Single(again.Rows));
            var changed = await service2.SaveAsync([new DataValueInput("HH_TOTAL", "06001", "2025", "1250.5", "Rà soát lại")], Anyone, mayApprove: true);
            Assert.Equal(RowStatus.Updated, Assert.Single(changed.Rows));
        }

        await using var read = Database.Context();
        var value = await read.DataValues.SingleAsync();
        Assert.Equal(1250.5, value.Value);
        Assert.Equal("can.bo.b", value.UpdatedBy);
        Assert.Equal("can.bo.a", value.CreatedBy);
        var history = await read.DataValueChanges.OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal((null, 1200.0, "can.bo.a", "Số liệu điều tra"), (history[0].OldValue, history[0].NewValue!.Value, history[0].By, history[0].Comment));
        Assert.Equal((1200.0, 1250.5, "can.bo.b"), (history[1].OldValue!.Value, history[1].NewValue!.Value, history[1].By));
        Assert.True(history[0].Comment!.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public async Task ABadRow_SavesNothing_AndEachProblemNamesItsRow()
    {
        var (db, service) = await ArrangeAsync("can.bo");
        await using (db)
        {
            var batch = await service.SaveAsync(
            [
                new DataValueInput("HH_TOTAL", "06001", "2025", "1200", null),
                new DataValueInput("PCT", "06001", "2025", "120", null),
                new DataValueInput("PCT", "06001", "2024", "50", null), // the commune did not exist yet
                new DataValueInput("HH_TOTAL", "06001", "2025", "1300", null),
                new DataValueInput("HH_TOTAL", "06001", "2025Q5", "1", null),
            ], Anyone, mayApprove: true);

            Assert.False(batch.Saved);
            Assert.Equal([RowStatus.Invalid, RowStatus.Invalid, RowStatus.Invalid, RowStatus.Invalid], batch.Rows.Skip(1));
            Assert.Contains(batch.Problems, p => p.Field == "dataValues[1].value" && p.Message.Vi.StartsWith("Dòng 2: 120", StringComparison.Ordinal));
            Assert.Contains(batch.Problems, p => p.Field == "dataValues[2].orgUnit" && p.Message.En.Contains("31/12/2024", StringComparison.Ordinal));
            Assert.Contains(batch.Problems, p => p.Field == "dataValues[3].period" && p.Message.En.Contains("duplicates row 1", StringComparison.Ordinal));
            Assert.Contains(batch.Problems, p => p.Field == "dataValues[4].period");
        }

        await using var read = Database.Context();
        Assert.False(await read.DataValues.AnyAsync());
        Assert.False(await read.DataValueChanges.AnyAsync());
    }

    [Fact]
    public async Task ARowOutsideTheWritersScope_SavesNothing()
    {
        var (db, service) = await ArrangeAsync("can.bo");
        await using (db)
        {
            var commune = await db.OrgUnits.SingleAsync(u => u.Code == "06001");
            var batch = await service.SaveAsync(
            [
                new DataValueInput("HH_TOTAL", "20", "2025", "90000", null),
                new DataValueInput("HH_TOTAL", "06001", "2025", "1200", null),
            ], (unitId, _, _) => Task.FromResult(unitId == commune.Id), mayApprove: true);
            Assert.True(batch.Forbidden);
            Assert.Equal(RowStatus.Forbidden, batch.Rows[0]);
        }

        await using var read = Database.Context();
        Assert.False(await read.DataValues.AnyAsync());
    }

    [Fact]
    public async Task ACountTakesWholeNumbersOnly_AFractionIsRefusedNotRounded()
    {
        var (db, service) = await ArrangeAsync("can.bo");
        await using (db)
        {
            var refused = await service.SaveAsync(
            [
                new DataValueInput("SCHOOLS", "06001", "2025", "12.5", null),
                new DataValueInput("PCT", "06001", "2025", "45.5", null),
            ], Anyone, mayApprove: true);
            Assert.False(refused.Saved);
            var problem = Assert.Single(refused.Problems);
            Assert.Equal("dataValues[0].value", problem.Field);
            Assert.Equal("Dòng 1: 12,5 không phải số nguyên; chỉ số SCHOOLS đếm trường nên chỉ nhận số nguyên.", problem.Message.Vi);

            var saved = await service.SaveAsync([new DataValueInput("SCHOOLS", "06001", "2025", "12", null), new DataValueInput("PCT", "06001", "2025", "45.5", null)], Anyone, mayApprove: true);
            Assert.True(saved.Saved);
        }

        await using var read = Database.Context();
        Assert.Equal([12d, 45.5], await read.DataValues.OrderBy(v => v.DataElement.Code == "PCT").Select(v => v.Value).ToListAsync());
    }
}
