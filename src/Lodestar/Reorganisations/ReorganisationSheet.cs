using System.Globalization;
using System.Text.RegularExpressions;
using Lodestar.Common;
using Lodestar.Spreadsheets;

namespace Lodestar.Reorganisations;

/// <summary>
/// The changes of a reorganisation read from an uploaded sheet, with the rows each came from: a split's parts are one row
/// each, every other change one row. <see cref="Locate"/> names a problem of the plan (<c>changes[2].parts[1].code</c>) by
/// the sheet's row and column instead.
/// </summary>
public sealed partial record ReorganisationSheetChanges(string Sheet, IReadOnlyList<ChangeInput> Changes, IReadOnlyList<IReadOnlyList<int>> Rows)
{
    public Problem Locate(Problem problem)
    {
        var m = PlanField().Match(problem.Field);
        var i = m.Success ? int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture) : -1;
        if (i < 0 || i >= Rows.Count)
        {
            return problem;
        }

        var rows = Rows[i];
        var part = m.Groups["j"].Success ? int.Parse(m.Groups["j"].Value, CultureInfo.InvariantCulture) : 0;
        var row = rows[Math.Min(part, rows.Count - 1)];
        var last = m.Groups["rest"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Split('[')[0]
            ?? (m.Groups["j"].Success ? "parts" : "kind");
        var column = ReorganisationSheet.ColumnOf(last);
        return column < 0
            ? XlsxProblems.At(Sheet, row, problem.Message)
            : XlsxProblems.At(Sheet, row, column, ReorganisationSheet.Columns[column].Vi, ReorganisationSheet.Columns[column].En, problem.Message);
    }

