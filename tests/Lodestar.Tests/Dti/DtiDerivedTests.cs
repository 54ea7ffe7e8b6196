using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Dti;

/// <summary>
/// Scores of a year seen through later units: the 2025 reform merged Bình Phước (70) into Đồng Nai (75); Hà Nội (01)
/// was kept. The figures are computed by hand (README, "Derived scores through the reorganisation").
/// </summary>
[Collection(OfficialDataGroup.Name)]
public sealed class DtiDerivedTests(OfficialDataFixture data)
{
    private static readonly DateOnly End2024 = new(2024, 12, 31);

    /// <summary>A national test framework of one year whose main indexes (code, maximum) have no components.</summary>
    internal static DtiFramework ProvinceFramework(string code, string name, int year, params (string Code, double Max)[] mains)
    {
        var f = new DtiFramework { Code = code, Name = name, Level = OrgUnitLevel.Province, FirstYear = year, LastYear = year };
        foreach (var ((node, max), i) in mains.Select((m, i) => (m, i)))
        {
            f.Nodes.Add(new DtiNode { Code = node, Name = node, Kind = NodeKind.Main, MaxPoints = max, SortOrder = i });
        }

        return f;
    }

    /// <summary>A published result of the framework's year: the printed score and rank (null: not printed) and points per main index, in order.</summary>
    internal static DtiAssessment Published(DtiFramework f, int unitId, double? score, int? rank, params double[] points)
    {
        var a = new DtiAssessment
        {
            Framework = f, OrgUnitId = unitId, Year = f.FirstYear, State = AssessmentState.Published, Origin = AssessmentOrigin.Published,
            PublishedScore = score, PublishedRank = rank,
        };
        foreach (var (p, i) in points.Select((p, i) => (p, i)))
        {
            a.Items.Add(new DtiItem { NodeCode = f.Nodes[i].Code, A = p, Review = ItemReview.Accepted });
        }

        return a;
    }

    /// <summary>A test framework M1 (60) + M2 (40) with 2024 results for old Bình Phước, old Đồng Nai and Hà Nội (created once).</summary>
    private static async Task<DtiFramework> FrameworkAsync(Lodestar.Data.LodestarDbContext db)
    {
        if (await db.DtiFrameworks.Include(f => f.Nodes).SingleOrDefaultAsync(f => f.Code == "T-MERGE") is { } existing)
        {
            return existing;
        }

        var f = ProvinceFramework("T-MERGE", "Khung thử suy ra theo phả hệ", 2030, ("M1", 60), ("M2", 40));
        db.DtiFrameworks.Add(f);
        var units = await db.OrgUnits.ValidOn(End2024).Where(u => u.Level == OrgUnitLevel.Province && (u.Code == "70" || u.Code == "75" || u.Code == "01")).ToListAsync();
        foreach (var (code, m1, m2) in new[] { ("70", 36.0, 16.0), ("75", 18.0, 32.0), ("01", 50.0, 30.0) })
        {
            db.DtiAssessments.Add(Published(f, units.Single(u => u.Code == code).Id, null, null, m1, m2));
        }

        // Population (millions) for the weighted mean: Bình Phước 0.8, Đồng Nai 1.2.
        var pop = new DataElement { Code = "T_POP", Name = "Dân số (thử)" };
        db.DataElements.Add(pop);
        db.DataValues.Add(new DataValue { DataElement = pop, OrgUnitId = units.Single(u => u.Code == "70").Id, Period = "2030", Value = 0.8 });
        db.DataValues.Add(new DataValue { DataElement = pop, OrgUnitId = units.Single(u => u.Code == "75").Id, Period = "2030", Value = 1.2 });
        await db.SaveChangesAsync();
        return f;
    }

