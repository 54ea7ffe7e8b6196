using System.IO.Compression;
using System.Text;
using Lodestar.Spreadsheets;
using Lodestar.Web.Publishing;

namespace Lodestar.Web.Tests.Publishing;

/// <summary>
/// A name typed as a formula (=HYPERLINK(...), +cmd, -2+3, @SUM) never runs when an open-data CSV or an .xlsx export is
/// opened in a spreadsheet: CSV text gets a leading apostrophe, .xlsx text is an inline string cell, never a formula.
/// </summary>
public sealed class FormulaInjectionTests
{
    private static readonly string[] Dangerous = ["=HYPERLINK(\"http://x.example\",\"Xem\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "\rCR"];

    [Fact]
    public void OpenDataCsv_WritesFormulaLikeTextAsText_AndKeepsNegativeNumbers()
    {
        var rows = Dangerous.Select(name => new object?[] { name, -12.5 }).Append(["Xã Hoàng Văn Thụ", 3.0]).ToList();
        var dataset = new Dataset("kiem-thu", "Kiểm thử", "Test", "", "", "", null,
            [new DatasetColumn("name", "string", "Tên", "Name"), new DatasetColumn("value", "number", "Giá trị", "Value")], rows);

        var csv = Encoding.UTF8.GetString(PublicDatasets.Csv(dataset, bom: false));
        var cells = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.StartsWith('"') ? line[1..line.LastIndexOf('"')].Replace("\"\"", "\"", StringComparison.Ordinal) : line[..line.LastIndexOf(',')])
            .ToList();

        Assert.Contains("'=HYPERLINK(\"http://x.example\",\"Xem\")", cells);
        Assert.Contains("'-2+3", cells);
        Assert.Contains("'@SUM(A1:A2)", cells);
        Assert.Contains("Xã Hoàng Văn Thụ", cells);
        Assert.Contains(",-12.5\r\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(csv.Split("\r\n"), line => line.Length > 0 && line[0] is '=' or '+' or '-' or '@');
    }

    [Fact]
    public void Xlsx_WritesFormulaLikeTextAsInlineStrings_NeverAsFormulas()
    {
        var sheet = new XlsxSheet("Kiểm thử", [new XlsxColumn("Tên"), new XlsxColumn("Giá trị", XlsxKind.Number)]);
        foreach (var name in Dangerous)
        {
            sheet.Add(name, -1.5);
        }

        using var zip = new ZipArchive(new MemoryStream(XlsxWriter.Write(sheet)));
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Open());
        var xml = reader.ReadToEnd();

        Assert.DoesNotContain("<x:f>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK(", xml, StringComparison.Ordinal);
        var inlineStrings = xml.Split("t=\"inlineStr\"").Length - 1;
        Assert.Equal(2 + Dangerous.Length, inlineStrings); // the two headers and every name
    }
}
