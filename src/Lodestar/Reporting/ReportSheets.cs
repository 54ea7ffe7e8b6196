using System.Globalization;
using System.Text;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Spreadsheets;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>A value row read from an uploaded workbook, with its row number for naming errors.</summary>
public sealed record SheetRow(int Row, string Form, string Unit, string Period, string Element, string? Value, string? Comment);

public sealed record ReportImportResult(int Reports, int Values);

/// <summary>
/// The report workbook: one sheet "BaoCao", one row per value, key columns locked (A–G) and value and comment
/// columns open (H–I), each value cell with a decimal data validation from the element's bounds. The same layout
/// serves one unit's template, the DX office's bulk import for many units, and the export of a period.
/// An upload is checked cell by cell; every error names sheet, row, column and problem, and a file with any
/// error saves nothing.
/// </summary>
public sealed class ReportSheets(LodestarDbContext db, ReportingService reporting, OrgUnitQueries units)
{
    public const string SheetName = "BaoCao";

    public const long MaxBytes = 5 * 1024 * 1024;

    public static readonly string[] Headers =
        ["Mã biểu mẫu", "Mã đơn vị", "Kỳ", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kỳ trước", "Giá trị", "Ghi chú"];

    private static readonly string[] HeadersEn = ["Form code", "Unit code", "Period", "Element code", "Element", "Unit of measure", "Previous period", "Value", "Comment"];

    public const int ValueColumn = 7;

    public const int CommentColumn = 8;

    /// <summary>A template (or an export) for the given reports: the stored values and last period's value pre-filled.</summary>
    public static byte[] Write(IReadOnlyList<ReportView> views)
    {
        var sheet = new XlsxSheet(SheetName,
        [
            new(Headers[0], Width: 14), new(Headers[1], Width: 14), new(Headers[2], Width: 9), new(Headers[3], Width: 16),
            new(Headers[4], Width: 60), new(Headers[5], Width: 12), new(Headers[6], XlsxKind.Number, 12),
            new(Headers[7], XlsxKind.Number, 14, Unlocked: true), new(Headers[8], Width: 40, Unlocked: true),
        ])
        { Protected = true };
        var row = 2;
        foreach (var view in views)
        {
            foreach (var f in view.Fields)
            {
                sheet.Add(view.FormCode, view.UnitCode, view.Period.Code, f.Code, f.Name, f.Unit, f.Previous, f.Value, f.Comment);
                sheet.Validations.Add(new XlsxValidation(ValueColumn, row++, f.Min, f.Max, "Giá trị không hợp lệ / Invalid value",
                    $"Nhập một số từ {ReportValidator.Fmt(f.Min)} đến {ReportValidator.Fmt(f.Max)}. / Enter a number from {f.Min?.ToString(CultureInfo.InvariantCulture) ?? "…"} to {f.Max?.ToString(CultureInfo.InvariantCulture) ?? "…"}."));
            }
        }

        var help = new XlsxSheet("HuongDan", [new("Hướng dẫn / How to fill", Width: 110)]);
        help.Add("Chỉ nhập cột H (Giá trị) và I (Ghi chú); các cột khác bị khoá. Số nhập theo định dạng của Excel.");
        help.Add("Fill only column H (Value) and I (Comment); the other columns are locked.");
        help.Add("Không gộp ô, không dùng công thức, không đổi tên trang tính hay thứ tự cột. / No merged cells, no formulas, keep the sheet name and column order.");
        return XlsxWriter.Write(sheet, help);
    }

    /// <summary>Reads and checks every cell; the rows, or the errors naming sheet, row and column.</summary>
    public static Outcome<List<SheetRow>> Parse(Stream stream, long maxBytes = MaxBytes)
    {
        var read = XlsxReader.Read(stream, maxBytes);
        if (!read.Succeeded)
        {
            return Outcome<List<SheetRow>>.Fail(read.Problems);
        }

        var sheet = read.Value!.FirstOrDefault(s => Norm(s.Name) == SheetName);
        if (sheet is null)
        {
            return Outcome<List<SheetRow>>.Fail("file",
                $"Không có trang tính '{SheetName}' (thấy: {string.Join(", ", read.Value!.Select(s => s.Name))}). Hãy dùng mẫu tải từ Lodestar.",
                $"There is no sheet '{SheetName}' (found: {string.Join(", ", read.Value!.Select(s => s.Name))}). Use the template downloaded from Lodestar.");
        }

        var problems = new List<Problem>();
        void Bad(int row, int column, string vi, string en)
        {
            var cell = $"{XlsxWriter.ColumnName(column)}{row}";
            problems.Add(new Problem($"{SheetName}!{cell}", new Msg(
                $"Trang tính '{SheetName}', dòng {row}, cột {XlsxWriter.ColumnName(column)} ({Headers[column]}): {vi}",
                $"Sheet '{SheetName}', row {row}, column {XlsxWriter.ColumnName(column)} ({HeadersEn[column]}): {en}")));
        }

        foreach (var range in sheet.MergedRanges ?? [])
        {
            var row = new string([.. range.TakeWhile(c => c != ':').Where(char.IsAsciiDigit)]);
            problems.Add(new Problem($"{SheetName}!{range}", new Msg(
                $"Trang tính '{SheetName}', dòng {row}: các ô {range} bị gộp; hãy bỏ gộp ô.", $"Sheet '{SheetName}', row {row}: cells {range} are merged; unmerge them.")));
        }

        var header = sheet.Rows.Count > 0 ? sheet.Rows[0] : null;
        for (var c = 0; c < Headers.Length; c++)
        {
            var found = Norm(header?[c]);
            if (found != Headers[c])
            {
                Bad(header?.Number ?? 1, c, $"tiêu đề phải là '{Headers[c]}', thấy '{found}' (cột bị đổi chỗ?).",
                    $"the header must be '{Headers[c]}', found '{found}' (moved columns?).");
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<List<SheetRow>>.Fail(problems);
        }

        var rows = new List<SheetRow>();
        foreach (var r in sheet.Rows.Skip(1).Where(r => !r.IsEmpty))
        {
            for (var c = 0; c < Headers.Length; c++)
            {
                if (r.IsFormula(c))
                {
                    Bad(r.Number, c, "ô chứa công thức; hãy nhập giá trị.", "the cell holds a formula; enter the value itself.");
                }
            }

            for (var c = 0; c < 4; c++)
            {
                if (string.IsNullOrWhiteSpace(r[c]))
                {
                    Bad(r.Number, c, "ô trống.", "the cell is empty.");
                }
            }

            var value = Norm(r[ValueColumn]);
            if (value.Length > 0 && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)))
            {
                Bad(r.Number, ValueColumn, $"'{value}' không phải là số.", $"'{value}' is not a number.");
            }

            var comment = Norm(r[CommentColumn]);
            if (TextFold.LooksLikeMarkup(comment))
            {
                Bad(r.Number, CommentColumn, "ghi chú không được chứa mã HTML hoặc script.", "the comment must not contain HTML or script.");
            }
            else if (comment.Length > 2000)
            {
                Bad(r.Number, CommentColumn, "ghi chú dài quá 2.000 ký tự.", "the comment is longer than 2,000 characters.");
            }

            rows.Add(new SheetRow(r.Number, Norm(r[0]), Norm(r[1]), Norm(r[2]), Norm(r[3]), value.Length == 0 ? null : value, comment.Length == 0 ? null : comment));
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new Problem("file", new Msg($"Trang tính '{SheetName}' không có dòng giá trị nào.", $"Sheet '{SheetName}' has no value rows.")));
        }

