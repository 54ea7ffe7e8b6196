using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Progress;

/// <summary>Progress computed from the demo's stored values, checked against sums taken straight from the table.</summary>
[Collection(OfficialDataGroup.Name)]
public sealed class DemoProgressTests(OfficialDataFixture data)
{
    [Fact]
    public async Task ProvinceRatio_IsTheWeightedMeanOfItsCommunes()
    {
        await using var db = data.Database.Context();
        var service = new ProgressService(db);
        var target = (await service.TargetAsync("LS-06"))!;
        var province = await db.OrgUnits.SingleAsync(u => u.Code == "20" && u.Level == OrgUnitLevel.Province);

        var table = await service.TableAsync(target, province, Period.Parse("2025"));

        // Independently: Σ households with fibre ÷ Σ households over the communes valid at the end of 2025.
        var communes = await new OrgUnitQueries(db).SubtreeIdsAsync(province.Id, new DateOnly(2025, 12, 31));
        async Task<double> SumAsync(string element) => await db.DataValues
            .Where(v => v.DataElement.Code == element && v.Period == "2025" && communes.Contains(v.OrgUnitId)
                && db.DataValues.Any(o => o.OrgUnitId == v.OrgUnitId && o.Period == "2025" && o.DataElement.Code == (element == "HH_FIBRE" ? "HH_TOTAL" : "HH_FIBRE")))
            .SumAsync(v => v.Value);
        var expected = await SumAsync("HH_FIBRE") / await SumAsync("HH_TOTAL") * 100;

        Assert.Equal(expected, table.Root.Result.Actual!.Value, 6);
        Assert.Equal(ValueSource.Computed, table.Root.Source);
        Assert.True(expected < 80, "the demo province misses the 2025 fibre target");
        Assert.Contains(table.Root.Result.Status, (ProgressStatus[])[ProgressStatus.AtRisk, ProgressStatus.OffTrack]);
        Assert.Contains(table.Children, c => c.Level == OrgUnitLevel.Commune && c.Source == ValueSource.Reported);
        Assert.Equal(65, table.Children.Count(c => c.Level == OrgUnitLevel.Commune));
    }

    [Fact]
    public async Task CurrentYear_UsesTheLatestQuarter()
    {
        await using var db = data.Database.Context();
        var service = new ProgressService(db);
        var target = (await service.TargetAsync("LS-07"))!;
        var province = await db.OrgUnits.SingleAsync(u => u.Code == "20" && u.Level == OrgUnitLevel.Province);
        var table = await service.TableAsync(target, province, Period.Parse("2026"));
        Assert.Equal("2026Q3", table.Root.AsOf?.Code);
        Assert.Equal(50, table.Root.Result.Actual);
        Assert.Equal(ProgressStatus.OnTrack, table.Root.Result.Status);
    }

    [Fact]
    public async Task Outlook_ForecastsTo2030WithABand()
    {
        await using var db = data.Database.Context();
        var service = new ProgressService(db);
        var target = (await service.TargetAsync("LS-07"))!;
        var province = await db.OrgUnits.SingleAsync(u => u.Code == "20" && u.Level == OrgUnitLevel.Province);
        var outlook = await service.OutlookAsync(target, province, new DateOnly(2026, 11, 23));
        Assert.Equal(ForecastQuality.Interval, outlook.Forecast.Quality);
        var point = Assert.Single(outlook.Forecast.Points);
        Assert.Equal(2030, point.Year);
        Assert.InRange(point.Value, point.Low!.Value, point.High!.Value);
        Assert.Contains("năm 2030", outlook.Sentence.Vi, StringComparison.Ordinal);
        Assert.Contains("2030", outlook.Sentence.En, StringComparison.Ordinal);
        Assert.Equal(7, outlook.History.Count(h => h.Actual is not null));
    }

    [Fact]
    public async Task NewCommune_HistoryBeforeTheReform_IsDerivedFromTheCommunesMergedWholeIntoIt()
    {
        await using var db = data.Database.Context();
        var service = new ProgressService(db);
        var target = (await service.TargetAsync("LS-06"))!;
        var province = await db.OrgUnits.SingleAsync(u => u.Code == "20" && u.Level == OrgUnitLevel.Province);
        var communes = await new OrgUnitQueries(db).SubtreeIdsAsync(province.Id, new DateOnly(2025, 12, 31));

        // A new commune of Lạng Sơn formed only from whole old communes.
        var candidates = await db.OrgUnitLineages.Where(l => communes.Contains(l.SuccessorId) && l.Successor.Level == OrgUnitLevel.Commune)
            .GroupBy(l => l.SuccessorId)
            .Where(g => g.All(l => l.MergeType == MergeType.Full) && g.Count() >= 2)
            .Select(g => new { Successor = g.Key, Predecessors = g.Select(l => l.PredecessorId).ToList() })
            .ToListAsync();
        var pick = candidates[0];
        var commune = await db.OrgUnits.SingleAsync(u => u.Id == pick.Successor);

        var outlook = await service.OutlookAsync(target, commune, new DateOnly(2026, 11, 23));

        var y2023 = outlook.History.Single(h => h.Year == 2023);
        Assert.True(y2023.Derived);
        async Task<double> SumAsync(string element) => await db.DataValues
            .Where(v => v.DataElement.Code == element && v.Period == "2023" && pick.Predecessors.Contains(v.OrgUnitId)
                && db.DataValues.Any(o => o.OrgUnitId == v.OrgUnitId && o.Period == "2023" && o.DataElement.Code == (element == "HH_FIBRE" ? "HH_TOTAL" : "HH_FIBRE")))
            .SumAsync(v => v.Value);
        Assert.Equal(await SumAsync("HH_FIBRE") / await SumAsync("HH_TOTAL") * 100, y2023.Actual!.Value, 6);
        Assert.False(outlook.History.Single(h => h.Year == 2025).Derived);
        Assert.NotNull(outlook.Lineage);
        Assert.Contains(commune.Name, outlook.Lineage!.Vi, StringComparison.Ordinal);
        Assert.Equal(ForecastQuality.Interval, outlook.Forecast.Quality);
    }
}
