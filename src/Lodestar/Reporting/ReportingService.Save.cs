using System.Globalization;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>One value as entered: element code, the number as invariant text ("1234.5", empty = none), comment.</summary>
public sealed record ReportEntry(string? Element, string? Value, string? Comment);

public sealed record ReportSaved(ReportStatus Status, int Version, IReadOnlyList<Finding> Warnings);

public sealed partial class ReportingService
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>
    /// Saves the entries as the report's draft and, with <paramref name="submit"/>, submits it. Refused (nothing written) when the
    /// report changed since <paramref name="version"/> (the problems name each value that differs), when it is not editable,
    /// or when a rule blocks. Problems are keyed <c>values[CODE]</c>. The caller has resolved the unit on the period's last day
    /// and checked that the writer may enter its values (the report page and API through their access check, an upload per
    /// report): the save reads each number once, judges the whole report once and writes the values as they are.
    /// </summary>
    public async Task<Outcome<ReportSaved>> SaveAsync(
        ReportForm form, OrgUnit unit, Period period, IReadOnlyList<ReportEntry> entries, int version, bool submit, CancellationToken ct = default)
    {
        if (Check(form, unit, period) is { } bad)
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
        var parsed = Read(form, byCode, entries, problems);
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
            return Outcome<ReportSaved>.Fail("status", $"Báo cáo đang ở trạng thái {ReportWorkflow.StatusText(from).Vi}, không thể sửa.",
                $"The report is {ReportWorkflow.StatusText(from).En}; it cannot be changed.");
        }

        // Values not sent keep what is stored: rules and submission judge the whole report.
        var all = await StoredAsync(form, unit.Id, period, ct);
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
        var place = new UnitRef(unit.Id, unit.Code);
        var rows = parsed.Where(p => p.Value.Value is not null)
            .Select(p => new CheckedValue(byCode[p.Key], place, period, p.Value.Value!.Value, p.Value.Comment))
            .ToList();
        if (rows.Count > 0)
        {
            await values.WriteDraftAsync(rows, ct);
        }

        var now = db.UtcNow;
        if (report is null)
        {
            report = new Report { FormId = form.Id, OrgUnitId = unit.Id, Period = period.Code, DueOn = ReportPeriods.DueOn(form, period), Status = ReportStatus.Draft };
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

    /// <summary>
    /// The entries read once: each names an element of the form; its number is invariant text, finite, within
    /// ±<see cref="ValueRowChecker.MaxMagnitude"/> and whole for a count; its comment is plain text (<see cref="ValueRowChecker.CommentProblem"/>).
    /// The element's range and the form's rules are judged after, on the whole report.
    /// </summary>
    private static Dictionary<string, EnteredValue> Read(
        ReportForm form, Dictionary<string, DataElement> byCode, IReadOnlyList<ReportEntry> entries, List<Problem> problems)
    {
        var parsed = new Dictionary<string, EnteredValue>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var code = entry.Element?.Trim() ?? string.Empty;
            if (!byCode.TryGetValue(code, out var element))
            {
                problems.Add(new Problem($"values[{code}]", new Msg($"Biểu mẫu {form.Code} không có chỉ tiêu '{code}'.", $"Form {form.Code} has no element '{code}'.")));
                continue;
            }

            void Bad(string vi, string en) => problems.Add(new Problem($"values[{code}]", new Msg($"{element.Name}: {vi}", $"{element.NameEn ?? element.Name}: {en}")));

            double? value = null;
            if (!string.IsNullOrWhiteSpace(entry.Value))
            {
                if (double.TryParse(entry.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                {
                    value = v;
                    if (ValueRowChecker.MagnitudeProblem(v) is { } huge)
                    {
                        Bad(huge.Vi, huge.En);
                    }
                    else if (element.WholeNumbers && v != Math.Floor(v))
                    {
                        Bad($"{v.ToString("#,##0.######", Vi)} không phải số nguyên; chỉ tiêu này đếm {element.Unit} nên chỉ nhận số nguyên.",
                            $"{v.ToString(CultureInfo.InvariantCulture)} is not a whole number; this element counts {element.Unit}, so it takes whole numbers only.");
                    }
                }
                else
                {
                    problems.Add(new Problem($"values[{code}]", new Msg($"{element.Name}: '{entry.Value}' không phải là số.", $"{element.Name}: '{entry.Value}' is not a number.")));
                }
            }

            var comment = TextFold.Clean(entry.Comment);
            if (TextFold.LooksLikeMarkup(comment))
            {
                problems.Add(new Problem($"values[{code}]", new Msg($"{element.Name}: ghi chú không được chứa mã HTML hoặc script.",
                    $"{element.Name}: the comment must not contain HTML or script.")));
            }
            else if (ValueRowChecker.CommentProblem(comment) is { } badComment)
            {
                Bad(badComment.Vi, badComment.En);
            }

            parsed[code] = new EnteredValue(value, comment.Length == 0 ? null : comment);
        }

        return parsed;
    }

    /// <summary>The report's stored values by element code (those of its period only).</summary>
    private async Task<Dictionary<string, EnteredValue>> StoredAsync(ReportForm form, int unitId, Period period, CancellationToken ct)
    {
        var codeOf = form.Items.ToDictionary(i => i.DataElementId, i => i.DataElement.Code);
        var elementIds = codeOf.Keys.ToList();
        var stored = await db.DataValues.AsNoTracking()
            .Where(v => elementIds.Contains(v.DataElementId) && v.OrgUnitId == unitId && v.Period == period.Code)
            .Select(v => new { v.DataElementId, v.Value, v.Comment }).ToListAsync(ct);
        return stored.ToDictionary(v => codeOf[v.DataElementId], v => new EnteredValue(v.Value, v.Comment), StringComparer.Ordinal);
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

    private static Problem? Check(ReportForm form, OrgUnit unit, Period period)
    {
        if (period.Type != form.PeriodType || period < Period.Parse(form.FirstPeriod))
        {
            return new Problem("period", new Msg($"Biểu mẫu {form.Code} không thu thập kỳ {period.Code}.", $"Form {form.Code} does not collect period {period.Code}."));
        }

        // A unit reports the periods it exists at the end of (its values are kept under the unit of that day).
        return unit.IsValidOn(period.End) ? null : new Problem("orgUnit", new Msg(
            $"{unit.FullName} không tồn tại vào ngày {period.End.ToDisplay()} (cuối kỳ {period.Code}).",
            $"{unit.FullName} does not exist on {period.End.ToDisplay()} (the end of period {period.Code})."));
    }
}
