using Lodestar.Analytics;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Analytics;

/// <summary>
/// Two Lodestar instances on one database, each with its own live model: what one writes or approves, the other's
/// rollups show within a second, without any rebuild step; drafts never count.
/// </summary>
public sealed class LiveAnalyticsTests : DatabaseTest
{
    private static readonly Func<int, DateOnly, CancellationToken, Task<bool>> Anyone = (_, _, _) => Task.FromResult(true);

    private ServiceProvider Instance() => AnalyticsInstance.Start(Database, TestTime.Clock);

    private static async Task SaveAsync(ServiceProvider instance, bool approved, params DataValueInput[] rows)
    {
        await using var scope = instance.CreateAsyncScope();
        var batch = await scope.ServiceProvider.GetRequiredService<DataValueService>().SaveAsync(rows, Anyone, approved);
        Assert.True(batch.Saved, string.Join("; ", batch.Problems.Select(p => p.Message.En)));
    }

    private static DataValueInput V(string element, string unit, string period, string value, string? comment) => new(element, unit, period, value, comment);

    /// <summary>Asks until the answer satisfies <paramref name="done"/> (the model is at most 0.1 s behind), at most 5 s.</summary>
    private static async Task<Rollup?> EventuallyAsync(LiveAnalytics model, string element, string period, string? unit, Func<Rollup?, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        Rollup? rollup;
        while (!done(rollup = await model.RollupAsync(element, period, unit)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return rollup;
    }

    [Fact]
    public async Task AWriteThroughOneInstance_ShowsInTheOthersRollups_AndDraftsCountOnlyOnceApproved()
    {
        await using (var db = Database.Context())
        {
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, to: new DateOnly(2025, 6, 30)); // the code was reused in 2025
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, from: new DateOnly(2025, 7, 1), fullName: "Phường Đông Kinh");
            await db.AddUnitAsync("06002", OrgUnitLevel.Commune, province, from: new DateOnly(2025, 7, 1), fullName: "Xã Mẫu Sơn");
            db.DataElements.Add(new DataElement { Code = "HH_FIBRE", Name = "Số hộ có cáp quang", Unit = "hộ", MinValue = 0 });
            await db.SaveChangesAsync();
        }

        await using var a = Instance();
        await using var b = Instance();
        var model = b.GetRequiredService<LiveAnalytics>();
        await SaveAsync(a, approved: true, V("HH_FIBRE", "06001", "2026Q1", "100", null), V("HH_FIBRE", "06002", "2026Q1", "50", null),
            V("HH_FIBRE", "06001", "2024", "80", null));
        await SaveAsync(a, approved: false, V("HH_FIBRE", "06002", "2026Q2", "70", null));

        var q1 = await model.RollupAsync("HH_FIBRE", "2026Q1", "20");
        Assert.NotNull(q1);
        Assert.Equal(("Tỉnh Lạng Sơn", 2, 150.0, 75.0, 50.0, 100.0), (q1.Unit.Name, q1.Unit.Reporting, q1.Unit.Sum, q1.Unit.Mean, q1.Unit.Min, q1.Unit.Max));
        Assert.Equal([("06001", "Phường Đông Kinh", 100.0), ("06002", "Xã Mẫu Sơn", 50.0)], q1.Children.Select(c => (c.Code, c.Name, c.Value!.Value)));
        Assert.Equal(0, (await model.RollupAsync("HH_FIBRE", "2026Q2", "20"))!.Unit.Reporting); // a draft counts for nothing
        Assert.Equal(80.0, (await model.RollupAsync("HH_FIBRE", "2024", "20"))!.Unit.Sum); // the old commune 06001, on the tree of 2024
        Assert.Equal(["20"], (await model.RollupAsync("HH_FIBRE", "2026Q1", null))!.Children.Select(c => c.Code));
        Assert.Equal((80.0, 100.0), ((await model.RollupAsync("HH_FIBRE", "2024", "06001"))!.Unit.Value, (await model.RollupAsync("HH_FIBRE", "2026Q1", "06001"))!.Unit.Value)); // one code, the unit of each period's day
        Assert.Null(await model.RollupAsync("HH_FIBRE", "2026Q1", "99999"));
        Assert.Null(await model.RollupAsync("NO_SUCH", "2026Q1", "20"));

        // A correction and an approval through the other instance.
        await SaveAsync(a, approved: true, V("HH_FIBRE", "06001", "2026Q1", "130", "Rà soát lại"));
        await using (var db = Database.Context())
        {
            (await db.DataValues.SingleAsync(v => v.Period == "2026Q2")).Approved = true;
            await db.SaveChangesAsync();
        }

        Assert.Equal(180.0, (await EventuallyAsync(model, "HH_FIBRE", "2026Q1", "20", r => r?.Unit.Sum == 180))!.Unit.Sum);
        Assert.Equal(70.0, (await EventuallyAsync(model, "HH_FIBRE", "2026Q2", "20", r => r?.Unit.Reporting == 1))!.Unit.Sum);

        // A data element and a period the model has never seen: it rebuilds.
        await using (var db = Database.Context())
        {
            db.DataElements.Add(new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ", MinValue = 0 });
            await db.SaveChangesAsync();
        }

        await SaveAsync(a, approved: true, V("HH_TOTAL", "06002", "2026Q3", "400", null));
        Assert.Equal(400.0, (await EventuallyAsync(model, "HH_TOTAL", "2026Q3", "20", r => r is not null))?.Unit.Sum);
    }

    [Fact]
    public async Task HugeValuesStoredBeforeTheBound_NeverTurnRollupsIntoInfinity()
    {
        await using (var db = Database.Context())
        {
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
            var communes = new[] { await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province), await db.AddUnitAsync("06002", OrgUnitLevel.Commune, province),
                await db.AddUnitAsync("06003", OrgUnitLevel.Commune, province) };
            var element = new DataElement { Code = "HH_FIBRE", Name = "Số hộ có cáp quang", Unit = "hộ" };
            db.DataElements.Add(element);
            await db.SaveChangesAsync();
            var period = Period.Parse("2026Q1");
            foreach (var (unit, value) in communes.Zip(new[] { 1.7e308, 1.7e308, 40 }))
            {
                db.DataValues.Add(new DataValue
                {
                    DataElementId = element.Id, OrgUnitId = unit.Id, Period = period.Code, PeriodType = period.Type, StartOn = period.Start, EndOn = period.End,
                    Value = value, Approved = true,
                });
            }

            await db.SaveChangesAsync();
        }

        await using var instance = Instance();
        var rollup = await instance.GetRequiredService<LiveAnalytics>().RollupAsync("HH_FIBRE", "2026Q1", "20");

        Assert.Equal((1, 40.0), (rollup!.Unit.Reporting, rollup.Unit.Sum!.Value));

        // And no such value gets in any more.
        await using var scope = instance.CreateAsyncScope();
        var batch = await scope.ServiceProvider.GetRequiredService<DataValueService>().SaveAsync([V("HH_FIBRE", "06003", "2026Q1", "1.7e308", null)], Anyone, mayApprove: true);
        Assert.Contains("±1e15", Assert.Single(batch.Problems).Message.En, StringComparison.Ordinal);
    }
}
