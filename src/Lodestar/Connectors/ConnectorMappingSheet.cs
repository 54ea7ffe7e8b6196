using Lodestar.Common;
using Lodestar.Spreadsheets;
using Lodestar.Values;

namespace Lodestar.Connectors;

/// <summary>One row of an uploaded code table: where it was (sheet, row) and the source's code with Lodestar's.</summary>
public sealed record MappingSheetRow(string Sheet, int Row, string Source, string Code);

/// <summary>The code tables read from an uploaded workbook; a table whose sheet is missing is null (left as it is).</summary>
public sealed record MappingSheetTables(IReadOnlyList<MappingSheetRow>? Units, IReadOnlyList<MappingSheetRow>? Periods);

/// <summary>
/// A connector's unit and period code tables as an .xlsx (README.md "Code tables in Excel"): a sheet <c>Don vi</c>
/// (or <c>Units</c>) and a sheet <c>Ky</c> (or <c>Periods</c>), each with its header in row 1 and one pair a row — the
/// source's code in column A, Lodestar's in column B. A sheet left out leaves its table as it is; a sheet with only its
/// header empties it. Every bad row is named by sheet, row and column, and a workbook with one bad row changes nothing.
/// </summary>
public static class ConnectorMappingSheet
{
    public const long MaxBytes = 2 * 1024 * 1024;

    public const int MaxRows = 20_000;

    public static readonly IReadOnlyList<(string Field, string Vi, string En)> UnitColumns =
    [
        ("source", "Mã đơn vị ở hệ thống nguồn", "Unit code in the source system"),
        ("code", "Mã đơn vị trong Lodestar", "Unit code in Lodestar"),
    ];

    public static readonly IReadOnlyList<(string Field, string Vi, string En)> PeriodColumns =
    [
        ("source", "Kỳ ở hệ thống nguồn", "Period in the source system"),
        ("code", "Kỳ trong Lodestar (2026, 2026S1, 2026Q1, 202601)", "Period in Lodestar (2026, 2026S1, 2026Q1, 202601)"),
    ];

    private static readonly string[] UnitSheetNames = ["don vi", "đơn vị", "units"];
    private static readonly string[] PeriodSheetNames = ["ky", "kỳ", "periods"];

    /// <summary>
    /// The workbook to fill in: the connector's tables as they are, or (<paramref name="current"/> null) a template with
    /// a few example rows.
    /// </summary>
    public static byte[] Write(bool english, ConnectorMapping? current)
    {
        var units = new XlsxSheet(english ? "Units" : "Don vi", UnitColumns.Select(c => new XlsxColumn(english ? c.En : c.Vi, Width: 34)).ToList());
        var periods = new XlsxSheet(english ? "Periods" : "Ky", PeriodColumns.Select(c => new XlsxColumn(english ? c.En : c.Vi, Width: 40)).ToList());
        if (current is null)
        {
            units.Add("DiszpKrYNg8", "20");
            units.Add("XA-0601", "06001");
            periods.Add("Q1/2026", "2026Q1");
            periods.Add("T01-2026", "202601");
        }
        else
        {
            foreach (var (source, code) in (current.OrgUnits ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                units.Add(source, code);
            }

            foreach (var (source, code) in (current.Periods ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                periods.Add(source, code);
            }
        }

        return XlsxWriter.Write(units, periods);
    }

    /// <summary>The tables of an uploaded workbook, or every problem (sheet, row, column, in both languages). Unit codes are checked against the database by the caller.</summary>
    public static Outcome<MappingSheetTables> Read(Stream file)
    {
        var read = XlsxReader.Read(file, MaxBytes);
        if (!read.Succeeded)
        {
            return Outcome<MappingSheetTables>.Fail(read.Problems);
        }

        var sheets = read.Value!;
        var unitSheet = sheets.FirstOrDefault(s => UnitSheetNames.Contains(s.Name.Trim().ToLowerInvariant()));
        var periodSheet = sheets.FirstOrDefault(s => PeriodSheetNames.Contains(s.Name.Trim().ToLowerInvariant()));
        if (unitSheet is null && periodSheet is null)
        {
            return Outcome<MappingSheetTables>.Fail("file",
                "Tệp không có trang 'Don vi' (bảng mã đơn vị) hay 'Ky' (bảng kỳ); hãy dùng tệp mẫu.",
                "The workbook has no sheet 'Units' ('Don vi') or 'Periods' ('Ky'); use the template.");
        }

        var problems = new List<Problem>();
        var units = unitSheet is null ? null : Rows(unitSheet, UnitColumns, problems, period: false);
        var periods = periodSheet is null ? null : Rows(periodSheet, PeriodColumns, problems, period: true);
        return problems.Count > 0 ? Outcome<MappingSheetTables>.Fail(problems) : Outcome<MappingSheetTables>.Ok(new(units, periods));
    }

    private static List<MappingSheetRow> Rows(XlsxSheetContent sheet, IReadOnlyList<(string Field, string Vi, string En)> columns, List<Problem> problems, bool period)
    {
        var rows = sheet.Rows.Where(r => r.Number > 1 && !r.IsEmpty).ToList();
        var table = new List<MappingSheetRow>();
        if (rows.Count > MaxRows)
        {
            problems.Add(XlsxProblems.At(sheet.Name, rows[MaxRows].Number, new Msg($"trang có {rows.Count:N0} dòng; tối đa {MaxRows:N0}.", $"the sheet has {rows.Count:N0} rows; at most {MaxRows:N0}.")));
            return table;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Problem Bad(string field, string vi, string en) => XlsxProblems.At(sheet.Name, row.Number, columns, field, new Msg(vi, en));
            var source = row[0]?.Trim() ?? string.Empty;
            var code = row[1]?.Trim() ?? string.Empty;
            if (source.Length is 0 or > 200)
            {
                problems.Add(Bad("source", "thiếu mã ở hệ thống nguồn (tối đa 200 ký tự).", "the source system's code is missing (at most 200 characters)."));
                continue;
            }

            if (seen.TryGetValue(source, out var first))
            {
                problems.Add(Bad("source", $"mã '{source}' đã có ở dòng {first}; mỗi mã nguồn chỉ một dòng.", $"code '{source}' is already on row {first}; one row per source code."));
                continue;
            }

            seen[source] = row.Number;
            if (code.Length == 0)
            {
                problems.Add(Bad("code", "thiếu mã trong Lodestar.", "the Lodestar code is missing."));
            }
            else if (period && !Period.TryParse(code, out _))
            {
                problems.Add(Bad("code", $"kỳ '{code}' không hợp lệ; dùng 2026, 2026S1, 2026Q1 hoặc 202601.", $"period '{code}' is not valid; use 2026, 2026S1, 2026Q1 or 202601."));
            }
            else
            {
                table.Add(new MappingSheetRow(sheet.Name, row.Number, source, code));
            }
        }

        return table;
    }

    /// <summary>The problem of a unit code Lodestar does not know, named by its cell.</summary>
    public static Problem UnknownUnit(MappingSheetRow row) => XlsxProblems.At(row.Sheet, row.Row, UnitColumns, "code",
        new Msg($"không có đơn vị mã '{row.Code}'.", $"there is no unit with code '{row.Code}'."));
}
