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

        var reader = await ReaderAsync(user, ct);
        var items = new List<ReviewItem>();
        if (reader.Office)
        {
            var reports = await Reports(reader)
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
            var completions = await Completions(reader)
                .Select(r => new { r.Uid, TaskUid = r.Task.Uid, r.Task.Title, Unit = r.Task.OwnerUnit.Code, r.Task.OwnerUnit.FullName, r.CreatedAt, r.CreatedBy })
                .ToListAsync(ct);
            items.AddRange(completions.Select(r => new ReviewItem(ReviewKind.TaskCompletion, $"task/{r.TaskUid}/{r.Uid}",
                new Msg($"Nhiệm vụ đã báo cáo hoàn thành: “{r.Title}”", $"Task reported done: “{r.Title}”"),
                r.Unit, r.FullName, r.CreatedAt, r.CreatedBy, $"/tasks/{r.TaskUid}#history")));
        }

        if (reader.Office)
        {
            var assessments = await Assessments(reader)
                .Select(a => new { a.Framework.Code, a.Framework.Name, a.Framework.NameEn, a.Framework.ProvinceId, a.Year, Unit = a.OrgUnit.Code, a.OrgUnit.FullName, a.SubmittedAt, a.SubmittedBy, a.UpdatedAt })
                .ToListAsync(ct);
            var manages = Manages(user, reader, ct);
            foreach (var a in assessments)
            {
                if (await manages(a.ProvinceId))
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

    /// <summary>How many items <see cref="ListAsync"/> would list, counted in the database (the navigation badge on every page).</summary>
    public async Task<int> CountAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!MayReview(user))
        {
            return 0;
        }

        var reader = await ReaderAsync(user, ct);
        var count = 0;
        if (reader.Office)
        {
            count += await Reports(reader).CountAsync(ct);
            var manages = Manages(user, reader, ct);
            foreach (var framework in await Assessments(reader).GroupBy(a => a.Framework.ProvinceId).Select(g => new { Province = g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                count += await manages(framework.Province) ? framework.Count : 0;
            }
        }

        if (TaskRights.CanAssign(user))
        {
            count += await Completions(reader).CountAsync(ct);
        }

        return count;
    }

    /// <summary>Who reads the queue: the units he sees (null: all), his own unit, his name, whether he is the DX office (or an administrator), today.</summary>
    private sealed record Reader(List<int>? Within, int? Own, string Me, bool Office, DateOnly Today);

    private async Task<Reader> ReaderAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var today = Dates.Today(clock);
        return new Reader((await scope.VisibleIdsAsync(user, today, ct))?.ToList(), AccessScope.ScopeUnitId(user), user.Identity?.Name ?? string.Empty,
            user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice), today);
    }

    /// <summary>Submitted reports of the units below the reader: never his own unit's, never one he submitted himself.</summary>
    private IQueryable<Report> Reports(Reader r) => db.Reports.AsNoTracking()
        .Where(x => x.Status == ReportStatus.Submitted && x.OrgUnitId != r.Own && x.SubmittedBy != r.Me)
        .Where(x => r.Within == null || r.Within.Contains(x.OrgUnitId));

    /// <summary>Pending completion reports of open tasks owned inside the reader's scope.</summary>
    private IQueryable<TaskReport> Completions(Reader r) => db.TaskReports.AsNoTracking()
        .Where(x => x.Kind == ReportKind.Completion && x.Decision == Decision.Pending && x.Task.CancelledOn == null && x.Task.CompletedOn == null)
        .Where(x => r.Within == null || r.Within.Contains(x.Task.OwnerUnitId));

    /// <summary>Submitted DTI self-assessments of the units below the reader; he decides those of the frameworks he manages (<see cref="Manages"/>).</summary>
    private IQueryable<DtiAssessment> Assessments(Reader r) => db.DtiAssessments.AsNoTracking()
        .Where(a => a.State == AssessmentState.Submitted && a.OrgUnitId != r.Own)
        .Where(a => r.Within == null || r.Within.Contains(a.OrgUnitId));

    /// <summary>Whether the reader manages the frameworks of a province (null: national), asked once per province.</summary>
    private Func<int?, Task<bool>> Manages(ClaimsPrincipal user, Reader r, CancellationToken ct)
    {
        var known = new Dictionary<int, bool>();
        return async province =>
        {
            if (!known.TryGetValue(province ?? 0, out var may))
            {
                known[province ?? 0] = may = await scope.MayManageAsync(user, province, r.Today, ct);
            }

            return may;
        };
    }
}
