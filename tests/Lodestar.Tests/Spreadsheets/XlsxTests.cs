using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Lodestar.Spreadsheets;

namespace Lodestar.Tests.Spreadsheets;

public sealed class XlsxTests
{
    [Fact]
    public void Written_Workbook_ReadsBackWithTextNumbersAndDates()
    {
        var sheet = new XlsxSheet("Chỉ tiêu", [new("Mã"), new("Tên"), new("Giá trị", XlsxKind.Number), new("Ngày", XlsxKind.Date)])
            .Add("LS-01", "Tỷ lệ dịch vụ công trực tuyến", 1234.5, new DateOnly(2025, 12, 31))
            .Add("LS-02", "<b>Trường học</b>", null, null);

        var bytes = XlsxWriter.Write(sheet);
        var read = XlsxReader.Read(new MemoryStream(bytes));

        Assert.True(read.Succeeded);
        var content = Assert.Single(read.Value!);
        Assert.Equal("Chỉ tiêu", content.Name);
        Assert.Equal(["Mã", "Tên", "Giá trị", "Ngày"], content.Rows[0].Cells);
        Assert.Equal(2, content.Rows[1].Number);
        Assert.Equal("Tỷ lệ dịch vụ công trực tuyến", content.Rows[1][1]);
        Assert.Equal("1234.5", content.Rows[1][2]);
        Assert.True(XlsxReader.TryDate(content.Rows[1][3], out var date));
        Assert.Equal(new DateOnly(2025, 12, 31), date);
        Assert.Equal("<b>Trường học</b>", content.Rows[2][1]);
        Assert.Null(content.Rows[2][2]);
    }

    [Fact]
    public void Written_Workbook_IsValidOfficeOpenXml()
    {
        var bytes = XlsxWriter.Write(
            new XlsxSheet("Một", [new("Số", XlsxKind.WholeNumber), new("Ngày", XlsxKind.Date)]).Add(12, new DateOnly(2026, 1, 1)),
            new XlsxSheet("Hai", [new("Chữ")]).Add("ệ ờ đ"));
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Read_RefusesAFileThatIsNotAWorkbook()
    {
        var csv = "code,value\nLS-01,12"u8.ToArray();
        var read = XlsxReader.Read(new MemoryStream(csv));
        var problem = Assert.Single(read.Problems);
        Assert.Contains("không phải là bảng tính Excel", problem.Message.Vi, StringComparison.Ordinal);
        Assert.Contains("not a valid Excel", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesAZipThatIsNotAWorkbook()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("hello.txt").Open());
            entry.Write("hello");
        }

        Assert.False(XlsxReader.Read(new MemoryStream(zip.ToArray())).Succeeded);
    }

    [Fact]
    public void Read_RefusesAFileOverTheSizeLimit()
    {
        var bytes = XlsxWriter.Write(new XlsxSheet("A", [new("x")]).Add("y"));
        var read = XlsxReader.Read(new MemoryStream(bytes), maxBytes: bytes.Length - 1);
        Assert.Contains("giới hạn", Assert.Single(read.Problems).Message.Vi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void ColumnNames_RoundTrip(int index, string name)
    {
        Assert.Equal(name, XlsxWriter.ColumnName(index));
        Assert.Equal(index, XlsxReader.ColumnIndex(name + "12"));
    }

    [Fact]
    public void SheetNames_AreMadeSafeForExcel()
    {
        Assert.Equal("Quý 3-2025", new XlsxSheet("Quý 3/2025", [new("x")]).Name);
        Assert.Equal(31, new XlsxSheet(new string('x', 40), [new("x")]).Name.Length);
    }
}
