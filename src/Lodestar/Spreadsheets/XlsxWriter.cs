using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Lodestar.Spreadsheets;

/// <summary>How a column's cells are stored and shown in Excel.</summary>
public enum XlsxKind
{
    Text,
    Number,
    WholeNumber,
    Date,
}

/// <summary>A column of an exported sheet: its header, kind and width in characters (0 = from the header).</summary>
/// <remarks>On a protected sheet only columns with <paramref name="Unlocked"/> can be edited.</remarks>
public sealed record XlsxColumn(string Header, XlsxKind Kind = XlsxKind.Text, double Width = 0, bool Unlocked = false);

/// <summary>A decimal data validation on one cell (Excel refuses other input and shows the message).</summary>
public sealed record XlsxValidation(int Column, int Row, double? Min, double? Max, string Title, string Message);

/// <summary>One sheet to write: columns and rows of cells (string, number, <see cref="DateOnly"/> or null).</summary>
public sealed class XlsxSheet(string name, IReadOnlyList<XlsxColumn> columns)
{
    private readonly List<object?[]> _rows = [];

    public string Name { get; } = SafeName(name);

    public IReadOnlyList<XlsxColumn> Columns { get; } = columns;

    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Protects the sheet: every cell is locked except those of unlocked columns (no password: it guards against slips, not people).</summary>
    public bool Protected { get; init; }

    public List<XlsxValidation> Validations { get; } = [];

    public XlsxSheet Add(params object?[] cells)
    {
        if (cells.Length > Columns.Count)
        {
            throw new ArgumentException($"A row has {cells.Length} cells for {Columns.Count} columns.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    // Excel refuses sheet names longer than 31 characters or containing []:*?/\.
    private static string SafeName(string name)
    {
        var clean = new string([.. name.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '-' : c)]).Trim();
        return clean.Length == 0 ? "Sheet" : clean[..Math.Min(clean.Length, 31)];
    }
}

/// <summary>
/// Writes real .xlsx workbooks (Office Open XML) with a bold, frozen, filterable header row, numbers as
/// numbers (Excel shows them in the reader's locale, 1.234,5 in Vietnamese) and dates as dd/mm/yyyy.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Style indexes into the stylesheet built below.
    private const uint HeaderStyle = 1;
    private const uint NumberStyle = 2;
    private const uint IntegerStyle = 3;
    private const uint DateStyle = 4;
    private const uint UnlockedTextStyle = 5;
    private const uint UnlockedNumberStyle = 6;

    public static byte[] Write(params XlsxSheet[] sheets)
    {
        using var stream = new MemoryStream();
        Write(stream, sheets);
        return stream.ToArray();
    }

    public static void Write(Stream stream, IReadOnlyList<XlsxSheet> sheets)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sheets.Count);
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var sheetList = workbookPart.Workbook.AppendChild(new Sheets());

        uint sheetId = 1;
        foreach (var sheet in sheets)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            part.Worksheet = Worksheet(sheet);
            sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = sheet.Name });
        }

        workbookPart.Workbook.Save();
    }

    private static Worksheet Worksheet(XlsxSheet sheet)
    {
        var lastColumn = ColumnName(sheet.Columns.Count - 1);
        var lastRow = sheet.Rows.Count + 1;
        var view = new SheetView { WorkbookViewId = 0 };
        view.Append(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });

        var columns = new Columns();
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            var c = sheet.Columns[i];
            var width = c.Width > 0 ? c.Width : Math.Clamp(c.Header.Length + 4, 10, 60);
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = width, CustomWidth = true });
        }

        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            header.Append(TextCell(i, 1, sheet.Columns[i].Header, HeaderStyle));
        }

        data.Append(header);
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var rowIndex = (uint)(r + 2);
            var row = new Row { RowIndex = rowIndex };
            var cells = sheet.Rows[r];
            for (var i = 0; i < cells.Length; i++)
            {
                if (Cell(i, rowIndex, cells[i], sheet.Columns[i].Kind) is { } cell)
                {
                    if (sheet.Protected && sheet.Columns[i].Unlocked)
                    {
                        cell.StyleIndex = cell.StyleIndex?.Value is NumberStyle or IntegerStyle ? UnlockedNumberStyle : UnlockedTextStyle;
                    }

                    row.Append(cell);
                }
                else if (sheet.Protected && sheet.Columns[i].Unlocked)
                {
                    row.Append(new Cell { CellReference = $"{ColumnName(i)}{rowIndex}", StyleIndex = sheet.Columns[i].Kind == XlsxKind.Text ? UnlockedTextStyle : UnlockedNumberStyle });
                }
            }

            data.Append(row);
        }

        var worksheet = new Worksheet(new SheetViews(view), columns, data);
        if (sheet.Protected)
        {
            worksheet.Append(new SheetProtection { Sheet = true, Objects = true, Scenarios = true, AutoFilter = false, Sort = false, FormatColumns = false });
        }

        worksheet.Append(new AutoFilter { Reference = $"A1:{lastColumn}{lastRow}" });
        if (sheet.Validations.Count > 0)
        {
            var validations = new DataValidations { Count = (uint)sheet.Validations.Count };
            foreach (var v in sheet.Validations)
            {
                var dv = new DataValidation
                {
                    Type = DataValidationValues.Decimal,
                    Operator = DataValidationOperatorValues.Between,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = v.Title,
                    Error = v.Message,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{ColumnName(v.Column)}{v.Row}" },
                };
                dv.Append(new Formula1((v.Min ?? -1e15).ToString("R", CultureInfo.InvariantCulture)));
                dv.Append(new Formula2((v.Max ?? 1e15).ToString("R", CultureInfo.InvariantCulture)));
                validations.Append(dv);
            }

            worksheet.Append(validations);
        }

        return worksheet;
    }

    private static Cell? Cell(int column, uint row, object? value, XlsxKind kind) => value switch
    {
        null => null,
        string s => TextCell(column, row, s, 0),
        DateOnly d => NumberCell(column, row, d.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
        int or long or double or float or decimal => NumberCell(
            column, row, Convert.ToDouble(value, CultureInfo.InvariantCulture), kind == XlsxKind.WholeNumber ? IntegerStyle : NumberStyle),
        _ => TextCell(column, row, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, 0),
    };

    private static Cell TextCell(int column, uint row, string text, uint style) => new()
    {
        CellReference = $"{ColumnName(column)}{row}",
        DataType = CellValues.InlineString,
        StyleIndex = style,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static Cell NumberCell(int column, uint row, double value, uint style) => new()
    {
        CellReference = $"{ColumnName(column)}{row}",
        StyleIndex = style,
        CellValue = new CellValue(value.ToString("R", CultureInfo.InvariantCulture)),
    };

    /// <summary>The letters of a zero-based column index: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0.##" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "dd/mm/yyyy" })
        { Count = 2 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE8EEF4" }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat(new Protection { Locked = false }) { FillId = 0, ApplyProtection = true },
            new CellFormat(new Protection { Locked = false }) { NumberFormatId = 164, ApplyNumberFormat = true, ApplyProtection = true })
        { Count = 7 });
}
