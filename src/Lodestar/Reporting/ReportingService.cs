using System.Globalization;
using Lodestar.Common;
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

/// <summary>One value as entered: element code, the number as invariant text ("1234.5", empty = none), comment.</summary>
public sealed record ReportEntry(string? Element, string? Value, string? Comment);

public sealed record ReportSaved(ReportStatus Status, int Version, IReadOnlyList<Finding> Warnings);

/// <summary>A line of "my reports": one form, unit and period with where it stands.</summary>
public sealed record DueItem(string FormCode, string FormName, string? FormNameEn, int UnitId, string UnitCode, string UnitName, Period Period,
    DateOnly DueOn, ReportStatus? Status, DateOnly? FirstSubmittedOn, string? Reason)
{
    public bool Overdue(DateOnly today) => today > DueOn && Status is null or ReportStatus.Draft or ReportStatus.Returned;

    public bool Late => FirstSubmittedOn > DueOn;
}

/// <summary>
/// Report forms and reports: open, save (draft), submit, approve, return, re-open. Values are written through the
/// value store (<see cref="DataValueService"/>, all or nothing, every change kept) as not yet approved, and become
/// published when the report is approved. A report's version stops two people overwriting each other silently.
/// </summary>
public sealed class ReportingService(LodestarDbContext db, DataValueService values, TimeProvider clock)
{
    /// <summary>How many recent periods "my reports", completeness and the reminders look at.</summary>
    public const int RecentPeriods = 6;

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

    /// <summary>The periods of a form that have ended by <paramref name="today"/>, newest first, at most <paramref name="take"/>.</summary>
    public static List<Period> EndedPeriods(ReportForm form, DateOnly today, int take = RecentPeriods)
    {
        var first = Period.Parse(form.FirstPeriod);
        var result = new List<Period>();
        var p = PeriodContaining(form.PeriodType, today);
        for (p = Previous(p); p >= first && result.Count < take; p = Previous(p))
        {
            result.Add(p);
        }

        return result;
    }

    public static Period PeriodContaining(PeriodType type, DateOnly date)
    {
        var months = new Period(type, date.Year, 1).Months;
        return new Period(type, date.Year, ((date.Month - 1) / months) + 1);
    }

    public static Period Previous(Period p) => p.Index > 1
        ? p with { Index = p.Index - 1 }
        : new Period(p.Type, p.Year - 1, 12 / p.Months);