    [Theory]
    // Bình Phước (36, 16) = 52; Đồng Nai (18, 32) = 50.
    [InlineData(DerivationRule.Mean, 27.0, 24.0, 51.0)]
    [InlineData(DerivationRule.Sum, 54.0, 48.0, 102.0)]
    // (36×0.8 + 18×1.2) ÷ 2 = 25.2; (16×0.8 + 32×1.2) ÷ 2 = 25.6.
    [InlineData(DerivationRule.WeightedMean, 25.2, 25.6, 50.8)]
    public async Task MergedProvince_GetsItsPredecessorsScore_ByTheFrameworksRule_AndSaysSo(DerivationRule rule, double m1, double m2, double total)
    {
        await using var db = data.Database.Context();
        var f = await FrameworkAsync(db);
        (f.Derivation, f.WeightElementCode) = (rule, rule == DerivationRule.WeightedMean ? "T_POP" : null);
        var q = new DtiQueries(db);

        // Seen as it was: the three provinces of the time, ranked by their own scores.
        var asWas = await q.ScoresAsync(f, 2030, withBefore: false);
        Assert.Equal(3, asWas.Units.Count);
        Assert.All(asWas.Units, u => Assert.Null(u.Derived));

        // Seen through the units of 01/07/2025: Bình Phước and old Đồng Nai give way to the new Đồng Nai.
        var seen = await q.ScoresAsync(f, 2030, withBefore: false, unitsOn: new DateOnly(2025, 7, 1));
        Assert.Equal(2, seen.Units.Count);
        var dongNai = Assert.Single(seen.Units, u => u.Derived is not null);
        Assert.Equal("75", dongNai.UnitCode);
        Assert.Equal(m1, dongNai.Nodes.Single(n => n.Code == "M1").Points, 9);
        Assert.Equal(m2, dongNai.Nodes.Single(n => n.Code == "M2").Points, 9);
        Assert.Equal(total, dongNai.Total, 9);
        Assert.Equal(rule, dongNai.Derived!.Rule);
        Assert.Equal(["Bình Phước", "Đồng Nai"], dongNai.Derived.Predecessors);
        var expected = rule switch
        {
            DerivationRule.Mean => "suy ra: trung bình của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)",
            DerivationRule.Sum => "suy ra: tổng của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)",
            DerivationRule.WeightedMean => "suy ra: trung bình có trọng số (T_POP) của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)",
            _ => "",
        };
        Assert.Equal(expected, dongNai.Derived.Note.Vi);

        // Hà Nội (80) keeps its own score; ranks are recomputed over the units of the day (ties would share).
        var hanoi = Assert.Single(seen.Units, u => u.UnitCode == "01");
        Assert.Null(hanoi.Derived);
        Assert.Equal(80, hanoi.Total, 9);
        Assert.Equal(rule == DerivationRule.Sum ? 2 : 1, hanoi.Rank);
    }

    [Fact]
    public async Task MergedProvince_WithOnePredecessorScored_SaysItIsTheMeanOfOneOfTwo_AndNamesTheOneWithoutAResult()
    {
        await using var db = data.Database.Context();
        var f = ProvinceFramework("T-MERGE-1", "Khung thử: một tỉnh trước sáp nhập chưa có kết quả", 2031, ("M1", 100));
        db.DtiFrameworks.Add(f);
        var binhPhuoc = await db.OrgUnits.ValidOn(End2024).SingleAsync(u => u.Level == OrgUnitLevel.Province && u.Code == "70");
        db.DtiAssessments.Add(Published(f, binhPhuoc.Id, null, null, 40));
        await db.SaveChangesAsync();

        // Đồng Nai of 2025 came from Bình Phước (40) and old Đồng Nai (no result): the mean is Bình Phước's alone, and the label says so.
        var seen = await new DtiQueries(db).ScoresAsync(f, 2031, withBefore: false, unitsOn: new DateOnly(2025, 7, 1));
        var dongNai = Assert.Single(seen.Units);
        Assert.Equal(("75", 40.0), (dongNai.UnitCode, dongNai.Total));
        Assert.Equal("suy ra: trung bình của 1 trong 2 đơn vị trước sáp nhập (Bình Phước; chưa có kết quả: Đồng Nai)", dongNai.Derived!.Note.Vi);
        Assert.Equal("derived: mean of 1 of 2 pre-merger units (Bình Phước; without a result: Đồng Nai)", dongNai.Derived.Note.En);
    }

    /// <summary>
    /// A framework M1 (60) + M2 (40) of one year with published results for old Bình Phước (70) and old Đồng Nai (75): each
    /// its printed score and its main indexes as points (none: the publication printed only the score).
    /// </summary>
    private static async Task<DtiFramework> PublishedPairAsync(Lodestar.Data.LodestarDbContext db, string code, int year,
        (double Score, double[]? Mains) binhPhuoc, (double Score, double[]? Mains) dongNai)
    {
        var f = ProvinceFramework(code, "Khung thử: tỉnh sáp nhập từ kết quả công bố", year, ("M1", 60), ("M2", 40));
        db.DtiFrameworks.Add(f);
        var units = await db.OrgUnits.ValidOn(End2024).Where(u => u.Level == OrgUnitLevel.Province && (u.Code == "70" || u.Code == "75")).ToListAsync();
        foreach (var (unit, (score, mains)) in new[] { ("70", binhPhuoc), ("75", dongNai) })
        {
            db.DtiAssessments.Add(Published(f, units.Single(u => u.Code == unit).Id, score, null, mains ?? []));
        }

        await db.SaveChangesAsync();
        return f;
    }

    [Fact]
    public async Task MergedProvince_APredecessorWithAScoreButNoMainIndexes_IsLeftOutOfTheMainIndexes_NotCountedAsZero()
    {
        await using var db = data.Database.Context();

        // Bình Phước printed 0.52 with its main indexes (36, 16); Đồng Nai printed only 0.50.
        var f = await PublishedPairAsync(db, "T-MERGE-S", 2033, (0.52, [36, 16]), (0.50, null));
        var dongNai = Assert.Single((await new DtiQueries(db).ScoresAsync(f, 2033, withBefore: false, unitsOn: new DateOnly(2025, 7, 1))).Units);

        // Main indexes are Bình Phước's alone (not (36 + 0) ÷ 2 = 18); the index is the mean of both results: (0.52 + 0.50) ÷ 2 = 0.51.
        Assert.Equal(36, dongNai.Nodes.Single(n => n.Code == "M1").Points, 9);
        Assert.Equal(16, dongNai.Nodes.Single(n => n.Code == "M2").Points, 9);
        Assert.Equal(0.51, dongNai.Normalised, 9);
        Assert.Equal("suy ra: trung bình của 2 đơn vị trước sáp nhập (Bình Phước, Đồng Nai)", dongNai.Derived!.Note.Vi);
    }