    [GeneratedRegex(@"^changes\[(?<i>\d+)\](?:\.parts\[(?<j>\d+)\])?(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlanField();
}

/// <summary>
/// A reorganisation's changes as an .xlsx (issue 17, item 5): the first sheet, header in row 1, one change a row in the order
/// of <see cref="Columns"/>; a split takes one row per part (the same unit code, each part's code, names and share). The
/// effective date, basis and accounts choice are the page's, as for a change typed in the form. The reader names every bad
/// row by sheet, row and column; the plan's own problems are named the same way by <see cref="ReorganisationSheetChanges.Locate"/>.
/// </summary>
public static class ReorganisationSheet
{
    /// <summary>A decision of 500 changes is a few tens of kilobytes; the limit keeps the file small enough to carry to the record step.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static readonly IReadOnlyList<(string Field, string Vi, string En)> Columns =
    [
        ("kind", "Loại thay đổi (rename, retype, merge, split, move, create, dissolve)", "Kind (rename, retype, merge, split, move, create, dissolve)"),
        ("unit", "Mã đơn vị (sáp nhập: các mã, cách nhau dấu phẩy)", "Unit code (merge: the codes, comma-separated)"),
        ("code", "Mã mới (đơn vị thành lập, đơn vị nhận mới, phần chia tách)", "New code (created unit, new receiving unit, split part)"),
        ("name", "Tên", "Name"),
        ("fullName", "Tên đầy đủ", "Full name"),
        ("type", "Loại đơn vị (Thôn, Phường…)", "Unit type (Thôn, Phường…)"),
        ("level", "Cấp (thành lập: village, agency, commune, province)", "Level (create: village, agency, commune, province)"),
        ("parent", "Mã đơn vị cấp trên (chuyển, thành lập)", "Parent code (move, create)"),
        ("into", "Mã đơn vị nhận (sáp nhập) hoặc kế thừa (giải thể)", "Receiving unit (merge) or successor (dissolve) code"),
        ("share", "Tỷ lệ phần chia tách (%)", "Split part's share (%)"),
        ("boundary", "Ranh giới đơn vị mới (GeoJSON, không bắt buộc)", "New unit's boundary (GeoJSON, optional)"),
    ];

    /// <summary>The boundary column came last, after the first templates: a file without it is read as before.</summary>
    private const int OptionalFrom = 10;

    public static byte[] Template(bool english)
    {
        var sheet = new XlsxSheet(english ? "Changes" : "Thay doi", Columns.Select(c => new XlsxColumn(english ? c.En : c.Vi, Width: 26)).ToList());
        sheet.Add("merge", "06073.T01, 06073.T02", "06073.T20", "Nà Lạn", "Thôn Nà Lạn", "Thôn", null, null, null, null, null);
        sheet.Add("split", "06073.T03", "06073.T21", "Khòn Pịt", "Thôn Khòn Pịt", "Thôn", null, null, null, 60, null);
        sheet.Add("split", "06073.T03", "06073.T22", "Khòn Pịt Hai", "Thôn Khòn Pịt Hai", "Thôn", null, null, null, 40, null);
        sheet.Add("rename", "06073.T04", null, "Bản Chu", "Bản Chu", "Bản", null, null, null, null, null);
        sheet.Add("create", null, "06073.T23", "Nà Pàn", "Thôn Nà Pàn", "Thôn", "village", "06073", null, null,
            "{\"type\":\"Polygon\",\"coordinates\":[[[106.60,21.90],[106.62,21.90],[106.62,21.92],[106.60,21.90]]]}");
        sheet.Add("reshape", "06073.T05", null, null, null, null, null, null, null, null,
            "{\"type\":\"Polygon\",\"coordinates\":[[[106.63,21.90],[106.65,21.90],[106.65,21.92],[106.63,21.90]]]}");
        return XlsxWriter.Write(sheet);
    }

    internal static int ColumnOf(string field) => field switch
    {
        "from" => 1,
        "newUnit" => 2,
        "successor" => 8,
        "parts" => 9,
        _ => Columns.Select(c => c.Field).ToList().IndexOf(field),
    };

    public static Outcome<ReorganisationSheetChanges> Read(Stream file)
    {
        var read = XlsxReader.FirstSheet(file, new("Tệp không có dòng thay đổi nào (dòng 1 là tiêu đề).", "The file has no change rows (row 1 is the header)."), 500, MaxBytes);
        if (!read.Succeeded)
        {
            return Outcome<ReorganisationSheetChanges>.Fail(read.Problems);
        }

        var (sheet, rows) = read.Value;
        var problems = HeaderProblems(sheet);
        if (problems.Count > 0)
        {
            return Outcome<ReorganisationSheetChanges>.Fail(problems);
        }

        var changes = new List<ChangeInput>();
        var sources = new List<List<int>>();
        var splits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string? Cell(string field) => row[ColumnOf(field)]?.Trim() is { Length: > 0 } text ? text : null;
            Problem Bad(string field, string vi, string en) => XlsxProblems.At(sheet.Name, row.Number, Columns, field, new(vi, en));

            if (ApiCodes.Parse<ChangeKind>(Cell("kind")) is not { } kind)
            {
                problems.Add(Bad("kind", $"loại thay đổi '{Cell("kind")}' không hợp lệ; dùng {ApiCodes.Codes<ChangeKind>()}.", $"change kind '{Cell("kind")}' is not valid; use {ApiCodes.Codes<ChangeKind>()}."));
                continue;
            }

            double? share = null;
            if (Cell("share") is { } shareText)
            {
                if (TryShare(shareText, out var s))
                {
                    share = s;
                }
                else
                {
                    problems.Add(Bad("share", $"tỷ lệ '{shareText}' không phải số (ví dụ 60 hoặc 33,5).", $"share '{shareText}' is not a number (e.g. 60 or 33.5)."));
                    continue;
                }
            }

            NewUnitInput? NewUnit(string? level = null) => Cell("code") is { } code
                ? new NewUnitInput(code, Cell("name"), Cell("fullName"), Cell("type"), level, Cell("parent"), share, Boundary: Cell("boundary"))
                : null;

            // A boundary is a new unit's (created, the receiving unit of a merge, a part of a split) or a reshaped one's: elsewhere it would be lost.
            if (Cell("boundary") is not null && kind is ChangeKind.Rename or ChangeKind.Retype or ChangeKind.Move or ChangeKind.Dissolve)
            {
                problems.Add(Bad("boundary", "ranh giới chỉ nhận khi thay ranh giới (reshape), sáp nhập, chia tách (mỗi phần) hoặc thành lập.",
                    "a boundary is taken only by a reshape, a merge, a split (each part) or a create."));
                continue;
            }
            if (kind == ChangeKind.Split)
            {
                if (share is null)
                {
                    problems.Add(Bad("share", "mỗi phần chia tách cần tỷ lệ (%).", "each part of a split needs its share (%)."));
                    continue;
                }

                var unit = Cell("unit") ?? string.Empty;
                if (splits.TryGetValue(unit, out var at))
                {
                    changes[at] = changes[at] with { Parts = [.. changes[at].Parts!, NewUnit() ?? new(null, null, null, Share: share)] };
                    sources[at].Add(row.Number);
                    continue;
                }

                splits[unit] = changes.Count;
            }

            var codes = Cell("unit")?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            changes.Add(kind switch
            {
                ChangeKind.Merge => new ChangeInput(kind, From: codes, Into: Cell("code") is null ? Cell("into") : null, IntoUnit: NewUnit(),
                    Boundary: Cell("code") is null ? Cell("boundary") : null),
                ChangeKind.Reshape => new ChangeInput(kind, Unit: Cell("unit"), Boundary: Cell("boundary")),
                ChangeKind.Split => new ChangeInput(kind, Unit: Cell("unit"), Parts: [NewUnit() ?? new(null, null, null, Share: share)]),
                ChangeKind.Move => new ChangeInput(kind, Unit: Cell("unit"), Parent: Cell("parent")),
                ChangeKind.Dissolve => new ChangeInput(kind, Unit: Cell("unit"), Successor: Cell("into")),
                ChangeKind.Create => new ChangeInput(kind, NewUnit: NewUnit(Cell("level"))),
                ChangeKind.Rename or ChangeKind.Retype => new ChangeInput(kind, Unit: Cell("unit"), Name: Cell("name"), FullName: Cell("fullName"), Type: Cell("type")),
                _ => throw new InvalidOperationException($"Unknown change kind {kind}."),
            });
            sources.Add([row.Number]);
        }

        return problems.Count > 0
            ? Outcome<ReorganisationSheetChanges>.Fail(problems)
            : Outcome<ReorganisationSheetChanges>.Ok(new(sheet.Name, [.. changes.Select(AsFractions)], sources));
    }

    /// <summary>
    /// A share as written: a percentage (60, 33,5 or 33.5, 60%). A cell formatted as a percentage holds a fraction (0.6):
    /// when a split's shares are all fractions summing to 1 they are taken as they are (<see cref="AsFractions"/>).
    /// </summary>
    public static bool TryShare(string text, out double share)
    {
        var t = text.Trim().TrimEnd('%').Trim();
        t = t.Contains(',', StringComparison.Ordinal) && !t.Contains('.', StringComparison.Ordinal) ? t.Replace(',', '.') : t;
        return double.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out share) && double.IsFinite(share);
    }

