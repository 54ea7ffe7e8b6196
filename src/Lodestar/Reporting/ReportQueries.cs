using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>Per form × period: how many units were expected, submitted, on time, approved, returned.</summary>
public sealed record Completeness(string FormCode, string FormName, string? FormNameEn, Values.Period Period, DateOnly DueOn,
    int Expected, int Submitted, int OnTime, int Approved, int Returned)
{
    public double SubmittedShare => Expected == 0 ? 0 : (double)Submitted / Expected;
}

/// <summary>A unit's data-quality score with its parts and the counts behind them.</summary>
public sealed record UnitQuality(int UnitId, string UnitCode, string UnitName, QualityInput Input, QualityScore Score);

/// <summary>Completeness, timeliness and data quality, computed on read from reports and values.</summary>
public sealed class ReportQueries(LodestarDbContext db, ReportingService reporting)
{
    public async Task<List<Completeness>> CompletenessAsync(IReadOnlyCollection<int>? unitIds, DateOnly today, CancellationToken ct = default)
    {
        var forms = await db.ReportForms.AsNoTracking().Include(f => f.Units).OrderBy(f => f.Code).ToListAsync(ct);
        var reports = await db.Reports.AsNoTracking()
            .Select(r => new { r.FormId, r.OrgUnitId, r.Period, r.Status, r.FirstSubmittedOn, r.DueOn }).ToListAsync(ct);
        var assigned = forms.SelectMany(f => f.Units.Select(u => u.OrgUnitId)).Distinct().ToList();
        var lifetimes = await db.OrgUnits.AsNoTracking().Where(u => assigned.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.ValidFrom, u.ValidTo), ct);
        var result = new List<Completeness>();
        foreach (var form in forms)
        {
            var all = form.Units.Select(u => u.OrgUnitId).Where(id => unitIds is null || unitIds.Contains(id)).ToList();
            foreach (var p in ReportPeriods.Ended(form, today))
            {
                // Expected: the units in existence at the period's end (a closed unit's successor takes over).
                var units = all.Where(id => lifetimes[id] is var (from, to) && (from is null || from <= p.End) && (to is null || to >= p.End)).ToHashSet();
                var mine = reports.Where(r => r.FormId == form.Id && r.Period == p.Code && units.Contains(r.OrgUnitId)).ToList();
                var due = ReportPeriods.DueOn(form, p);
                result.Add(new Completeness(form.Code, form.Name, form.NameEn, p, due, units.Count,
                    mine.Count(r => r.FirstSubmittedOn is not null),
                    mine.Count(r => r.FirstSubmittedOn <= r.DueOn),
                    mine.Count(r => r.Status == ReportStatus.Approved),
                    mine.Count(r => r.Status == ReportStatus.Returned)));
            }
        }

        return result;
    }

    /// <summary>Who has not reported: due (past the due date) and never submitted, or returned and not resubmitted.</summary>
    public async Task<List<DueItem>> MissingAsync(IReadOnlyCollection<int>? unitIds, DateOnly today, CancellationToken ct = default)
    {
        var ids = unitIds ?? await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync(ct);
        var due = await reporting.DueAsync(ids, today, ct);
        return due.Where(d => d.Overdue(today)).ToList();
    }

    /// <summary>The data-quality score of each unit that reports a form, over the recent periods (README.md).</summary>
    public async Task<List<UnitQuality>> QualityAsync(IReadOnlyCollection<int>? unitIds, DateOnly today, CancellationToken ct = default)
    {
        var ids = unitIds ?? await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync(ct);
        var due = (await reporting.DueAsync(ids, today, ct)).Where(d => d.DueOn < today).ToList();
        var forms = await db.ReportForms.AsNoTracking().Include(f => f.Items).ToDictionaryAsync(f => f.Code, ct);
        var reports = await db.Reports.AsNoTracking().Where(r => ids.Contains(r.OrgUnitId))
            .Select(r => new { r.FormId, r.OrgUnitId, r.Period, r.ReturnCount, r.ReopenCount, r.Status, r.FirstSubmittedOn, r.DueOn }).ToListAsync(ct);
        var elementIds = forms.Values.SelectMany(f => f.Items.Select(i => i.DataElementId)).Distinct().ToList();
        var present = await db.DataValues.AsNoTracking().Where(v => ids.Contains(v.OrgUnitId) && elementIds.Contains(v.DataElementId))
            .Select(v => new { v.OrgUnitId, v.DataElementId, v.Period, v.UpdatedAt }).ToListAsync(ct);
        var presentKeys = present.Select(v => (v.OrgUnitId, v.DataElementId, v.Period)).ToHashSet();
        var result = new List<UnitQuality>();
        // One row per unit, named as at its latest period (earlier periods may carry a name it had before a rename).
        foreach (var unit in due.GroupBy(d => (d.UnitId, d.UnitCode)))
        {
            int expectedValues = 0, presentValues = 0, submitted = 0, onTime = 0, returns = 0, approved = 0, reopens = 0;
            foreach (var d in unit)
            {
                var form = forms[d.FormCode];
                expectedValues += form.Items.Count;
                presentValues += form.Items.Count(i => presentKeys.Contains((unit.Key.UnitId, i.DataElementId, d.Period.Code)));
                var r = reports.FirstOrDefault(x => x.FormId == form.Id && x.OrgUnitId == unit.Key.UnitId && x.Period == d.Period.Code);
                if (r?.FirstSubmittedOn is not null)
                {
                    submitted++;
                    onTime += r.FirstSubmittedOn <= r.DueOn ? 1 : 0;
                }

                returns += r?.ReturnCount ?? 0;
                reopens += r?.ReopenCount ?? 0;
                approved += r?.Status == ReportStatus.Approved ? 1 : 0;
            }

            var newest = present.Where(v => v.OrgUnitId == unit.Key.UnitId).Select(v => (DateTime?)v.UpdatedAt).Max();
            int? age = newest is { } n ? today.DayNumber - Dates.VietnamDay(n).DayNumber : null;
            var input = new QualityInput(unit.Count(), submitted, onTime, returns, approved, reopens, expectedValues, presentValues, age);
            result.Add(new UnitQuality(unit.Key.UnitId, unit.Key.UnitCode, unit.MaxBy(d => d.Period.End)!.UnitName, input, DataQuality.Compute(input)));
        }

        return result.OrderBy(q => q.Score.Score).ThenBy(q => q.UnitCode, StringComparer.Ordinal).ToList();
    }
}
