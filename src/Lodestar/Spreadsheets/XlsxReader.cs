using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lodestar.Common;

namespace Lodestar.Spreadsheets;

/// <summary>A row read from a sheet: its number as Excel shows it, and the text of each cell by column (A = 0).</summary>
public sealed record XlsxRow(int Number, IReadOnlyList<string?> Cells, IReadOnlySet<int>? FormulaColumns = null)
{
    /// <summary>True when the cell in <paramref name="column"/> holds a formula (its text is the cached result).</summary>
    public bool IsFormula(int column) => FormulaColumns?.Contains(column) == true;

    public string? this[int column] => column < Cells.Count ? Cells[column] : null;

    public bool IsEmpty => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A sheet's name, rows, and the ranges of its merged cells ("A1:B2").</summary>
public sealed record XlsxSheetContent(string Name, IReadOnlyList<XlsxRow> Rows, IReadOnlyList<string>? MergedRanges = null);

/// <summary>
/// Reads an uploaded .xlsx into plain text cells: shared and inline strings as written, numbers in invariant
/// form ("1234.5"), booleans as "TRUE"/"FALSE", formulas by their cached value. Callers parse and name their
/// own errors by sheet, row and column; this only refuses files that are not workbooks or are too large.
/// </summary>
public static class XlsxReader
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    public const int MaxRows = 100_000;

    /// <summary>Excel's last column is XFD (16,384 columns).</summary>
    public const int MaxColumns = 16_384;

    /// <summary>
    /// How many times its size a workbook may expand to when unzipped. Real workbooks expand 5–15 times; a zip bomb
    /// (a small file of repeated content) expands hundreds of times and would be read into memory whole.
    /// </summary>
    public const int MaxExpansion = 40;

    /// <summary>
    /// The first sheet of an import and its data rows (row 1 is the header; empty rows are skipped): refused when it has
    /// none (<paramref name="noRows"/>) or more than <paramref name="maxRows"/>.
    /// </summary>
    public static Outcome<(XlsxSheetContent Sheet, IReadOnlyList<XlsxRow> Rows)> FirstSheet(Stream stream, Msg noRows, int maxRows, long maxBytes = DefaultMaxBytes)
    {
        var read = Read(stream, maxBytes);
        if (!read.Succeeded)
        {
            return Outcome<(XlsxSheetContent, IReadOnlyList<XlsxRow>)>.Fail(read.Problems);
        }

        var sheet = read.Value!.Count > 0 ? read.Value[0] : null;
        var rows = sheet?.Rows.Where(r => r.Number > 1 && !r.IsEmpty).ToList() ?? [];
        if (sheet is null || rows.Count == 0)
        {
            return Outcome<(XlsxSheetContent, IReadOnlyList<XlsxRow>)>.Fail([new Problem("file", noRows)]);
        }

        return rows.Count > maxRows
            ? Outcome<(XlsxSheetContent, IReadOnlyList<XlsxRow>)>.Fail("file", $"Tệp có {rows.Count:N0} dòng; mỗi lần tối đa {maxRows:N0} dòng, hãy chia tệp.",
                $"The file has {rows.Count:N0} rows; at most {maxRows:N0} at a time, split the file.")
            : Outcome<(XlsxSheetContent, IReadOnlyList<XlsxRow>)>.Ok((sheet, rows));
    }

