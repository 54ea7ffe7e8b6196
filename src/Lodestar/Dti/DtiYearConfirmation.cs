using System.Text.Json;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

/// <summary>
/// Freezes a framework's year (ADR 0011). The appraisal council confirms the year: the results of the assessments it
/// confirmed are scored, ranked among themselves and stored as revision 1; reads of the year then come from the latest
/// revision. Anything that would change them is a new revision, asked for explicitly with a reason, that recomputes from
/// the confirmed assessments and keeps the earlier revisions. Late or unreviewed assessments never count.
/// </summary>
public sealed class DtiYearConfirmation(LodestarDbContext db, DtiQueries queries)
{
    /// <summary>The council confirms the year's results: revision 1.</summary>
    public async Task<Outcome<DtiYearRevision>> ConfirmAsync(DtiFramework f, int year, CancellationToken ct = default)
    {
        if (await LatestAsync(f, year, ct) is not null)
        {
            return Outcome<DtiYearRevision>.Fail("year", $"Kết quả {f.Code} năm {year} đã được Hội đồng xác nhận: thay đổi phải là một lần sửa đổi có lý do.",
                $"The {f.Code} {year} results are already confirmed by the council: a change must be a revision with its reason.");
        }

        return await FreezeAsync(f, year, null, null, ct);
    }

    /// <summary>Recomputes a confirmed year from the confirmed assessments as revision N+1, with its reason; the earlier revisions stay.</summary>
    public async Task<Outcome<DtiYearRevision>> ReviseAsync(DtiFramework f, int year, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome<DtiYearRevision>.Fail("reason", "Cần nêu lý do sửa đổi kết quả đã được Hội đồng xác nhận.",
                "Give the reason for revising results the council confirmed.");
        }

        var latest = await LatestAsync(f, year, ct);
        if (latest is null)
        {
            return Outcome<DtiYearRevision>.Fail("year", $"Kết quả {f.Code} năm {year} chưa được Hội đồng xác nhận: chưa có gì để sửa đổi.",
                $"The {f.Code} {year} results are not confirmed by the council yet: there is nothing to revise.");
        }

        return await FreezeAsync(f, year, latest, TextFold.Clean(reason.Trim()), ct);
    }

    private Task<DtiYearRevision?> LatestAsync(DtiFramework f, int year, CancellationToken ct) =>
        db.DtiYearRevisions.AsNoTracking().Include(r => r.Results).Where(r => r.FrameworkId == f.Id && r.Year == year)
            .OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);

    private async Task<Outcome<DtiYearRevision>> FreezeAsync(DtiFramework f, int year, DtiYearRevision? latest, string? reason, CancellationToken ct)
    {
        var scores = await queries.ConfirmedNowAsync(f, year, ct);
        if (scores.Units.Count == 0)
        {
            return Outcome<DtiYearRevision>.Fail("year", $"{f.Code} năm {year}: chưa có kết quả nào được Hội đồng xác nhận.",
                $"{f.Code} {year}: no result has been confirmed by the council yet.");
        }

        var assessments = await db.DtiAssessments.AsNoTracking().Where(a => a.FrameworkId == f.Id && a.Year == year)
            .ToDictionaryAsync(a => a.OrgUnitId, a => a.Id, ct);
        var revision = new DtiYearRevision { FrameworkId = f.Id, Year = year, Number = (latest?.Number ?? 0) + 1, Reason = reason, At = db.UtcNow, By = db.ActorName };
        revision.Results.AddRange(scores.Units.Select(u => new DtiFrozenResult
        {
            AssessmentId = assessments[u.UnitId], Total = u.Total, Normalised = u.Normalised, Rank = u.Rank,
            Points = JsonSerializer.Serialize(u.Nodes.ToDictionary(n => n.Code, n => n.Points)),
        }));
        if (latest is not null && Same(latest.Results, revision.Results))
        {
            return Outcome<DtiYearRevision>.Fail("reason", $"Tính lại {f.Code} năm {year} cho đúng kết quả đã xác nhận (lần {latest.Number}): không có gì để sửa đổi.",
                $"Recomputing {f.Code} {year} gives the confirmed results (revision {latest.Number}): there is nothing to revise.");
        }

        db.DtiYearRevisions.Add(revision);
        await db.SaveChangesAsync(ct);
        return Outcome<DtiYearRevision>.Ok(revision);
    }

    /// <summary>The same units with the same total, index and rank (at four decimals, as results are published).</summary>
    private static bool Same(List<DtiFrozenResult> a, List<DtiFrozenResult> b) =>
        a.Count == b.Count && a.All(x => b.Any(y => y.AssessmentId == x.AssessmentId && y.Rank == x.Rank
            && DtiEngine.Tied(y.Total, x.Total) && DtiEngine.Tied(y.Normalised, x.Normalised)));
}
