using Lodestar.Dti;

namespace Lodestar.Tests.Dti;

/// <summary>How a published ranking is read (README, "Imported published results"): names and printed ranks.</summary>
public sealed class DtiPublishedImportTests
{
    [Theory]
    [InlineData("Tỉnh Bình Phước", "binh phuoc")]
    [InlineData("BÌNH PHƯỚC", "binh phuoc")]
    [InlineData("Thành phố Hồ Chí Minh", "ho chi minh")]
    [InlineData("TP. Hồ Chí Minh", "ho chi minh")]
    [InlineData("tp Hồ Chí Minh", "ho chi minh")]
    [InlineData("  Đắk   Lắk ", "dak lak")]
    [InlineData("Thành phố", "thanh pho")]
    [InlineData("Xã Tân Thành", "xa tan thanh")]
    public void NameKey_IgnoresDiacriticsCaseAndTheProvincePrefix(string name, string key) =>
        Assert.Equal(key, DtiPublishedImport.NameKey(name));

    [Theory]
    [InlineData("27", true, 27, null)]
    [InlineData("32–34", true, 32, 34)]
    [InlineData("32-34", true, 32, 34)]
    [InlineData(" 32 — 34 ", true, 32, 34)]
    [InlineData("", true, null, null)]
    [InlineData(null, true, null, null)]
    [InlineData("hai", false, null, null)]
    [InlineData("32–", false, 32, null)]
    [InlineData("-3", false, null, null)]
    public void TryRank_ReadsARankARangeOrNothing(string? text, bool ok, int? rank, int? rankTo)
    {
        Assert.Equal(ok, DtiPublishedImport.TryRank(text, out var r, out var to));
        Assert.Equal((rank, rankTo), (r, to));
    }

    [Fact]
    public async Task ReadTextAsync_ReadsPastedTabsAndCsv_AndNamesABadCellByRowAndField()
    {
        var pasted = await DtiPublishedImport.ReadTextAsync("Hạng\tTên\tĐiểm\tNguồn\n1\tHà Nội\t0,6512\tBáo cáo\n32–34\tĐà Nẵng\t\tBáo cáo\n");
        Assert.True(pasted.Succeeded);
        Assert.Equal([(2, "Hà Nội", (int?)1, (int?)null, (double?)0.6512), (3, "Đà Nẵng", 32, 34, null)],
            pasted.Value!.Select(e => (e.Row, e.Name, e.Rank, e.RankTo, e.Score)).ToList());

        var bad = await DtiPublishedImport.ReadTextAsync("rank,code,score,source\nmột,01,0.5,x\n");
        Assert.False(bad.Succeeded);
        Assert.Equal("results[2].rank", bad.Problems.Single().Field);
        Assert.StartsWith("Dòng 2, cột hạng:", bad.Problems.Single().Message.Vi, StringComparison.Ordinal);
    }

    /// <summary>
    /// The import page re-reads its own copy of the checked rows on confirm; the copy carries each row of the user's file,
    /// so a problem found then names the row the user sees (row 9 of the file), not the line of the copy (2).
    /// </summary>
    [Fact]
    public async Task ReadTextAsync_NamesTheRowOfTheUsersFile_WhenTheCopyCarriesIt()
    {
        var bad = await DtiPublishedImport.ReadTextAsync("row,rank,code,score,source\n9,một,01,0.5,x\n");
        Assert.Equal("results[9].rank", bad.Problems.Single().Field);
        Assert.StartsWith("Dòng 9, cột hạng:", bad.Problems.Single().Message.Vi, StringComparison.Ordinal);
    }
}
