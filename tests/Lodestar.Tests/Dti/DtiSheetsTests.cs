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

    [Fact]
    public void BadRows_AreNamedOneByOne()
    {
        var sheet = new XlsxSheetContent("x", [
            new XlsxRow(1, DtiSheets.Headers),
            new XlsxRow(2, ["I", "Nhóm", "100"]),
            new XlsxRow(3, ["1", "Nhận thức số", "mười"]),
            new XlsxRow(4, ["2", "Thể chế số", "50"]),
            new XlsxRow(5, ["2.1", "Kế hoạch", "20", null, null, null, null, "Tiered", "bốn=20"]),
            new XlsxRow(6, ["3.1", "Mồ côi", "20", null, null, null, null, "Ratio", null]),
            new XlsxRow(7, ["2.2", "Không quy tắc", "20"]),
        ]);
        var result = DtiSheets.Parse(sheet);
        Assert.Equal(["Row 3", "Row 5", "Row 6", "Row 7"], result.Problems.Select(p => p.Message.En.Split(':')[0]));
    }
}