    /// <summary>The parts' shares as the plan takes them, fractions of 1: percentages divided by 100, unless already fractions of 1.</summary>
    public static ChangeInput AsFractions(ChangeInput change)
    {
        if (change.Parts is not { Count: > 0 } parts)
        {
            return change;
        }

        var fractions = parts.All(p => p.Share is <= 1) && Math.Abs(parts.Sum(p => p.Share ?? 0) - 1) <= 0.001;
        return fractions ? change : change with { Parts = [.. parts.Select(p => p with { Share = p.Share / 100 })] };
    }

    private static List<Problem> HeaderProblems(XlsxSheetContent sheet)
    {
        var header = sheet.Rows.FirstOrDefault(r => r.Number == 1);
        var problems = new List<Problem>();
        for (var i = 0; i < Columns.Count; i++)
        {
            var text = header?[i]?.Trim() ?? string.Empty;
            if (i >= OptionalFrom && text.Length == 0)
            {
                continue;
            }

            if (!text.Equals(Columns[i].Vi, StringComparison.OrdinalIgnoreCase) && !text.Equals(Columns[i].En, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(XlsxProblems.At(sheet.Name, 1, i, Columns[i].Vi, Columns[i].En, new(
                    $"tiêu đề '{text}' không phải cột mong đợi; dùng tệp mẫu, giữ thứ tự các cột.",
                    $"header '{text}' is not the expected column; use the template and keep its columns in order.")));
            }
        }

        return problems;
    }
}