    [Fact]
    public async Task MergedProvince_APredecessorPrintedWithARankAlone_IsNotCountedInTheMean_AndTheNoteSaysOneOfTwo()
    {
        await using var db = data.Database.Context();
        var f = ProvinceFramework("T-MERGE-RANK", "Khung thử: một tỉnh trước sáp nhập chỉ có hạng", 2039, ("M1", 100));
        db.DtiFrameworks.Add(f);
        var units = await db.OrgUnits.ValidOn(End2024).Where(u => u.Level == OrgUnitLevel.Province && (u.Code == "70" || u.Code == "75")).ToListAsync();
        db.DtiAssessments.Add(Published(f, units.Single(u => u.Code == "70").Id, 0.6, 10));
        db.DtiAssessments.Add(Published(f, units.Single(u => u.Code == "75").Id, null, 20));
        await db.SaveChangesAsync();

        // Đồng Nai printed rank 20 and no index: the figure is Bình Phước's 0.6 alone, and the note must not say "of 2".
        var dongNai = Assert.Single((await new DtiQueries(db).ScoresAsync(f, 2039, withBefore: false, unitsOn: new DateOnly(2025, 7, 1))).Units);
        Assert.Equal(0.6, dongNai.Normalised, 9);
        Assert.Equal("suy ra: trung bình của 1 trong 2 đơn vị trước sáp nhập (Bình Phước; chưa có kết quả: Đồng Nai)", dongNai.Derived!.Note.Vi);
    }

    [Fact]
    public async Task MergedProvince_IndexIsRecomputedFromTheMeanOfMainIndexes_NotTheMeanOfRoundedPublishedScores()
    {
        await using var db = data.Database.Context();

        // Bình Phước M1 0.6668 × 60 = 40.008, M2 0.6666 × 40 = 26.664: 0.66672, printed 0.6667; Đồng Nai 39.996 + 26.664: 0.6666.
        // From the main indexes: (66.672 + 66.66) ÷ 2 ÷ 100 = 0.66666 → 0.6667; the mean of the printed scores would be 0.66665 → 0.6666.
        var f = await PublishedPairAsync(db, "T-MERGE-R", 2034, (0.6667, [40.008, 26.664]), (0.6666, [39.996, 26.664]));
        var dongNai = Assert.Single((await new DtiQueries(db).ScoresAsync(f, 2034, withBefore: false, unitsOn: new DateOnly(2025, 7, 1))).Units);
        Assert.Equal(0.66666, dongNai.Normalised, 9);
        Assert.Equal(0.6667, Math.Round(dongNai.Normalised, 4));
    }

    [Fact]
    public async Task DemoCommunes_2025_ComparedWithA2024DerivedFromTheCommunesOfTheTime()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var fw = (await q.FrameworkAsync(Lodestar.Demo.DtiDemo.Communes))!;

        // 2024 was assessed on the communes of the time, which no longer exist in 2025.
        var y2024 = await q.ScoresAsync(fw, 2024, withBefore: false);
        Assert.True(y2024.Units.Count > 65);
        Assert.All(y2024.Units, u => Assert.Null(u.Derived));

        var y2025 = await q.ScoresAsync(fw, 2025);
        var before = y2025.Before!;
        Assert.Equal(65, before.Units.Count);
        Assert.All(before.Units, u => Assert.NotNull(u.Derived));
        var one = before.Units[0];
        var preds = y2024.Units.Where(u => one.Derived!.Predecessors.Contains(u.UnitName)).ToList();
        Assert.NotEmpty(preds);
        Assert.Equal(preds.Average(p => p.Total), one.Total, 6);
        Assert.All(y2025.Units, u => Assert.NotNull(u.RankBefore));
    }

    [Fact]
    public async Task PeerGroup_RanksOneTypeOfUnitAmongItself()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var fw = (await q.FrameworkAsync(Lodestar.Demo.DtiDemo.Communes))!;
        var all = await q.ScoresAsync(fw, 2025);
        Assert.Contains("Phường", all.PeerGroups);
        var wards = all.InPeerGroup("phuong");
        Assert.NotEmpty(wards.Units);
        Assert.True(wards.Units.Count < all.Units.Count);
        Assert.All(wards.Units, u => Assert.Equal("Phường", u.PeerGroup));
        Assert.Equal(1, wards.Units[0].Rank);
        Assert.All(wards.Units, u => Assert.InRange(u.Rank, 1, wards.Units.Count));
    }
}
