using Lodestar.OrgUnits;
using Lodestar.Reorganisations;
using Lodestar.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Reorganisations;

/// <summary>
/// Issue 17, item 5: a reorganisation uploaded as .xlsx. The reader refuses what is not the template (a broken file, a column
/// out of place, words in a share) naming sheet, row and column; the plan's problems are named by row the same way; a file
/// with any problem changes nothing, and a good one records the same changes the form and the API would.
/// </summary>
public sealed class ReorganisationSheetTests : DatabaseTest
{
    private static readonly DateOnly Day = new(2026, 1, 1);

    private async Task MapAsync()
    {
        await using var db = Database.Context();
        var start = new DateOnly(2025, 7, 1);
        var province = await db.AddUnitAsync("92", OrgUnitLevel.Province, from: start, fullName: "Tỉnh Thử");
        var commune = await db.AddUnitAsync("92001", OrgUnitLevel.Commune, province, start, fullName: "Xã An Bình");
        foreach (var (code, name) in new[] { ("92001-T1", "Thôn Một"), ("92001-T2", "Thôn Hai"), ("92001-T3", "Thôn Ba") })
        {
            (await db.AddUnitAsync(code, OrgUnitLevel.Village, commune, start, fullName: name)).Type = "Thôn";
        }

        await db.SaveChangesAsync();
    }

    private static MemoryStream Sheet(IReadOnlyList<string>? headers = null, params object?[][] rows)
    {
        var sheet = new XlsxSheet("Thay doi", [.. (headers ?? ReorganisationSheet.Columns.Select(c => c.Vi).ToList()).Select(h => new XlsxColumn(h))]);
        foreach (var row in rows)
        {
            sheet.Add(row);
        }

        return new MemoryStream(XlsxWriter.Write(sheet));
    }

    private static readonly object?[] Merge = ["merge", "92001-T1, 92001-T2", "92001-T9", "Một Hai", "Thôn Một Hai", null, null, null, null, null];
    private static readonly object?[] SplitA = ["split", "92001-T3", "92001-T31", "Ba Đông", "Thôn Ba Đông", null, null, null, null, 60];
    private static readonly object?[] SplitB = ["split", "92001-T3", "92001-T32", "Ba Tây", "Thôn Ba Tây", null, null, null, null, "40%"];

    private async Task<Lodestar.Common.Outcome<ReorganisationResult>> ImportAsync(MemoryStream file, bool preview = false)
    {
        await using var db = Database.Context();
        return await new ReorganisationService(db).ImportAsync(file, Day, "Nghị quyết số 7/NQ-HĐND ngày 10/12/2025", AccountsChoice.Move, null, preview);
    }

    private async Task<int> UnitCountAsync()
    {
        await using var db = Database.Context();
        return await db.OrgUnits.CountAsync();
    }

    [Fact]
    public async Task Import_MergeAndSplitRows_RecordsOneChangePerDecision_WithEachPartsShare()
    {
        await MapAsync();

        var recorded = await ImportAsync(Sheet(null, Merge, SplitA, SplitB));

        Assert.True(recorded.Succeeded, string.Join("; ", recorded.Problems.Select(p => p.Message.En)));
        Assert.Equal([ChangeKind.Merge, ChangeKind.Split], recorded.Value!.Changes.Select(c => c.Kind));
        await using var db = Database.Context();
        var shares = await db.OrgUnitLineages.Where(l => l.Predecessor.Code == "92001-T3").OrderBy(l => l.Successor.Code)
            .Select(l => new { l.Successor.Code, l.Share }).ToListAsync();
        Assert.Equal([("92001-T31", 0.6), ("92001-T32", 0.4)], shares.Select(s => (s.Code, Math.Round(s.Share!.Value, 3))));
        var merged = await new OrgUnitQueries(db).GetAsync("92001-T9", Day);
        Assert.Equal("Thôn Một Hai", merged!.Unit.FullName);
    }

    [Fact]
    public void Read_BrokenFile_IsRefusedAsAFile()
    {
        var read = ReorganisationSheet.Read(new MemoryStream("kind,unit\nmerge,1"u8.ToArray()));

        var problem = Assert.Single(read.Problems);
        Assert.Equal("file", problem.Field);
    }

