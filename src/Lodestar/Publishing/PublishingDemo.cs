using Lodestar.Data;
using Lodestar.Demo;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Publishing;

/// <summary>
/// The demo's public side: the province's programme, its first eight targets (LS-09 and LS-10 stay internal), every
/// DTI year whose results the council has all confirmed, and one correction published after the fact with its note.
/// </summary>
public sealed class PublishingDemo(LodestarDbContext db, PublishingService publishing)
{
    public const string Programme = "LS-BCD";

    public const string CorrectedTarget = "LS-06";

    public const string CorrectionNote = "Đính chính: Sở Khoa học và Công nghệ rà soát lại số hộ có cáp quang năm 2024 (dữ liệu minh họa).";

    public static readonly string[] Targets = ["LS-01", "LS-02", "LS-03", "LS-04", "LS-05", "LS-06", "LS-07", "LS-08"];

    public Task<bool> IsSeededAsync(CancellationToken ct = default) => db.Publications.AnyAsync(ct);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Programmes.AnyAsync(p => p.Code == Programme, ct))
        {
            return;
        }

        Check(await publishing.PublishProgrammeAsync(Programme, ct));
        var existing = await db.Targets.Where(t => Targets.Contains(t.Code)).Select(t => t.Code).ToListAsync(ct);
        foreach (var code in Targets.Where(existing.Contains))
        {
            Check(await publishing.PublishTargetAsync(code, null, ct));
            Check(await publishing.PublishMapAsync(code, ct));
        }

        // Years the council has finished: every assessment confirmed (the current year's are still under review).
        var years = await db.DtiAssessments.AsNoTracking().GroupBy(a => new { a.Framework.Code, a.Year })
            .Where(g => g.All(a => a.State == AssessmentState.Confirmed || a.State == AssessmentState.Published)).Select(g => new { g.Key.Code, g.Key.Year }).ToListAsync(ct);
        foreach (var y in years.OrderBy(y => y.Code, StringComparer.Ordinal).ThenBy(y => y.Year))
        {
            Check(await publishing.PublishDtiAsync(y.Code, y.Year, null, ct));
        }

        if (existing.Contains(CorrectedTarget))
        {
            await CorrectAsync(ct);
        }
    }

    // A value the province reported for 2024 is corrected in the store (kept in its history), then re-published with a note.
    private async Task CorrectAsync(CancellationToken ct)
    {
        var target = await db.Targets.Include(t => t.Indicator).SingleAsync(t => t.Code == CorrectedTarget, ct);
        var province = await db.OrgUnits.SingleAsync(u => u.Code == DemoSeeder.ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        var candidates = await db.DataValues.Where(v => v.DataElementId == target.Indicator.ElementId && v.Period == "2024" && v.Approved)
            .OrderBy(v => v.OrgUnitId == province.Id ? 0 : 1).ThenBy(v => v.OrgUnitId).ToListAsync(ct);
        var value = candidates.FirstOrDefault();
        if (value is null)
        {
            return;
        }

        var old = value.Value;
        value.Value = Math.Round(old * 1.08, 0);
        value.Comment = "Rà soát lại theo số liệu của doanh nghiệp viễn thông (dữ liệu minh họa)";
        db.DataValueChanges.Add(new DataValueChange
        {
            DataElementId = value.DataElementId, OrgUnitId = value.OrgUnitId, Period = value.Period, OldValue = old, NewValue = value.Value,
            Comment = value.Comment, At = db.UtcNow, By = "demo",
        });
        await db.SaveChangesAsync(ct);
        Check(await publishing.PublishTargetAsync(CorrectedTarget, CorrectionNote, ct));
    }

    private static void Check(Common.Outcome<PublishSummary> outcome)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("Demo publishing failed: " + string.Join(" ", outcome.Problems.Select(p => p.Message.En)));
        }
    }
}