        return problems.Count > 0 ? Outcome<List<SheetRow>>.Fail(problems) : Outcome<List<SheetRow>>.Ok(rows);
    }

    private static string Norm(string? text) => (text ?? string.Empty).Trim().Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Imports parsed rows as drafts of their reports (one report per form, unit and period), all or nothing.
    /// <paramref name="only"/> limits the file to one report (an officer's upload on the report page).
    /// </summary>
    public async Task<Outcome<ReportImportResult>> ImportAsync(
        IReadOnlyList<SheetRow> rows, (string Form, string Unit, string Period)? only,
        Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, CancellationToken ct = default)
    {
        // One connection for the whole import (thousands of small queries), not one per query.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await ImportOpenAsync(rows, only, mayWrite, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Outcome<ReportImportResult>> ImportOpenAsync(
        IReadOnlyList<SheetRow> rows, (string Form, string Unit, string Period)? only,
        Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, CancellationToken ct)
    {
        var problems = new List<Problem>();
        void Bad(int row, int column, string vi, string en) => problems.Add(new Problem($"{SheetName}!{XlsxWriter.ColumnName(column)}{row}", new Msg(
            $"Trang tính '{SheetName}', dòng {row}, cột {XlsxWriter.ColumnName(column)} ({Headers[column]}): {vi}",
            $"Sheet '{SheetName}', row {row}, column {XlsxWriter.ColumnName(column)} ({HeadersEn[column]}): {en}")));

        var groups = new List<(ReportForm Form, OrgUnit Unit, Period Period, List<SheetRow> Rows)>();
        var forms = new Dictionary<string, ReportForm?>(StringComparer.Ordinal);
        foreach (var g in rows.GroupBy(r => (r.Form, r.Unit, r.Period)))
        {
            var first = g.First();
            if (only is { } o && (o.Form, o.Unit, o.Period) != g.Key)
            {
                var col = o.Form != g.Key.Form ? 0 : o.Unit != g.Key.Unit ? 1 : 2;
                Bad(first.Row, col, $"tệp này chỉ dành cho báo cáo {o.Form} của {o.Unit} kỳ {o.Period}.", $"this file may only hold report {o.Form} of {o.Unit} for {o.Period}.");
                continue;
            }

            if (!forms.TryGetValue(g.Key.Form, out var form))
            {
                forms[g.Key.Form] = form = await reporting.FormAsync(g.Key.Form, ct);
            }

            if (form is null)
            {
                Bad(first.Row, 0, $"không có biểu mẫu '{g.Key.Form}'.", $"there is no form '{g.Key.Form}'.");
                continue;
            }

            if (!Period.TryParse(g.Key.Period, out var period) || period.Type != form.PeriodType)
            {
                Bad(first.Row, 2, $"kỳ '{g.Key.Period}' không hợp lệ cho biểu mẫu {form.Code}.", $"period '{g.Key.Period}' is not valid for form {form.Code}.");
                continue;
            }

            var unit = await units.FindAsync(g.Key.Unit, period.End, ct);
            if (unit is null)
            {
                Bad(first.Row, 1, $"không có đơn vị mã '{g.Key.Unit}' vào cuối kỳ {period.Code}.", $"no unit has code '{g.Key.Unit}' at the end of {period.Code}.");
                continue;
            }

            if (!await mayWrite(unit.Id, period.End, ct))
            {
                Bad(first.Row, 1, $"đơn vị {unit.Code} nằm ngoài phạm vi tài khoản của bạn.", $"unit {unit.Code} is outside your account's scope.");
                continue;
            }

            var codes = form.Items.Select(i => i.DataElement.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var r in g.Where(r => !codes.Contains(r.Element)))
            {
                Bad(r.Row, 3, $"biểu mẫu {form.Code} không có chỉ tiêu '{r.Element}'.", $"form {form.Code} has no element '{r.Element}'.");
            }

            foreach (var dup in g.GroupBy(r => r.Element).Where(d => d.Count() > 1))
            {
                Bad(dup.Skip(1).First().Row, 3, $"chỉ tiêu '{dup.Key}' xuất hiện nhiều lần.", $"element '{dup.Key}' appears more than once.");
            }

            groups.Add((form, unit, period, g.ToList()));
        }

        if (problems.Count > 0)
        {
            return Outcome<ReportImportResult>.Fail(problems);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = 0;
        foreach (var (form, unit, period, groupRows) in groups)
        {
            var current = await db.Reports.AsNoTracking().Where(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code)
                .Select(r => (int?)r.Version).SingleOrDefaultAsync(ct) ?? 0;
            var outcome = await reporting.SaveAsync(form, unit, period,
                groupRows.Select(r => new ReportEntry(r.Element, r.Value, r.Comment)).ToList(), current, submit: false, ct);
            if (!outcome.Succeeded)
            {
                foreach (var p in outcome.Problems)
                {
                    var row = groupRows.FirstOrDefault(r => p.Field == $"values[{r.Element}]")?.Row ?? groupRows[0].Row;
                    Bad(row, ValueColumn, p.Message.Vi, p.Message.En);
                }
            }
            else
            {
                saved += groupRows.Count(r => r.Value is not null);
            }

            // Saved (inside the transaction): forget the entities, or every later save would scan them all again.
            db.ChangeTracker.Clear();
        }

        if (problems.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome<ReportImportResult>.Fail(problems);
        }

        await tx.CommitAsync(ct);
        return Outcome<ReportImportResult>.Ok(new ReportImportResult(groups.Count, saved));
    }
}
