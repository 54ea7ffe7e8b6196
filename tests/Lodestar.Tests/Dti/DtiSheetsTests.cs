using Lodestar.Demo;
using Lodestar.Dti;
using Lodestar.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Dti;

/// <summary>Framework workbooks in the published layout: what is exported reads back the same; bad rows are named.</summary>
[Collection(OfficialDataGroup.Name)]
public sealed class DtiSheetsTests(OfficialDataFixture data)
{
    [Fact]
    public async Task CommuneFramework_ExportsInThePublishedLayout_AndReadsBackTheSame()
    {
        await using var db = data.Database.Context();
        var f = await db.DtiFrameworks.Include(x => x.Nodes).SingleAsync(x => x.Code == DtiDemo.Communes);
        using var stream = new MemoryStream(XlsxWriter.Write(DtiSheets.Export(f)));
        var sheet = Assert.Single(XlsxReader.Read(stream).Value!);
        Assert.Equal(["STT", "Chỉ số", "Điểm tối đa", "Cách tính điểm", "Tài liệu kiểm chứng", "Nguồn dữ liệu", "Đơn vị xác minh"], sheet.Rows[0].Cells.Take(7));

        var parsed = DtiSheets.Parse(sheet);
        Assert.True(parsed.Problems.Count == 0, string.Join("; ", parsed.Problems.Select(p => p.Message.En)));
        var back = parsed.Value!;
        Assert.Equal(f.Nodes.Count, back.Count);
        var original = DtiQueries.Model(f);
        var model = new FrameworkModel([.. back.Select(n => n.ToModel())]);
        Assert.Equal(original.TotalMax, model.TotalMax);
        Assert.Equal("4=20;3=15;2=10;1=5", back.Single(n => n.Code == "1.2").RuleParameters);
        Assert.Equal("1", back.Single(n => n.Code == "1.2").ParentCode);
        Assert.Equal("I", back.Single(n => n.Code == "1").ParentCode);
    }

    /// <summary>A refused upload names the form's problems and the sheet's together, and changes nothing.</summary>
    [Fact]
    public async Task RefusedUpload_NamesEveryProblem_AndChangesNothing()
    {
        await using var db = data.Database.Context();
        var f = await db.DtiFrameworks.Include(x => x.Nodes).AsNoTracking().SingleAsync(x => x.Code == DtiDemo.Communes);
        var sheet = DtiSheets.Export(f);
        var bad = new XlsxSheet(sheet.Name, [.. DtiSheets.Headers.Select(h => new XlsxColumn(h))]);
        bad.Add("I", "Nhóm", 1, null, null, null, null, null, null);
        bad.Add("1", "Chỉ số", "sáu mươi", null, null, null, null, null, null);
        var before = await db.DtiFrameworks.AsNoTracking().Select(x => new { x.Code, x.LastYear }).ToListAsync();

        var outcome = await new DtiFrameworkImport(db).ImportAsync(
            new FrameworkUpload(DtiDemo.Communes, "Bản mới", f.Level, f.ProvinceId, 2031, null, DerivationRule.Mean, null), new MemoryStream(XlsxWriter.Write(bad)));

        Assert.Equal(["code", "rows[3].max"], outcome.Problems.Select(p => p.Field));
        Assert.StartsWith($"Trang '{sheet.Name}', Dòng 3: điểm tối đa", outcome.Problems[1].Message.Vi, StringComparison.Ordinal);
        Assert.Equal(before, await db.DtiFrameworks.AsNoTracking().Select(x => new { x.Code, x.LastYear }).ToListAsync());
    }

    /// <summary>The national frameworks' own exports read back (group "P922.I", main index "P922.1", no components).</summary>
    [Theory]
    [InlineData("P922", 2, 9, 1000)]
    [InlineData("P405", 2, 8, 8)]
    public async Task NationalFramework_ExportReadsBackTheSameTree(string code, int groups, int mains, double max)
    {
        await using var db = data.Database.Context();
        var f = await db.DtiFrameworks.Include(x => x.Nodes).SingleAsync(x => x.Code == code);
        using var stream = new MemoryStream(XlsxWriter.Write(DtiSheets.Export(f)));
        var parsed = DtiSheets.Parse(Assert.Single(XlsxReader.Read(stream).Value!));
        Assert.True(parsed.Problems.Count == 0, string.Join("; ", parsed.Problems.Select(p => p.Message.En)));
        Assert.Equal(f.Nodes.OrderBy(n => n.SortOrder).Select(n => (n.Code, n.ParentCode, n.Kind)), parsed.Value!.Select(n => (n.Code, n.ParentCode, n.Kind)));
        Assert.Equal((groups, mains), (parsed.Value!.Count(n => n.Kind == NodeKind.Group), parsed.Value!.Count(n => n.Kind == NodeKind.Main)));
        Assert.Equal(max, new FrameworkModel([.. parsed.Value!.Select(n => n.ToModel())]).TotalMax);
    }

    /// <summary>
    /// Every problem at once, keyed by the row Excel shows and the field: a word for a maximum (row 3), a parent whose
    /// maximum is not its children's sum (row 4: 50, but 2.1 and 2.2 give 40), bad parameters (5), a parent missing (6), a
    /// component without a rule (7), and on row 8 both a missing name and an unknown rule. Group I is not checked against
    /// its children: one of them has no maximum, named on its own row.
    /// </summary>
    [Fact]
    public void BadRows_AreAllNamed_ByRowAndField()
    {
        var sheet = new XlsxSheetContent("x", [
            new XlsxRow(1, DtiSheets.Headers),
            new XlsxRow(2, ["I", "Nhóm", "100"]),
            new XlsxRow(3, ["1", "Nhận thức số", "mười"]),
            new XlsxRow(4, ["2", "Thể chế số", "50"]),
            new XlsxRow(5, ["2.1", "Kế hoạch", "20", null, null, null, null, "Tiered", "bốn=20"]),
            new XlsxRow(6, ["3.1", "Mồ côi", "20", null, null, null, null, "Ratio", null]),
            new XlsxRow(7, ["2.2", "Không quy tắc", "20"]),
            new XlsxRow(8, ["1.1", null, "10", null, null, null, null, "Bậc", null]),
        ]);
        var result = DtiSheets.Parse(sheet);
        Assert.Equal(["rows[3].max", "rows[5].parameters", "rows[6].stt", "rows[7].rule", "rows[8].name", "rows[8].rule", "rows[4].max"],
            result.Problems.Select(p => p.Field));
        Assert.All(result.Problems, p => Assert.StartsWith(p.Field.Replace("rows[", "Dòng ", StringComparison.Ordinal).Split(']')[0] + ":", p.Message.Vi, StringComparison.Ordinal));
        Assert.Contains("điểm tối đa của '2' là 50 nhưng tổng điểm tối đa của 2 chỉ số con là 40", result.Problems[^1].Message.Vi, StringComparison.Ordinal);
        Assert.Contains("bậc ghi 'mức tối thiểu=điểm;…'", result.Problems[1].Message.Vi, StringComparison.Ordinal);
        Assert.DoesNotContain("tiered", result.Problems[1].Message.Vi, StringComparison.Ordinal);
    }
}