    public static Outcome<IReadOnlyList<XlsxSheetContent>> Read(Stream stream, long maxBytes = DefaultMaxBytes)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                return Outcome<IReadOnlyList<XlsxSheetContent>>.Fail("file",
                    $"Tệp lớn hơn giới hạn {maxBytes / 1024 / 1024} MB.",
                    $"The file is larger than the {maxBytes / 1024 / 1024} MB limit.");
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        try
        {
            if (ExpandedBytes(copy) > maxBytes * MaxExpansion)
            {
                return Outcome<IReadOnlyList<XlsxSheetContent>>.Fail("file",
                    $"Tệp giải nén ra hơn {maxBytes * MaxExpansion / 1024 / 1024} MB, quá lớn để là một bảng tính nhập liệu.",
                    $"The file expands to more than {maxBytes * MaxExpansion / 1024 / 1024} MB, too large for a data-entry workbook.");
            }

            using var document = SpreadsheetDocument.Open(copy, isEditable: false);
            var workbook = document.WorkbookPart
                ?? throw new InvalidDataException("The package has no workbook part.");
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>()
                .Select(item => item.InnerText).ToArray() ?? [];
            var sheets = new List<XlsxSheetContent>();
            foreach (var sheet in workbook.Workbook.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }

                var rows = ReadRows(part, shared);
                if (rows.Count > MaxRows)
                {
                    return Outcome<IReadOnlyList<XlsxSheetContent>>.Fail("file",
                        $"Trang tính '{sheet.Name}' có hơn {MaxRows:N0} dòng.",
                        $"Sheet '{sheet.Name}' has more than {MaxRows:N0} rows.");
                }

                var merged = part.Worksheet.Elements<MergeCells>().SelectMany(m => m.Elements<MergeCell>())
                    .Select(m => m.Reference?.Value ?? string.Empty).ToList();
                sheets.Add(new XlsxSheetContent(sheet.Name?.Value ?? string.Empty, rows, merged));
            }

            return Outcome<IReadOnlyList<XlsxSheetContent>>.Ok(sheets);
        }
        catch (Exception e) when (e is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException
            or System.Xml.XmlException or FileFormatException or IOException
            or InvalidOperationException or NotSupportedException or ArgumentException or OverflowException)
        {
            return Outcome<IReadOnlyList<XlsxSheetContent>>.Fail("file",
                "Tệp không phải là bảng tính Excel .xlsx hợp lệ (có thể tệp bị hỏng hoặc là định dạng .xls/.csv).",
                "The file is not a valid Excel .xlsx workbook (it may be damaged, or in .xls/.csv format).");
        }
    }

    /// <summary>The sizes the zip's directory declares for its entries once unzipped (the unzip stream enforces them).</summary>
    private static long ExpandedBytes(MemoryStream copy)
    {
        using var zip = new System.IO.Compression.ZipArchive(copy, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        var total = zip.Entries.Sum(e => e.Length);
        copy.Position = 0;
        return total;
    }

    private static List<XlsxRow> ReadRows(WorksheetPart part, string[] shared)
    {
        var rows = new List<XlsxRow>();
        var nextNumber = 1;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var number = row.RowIndex?.Value is { } index ? (int)index : nextNumber;
            nextNumber = number + 1;
            var cells = new List<string?>();
            HashSet<int>? formulas = null;
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                if (column is < 0 or >= MaxColumns)
                {
                    throw new InvalidDataException($"Cell reference '{cell.CellReference?.Value}' is outside Excel's columns.");
                }

                nextColumn = column + 1;
                while (cells.Count < column)
                {
                    cells.Add(null);
                }

                cells.Add(Text(cell, shared));
                if (cell.CellFormula is not null)
                {
                    (formulas ??= []).Add(column);
                }
            }

            rows.Add(new XlsxRow(number, cells, formulas));
            if (rows.Count > MaxRows)
            {
                break;
            }
        }

        return rows;
    }

    private static string? Text(Cell cell, string[] shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }

        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length
                ? shared[i]
                : null;
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return raw;
    }

    /// <summary>The zero-based column of a cell reference: "A1" → 0, "AB12" → 27; beyond XFD, at least <see cref="MaxColumns"/>.</summary>
    public static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
            if (index > MaxColumns)
            {
                return MaxColumns;
            }
        }

        return index - 1;
    }

    /// <summary>
    /// Reads a date cell: an Excel serial number (how Excel stores dates) or text typed as dd/MM/yyyy or yyyy-MM-dd.
    /// </summary>
    public static bool TryDate(string? text, out DateOnly date)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            return true;
        }

        return Dates.TryParseInput(text, out date);
    }
}