    public static DateOnly DueOn(ReportForm form, Period period) => period.End.AddDays(form.DueDays);

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
            report?.DueOn ?? DueOn(form, period), report?.Status ?? ReportStatus.Draft, report is not null, report?.Version ?? 0, report?.Reason,
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
        var past = await db.DataValues.AsNoTracking()
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
    /// Saves the entries as the report's draft and, with <paramref name="submit"/>, submits it. Refused (nothing written) when the
    /// report changed since <paramref name="version"/> (the problems name each value that differs), when it is not editable,
    /// or when a rule blocks. Problems are keyed <c>values[CODE]</c>.
    /// </summary>
    public async Task<Outcome<ReportSaved>> SaveAsync(
        ReportForm form, OrgUnit unit, Period period, IReadOnlyList<ReportEntry> entries, int version, bool submit,
        Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, CancellationToken ct = default)
    {
        if (Check(form, period) is { } bad)
        {
            return Outcome<ReportSaved>.Fail([bad]);
        }

        if (!await IsAssignedAsync(form.Id, unit.Id, ct))
        {
            return Outcome<ReportSaved>.Fail("orgUnit", $"{unit.FullName} không phải báo cáo biểu mẫu {form.Code}.", $"{unit.FullName} does not report form {form.Code}.");
        }

        var report = await db.Reports.SingleOrDefaultAsync(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code, ct);
        var byCode = form.Items.ToDictionary(i => i.DataElement.Code, i => i.DataElement, StringComparer.Ordinal);
        var problems = new List<Problem>();
        var parsed = new Dictionary<string, EnteredValue>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var code = entry.Element?.Trim() ?? string.Empty;
            if (!byCode.ContainsKey(code))
            {
                problems.Add(new Problem($"values[{code}]", new Msg($"Biểu mẫu {form.Code} không có chỉ tiêu '{code}'.", $"Form {form.Code} has no element '{code}'.")));
                continue;
            }

            double? value = null;
            if (!string.IsNullOrWhiteSpace(entry.Value))
            {
                if (double.TryParse(entry.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                {
                    value = v;
                    if (byCode[code].WholeNumbers && v != Math.Floor(v))
                    {
                        problems.Add(new Problem($"values[{code}]", new Msg(
                            $"{byCode[code].Name}: {v.ToString("#,##0.######", CultureInfo.GetCultureInfo("vi-VN"))} không phải số nguyên; chỉ tiêu này đếm {byCode[code].Unit} nên chỉ nhận số nguyên.",
                            $"{byCode[code].NameEn ?? byCode[code].Name}: {v.ToString(CultureInfo.InvariantCulture)} is not a whole number; this element counts {byCode[code].Unit}, so it takes whole numbers only.")));
                    }
                }
                else
                {
                    problems.Add(new Problem($"values[{code}]", new Msg($"{byCode[code].Name}: '{entry.Value}' không phải là số.", $"{byCode[code].Name}: '{entry.Value}' is not a number.")));
                }
            }

            var comment = TextFold.Clean(entry.Comment);
            if (TextFold.LooksLikeMarkup(comment))
            {
                problems.Add(new Problem($"values[{code}]", new Msg($"{byCode[code].Name}: ghi chú không được chứa mã HTML hoặc script.",
                    $"{byCode[code].Name}: the comment must not contain HTML or script.")));
            }

            parsed[code] = new EnteredValue(value, comment.Length == 0 ? null : comment);
        }

        if (problems.Count > 0)
        {
            return Outcome<ReportSaved>.Fail(problems);
        }

        var currentVersion = report?.Version ?? 0;
        if (currentVersion != version)
        {
            return Outcome<ReportSaved>.Fail(await ConflictAsync(form, unit, period, report!, parsed, ct));
        }

        var from = report?.Status ?? ReportStatus.Draft;
        var action = submit ? ReportAction.Submit : ReportAction.Save;
        if (ReportWorkflow.Next(from, action, form.NeedsApproval) is not { } to)
        {
            return Outcome<ReportSaved>.Fail("status", $"Báo cáo đang ở trạng thái {StatusText(from).Vi}, không thể sửa.",
                $"The report is {StatusText(from).En}; it cannot be changed.");
        }

        // Values not sent keep what is stored: rules and submission judge the whole report.
        var view = await OpenAsync(form, unit, period, ct);
        var all = view!.Fields.Where(f => f.Value is not null).ToDictionary(f => f.Code, f => new EnteredValue(f.Value, f.Comment), StringComparer.Ordinal);
        foreach (var (code, entered) in parsed)
        {
            if (entered.Value is null)
            {
                all.Remove(code);
            }
            else
            {
                all[code] = entered;
            }
        }

        var findings = await EvaluateAsync(form, unit.Id, period, all, ct);
        var blocking = ReportValidator.Blocking(findings, all, submit);
        if (blocking.Count > 0)
        {
            return Outcome<ReportSaved>.Fail(blocking);
        }

        // An import of many reports holds its own transaction around all of them (all or nothing).
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var rows = parsed.Where(p => p.Value.Value is not null)
            .Select(p => new DataValueInput(p.Key, unit.Code, period.Code, p.Value.Value!.Value.ToString("R", CultureInfo.InvariantCulture), p.Value.Comment))
            .ToList();
        if (rows.Count > 0)
        {
            var batch = await values.SaveDraftAsync(rows, mayWrite, ct);
            if (!batch.Saved)
            {
                return Outcome<ReportSaved>.Fail(batch.Problems);
            }
        }

        var now = db.UtcNow;
        if (report is null)
        {
            report = new Report { FormId = form.Id, OrgUnitId = unit.Id, Period = period.Code, DueOn = DueOn(form, period), Status = ReportStatus.Draft };
            db.Reports.Add(report);
        }

        report.Version++;
        report.Status = to;
        if (submit)
        {
            report.SubmittedAt = now;
            report.SubmittedBy = db.ActorName;
            report.FirstSubmittedOn ??= Dates.Today(clock);
            if (to == ReportStatus.Approved)
            {
                report.DecidedAt = now;
                report.DecidedBy = db.ActorName;
                await ApproveValuesAsync(form, unit.Id, period, ct);
                await ApprovedHookAsync(form, unit, period, report, ct);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Action = action.ToString(), ToStatus = to, At = now, By = db.ActorName });
            if (to == ReportStatus.Submitted)
            {
                await Notifications.WorkNotices.ReportSubmittedAsync(db, form, unit, period, ct);
            }

            await db.SaveChangesAsync(ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        catch (DbUpdateException) when (tx is not null)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var fresh = await db.Reports.AsNoTracking().SingleAsync(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code, ct);
            return Outcome<ReportSaved>.Fail(await ConflictAsync(form, unit, period, fresh, parsed, ct));
        }

        return Outcome<ReportSaved>.Ok(new ReportSaved(to, report.Version, findings.Where(f => f.Severity == Severity.Warning).ToList()));
    }

    /// <summary>The field of the problem given when the submitter tries to approve his own report.</summary>
    public const string ApproverField = "approver";

    /// <summary>Approve, return or re-open; return and re-open need a reason; the submitter does not approve.</summary>
    public async Task<Outcome<ReportStatus>> DecideAsync(ReportForm form, OrgUnit unit, Period period, ReportAction action, string? reason, CancellationToken ct = default)
    {
        var report = await db.Reports.SingleOrDefaultAsync(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code, ct);
        var from = report?.Status ?? ReportStatus.Draft;
        if (report is null || ReportWorkflow.Next(from, action, form.NeedsApproval) is not { } to)
        {
            return Outcome<ReportStatus>.Fail("status", $"Không thể {ActionText(action).Vi} báo cáo đang ở trạng thái {StatusText(from).Vi}.",
                $"A report that is {StatusText(from).En} cannot be {ActionText(action).En}.");
        }

        reason = TextFold.Clean(reason);
        if (ReportWorkflow.NeedsReason(action) && reason.Length == 0)
        {
            return Outcome<ReportStatus>.Fail("reason", "Hãy nêu lý do.", "Give a reason.");
        }

        if (reason.Length > 2000 || TextFold.LooksLikeMarkup(reason))
        {
            return Outcome<ReportStatus>.Fail("reason", "Lý do quá dài hoặc chứa mã HTML.", "The reason is too long or contains HTML.");
        }

        // Separation of duties: the approver is never the submitter (the DX office may enter and submit a unit's report).
        if (action == ReportAction.Approve && report.SubmittedBy == db.ActorName)
        {
            return Outcome<ReportStatus>.Fail(ApproverField, "Người nộp báo cáo không được tự duyệt báo cáo đó; cần một cán bộ khác của Văn phòng chuyển đổi số duyệt.",
                "Whoever submitted the report may not approve it; another DX office officer must approve it.");
        }

        var now = db.UtcNow;
        report.Status = to;
        report.Version++;
        report.DecidedAt = now;
        report.DecidedBy = db.ActorName;
        report.Reason = reason.Length == 0 ? report.Reason : reason;
        switch (action)
        {
            case ReportAction.Approve:
                await ApproveValuesAsync(form, unit.Id, period, ct);
                await ApprovedHookAsync(form, unit, period, report, ct);
                break;
            case ReportAction.Return:
                report.ReturnCount++;
                break;
            case ReportAction.Reopen:
                report.ReopenCount++;
                break;
        }

        db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Action = action.ToString(), ToStatus = to, Reason = reason.Length == 0 ? null : reason, At = now, By = db.ActorName });
        await Notifications.WorkNotices.ReportDecidedAsync(db, form, unit, period, report.SubmittedBy, action, reason, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<ReportStatus>.Ok(to);
    }

