using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>
/// Where a value written outside the report page (the values API, the target page) belongs in the report workflow.
/// A value whose element, unit and period a report form collects belongs to that unit's report of the period: it lands
/// as an unapproved value of the draft (the report is created when needed, its version raised and the step recorded, so
/// an officer with the report open is told it changed) and counts only once the report is approved; when the report is
/// submitted or approved the row is refused (re-opening is the DX office's step). A value no form collects is approved
/// at once only when its writer may approve values (the DX office, administrators): that write is the explicit approval,
/// kept with who and when in the value's history.
/// </summary>
internal sealed class ReportGate
{
    private readonly LodestarDbContext _db;
    private readonly Dictionary<(int Element, int Unit, PeriodType Type), List<FormLink>> _forms;
    private readonly Dictionary<(int Form, int Unit, string Period), Report> _reports;
    private readonly HashSet<Report> _touched = [];

    private ReportGate(LodestarDbContext db, Dictionary<(int, int, PeriodType), List<FormLink>> forms, Dictionary<(int, int, string), Report> reports)
    {
        _db = db;
        _forms = forms;
        _reports = reports;
    }

    private sealed record FormLink(int FormId, string Code, Period FirstPeriod, int DueDays);

    public static async Task<ReportGate> LoadAsync(LodestarDbContext db, IReadOnlyList<CheckedValue> rows, CancellationToken ct)
    {
        var elementIds = rows.Select(r => r.Element.Id).Distinct().ToList();
        var unitIds = rows.Select(r => r.Unit.Id).Distinct().ToList();
        var links = await (
            from item in db.ReportFormItems
            join unit in db.ReportFormUnits on item.FormId equals unit.FormId
            join form in db.ReportForms on item.FormId equals form.Id
            where elementIds.Contains(item.DataElementId) && unitIds.Contains(unit.OrgUnitId)
            select new { item.DataElementId, unit.OrgUnitId, form.Id, form.Code, form.PeriodType, form.FirstPeriod, form.DueDays })
            .AsNoTracking().ToListAsync(ct);
        var forms = links
            .GroupBy(l => (l.DataElementId, l.OrgUnitId, l.PeriodType))
            .ToDictionary(g => g.Key, g => g.Select(l => new FormLink(l.Id, l.Code, Period.Parse(l.FirstPeriod), l.DueDays)).ToList());

        var formIds = links.Select(l => l.Id).Distinct().ToList();
        var periods = rows.Select(r => r.Period.Code).Distinct().ToList();
        var reports = formIds.Count == 0
            ? []
            : await db.Reports.Where(r => formIds.Contains(r.FormId) && unitIds.Contains(r.OrgUnitId) && periods.Contains(r.Period))
                .ToDictionaryAsync(r => (r.FormId, r.OrgUnitId, r.Period), ct);
        return new ReportGate(db, forms, reports);
    }

    /// <summary>
    /// The report the row's value belongs to (created as a draft when the unit has none yet), null when no form collects
    /// it; a problem when that report is submitted or approved.
    /// </summary>
    public (Report? Report, Problem? Refusal) Place(CheckedValue row, int index)
    {
        if (!_forms.TryGetValue((row.Element.Id, row.Unit.Id, row.Period.Type), out var links))
        {
            return (null, null);
        }

        Report? open = null;
        foreach (var link in links.Where(l => row.Period >= l.FirstPeriod))
        {
            var report = _reports.GetValueOrDefault((link.FormId, row.Unit.Id, row.Period.Code));
            if (report is not null && !ReportWorkflow.IsEditable(report.Status))
            {
                var status = ReportWorkflow.StatusText(report.Status);
                return (null, new Problem($"dataValues[{index}].period", new Msg(
                    $"Dòng {index + 1}: báo cáo {link.Code} của đơn vị {row.Unit.Code} kỳ {row.Period.Code} đang ở trạng thái {status.Vi}; giá trị chỉ thay đổi sau khi Văn phòng chuyển đổi số trả lại hoặc mở lại báo cáo.",
                    $"Row {index + 1}: report {link.Code} of unit {row.Unit.Code} for {row.Period.Code} is {status.En}; its values change only after the DX office returns or re-opens it.")));
            }

            if (open is null)
            {
                if (report is null)
                {
                    report = new Report
                    {
                        FormId = link.FormId,
                        OrgUnitId = row.Unit.Id,
                        Period = row.Period.Code,
                        DueOn = row.Period.End.AddDays(link.DueDays),
                        Status = ReportStatus.Draft,
                    };
                    _reports[(link.FormId, row.Unit.Id, row.Period.Code)] = report;
                }

                open = report;
            }
        }

        return (open, null);
    }

    /// <summary>
    /// The code of the report form that collects the row's value (its element, unit and period type, from the form's
    /// first period on), or null when none does.
    /// </summary>
    public string? FormOf(CheckedValue row) =>
        _forms.GetValueOrDefault((row.Element.Id, row.Unit.Id, row.Period.Type))?.FirstOrDefault(l => row.Period >= l.FirstPeriod)?.Code;

    /// <summary>A value of the report was created or changed: the report's version rises once and the step is recorded.</summary>
    public void Changed(Report report) => _touched.Add(report);

    /// <summary>Adds the new reports and raises the touched ones' versions (before the save).</summary>
    public void Stage()
    {
        foreach (var report in _touched)
        {
            if (report.Id == 0)
            {
                _db.Reports.Add(report);
            }

            report.Version++;
        }
    }

    /// <summary>Records a save step on each touched report (after the save gave new reports their ids).</summary>
    public void RecordSteps()
    {
        var now = _db.UtcNow;
        foreach (var report in _touched)
        {
            _db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Action = nameof(ReportAction.Save), ToStatus = report.Status, At = now, By = _db.ActorName });
        }
    }

    public bool HasSteps => _touched.Count > 0;
}
