using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Work;

public enum ReviewKind
{
    Report,
    TaskCompletion,
    DtiAssessment,
}

/// <summary>
/// One thing waiting for the reader's decision. <see cref="Key"/> names it for a decision posted from the queue:
/// <c>report/{form}/{unit}/{period}</c>, <c>task/{taskUid}/{reportUid}</c> or <c>dti/{framework}/{year}/{unit}</c>.
/// </summary>
public sealed record ReviewItem(ReviewKind Kind, string Key, Msg What, string UnitCode, string UnitName, DateTime SubmittedAt, string SubmittedBy, string Link);

/// <summary>
/// "Chờ duyệt": what waits for this account, oldest first — submitted reports of the units below it (the DX office and
/// administrators; never its own unit's, never one it submitted itself, which another officer must approve), completion
/// reports of tasks owned inside its scope (whoever assigns tasks), and submitted DTI self-assessments of the units of a
/// framework it manages (the DX office, never its own unit). The same rules as the report, task and DTI pages, which
/// make the decision.
/// </summary>
public sealed class ReviewQueries(LodestarDbContext db, AccessScope scope, TimeProvider clock)
{
    /// <summary>Whether the account can have anything waiting for it at all (the navigation shows the queue only then).</summary>
    public static bool MayReview(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice) || TaskRights.CanAssign(user);

    public async Task<List<ReviewItem>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!MayReview(user))
        {
            return [];
        }

        var today = Dates.Today(clock);
        var within = (await scope.VisibleIdsAsync(user, today, ct))?.ToList();
        var own = AccessScope.ScopeUnitId(user);
        var me = user.Identity?.Name ?? string.Empty;
        var office = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);
        var items = new List<ReviewItem>();

        if (office)
        {
            var reports = await db.Reports.AsNoTracking()
                .Where(r => r.Status == ReportStatus.Submitted && r.OrgUnitId != own && r.SubmittedBy != me)
                .Where(r => within == null || within.Contains(r.OrgUnitId))
                .Select(r => new { r.Form.Code, r.Form.Name, r.Form.NameEn, Unit = r.OrgUnit.Code, r.OrgUnit.FullName, r.Period, r.SubmittedAt, r.SubmittedBy, r.UpdatedAt })
                .ToListAsync(ct);
            items.AddRange(reports.Select(r =>
            {
                var period = Values.Period.Parse(r.Period);
                return new ReviewItem(ReviewKind.Report, $"report/{r.Code}/{r.Unit}/{r.Period}",
                    new Msg($"Báo cáo: {r.Name}, {period.Display(false)}", $"Report: {r.NameEn ?? r.Name}, {period.Display(true)}"),
                    r.Unit, r.FullName, r.SubmittedAt ?? r.UpdatedAt, r.SubmittedBy ?? string.Empty,
                    $"/reports/{Uri.EscapeDataString(r.Code)}/{Uri.EscapeDataString(r.Unit)}/{r.Period}");
            }));
        }

        if (TaskRights.CanAssign(user))
        {
            var completions = await db.TaskReports.AsNoTracking()
                .Where(r => r.Kind == ReportKind.Completion && r.Decision == Decision.Pending && r.Task.CancelledOn == null && r.Task.CompletedOn == null)
                .Where(r => within == null || within.Contains(r.Task.OwnerUnitId))
                .Select(r => new { r.Uid, TaskUid = r.Task.Uid, r.Task.Title, Unit = r.Task.OwnerUnit.Code, r.Task.OwnerUnit.FullName, r.CreatedAt, r.CreatedBy })
                .ToListAsync(ct);
            items.AddRange(completions.Select(r => new ReviewItem(ReviewKind.TaskCompletion, $"task/{r.TaskUid}/{r.Uid}",
                new Msg($"Nhiệm vụ đã báo cáo hoàn thành: “{r.Title}”", $"Task reported done: “{r.Title}”"),
                r.Unit, r.FullName, r.CreatedAt, r.CreatedBy, $"/tasks/{r.TaskUid}#history")));
        }

        if (office)
        {
            var assessments = await db.DtiAssessments.AsNoTracking()
                .Where(a => a.State == AssessmentState.Submitted && a.OrgUnitId != own)
                .Where(a => within == null || within.Contains(a.OrgUnitId))
                .Select(a => new { a.Framework.Code, a.Framework.Name, a.Framework.NameEn, a.Framework.ProvinceId, a.Year, Unit = a.OrgUnit.Code, a.OrgUnit.FullName, a.SubmittedAt, a.SubmittedBy, a.UpdatedAt })
                .ToListAsync(ct);
            var managed = new Dictionary<int, bool>();
            foreach (var a in assessments)
            {
                if (!managed.TryGetValue(a.ProvinceId ?? 0, out var may))
                {
                    managed[a.ProvinceId ?? 0] = may = await scope.MayManageAsync(user, a.ProvinceId, today, ct);
                }

                if (may)
                {
                    items.Add(new ReviewItem(ReviewKind.DtiAssessment, $"dti/{a.Code}/{a.Year}/{a.Unit}",
                        new Msg($"Tự đánh giá DTI: {a.Name}, năm {a.Year}", $"DTI self-assessment: {a.NameEn ?? a.Name}, {a.Year}"),
                        a.Unit, a.FullName, a.SubmittedAt ?? a.UpdatedAt, a.SubmittedBy ?? string.Empty,
                        $"/dti/{Uri.EscapeDataString(a.Code)}/{a.Year}/units/{Uri.EscapeDataString(a.Unit)}/assessment"));
                }
            }
        }

        return items.OrderBy(i => i.SubmittedAt).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();
    }
}