    /// <summary>Queues the webhooks' report.approved deliveries in the approval's own save (Connectors/WebhookOutbox).</summary>
    private Task<int> ApprovedHookAsync(ReportForm form, OrgUnit unit, Period period, Report report, CancellationToken ct) =>
        Connectors.WebhookOutbox.AddAsync(db, Connectors.WebhookEvents.ReportApproved, unit.Id, new
        {
            form = form.Code, formName = form.Name, unit = unit.Code, unitName = unit.FullName, period = period.Code, approvedBy = report.DecidedBy, approvedAt = report.DecidedAt,
        }, ct);

    private async Task ApproveValuesAsync(ReportForm form, int unitId, Period period, CancellationToken ct)
    {
        var elementIds = form.Items.Select(i => i.DataElementId).ToList();
        var rows = await db.DataValues.Where(v => elementIds.Contains(v.DataElementId) && v.OrgUnitId == unitId && v.Period == period.Code && !v.Approved).ToListAsync(ct);
        foreach (var v in rows)
        {
            v.Approved = true;
        }
    }

    private async Task<List<Problem>> ConflictAsync(ReportForm form, OrgUnit unit, Period period, Report report, Dictionary<string, EnteredValue> mine, CancellationToken ct)
    {
        var view = await OpenAsync(form, unit, period, ct);
        var problems = new List<Problem>
        {
            new("version", new Msg(
                $"{report.UpdatedBy} đã lưu báo cáo này lúc {Dates.ToDisplayTime(report.UpdatedAt)} sau khi bạn mở nó; dữ liệu của bạn chưa được lưu. Hãy xem khác biệt và lưu lại.",
                $"{report.UpdatedBy} saved this report at {Dates.ToDisplayTime(report.UpdatedAt)} after you opened it; your data was not saved. Check the differences and save again.")),
        };
        foreach (var field in view!.Fields)
        {
            if (mine.TryGetValue(field.Code, out var entered) && entered.Value != field.Value)
            {
                problems.Add(new Problem($"values[{field.Code}]", new Msg(
                    $"{field.Name}: bạn nhập {ReportValidator.Fmt(entered.Value)}, đã lưu {ReportValidator.Fmt(field.Value)}.",
                    $"{field.Name}: you entered {entered.Value?.ToString(CultureInfo.InvariantCulture) ?? "…"}, saved {field.Value?.ToString(CultureInfo.InvariantCulture) ?? "…"}.")));
            }
        }

        return problems;
    }

