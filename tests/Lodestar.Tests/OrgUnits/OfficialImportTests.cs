using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.OrgUnits;

[Collection(OfficialDataGroup.Name)]
public sealed class OfficialImportTests(OfficialDataFixture fixture)
{
    private static readonly DateOnly Before = new(2025, 6, 30);
    private static readonly DateOnly After = new(2025, 7, 1);

    [Theory]
    [InlineData("2025-06-30", OrgUnitLevel.Province, 63)]
    [InlineData("2025-06-30", OrgUnitLevel.District, 696)]
    [InlineData("2025-06-30", OrgUnitLevel.Commune, 10035)]
    [InlineData("2025-07-01", OrgUnitLevel.Province, 34)]
    [InlineData("2025-07-01", OrgUnitLevel.District, 0)]
    [InlineData("2025-07-01", OrgUnitLevel.Commune, 3321)]
    [InlineData("2021-01-01", OrgUnitLevel.Province, 63)]
    public async Task Import_CountsPerLevelAndDate_MatchOfficialTotals(string date, OrgUnitLevel level, int expected)
    {
        await using var db = fixture.Database.Context();
        var count = await db.OrgUnits.ValidOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))
            .CountAsync(u => u.Level == level && u.IsOfficial);
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Import_LeavesNoUnitTracked_SoTheFirstStartsNextSavesStayQuick()
    {
        // Tracked, the 14,138 units made each later save of a first start look through them all: the roles alone took 3.8 s.
        Assert.Equal(14138, fixture.FirstImport.UnitsAdded);
        Assert.Equal(0, fixture.UnitsTrackedAfterImport);
    }

    [Fact]
    public async Task Import_CommuneTypesAfterReform_Are2621Xa687Phuong13DacKhu()
    {
        await using var db = fixture.Database.Context();
        var types = await db.OrgUnits.ValidOn(After).Where(u => u.Level == OrgUnitLevel.Commune)
            .GroupBy(u => u.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        Assert.Equal(2621, types["Xã"]);
        Assert.Equal(687, types["Phường"]);
        Assert.Equal(13, types["Đặc khu"]);
    }

    [Fact]
    public async Task Lineage_EveryNewCommune_HasAPredecessor_AndEveryOldCommune_ASuccessor()
    {
        await using var db = fixture.Database.Context();
        var newWithout = await db.OrgUnits.ValidOn(After)
            .Where(u => u.Level == OrgUnitLevel.Commune && u.IsOfficial)
            .CountAsync(u => !db.OrgUnitLineages.Any(l => l.SuccessorId == u.Id));
        var oldWithout = await db.OrgUnits.ValidOn(Before)
            .Where(u => u.Level == OrgUnitLevel.Commune)
            .CountAsync(u => !db.OrgUnitLineages.Any(l => l.PredecessorId == u.Id));
        Assert.Equal(0, newWithout);
        Assert.Equal(0, oldWithout);
    }

    [Fact]
    public async Task Lineage_PartialEdges_ComeOnlyFromSplitUnits()
    {
        await using var db = fixture.Database.Context();
        var edges = await db.OrgUnitLineages.Select(l => new { l.PredecessorId, l.MergeType }).ToListAsync();
        var mismatched = edges.GroupBy(e => e.PredecessorId)
            .Count(g => g.Count() > 1 != g.All(e => e.MergeType == MergeType.Partial));
        Assert.Equal(0, mismatched);
        Assert.Equal(976, edges.Count(e => e.MergeType == MergeType.Partial));
    }

    [Fact]
    public async Task Lineage_NewBaDinh_FormedFromTrucBachQuanThanhWhole_AndEightPartial()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var baDinh = await queries.FindAsync("00004", After);
        Assert.NotNull(baDinh);
        Assert.Equal("Phường Ba Đình", baDinh.FullName);

        var lineage = await queries.LineageAsync(baDinh.Id);
        Assert.Equal(["Phường Quán Thánh", "Phường Trúc Bạch"], lineage.Predecessors.Where(p => p.MergeType == "full").Select(p => p.Name).Order());
        Assert.Equal(8, lineage.Predecessors.Count(p => p.MergeType == "partial"));
        Assert.All(lineage.Predecessors, p => Assert.Equal(After, p.Effective));
    }

    [Fact]
    public async Task Lineage_BinhPhuocAndOldDongNai_BecomeNewDongNai()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var newDongNai = await queries.FindAsync("75", After);
        Assert.NotNull(newDongNai);
        var lineage = await queries.LineageAsync(newDongNai.Id);
        Assert.Equal(["Tỉnh Bình Phước", "Tỉnh Đồng Nai"], lineage.Predecessors.Select(p => p.Name).Order());

        var binhPhuoc = await queries.FindAsync("70", Before);
        Assert.NotNull(binhPhuoc);
        Assert.Null(await queries.FindAsync("70", After));
        var successors = (await queries.LineageAsync(binhPhuoc.Id)).Successors;
        Assert.Equal("75", Assert.Single(successors).Code);
    }

    [Fact]
    public async Task ReusedCode_00004_IsTrucBachBeforeAndBaDinhAfter()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var before = await queries.GetAsync("00004", Before);
        var after = await queries.GetAsync("00004", After);
        Assert.Equal("Phường Trúc Bạch", before!.Unit.FullName);
        Assert.Equal(["01", "001"], before.Parents.Select(p => p.Code));
        Assert.Equal("Phường Ba Đình", after!.Unit.FullName);
        Assert.Equal(["01"], after.Parents.Select(p => p.Code));
    }

    [Fact]
    public async Task Tree_HaNoi_HasDistrictsBeforeReform_AndCommunesAfter()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var haNoi = (await queries.FindAsync("01", Before))!;
        Assert.Equal(haNoi.Id, (await queries.FindAsync("01", After))!.Id);

        var before = await queries.ListAsync(new OrgUnitFilter(Before, ParentId: haNoi.Id, PageSize: 1000));
        var after = await queries.ListAsync(new OrgUnitFilter(After, ParentId: haNoi.Id, PageSize: 1000));
        Assert.Equal(30, before.Total);
        Assert.All(before.Items, u => Assert.Equal(OrgUnitLevel.District, u.Level));
        Assert.Equal(126, after.Total);
        Assert.All(after.Items, u => Assert.Equal(OrgUnitLevel.Commune, u.Level));
        Assert.All(after.Items, u => Assert.Equal("01", u.ParentCode));
        Assert.All(after.Items, u => Assert.Equal("Thành phố Hà Nội", u.ParentName));
    }

    [Fact]
    public async Task Tree_ProvincesKeptByTheReform_StayOneUnit()
    {
        await using var db = fixture.Database.Context();
        var kept = await db.OrgUnits.CountAsync(u => u.Level == OrgUnitLevel.Province && u.ValidFrom == null && u.ValidTo == null);
        Assert.Equal(11, kept);
        var langSon = await db.OrgUnits.SingleAsync(u => u.Code == "20" && u.Level == OrgUnitLevel.Province);
        Assert.Null(langSon.ValidTo);
    }

    [Fact]
    public async Task Boundaries_OnePerNewProvinceAndCommune()
    {
        await using var db = fixture.Database.Context();
        var withBoundary = await db.OrgUnits.ValidOn(After)
            .Where(u => u.IsOfficial && db.OrgUnitBoundaries.Any(b => b.OrgUnitId == u.Id))
            .CountAsync();
        Assert.Equal(34 + 3321, withBoundary);
        var sample = await db.OrgUnitBoundaries.Select(b => b.GeoJson).FirstAsync();
        Assert.Contains("MultiPolygon", sample, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SecondRun_AddsNothing()
    {
        Assert.Equal(14138, fixture.FirstImport.UnitsAdded);
        await using var db = fixture.Database.Context();
        var second = await new OfficialUnitImporter(db).ImportAsync();
        Assert.False(second.ChangedAnything);
        Assert.Equal(14138, await db.OrgUnits.CountAsync(u => u.IsOfficial));
    }

    [Theory]
    [InlineData("lang son")]
    [InlineData("LẠNG SƠN")]
    [InlineData("Lạng Sơn")]
    [InlineData("  lạng   sơn ")]
    public async Task Search_IgnoresCaseDiacriticsAndSpacing(string query)
    {
        await using var db = fixture.Database.Context();
        var result = await new OrgUnitQueries(db).ListAsync(new OrgUnitFilter(After, OrgUnitLevel.Province, Query: query));
        Assert.Equal("20", Assert.Single(result.Items).Code);
    }

    [Fact]
    public async Task Search_NfdInput_FindsTheSameUnitAsNfc()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var nfd = "Phường Ba Đình".Normalize(System.Text.NormalizationForm.FormD);
        var fromNfd = await queries.ListAsync(new OrgUnitFilter(After, OrgUnitLevel.Commune, Query: nfd));
        var fromAscii = await queries.ListAsync(new OrgUnitFilter(After, OrgUnitLevel.Commune, Query: "phuong ba dinh"));
        Assert.Contains(fromNfd.Items, u => u.Code == "00004");
        Assert.Equal(fromAscii.Items.Select(u => u.Code), fromNfd.Items.Select(u => u.Code));
    }

    [Fact]
    public async Task Search_ByCode_FindsTheUnit()
    {
        await using var db = fixture.Database.Context();
        var result = await new OrgUnitQueries(db).ListAsync(new OrgUnitFilter(Before, Query: "00004"));
        Assert.Contains(result.Items, u => u.FullName == "Phường Trúc Bạch");
    }

    [Fact]
    public async Task Search_WithinAScope_ReturnsOnlyThatSubtree()
    {
        await using var db = fixture.Database.Context();
        var queries = new OrgUnitQueries(db);
        var langSon = (await queries.FindAsync("20", After))!;
        var subtree = await queries.SubtreeIdsAsync(langSon.Id, After);
        var inScope = await queries.ListAsync(new OrgUnitFilter(After, OrgUnitLevel.Commune, Within: subtree, PageSize: 1000));
        Assert.Equal(65, inScope.Total);
        Assert.All(inScope.Items, u => Assert.Equal("20", u.ParentCode));
    }
}
