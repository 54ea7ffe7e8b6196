using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>One field of a report as the entry page shows it.</summary>
public sealed record ReportField(
    string Code, string Name, string? NameEn, string Unit, string Section, string? Help, bool Required, double? Min, double? Max,
    double? Value, string? Comment, bool Approved, double? Previous, string? PreviousPeriod)
{
    /// <summary>A count (households, services): the field takes whole numbers only (the element's <see cref="DataElement.WholeNumbers"/>).</summary>
    public bool WholeNumbers { get; init; }
}

public sealed record ReportEventItem(string Action, ReportStatus ToStatus, string? Reason, DateTime At, string By);

/// <summary>A report opened for a unit and a period (it may not exist yet: status Draft, version 0).</summary>
public sealed record ReportView(
    int FormId, string FormCode, string FormName, string? FormNameEn, bool NeedsApproval, int UnitId, string UnitCode, string UnitName,
    Period Period, DateOnly DueOn, ReportStatus Status, bool Exists, int Version, string? Reason, DateOnly? FirstSubmittedOn,
    IReadOnlyList<ReportField> Fields, IReadOnlyList<ReportEventItem> Events, IReadOnlyList<Finding> Findings)
{
    public bool Overdue(DateOnly today) => today > DueOn && Status is ReportStatus.Draft or ReportStatus.Returned;
}

/// <summary>A line of "my reports": one form, unit and period with where it stands.</summary>
public sealed record DueItem(string FormCode, string FormName, string? FormNameEn, int UnitId, string UnitCode, string UnitName, Period Period,
    DateOnly DueOn, ReportStatus? Status, DateOnly? FirstSubmittedOn, string? Reason)
{
    public bool Overdue(DateOnly today) => today > DueOn && Status is null or ReportStatus.Draft or ReportStatus.Returned;

    public bool Late => FirstSubmittedOn > DueOn;
}

/// <summary>
/// Report forms and reports: open, save (draft), submit, approve, return, re-open. Values are written through the
/// value store (<see cref="DataValueService"/>, every change kept) as not yet approved, and become published when the
/// report is approved. A report's version stops two people overwriting each other silently. This file reads forms
/// and reports and evaluates their rules; ReportingService.Save.cs saves and submits, ReportingService.Decide.cs
/// approves, returns and re-opens.
/// </summary>
public sealed partial class ReportingService(LodestarDbContext db, DataValueService values, TimeProvider clock)
{
    /// <summary>The tag of the query that reads a unit's history for the rules (SQL logs, and a test that counts it).</summary>
    internal const string HistoryTag = "Reporting: a unit's earlier values for the rules";

    public Task<ReportForm?> FormAsync(string code, CancellationToken ct = default) =>
        db.ReportForms.AsNoTracking()
            .Include(f => f.Items.OrderBy(i => i.SortOrder)).ThenInclude(i => i.DataElement)
            .Include(f => f.Rules).ThenInclude(r => r.DataElement)
            .Include(f => f.Rules).ThenInclude(r => r.OtherElement)
            .AsSplitQuery()
            .SingleOrDefaultAsync(f => f.Code == code, ct);

    public Task<List<ReportForm>> FormsAsync(CancellationToken ct = default) =>
        db.ReportForms.AsNoTracking().Include(f => f.Items).Include(f => f.Units).AsSplitQuery().OrderBy(f => f.Code).ToListAsync(ct);

    public Task<bool> IsAssignedAsync(int formId, int unitId, CancellationToken ct = default) =>
        db.ReportFormUnits.AnyAsync(u => u.FormId == formId && u.OrgUnitId == unitId, ct);

    public async Task<ReportView?> OpenAsync(ReportForm form, OrgUnit unit, Period period, CancellationToken ct = default)
    {
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code, ct);
        var elementIds = form.Items.Select(i => i.DataElementId).ToList();
        var stored = await db.DataValues.AsNoTracking()
            .Where(v => elementIds.Contains(v.DataElementId) && v.OrgUnitId == unit.Id && v.PeriodType == period.Type && v.EndOn <= period.End)
            .OrderByDescending(v => v.EndOn).Take(elementIds.Count * 5)
            .Select(v => new { v.DataElementId, v.Period, v.EndOn, v.Value, v.Comment, v.Approved })
            .ToListAsync(ct);
        var required = form.Rules.Where(r => r.Kind == RuleKind.Required).Select(r => r.DataElementId).ToHashSet();
        var fields = new List<ReportField>();
        foreach (var item in form.Items.OrderBy(i => i.SortOrder))
        {
            var e = item.DataElement;
            var mine = stored.Where(v => v.DataElementId == e.Id).ToList();
            var current = mine.FirstOrDefault(v => v.Period == period.Code);
            var previous = mine.FirstOrDefault(v => v.Period != period.Code);
            fields.Add(new ReportField(e.Code, e.Name, e.NameEn, e.Unit, item.Section, item.Help, required.Contains(e.Id), e.MinValue, e.MaxValue,
                current?.Value, current?.Comment, current?.Approved ?? false, previous?.Value, previous?.Period)
            { WholeNumbers = e.WholeNumbers });
        }

