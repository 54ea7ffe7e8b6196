using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Spreadsheets;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Reporting;

/// <summary>
/// The Excel round trip (download the template, fill it with the OpenXml library, upload) and a corpus of bad files,
/// generated here: each gives its named error and saves nothing.
/// </summary>
public sealed class ReportSheetsTests : DatabaseTest
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    private LodestarDbContext Db() => Database.Context(new NamedActor("canbo.x1"), _clock);

    private async Task<byte[]> TemplateAsync()
    {
        await using var db = Db();
        if (!await db.ReportForms.AnyAsync())
        {
            await ReportingArrange.FormAsync(db);
            await new DataValueService(db, new OrgUnitQueries(db)).SaveAsync([new("HH_TOTAL", "20.X1", "2026Q1", "1180", null)], ReportingArrange.Anywhere, mayApprove: true);
        }

        var service = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
        var form = (await service.FormAsync(ReportingArrange.Form))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
        return ReportSheets.Write([(await service.OpenAsync(form, unit, Period.Parse("2026Q2")))!]);
    }

    private async Task<Lodestar.Common.Outcome<ReportImportResult>> UploadAsync(byte[] file)
    {
        var parsed = ReportSheets.Parse(new MemoryStream(file));
        if (!parsed.Succeeded)
        {
            return Lodestar.Common.Outcome<ReportImportResult>.Fail(parsed.Problems);
        }

        await using var db = Db();
        var sheets = new ReportSheets(db, new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock), new OrgUnitQueries(db));
        return await sheets.ImportAsync(parsed.Value!, (ReportingArrange.Form, "20.X1", "2026Q2"), ReportingArrange.Anywhere);
    }

    /// <summary>Edits cells of the sheet BaoCao: reference → value (a string, a number, or a formula starting with '=').</summary>
    private static byte[] Edit(byte[] file, Action<WorksheetPart>? more = null, params (string Cell, object Value)[] cells)
    {
        var stream = new MemoryStream();
        stream.Write(file);
        using (var doc = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var wb = doc.WorkbookPart!;
            var sheet = wb.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == ReportSheets.SheetName);
            var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
            foreach (var (reference, value) in cells)
            {
                var cell = part.Worksheet.Descendants<Cell>().First(c => c.CellReference == reference);
                cell.RemoveAllChildren();
                cell.DataType = null;
                switch (value)
                {
                    case string s when s.StartsWith('='):
                        cell.CellFormula = new CellFormula(s[1..]);
                        cell.CellValue = new CellValue("2");
                        break;
                    case string s:
                        cell.DataType = CellValues.InlineString;
                        cell.InlineString = new InlineString(new Text(s));
                        break;
                    default:
                        cell.CellValue = new CellValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            more?.Invoke(part);
            part.Worksheet.Save();
        }

        return stream.ToArray();
    }

    private async Task AssertNothingSavedAsync()
    {
        await using var db = Db();
        Assert.Equal(0, await db.Reports.CountAsync(r => r.Period == "2026Q2"));
        Assert.Equal(1, await db.DataValues.CountAsync()); // only the arranged 2026Q1 value (a draft of that quarter's report)
    }

    [Fact]
    public async Task Template_HasLockedKeysValidatedValuesAndLastPeriod()
    {
        var file = await TemplateAsync();
        using var doc = SpreadsheetDocument.Open(new MemoryStream(file), false);
        var part = doc.WorkbookPart!.WorksheetParts.First();
        Assert.NotNull(part.Worksheet.Elements<SheetProtection>().SingleOrDefault());
        var validations = part.Worksheet.Elements<DataValidations>().Single().Elements<DataValidation>().ToList();
        Assert.Equal(3, validations.Count);
        Assert.Contains(validations, v => v.SequenceOfReferences!.InnerText == "H4" && v.Formula2!.Text == "100");

        var sheet = XlsxReader.Read(new MemoryStream(file)).Value!.Single(s => s.Name == "BaoCao");
        Assert.Equal(["CDS-XA", "20.X1", "2026Q2", "HH_TOTAL", "Số hộ gia đình", "hộ", "1180"], sheet.Rows[1].Cells.Take(7));
    }

    [Fact]
    public async Task Upload_AsksWhetherTheWriterMayWriteOncePerReport()
    {
        var parsed = ReportSheets.Parse(new MemoryStream(Edit(await TemplateAsync(), null, ("H2", 1200), ("H3", 930.5))));
        var asked = 0;
        await using var db = Db();
        var sheets = new ReportSheets(db, new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock), new OrgUnitQueries(db));

        var result = await sheets.ImportAsync(parsed.Value!, null, (_, _, _) => Task.FromResult(++asked > 0));

        Assert.True(result.Succeeded, string.Join("\n", result.Problems.Select(p => p.Message.Vi)));
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task RoundTrip_FilledWorkbook_SavesTheDraftWithComments()
    {
        var file = Edit(await TemplateAsync(), null, ("H2", 1200), ("H3", 930.5), ("I3", "Số liệu từ VNPT"), ("H4", 87.5));

        var result = await UploadAsync(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems.Select(p => p.Message.Vi)));
        Assert.Equal((1, 3), (result.Value!.Reports, result.Value.Values));
        await using var db = Db();
        var stored = await db.DataValues.Where(v => v.Period == "2026Q2").OrderBy(v => v.Value).Select(v => new { v.Value, v.Comment, v.Approved }).ToListAsync();
        Assert.Equal([87.5, 930.5, 1200], stored.Select(v => v.Value));
        Assert.Equal("Số liệu từ VNPT", stored[1].Comment);
        Assert.All(stored, v => Assert.False(v.Approved));
        Assert.Equal(ReportStatus.Draft, (await db.Reports.SingleAsync(r => r.Period == "2026Q2")).Status);
    }

    public static TheoryData<string> BadFiles => ["not-xlsx", "renamed-csv", "wrong-sheet", "moved-columns", "merged-cells", "text-in-number", "formula", "huge", "html-comment", "out-of-range", "other-unit", "rule-broken"];

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task BadFile_GivesItsNamedErrorAndSavesNothing(string kind)
    {
        var template = await TemplateAsync();
        var (file, field, words) = kind switch
        {
            "not-xlsx" => (Encoding.UTF8.GetBytes("Xin chào, đây không phải bảng tính"), "file", "không phải là bảng tính Excel"),
            "renamed-csv" => (Encoding.UTF8.GetBytes("Mã biểu mẫu,Mã đơn vị,Kỳ\nCDS-XA,20.X1,2026Q2\n"), "file", "không phải là bảng tính Excel"),
            "wrong-sheet" => (XlsxWriter.Write(new XlsxSheet("Sheet1", [new("A")]).Add("x")), "file", "Không có trang tính 'BaoCao'"),
            "moved-columns" => (Edit(template, null, ("D1", "Giá trị"), ("H1", "Mã chỉ tiêu")), "BaoCao!D1", "tiêu đề phải là 'Mã chỉ tiêu'"),
            "merged-cells" => (Edit(template, p => p.Worksheet.InsertAfter(new MergeCells(new MergeCell { Reference = "H2:H3" }), p.Worksheet.Elements<AutoFilter>().First()), ("H2", 5)), "BaoCao!H2:H3", "bị gộp"),
            "text-in-number" => (Edit(template, null, ("H3", "chín trăm")), "BaoCao!H3", "'chín trăm' không phải là số"),
            "formula" => (Edit(template, null, ("H2", "=1+1")), "BaoCao!H2", "công thức"),
            "huge" => (RandomBytes(6 * 1024 * 1024), "file", "lớn hơn giới hạn"),
            "html-comment" => (Edit(template, null, ("H2", 1200), ("I2", "<script>alert('x')</script>")), "BaoCao!I2", "HTML"),
            "out-of-range" => (Edit(template, null, ("H2", 1200), ("H4", 140)), "BaoCao!H4", "nằm ngoài khoảng"),
            "other-unit" => (Edit(template, null, ("H2", 1200), ("B3", "20.X9")), "BaoCao!B3", "chỉ dành cho báo cáo"),
            "rule-broken" => (Edit(template, null, ("H2", -5)), "BaoCao!H2", "nằm ngoài khoảng"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var result = await UploadAsync(file);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems, p => p.Field == field);
        Assert.Contains(words, problem.Message.Vi, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message.En));
        if (field.StartsWith("BaoCao!", StringComparison.Ordinal))
        {
            Assert.Contains("Trang tính 'BaoCao', dòng ", problem.Message.Vi, StringComparison.Ordinal);
            Assert.Contains("Sheet 'BaoCao', row ", problem.Message.En, StringComparison.Ordinal);
        }

        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task ADecimalForACount_IsNamedByItsCellAndSavesNothing()
    {
        var template = await TemplateAsync();
        await using (var db = Db())
        {
            await db.DataElements.Where(e => e.Code == "HH_TOTAL").ExecuteUpdateAsync(s => s.SetProperty(e => e.WholeNumbers, true));
        }

        var result = await UploadAsync(Edit(template, null, ("H2", 1200.5)));

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems, p => p.Field == "BaoCao!H2");
        Assert.Contains("1.200,5 không phải số nguyên; chỉ tiêu này đếm hộ nên chỉ nhận số nguyên.", problem.Message.Vi, StringComparison.Ordinal);
        Assert.Contains("Trang tính 'BaoCao', dòng 2", problem.Message.Vi, StringComparison.Ordinal);
        await AssertNothingSavedAsync();
    }

    [Fact]
    public async Task NfdHeadersAndComments_AreReadAsNfc()
    {
        // A file written on a Mac often carries decomposed Vietnamese (NFD): it is the same text and is accepted, stored as NFC.
        var nfdComment = "Số liệu của thôn Nà Tèo".Normalize(NormalizationForm.FormD);
        var file = Edit(await TemplateAsync(), null, ("H1", "Giá trị".Normalize(NormalizationForm.FormD)), ("H2", 1200), ("I2", nfdComment));

        var result = await UploadAsync(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems.Select(p => p.Message.Vi)));
        await using var db = Db();
        Assert.Equal("Số liệu của thôn Nà Tèo".Normalize(NormalizationForm.FormC), await db.DataValues.Where(v => v.Period == "2026Q2").Select(v => v.Comment).SingleAsync());
    }

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
