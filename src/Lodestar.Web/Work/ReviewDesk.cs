using System.Security.Claims;
using Lodestar.Common;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Web.Reporting;
using Lodestar.Web.Tasks;
using Lodestar.Work;

namespace Lodestar.Web.Work;

/// <summary>
/// Approve or return one item of the review queue. It goes through the same access checks and services as the report and
/// task pages (scope, separation of duties, versions, audit): the queue is a shortcut to them, never a way around them.
/// A DTI self-assessment is reviewed item by item on its own page, so it is not decided here.
/// </summary>
public sealed class ReviewDesk(ReportAccess reports, ReportingService reporting, TaskAccess tasks, TaskReportService taskReports)
{
    /// <summary>The field of the problem given when the item is not the reader's to decide (or no longer exists).</summary>
    public const string ItemField = "item";

    public async Task<Outcome<ReviewKind>> DecideAsync(ClaimsPrincipal user, string? key, bool approve, string? reason, CancellationToken ct = default)
    {
        switch ((key ?? string.Empty).Split('/'))
        {
            case ["report", var form, var unit, var period]:
                var (ctx, _) = await reports.ResolveAsync(user, form, unit, period, ct);
                if (ctx is not { CanReview: true })
                {
                    break;
                }

                var decided = await reporting.DecideAsync(ctx.Form, ctx.Unit, ctx.Period, approve ? ReportAction.Approve : ReportAction.Return, reason, ct);
                return decided.Succeeded ? Outcome<ReviewKind>.Ok(ReviewKind.Report) : Outcome<ReviewKind>.Fail(decided.Problems);
            case ["task", var taskUid, var reportUid]:
                var task = await tasks.DetailAsync(user, taskUid, ct);
                if (task is null || !(await tasks.RightsAsync(user, task, ct)).CanDecide || task.Reports.All(r => r.Uid != reportUid))
                {
                    break;
                }

                var answered = await taskReports.DecideCompletionAsync(reportUid, approve, reason, ct);
                return answered.Succeeded ? Outcome<ReviewKind>.Ok(ReviewKind.TaskCompletion) : Outcome<ReviewKind>.Fail(answered.Problems);
        }

        return Outcome<ReviewKind>.Fail(ItemField, "Việc này không (còn) chờ bạn duyệt.", "This item is not (or no longer) waiting for your review.");
    }
}
