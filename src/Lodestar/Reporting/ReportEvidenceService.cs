using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

public sealed record EvidenceItem(string Uid, string FileName, string ContentType, long Size, DateTime UploadedAt, string UploadedBy);

/// <summary>
/// Evidence files of a report, with the task register's limits (≤ 5 per upload, ≤ 10 MB each; PDF, Word, Excel,
/// OpenDocument, JPG/PNG, TXT). Attaching is allowed while the report is editable (draft or returned).
/// </summary>
public sealed class ReportEvidenceService(LodestarDbContext db, LodestarOptions options)
{
    public async Task<List<EvidenceItem>> ListAsync(int formId, int unitId, string period, CancellationToken ct = default) =>
        await (from e in db.ReportEvidence.AsNoTracking()
               join r in db.Reports on e.ReportId equals r.Id
               where r.FormId == formId && r.OrgUnitId == unitId && r.Period == period
               orderby e.Id
               select new EvidenceItem(e.Uid, e.FileName, e.ContentType, e.Size, e.UploadedAt, e.UploadedBy)).ToListAsync(ct);

    public async Task<Outcome<int>> AttachAsync(ReportForm form, OrgUnit unit, Period period, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var problems = EvidenceFiles.Problems(files).ToList();
        if (files.Count == 0)
        {
            problems.Add(new Problem("evidence", new Msg("Chọn ít nhất một tệp.", "Choose at least one file.")));
        }

        var report = await db.Reports.SingleOrDefaultAsync(r => r.FormId == form.Id && r.OrgUnitId == unit.Id && r.Period == period.Code, ct);
        if (report is not null && !ReportWorkflow.IsEditable(report.Status))
        {
            problems.Add(new Problem("evidence", new Msg("Báo cáo đã nộp hoặc đã duyệt; không thêm được tệp.", "The report is submitted or approved; files cannot be added.")));
        }

        if (problems.Count == 0 && await new EvidenceQuota(db, options).CheckAsync(unit.Id, files, ct) is { } full)
        {
            problems.Add(full);
        }

        if (problems.Count > 0)
        {
            return Outcome<int>.Fail(problems);
        }

        // A first attachment starts the report (version 0, so an open entry page can still save).
        if (report is null)
        {
            report = new Report { FormId = form.Id, OrgUnitId = unit.Id, Period = period.Code, DueOn = ReportPeriods.DueOn(form, period), Status = ReportStatus.Draft };
            db.Reports.Add(report);
            await db.SaveChangesAsync(ct);
        }

        var stored = await EvidenceFiles.WriteAsync(options.DataDirectory, EvidenceFiles.Folder("reports", report.Id), files, ct);
        db.ReportEvidence.AddRange(stored.Select(f => new ReportEvidence
        {
            Uid = f.Uid, ReportId = report.Id, FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, StoredPath = f.StoredPath,
            UploadedAt = db.UtcNow, UploadedBy = db.ActorName,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            EvidenceFiles.Delete(options.DataDirectory, stored);
            throw;
        }

        return Outcome<int>.Ok(files.Count);
    }

    /// <summary>The evidence with its report's form, unit and period (for the scope check), and its file's full path.</summary>
    public async Task<(ReportEvidence Evidence, int UnitId, string Period, string Path)?> FindAsync(string uid, CancellationToken ct = default)
    {
        var row = await (from e in db.ReportEvidence.AsNoTracking()
                         join r in db.Reports on e.ReportId equals r.Id
                         where e.Uid == uid
                         select new { e, r.OrgUnitId, r.Period }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.DataDirectory, row.e.StoredPath));
        return File.Exists(path) && path.StartsWith(System.IO.Path.GetFullPath(options.DataDirectory), StringComparison.Ordinal)
            ? (row.e, row.OrgUnitId, row.Period, path)
            : null;
    }
}
