using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Dti;

/// <summary>
/// Published rankings kept as printed (README, "Published rankings on other units", issue 16 items 8 and 9): the national
/// DTI 2024 on the 63 provinces of the year and on the 34 of 01/07/2025 side by side, a year without a framework (2021),
/// and the 2024 results derived on the 34 provinces ranked among the 34.
/// </summary>
[Collection(OfficialDataGroup.Name)]
public sealed class DtiPublishedRankingTests(OfficialDataFixture data)
{
    private static readonly DateOnly Merger = new(2025, 7, 1);

    [Fact]
    public async Task Ranking2024_OnThe34ProvincesOf2025_IsKeptNextToThe63_AndAMergedProvinceIsTheMeanOfItsTwoPredecessors()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var p922 = (await q.FrameworkAsync("P922"))!;
        var before = await q.ScoresAsync(p922, 2024, withBefore: false);
        var import = new DtiPublishedImport(db);
        var target = new PublishedTarget(OrgUnitLevel.Province, null, 2024, Merger, p922);
        const string source = "Bộ KH&CN, DTI 2024 tính lại cho 34 tỉnh, thành phố (test)";

        // Names are those of 01/07/2025: "Đồng Nai" is the merged province (Bình Phước + Đồng Nai), not the old one.
        var rows = await import.CheckAsync(target, [
            new PublishedEntry(1, null, "Đồng Nai", 5, null, 0.55, null, source),
            new PublishedEntry(2, null, "Tỉnh Lạng Sơn", 20, null, 0.48, null, source),
            new PublishedEntry(3, null, "Tuyên Quang", 32, 34, null, null, source)], null);
        Assert.True(rows.Succeeded, string.Join("; ", rows.Problems.Select(p => p.Message.Vi)));
        var dongNai = await db.OrgUnits.ValidOn(Merger).SingleAsync(u => u.Level == OrgUnitLevel.Province && u.Code == "75");
        Assert.Equal(dongNai.Id, rows.Value!.Single(r => r.Entry.Row == 1).UnitId);
        await import.SaveAsync(target, rows.Value!);

        // The 63-province results of the year are untouched (Lạng Sơn keeps 31 of 63) …
        var after = await q.ScoresAsync(p922, 2024, withBefore: false);
        Assert.Equal(before.Units.Select(u => (u.UnitCode, u.RankText, u.Score)), after.Units.Select(u => (u.UnitCode, u.RankText, u.Score)));
        Assert.Equal(before.RankedAmong, after.RankedAmong);