    [Fact]
    public void Read_ColumnsOutOfOrder_NamesTheHeaderCell()
    {
        var headers = ReorganisationSheet.Columns.Select(c => c.Vi).ToList();
        (headers[2], headers[3]) = (headers[3], headers[2]);

        var read = ReorganisationSheet.Read(Sheet(headers, Merge));

        Assert.Equal(2, read.Problems.Count);
        Assert.StartsWith("Trang 'Thay doi', dòng 1, cột C (Mã mới", read.Problems[0].Message.Vi, StringComparison.Ordinal);
        Assert.StartsWith("Sheet 'Thay doi', row 1, column D (Name)", read.Problems[1].Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextInTheShare_AndAnUnknownKind_NameTheirRowsAndColumns()
    {
        object?[] words = ["split", "92001-T3", "92001-T32", "Ba Tây", "Thôn Ba Tây", null, null, null, null, "bốn mươi"];
        object?[] unknown = ["gộp", "92001-T1", null, null, null, null, null, null, null, null];

        var read = ReorganisationSheet.Read(Sheet(null, SplitA, words, unknown));

        Assert.Equal(
            ["Trang 'Thay doi', dòng 3, cột J (Tỷ lệ phần chia tách (%)): tỷ lệ 'bốn mươi' không phải số (ví dụ 60 hoặc 33,5).",
                "Sheet 'Thay doi', row 4, column A (Kind (rename, retype, merge, split, move, create, dissolve)): change kind 'gộp' is not valid; use rename, retype, merge, split, move, create, dissolve, reshape."],
            [read.Problems[0].Message.Vi, read.Problems[1].Message.En]);
    }

    [Fact]
    public async Task Import_ABadRow_IsNamedBySheetRowAndField_AndNothingChanges()
    {
        await MapAsync();
        var before = await UnitCountAsync();
        object?[] missing = ["rename", "92001-T7", null, "Bảy", "Thôn Bảy", null, null, null, null, null];
        object?[] badPart = ["split", "92001-T3", "92001-T9", "Ba Tây", "Thôn Ba Tây", null, null, null, null, 40];

        var refused = await ImportAsync(Sheet(null, Merge, missing, SplitA, badPart));

        Assert.False(refused.Succeeded);
        var messages = refused.Problems.Select(p => p.Message.Vi).ToList();
        Assert.Contains(messages, m => m.StartsWith("Trang 'Thay doi', dòng 3, cột B (Mã đơn vị", StringComparison.Ordinal) && m.Contains("'92001-T7'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Trang 'Thay doi', dòng 5, cột C (Mã mới", StringComparison.Ordinal) && m.Contains("92001-T9", StringComparison.Ordinal));
        Assert.Equal(before, await UnitCountAsync());
        await using var db = Database.Context();
        Assert.Empty(await db.Reorganisations.ToListAsync());
    }

    [Fact]
    public async Task Import_ABoundaryColumn_GivesTheNewUnitItsShape_AndABadOneIsNamedByRowAndColumn()
    {
        await MapAsync();
        const string Shape = """{"type":"Polygon","coordinates":[[[106.6,21.9],[106.62,21.9],[106.62,21.92],[106.6,21.9]]]}""";
        object?[] partA = ["split", "92001-T3", "92001-T31", "Ba Đông", "Thôn Ba Đông", null, null, null, null, 60, Shape];
        object?[] renameWithShape = ["rename", "92001-T1", null, "Một", "Thôn Một", null, null, null, null, null, Shape];
        object?[] badShape = ["split", "92001-T3", "92001-T32", "Ba Tây", "Thôn Ba Tây", null, null, null, null, 40, """{"type":"LineString","coordinates":[[106,21],[106.1,21]]}"""];

        var refused = await ImportAsync(Sheet(null, renameWithShape, partA, badShape));
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Problems, p => p.Message.Vi.StartsWith("Trang 'Thay doi', dòng 2, cột K (Ranh giới", StringComparison.Ordinal));
        var planRefused = await ImportAsync(Sheet(null, partA, badShape));
        Assert.False(planRefused.Succeeded);
        Assert.Contains(planRefused.Problems, p => p.Message.Vi.StartsWith("Trang 'Thay doi', dòng 3, cột K (Ranh giới", StringComparison.Ordinal));

        var recorded = await ImportAsync(Sheet(null, partA, SplitB));
        Assert.True(recorded.Succeeded, string.Join("; ", recorded.Problems.Select(p => p.Message.En)));
        await using var db = Database.Context();
        var part = await db.OrgUnits.SingleAsync(u => u.Code == "92001-T31");
        var stored = await db.OrgUnitBoundaries.SingleAsync(b => b.OrgUnitId == part.Id);
        Assert.Contains("106.62", stored.GeoJson, StringComparison.Ordinal);
        var other = await db.OrgUnits.SingleAsync(u => u.Code == "92001-T32");
        Assert.False(await db.OrgUnitBoundaries.AnyAsync(b => b.OrgUnitId == other.Id));
    }

    [Fact]
    public async Task Import_AReshapeRow_ReplacesTheVillagesShapeFromTheDay_AndOneWithoutABoundaryIsNamedByRowAndColumn()
    {
        await MapAsync();
        const string Shape = """{"type":"Polygon","coordinates":[[[106.6,21.9],[106.62,21.9],[106.62,21.92],[106.6,21.9]]]}""";
        object?[] reshape = ["reshape", "92001-T2", null, null, null, null, null, null, null, null, Shape];
        object?[] noShape = ["reshape", "92001-T1", null, null, null, null, null, null, null, null, null];

        var refused = await ImportAsync(Sheet(null, reshape, noShape));
        Assert.False(refused.Succeeded);
        Assert.StartsWith("Trang 'Thay doi', dòng 3, cột K (Ranh giới", Assert.Single(refused.Problems).Message.Vi, StringComparison.Ordinal);

        var recorded = await ImportAsync(Sheet(null, reshape));
        Assert.True(recorded.Succeeded, string.Join("; ", recorded.Problems.Select(p => p.Message.En)));
        Assert.Contains(recorded.Value!.Consequences, c => c.What == "boundary-replaced" && c.Subject == "92001-T2");
        await using var db = Database.Context();
        var village = await db.OrgUnits.SingleAsync(u => u.Code == "92001-T2");
        Assert.Contains("106.62", (await db.OrgUnitBoundaries.SingleAsync(b => b.OrgUnitId == village.Id)).GeoJson, StringComparison.Ordinal);
        var past = await db.OrgUnitPastBoundaries.SingleAsync();
        Assert.Equal((village.Id, Day.AddDays(-1), (string?)null), (past.OrgUnitId, past.ValidTo, past.GeoJson));
    }

    [Theory]
    [InlineData("60", 60.0)]
    [InlineData("33,5", 33.5)]
    [InlineData("33.5", 33.5)]
    [InlineData("40%", 40.0)]
    [InlineData("0.6", 0.6)]
    public void TryShare_ReadsPercentagesWithEitherDecimalMark(string text, double expected)
    {
        Assert.True(ReorganisationSheet.TryShare(text, out var share));
        Assert.Equal(expected, share, 6);
    }

    [Theory]
    [InlineData(60.0, 40.0, 0.6, 0.4)] // percentages
    [InlineData(0.6, 0.4, 0.6, 0.4)] // a percentage-formatted cell holds the fraction
    [InlineData(0.5, 0.3, 0.005, 0.003)] // not summing to 1: percentages, which the plan then refuses
    public void AsFractions_TakesPercentagesUnlessTheyAreAlreadyFractionsOfOne(double a, double b, double expectedA, double expectedB)
    {
        var change = ReorganisationSheet.AsFractions(new ChangeInput(ChangeKind.Split, Unit: "X", Parts: [new("A", "A", "A", Share: a), new("B", "B", "B", Share: b)]));

        Assert.Equal([expectedA, expectedB], change.Parts!.Select(p => Math.Round(p.Share!.Value, 6)));
    }
}
