using Lodestar.Common;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Values;

/// <summary>The refusals of a whole file, once every row passed its own checks: scope, values collected by reports, approved values.</summary>
public sealed partial class BulkValueImport
{
    /// <summary>
    /// The rows whose value a report form collects, each named with its line and form (at most <see cref="MaxProblems"/>,
    /// then a count): the import would put them in official figures past their report's approval.
    /// </summary>
    private async Task<List<Problem>> CollectedByFormsAsync(List<CheckedValue> rows, List<int> lines, CancellationToken ct)
    {
        var gate = await Reporting.ReportGate.LoadAsync(db, rows, ct);
        var problems = new List<Problem>();
        var more = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            if (gate.FormOf(rows[k]) is not { } form)
            {
                continue;
            }

            if (problems.Count == MaxProblems)
            {
                more++;
                continue;
            }

            var (line, row) = (lines[k], rows[k]);
            problems.Add(new Problem($"line{line}.dataElement", new Msg(
                $"Dòng {line}: chỉ số {row.Element.Code} của đơn vị {row.Unit.Code} kỳ {row.Period.Code} được thu qua báo cáo {form}; giá trị này chỉ được tính sau khi báo cáo được duyệt, nên hãy nhập nó qua báo cáo (trang báo cáo, tệp Excel của báo cáo hoặc API giá trị).",
                $"Line {line}: element {row.Element.Code} of unit {row.Unit.Code} for {row.Period.Code} is collected by report {form}; it counts only once that report is approved, so enter it through the report (the report page, its Excel file or the values API).")));
        }

        if (more > 0)
        {
            problems.Add(new Problem("file", new Msg($"… và {more:N0} dòng khác thuộc báo cáo; không lưu giá trị nào.", $"… and {more:N0} more rows collected by reports; nothing was saved.")));
        }

        return problems;
    }

    /// <summary>
    /// The rows whose unit the writer may not write on the period's last day, each named with its line (at most
    /// <see cref="MaxProblems"/>, then a count); the question is asked once per unit and day.
    /// </summary>
    private static async Task<List<Problem>> OutsideScopeAsync(
        List<CheckedValue> rows, List<int> lines, Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, string? scopeName, CancellationToken ct)
    {
        var allowed = new Dictionary<(int, DateOnly), bool>();
        var problems = new List<Problem>();
        var more = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            var (unit, on) = (rows[k].Unit, rows[k].Period.End);
            if (!allowed.TryGetValue((unit.Id, on), out var may))
            {
                allowed[(unit.Id, on)] = may = await mayWrite(unit.Id, on, ct);
            }

            if (may)
            {
                continue;
            }

            if (problems.Count == MaxProblems)
            {
                more++;
                continue;
            }

            var line = lines[k];
            problems.Add(new Problem($"line{line}.orgUnit", new Msg(
                $"Dòng {line}: đơn vị {unit.Code} nằm ngoài phạm vi {scopeName ?? "được phép"}; không lưu giá trị nào.",
                $"Line {line}: unit {unit.Code} is outside {(scopeName is null ? "the allowed scope" : "the scope of " + scopeName)}; nothing was saved.")));
        }

        if (more > 0)
        {
            problems.Add(new Problem("file", new Msg($"… và {more:N0} dòng khác ngoài phạm vi; không lưu giá trị nào.", $"… and {more:N0} more rows outside the scope; nothing was saved.")));
        }

        return problems;
    }

    /// <summary>
    /// The rows that would change a value the DX office approved (DataValueService's rule for contributors): a source whose
    /// values wait for approval may not take an approved figure out of the official ones; the DX office changes it.
    /// </summary>
    private async Task<List<Problem>> ChangesApprovedAsync(List<CheckedValue> rows, List<int> lines, CancellationToken ct)
    {
        var elementIds = rows.Select(r => r.Element.Id).Distinct().ToList();
        var unitIds = rows.Select(r => r.Unit.Id).Distinct().ToList();
        var periods = rows.Select(r => r.Period.Code).Distinct().ToList();
        var approved = (await db.DataValues.AsNoTracking()
                .Where(v => v.Approved && elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periods.Contains(v.Period))
                .Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value, v.Comment })
                .ToListAsync(ct))
            .ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period), v => (v.Value, v.Comment));
        var problems = new List<Problem>();
        for (var k = 0; k < rows.Count && problems.Count < MaxProblems; k++)
        {
            var row = rows[k];
            if (approved.TryGetValue((row.Element.Id, row.Unit.Id, row.Period.Code), out var current) && (!current.Value.Equals(row.Value) || current.Comment != row.Comment))
            {
                var line = lines[k];
                problems.Add(new Problem($"line{line}.value", new Msg(
                    $"Dòng {line}: giá trị {row.Element.Code} của đơn vị {row.Unit.Code} kỳ {row.Period.Code} đã được Văn phòng chuyển đổi số duyệt; chỉ Văn phòng chuyển đổi số sửa được.",
                    $"Line {line}: the value of {row.Element.Code} at unit {row.Unit.Code} for {row.Period.Code} was approved by the DX office; only the DX office changes it.")));
            }
        }

        return problems;
    }
}