        // … and the 34-province table stands beside them, as printed, out of 34.
        var ranking = Assert.Single(await q.PublishedRankingsAsync(p922, 2024));
        Assert.Equal((Merger, 34, true), (ranking.UnitsOn, ranking.RankedAmong, ranking.LaterUnits));
        Assert.Equal(["75", "20", "08"], ranking.Units.Select(u => u.UnitCode));
        var merged = ranking.Units[0];
        Assert.Equal(("5", 0.55), (merged.Printed.RankText, merged.Printed.Score));
        Assert.Equal("suy ra: trung bình của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)", merged.Merged!.Note.Vi);
        Assert.Null(ranking.Units[1].Merged);
        Assert.Equal(("32–34", (double?)null), (ranking.Units[2].Printed.RankText, ranking.Units[2].Printed.Score));
        Assert.Equal("suy ra: trung bình của 2 đơn vị trước sáp nhập (Hà Giang, Tuyên Quang)", ranking.Units[2].Merged!.Note.Vi);
    }

    [Fact]
    public async Task ATableOnEarlierUnitsThanTheYearsEnd_OrWithMainIndexesWithoutAFramework_IsRefused()
    {
        await using var db = data.Database.Context();
        var import = new DtiPublishedImport(db);
        var entry = new PublishedEntry(1, "20", null, 16, null, null, null, "Báo cáo (test)");
        var early = await import.CheckAsync(new PublishedTarget(OrgUnitLevel.Province, null, 2024, new DateOnly(2024, 6, 30), null), [entry], null);
        Assert.Equal("Bảng năm 2024 tính trên đơn vị ngày 31/12/2024 hoặc một ngày sau đó, không phải 30/06/2024.", Assert.Single(early.Problems).Message.Vi);

        var mains = await import.CheckAsync(new PublishedTarget(OrgUnitLevel.Province, null, 2021, new DateOnly(2021, 12, 31), null),
            [entry with { MainIndexes = new Dictionary<string, double> { ["P922.1"] = 0.5 } }], null);
        Assert.Equal("results[1].mainIndexes", Assert.Single(mains.Problems).Field);
    }

    [Fact]
    public async Task Year2021_WithoutAFramework_IsImportedAsPublishedRanks_WithoutPretendingOne()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var p922 = (await q.FrameworkAsync("P922"))!;
        Assert.Null(await q.ForYearAsync(p922, 2021));
        var frameworks = await db.DtiFrameworks.CountAsync();
        await ImportAsync(db, new PublishedTarget(OrgUnitLevel.Province, null, 2021, new DateOnly(2021, 12, 31), null),
            new PublishedEntry(1, null, "Lạng Sơn", 16, null, null, null, "Báo cáo DTI 2021 (test)"));

        var ranking = Assert.Single(await q.PublishedRankingsAsync(p922, 2021));
        Assert.Equal((63, false), (ranking.RankedAmong, ranking.LaterUnits));
        var langSon = Assert.Single(ranking.Units);
        Assert.Equal(("20", "16", (double?)null, (DerivedScore?)null), (langSon.UnitCode, langSon.Printed.RankText, langSon.Printed.Score, langSon.Merged));
        Assert.Equal(frameworks, await db.DtiFrameworks.CountAsync());
        Assert.False(await db.DtiAssessments.AnyAsync(a => a.Year == 2021));
    }

    [Fact]
    public async Task APublishedRankOnThe63_SeenThroughThe34ProvincesWithoutAnyUnitDerived_StaysOutOfThe63()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);

        // The demo's P922 2024 is Lạng Sơn's published row alone (rank 31). Lạng Sơn kept its boundaries: seen through the units
        // of 01/07/2025 nothing is derived, so its published rank stands and is still out of the 63 ranked, not "31/34".
        var seen = await q.ScoresAsync((await q.FrameworkAsync("P922"))!, 2024, withBefore: false, unitsOn: Merger);
        var langSon = Assert.Single(seen.Units);
        Assert.Equal(("20", 31, 63), (langSon.UnitCode, langSon.Rank, seen.RankedAmong));
    }

    [Fact]
    public async Task Results2024_DerivedOnThe34Provinces_AreRankedAmongThe34_AndEachMergedProvinceCountsAllItsPredecessors()
    {
        await using var db = data.Database.Context();
        var f = DtiDerivedTests.ProvinceFramework("T-BASES", "Khung thử: 63 tỉnh suy ra trên 34", 2037, ("M1", 100));
        db.DtiFrameworks.Add(f);
        var provinces = await db.OrgUnits.ValidOn(new DateOnly(2024, 12, 31)).Where(u => u.Level == OrgUnitLevel.Province).OrderBy(u => u.Code).ToListAsync();
        Assert.Equal(63, provinces.Count);
        foreach (var (p, i) in provinces.Select((p, i) => (p, i)))
        {
            db.DtiAssessments.Add(DtiDerivedTests.Published(f, p.Id, null, i + 1, 90 - i));
        }

        await db.SaveChangesAsync();
        var seen = await new DtiQueries(db).ScoresAsync(f, 2037, withBefore: false, unitsOn: Merger);
        Assert.Equal((34, 34), (seen.Units.Count, seen.RankedAmong));
        Assert.Equal(1, seen.Units.Min(u => u.Rank));
        Assert.True(seen.Units.Max(u => u.Rank) <= 34);
        var lineage = await db.OrgUnitLineages.Where(l => l.Successor.Level == OrgUnitLevel.Province).GroupBy(l => l.SuccessorId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(23, seen.Units.Count(u => u.Derived is not null));
        Assert.All(seen.Units.Where(u => u.Derived is not null), u =>
        {
            Assert.Equal(lineage[u.UnitId], u.Derived!.Predecessors.Count);
            Assert.Empty(u.Derived.Unscored ?? []);
            Assert.Contains($"trung bình của {lineage[u.UnitId]} đơn vị trước sáp nhập", u.Derived.Note.Vi, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task PrintedTable_ReachesThePortalOnlyThroughPublication_AsPrinted_NextToTheScoredResults()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var p922 = (await q.FrameworkAsync("P922"))!;
        const string source = "Bộ KH&CN, DTI 2024 trên 34 tỉnh (test công khai)";
        await ImportAsync(db, new PublishedTarget(OrgUnitLevel.Province, null, 2024, Merger, p922),
            new PublishedEntry(1, null, "Lạng Sơn", 20, null, 0.48, null, source), new PublishedEntry(2, null, "Tuyên Quang", 32, 34, null, null, source));

        // Imported is not published: the portal knows nothing of it until the office publishes the year.
        var portal = new PublicData(new StaleReads(db), TestTime.Clock);
        Assert.Null(await portal.DtiYearAsync("P922", 2024));
        var publishing = new PublishingService(db, q, new NamedActor("van.phong.cds"), TestTime.Clock);
        var published = await publishing.PublishDtiAsync("P922", 2024, null);
        Assert.True(published.Succeeded, string.Join("; ", published.Problems.Select(p => p.Message.Vi)));

        var year = (await new PublicData(new StaleReads(db), TestTime.Clock).DtiYearAsync("P922", 2024))!;
        var scored = year.Units.Single(u => u.UnitCode == "20");
        Assert.Equal((31, 63), (scored.Rank, scored.RankedAmong));
        var printed = Assert.Single(year.Printed);
        Assert.Equal((Merger, 34), (printed.UnitsOn, printed.RankedAmong));
        Assert.Equal("Bảng công bố của Bộ, trên 34 tỉnh sau sắp xếp (đơn vị ngày 01/07/2025)", printed.Label.Vi);
        var langSon = printed.Units.Single(u => u.UnitCode == "20");
        var tuyenQuang = printed.Units.Single(u => u.UnitCode == "08");
        Assert.Equal(("20", 0.48), (langSon.RankText, langSon.Score));
        Assert.Equal(("32–34", (double?)null), (tuyenQuang.RankText, tuyenQuang.Score));
    }

    [Fact]
    public async Task Explanation_OfAYearAfterAPrintedOnlyYear_ComparesThePrintedRank_AndOnlyWhatExists()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var p922 = (await q.FrameworkAsync("P922"))!;
        await ImportAsync(db, new PublishedTarget(OrgUnitLevel.Province, null, 2021, new DateOnly(2021, 12, 31), null),
            new PublishedEntry(1, null, "Lạng Sơn", 16, null, null, null, "Báo cáo DTI 2021 (test)"));

        // 2021 has no framework: the demo's 2022 (rank 41, index 0.3712) is compared with the printed rank 16; 2021's index was not printed.
        var e = (await q.ExplainAsync(p922, 2022, "20"))!;
        Assert.True(e.OnIndex);
        var change = Assert.IsType<Explanation>(e.Change);
        Assert.Equal((16, 41), (change.RankBefore, change.RankAfter));
        Assert.True(double.IsNaN(change.TotalBefore));
        Assert.Equal(0.3712, change.TotalAfter, 4);
        Assert.Empty(change.Mains);
    }

    private static async Task ImportAsync(Lodestar.Data.LodestarDbContext db, PublishedTarget target, params PublishedEntry[] entries)
    {
        var import = new DtiPublishedImport(db);
        var rows = await import.CheckAsync(target, entries, null);
        Assert.True(rows.Succeeded, string.Join("; ", rows.Problems.Select(p => p.Message.Vi)));
        await import.SaveAsync(target, rows.Value!);
    }
}
