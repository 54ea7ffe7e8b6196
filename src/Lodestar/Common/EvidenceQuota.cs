using System.Globalization;
using Lodestar.Data;
using Lodestar.Setup;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Common;

/// <summary>
/// The evidence one unit may keep (<see cref="LodestarOptions.EvidenceQuotaBytes"/>), counted over the files of its
/// periodic reports, the tasks it owns and its DTI assessments: one unit uploading without end cannot fill the disk
/// every other unit's evidence and the database share.
/// </summary>
public sealed class EvidenceQuota(LodestarDbContext db, LodestarOptions options)
{
    /// <summary>The bytes of evidence the unit keeps today.</summary>
    public async Task<long> UsedAsync(int unitId, CancellationToken ct = default)
    {
        var reports = await (from e in db.ReportEvidence
                             join r in db.Reports on e.ReportId equals r.Id
                             where r.OrgUnitId == unitId
                             select (long?)e.Size).SumAsync(ct) ?? 0;
        var tasks = await (from e in db.TaskEvidence
                           join r in db.TaskReports on e.ReportId equals r.Id
                           join t in db.Tasks on r.TaskId equals t.Id
                           where t.OwnerUnitId == unitId
                           select (long?)e.Size).SumAsync(ct) ?? 0;
        var dti = await (from e in db.DtiEvidence
                         join i in db.DtiItems on e.ItemId equals i.Id
                         join a in db.DtiAssessments on i.AssessmentId equals a.Id
                         where a.OrgUnitId == unitId
                         select (long?)e.Size).SumAsync(ct) ?? 0;
        return reports + tasks + dti;
    }

    /// <summary>A problem when the files would take the unit past its quota, saying how much it uses and may keep.</summary>
    public async Task<Problem?> CheckAsync(int unitId, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var adding = files.Sum(f => (long)f.Content.Length);
        if (adding == 0)
        {
            return null;
        }

        var used = await UsedAsync(unitId, ct);
        if (used + adding <= options.EvidenceQuotaBytes)
        {
            return null;
        }

        var (u, a, q) = (Mb(used, "vi-VN"), Mb(adding, "vi-VN"), Mb(options.EvidenceQuotaBytes, "vi-VN"));
        var (ue, ae, qe) = (Mb(used, "en-GB"), Mb(adding, "en-GB"), Mb(options.EvidenceQuotaBytes, "en-GB"));
        return new Problem("evidence", new Msg(
            $"Đơn vị đã lưu {u} MB minh chứng trong giới hạn {q} MB; thêm {a} MB sẽ vượt giới hạn. Không tệp nào được lưu; hãy đề nghị quản trị hệ thống nâng giới hạn (LODESTAR_EVIDENCE_QUOTA_MB).",
            $"The unit keeps {ue} MB of evidence within its limit of {qe} MB; adding {ae} MB would pass it. No file was saved; ask the system administrator to raise the limit (LODESTAR_EVIDENCE_QUOTA_MB)."));
    }

    private static string Mb(long bytes, string culture) => (bytes / 1024d / 1024d).ToString("#,##0.#", CultureInfo.GetCultureInfo(culture));
}