        var events = report is null ? [] : await db.ReportEvents.AsNoTracking().Where(x => x.ReportId == report.Id).OrderBy(x => x.Id)
            .Select(x => new ReportEventItem(x.Action, x.ToStatus, x.Reason, x.At, x.By)).ToListAsync(ct);
        var findings = await EvaluateAsync(form, unit.Id, period,
            fields.Where(f => f.Value is not null).ToDictionary(f => f.Code, f => new EnteredValue(f.Value, f.Comment)), ct);
        // The unit's name at the period's end: a report of a period before a rename shows the name the unit had then.
        var unitName = await db.OrgUnitNames.AsNoTracking().ValidOn(period.End).Where(n => n.OrgUnitId == unit.Id)
            .Select(n => n.FullName).FirstOrDefaultAsync(ct) ?? unit.FullName;
        return new ReportView(form.Id, form.Code, form.Name, form.NameEn, form.NeedsApproval, unit.Id, unit.Code, unitName, period,
            report?.DueOn ?? ReportPeriods.DueOn(form, period), report?.Status ?? ReportStatus.Draft, report is not null, report?.Version ?? 0, report?.Reason,
            report?.FirstSubmittedOn, fields, events, findings);
    }

    /// <summary>Evaluates the form's rules against the entered values and the unit's history (the last 4 earlier values of each element).</summary>
    public async Task<List<Finding>> EvaluateAsync(ReportForm form, int unitId, Period period, IReadOnlyDictionary<string, EnteredValue> entered, CancellationToken ct) =>
        ReportValidator.Evaluate(Elements(form), Rules(form), entered, await HistoryAsync(form, unitId, period, ct));

    /// <summary>Everything the rules need besides the values, for the page to check on the device what the server checks again.</summary>
    public async Task<ReportRulesSpec> RulesSpecAsync(ReportForm form, int unitId, Period period, CancellationToken ct = default) =>
        new(Elements(form), Rules(form), await HistoryAsync(form, unitId, period, ct));

    private async Task<Dictionary<string, IReadOnlyList<double>>> HistoryAsync(ReportForm form, int unitId, Period period, CancellationToken ct)
    {
        var elementIds = form.Items.Select(i => i.DataElementId).ToList();
        var past = await db.DataValues.AsNoTracking().TagWith(HistoryTag)
            .Where(v => elementIds.Contains(v.DataElementId) && v.OrgUnitId == unitId && v.PeriodType == period.Type && v.EndOn < period.Start)
            .OrderByDescending(v => v.EndOn).Take(elementIds.Count * 4)
            .Select(v => new { v.DataElementId, v.Value }).ToListAsync(ct);
        var codeOf = form.Items.ToDictionary(i => i.DataElementId, i => i.DataElement.Code);
        return past.GroupBy(v => codeOf[v.DataElementId])
            .ToDictionary(g => g.Key, g => (IReadOnlyList<double>)g.Select(v => v.Value).ToList());
    }

    public static List<RuleElement> Elements(ReportForm form) =>
        form.Items.Select(i => Element(i.DataElement)).ToList();

    public static List<RuleSpec> Rules(ReportForm form) =>
        form.Rules.Select(r => new RuleSpec(r.Kind, Element(r.DataElement), r.OtherElement is { } o ? Element(o) : null, r.Op, r.Min, r.Max, r.Tolerance)).ToList();

    private static RuleElement Element(DataElement e) => new(e.Code, e.Name, e.Unit, e.MinValue, e.MaxValue);

    /// <summary>
    /// Every form × recent ended period for the units, with the report's state (null = nothing saved yet); a unit is due for the
    /// periods it exists at the end of (src/Lodestar/OrgUnits/README.md).
    /// </summary>
    public async Task<List<DueItem>> DueAsync(IReadOnlyCollection<int> unitIds, DateOnly today, CancellationToken ct = default)
    {
        var assignments = await db.ReportFormUnits.AsNoTracking().Where(a => unitIds.Contains(a.OrgUnitId))
            .Select(a => new { a.FormId, a.OrgUnitId, a.OrgUnit.Code, a.OrgUnit.FullName, a.OrgUnit.ValidFrom, a.OrgUnit.ValidTo }).ToListAsync(ct);
        var formIds = assignments.Select(a => a.FormId).Distinct().ToList();
        var forms = await db.ReportForms.AsNoTracking().Where(f => formIds.Contains(f.Id)).ToListAsync(ct);
        var reports = await db.Reports.AsNoTracking().Where(r => unitIds.Contains(r.OrgUnitId) && formIds.Contains(r.FormId))
            .Select(r => new { r.FormId, r.OrgUnitId, r.Period, r.Status, r.FirstSubmittedOn, r.Reason }).ToListAsync(ct);
        var byKey = reports.ToDictionary(r => (r.FormId, r.OrgUnitId, r.Period));
        var pastNames = await db.OrgUnitNames.PastNamesAsync([.. assignments.Select(a => a.OrgUnitId).Distinct()], ct);
        var items = new List<DueItem>();
        foreach (var form in forms.OrderBy(f => f.Code, StringComparer.Ordinal))
        {
            var periods = ReportPeriods.Ended(form, today);
            foreach (var a in assignments.Where(a => a.FormId == form.Id).OrderBy(a => a.Code, StringComparer.Ordinal))
            {
                // A unit reports the periods it exists at the end of: across a reorganisation its successor takes over.
                foreach (var p in periods.Where(p => (a.ValidFrom is null || a.ValidFrom <= p.End) && (a.ValidTo is null || a.ValidTo >= p.End)))
                {
                    var r = byKey.GetValueOrDefault((form.Id, a.OrgUnitId, p.Code));
                    items.Add(new DueItem(form.Code, form.Name, form.NameEn, a.OrgUnitId, a.Code, pastNames.FullName(a.OrgUnitId, a.FullName, p.End), p, ReportPeriods.DueOn(form, p), r?.Status, r?.FirstSubmittedOn, r?.Reason));
                }
            }
        }

        return items;
    }
}
