using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

public sealed partial class ReportingService
{
    /// <summary>The field of the problem given when the submitter tries to approve his own report.</summary>
    public const string ApproverField = "approver";

    /// <summary>Approve, return or re-open; return and re-open need a reason; the submitter does not approve.</summary>
    public async Task<Outcome<ReportStatus>> DecideAsync(ReportForm form, OrgUnit unit, Period period, ReportAction action, string? reason, CancellationToken ct = default)
    {
        var report = await db.Reports.SingleOrDefaultAsync(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code, ct);
        var from = report?.Status ?? ReportStatus.Draft;
        if (report is null || ReportWorkflow.Next(from, action, form.NeedsApproval) is not { } to)
        {
            return Outcome<ReportStatus>.Fail("status", $"Không thể {ReportWorkflow.ActionText(action).Vi} báo cáo đang ở trạng thái {ReportWorkflow.StatusText(from).Vi}.",
                $"A report that is {ReportWorkflow.StatusText(from).En} cannot be {ReportWorkflow.ActionText(action).En}.");
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
}