    private static Problem? Check(ReportForm form, Period period)
    {
        if (period.Type != form.PeriodType || period < Period.Parse(form.FirstPeriod))
        {
            return new Problem("period", new Msg($"Biểu mẫu {form.Code} không thu thập kỳ {period.Code}.", $"Form {form.Code} does not collect period {period.Code}."));
        }

        return null;
    }

    public static Msg StatusText(ReportStatus? status) => status switch
    {
        ReportStatus.Draft => new("nháp", "draft"),
        ReportStatus.Submitted => new("đã nộp, chờ duyệt", "submitted"),
        ReportStatus.Returned => new("bị trả lại", "returned"),
        ReportStatus.Approved => new("đã duyệt", "approved"),
        _ => new("chưa nộp", "not submitted"),
    };

    private static Msg ActionText(ReportAction action) => action switch
    {
        ReportAction.Approve => new("duyệt", "approved"),
        ReportAction.Return => new("trả lại", "returned"),
        ReportAction.Reopen => new("mở lại", "re-opened"),
        ReportAction.Submit => new("nộp", "submitted"),
        ReportAction.Save => new("lưu", "saved"),
        _ => throw new InvalidOperationException(),
    };

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
            var periods = EndedPeriods(form, today);
            foreach (var a in assignments.Where(a => a.FormId == form.Id).OrderBy(a => a.Code, StringComparer.Ordinal))
            {
                // A unit reports the periods it exists at the end of: across a reorganisation its successor takes over.
                foreach (var p in periods.Where(p => (a.ValidFrom is null || a.ValidFrom <= p.End) && (a.ValidTo is null || a.ValidTo >= p.End)))
                {
                    var r = byKey.GetValueOrDefault((form.Id, a.OrgUnitId, p.Code));
                    items.Add(new DueItem(form.Code, form.Name, form.NameEn, a.OrgUnitId, a.Code, pastNames.FullName(a.OrgUnitId, a.FullName, p.End), p, DueOn(form, p), r?.Status, r?.FirstSubmittedOn, r?.Reason));
                }
            }
        }

        return items;
    }
}
