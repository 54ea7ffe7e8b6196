using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Work;

/// <summary>The parts of "Việc của tôi", in the order the page and the weekly digest show them.</summary>
public enum WorkSection
{
    Overdue,
    DueThisWeek,
    WaitingForMe,
    TargetsOffTrack,
    Dti,
}

public enum WorkKind
{
    Task,
    Report,
    ReturnedReport,
    Target,
    DtiSelfAssessment,
    DtiIndex,
}

/// <summary>One thing to do: <see cref="What"/> names it (a title, a form and period, a target's name — never a bare code).</summary>
public sealed record WorkItem(WorkSection Section, WorkKind Kind, Msg What, DateOnly? Due, string Link);

/// <summary>The overdue and due-this-week work of one unit below the account's, overdue first.</summary>
public sealed record UnitWork(string UnitCode, string UnitName, IReadOnlyList<WorkItem> Items)
{
    public int Overdue => Items.Count(i => i.Section == WorkSection.Overdue);

    public int DueThisWeek => Items.Count(i => i.Section == WorkSection.DueThisWeek);
}

/// <summary>
/// What an account must do, read from its unit (its scope unit itself, not the units below it): tasks overdue and due within
/// 7 days, reports overdue, due within 7 days or returned, targets off track this year, its DTI self-assessment to fill or
/// fix; and for a steering-committee member the indexes his seat answers for. The review queue (<see cref="ReviewQueries"/>)
/// adds what waits for the account's decision. The page "Việc của tôi" and the weekly digest read the same items. The page
/// also shows, unit by unit, the overdue and due-this-week tasks and reports of the units below the account's (<see cref="BelowAsync"/>).
/// </summary>
public sealed class MyWorkQueries(LodestarDbContext db, TaskQueries tasks, ReportingService reporting, ProgressService progress, DtiQueries dti, OrgUnitQueries orgUnits)
{
    public const int WeekDays = 7;

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public Task<string?> UnitNameAsync(int unitId, CancellationToken ct = default) =>
        db.OrgUnits.Where(u => u.Id == unitId).Select(u => u.FullName).FirstOrDefaultAsync(ct);

    public async Task<List<WorkItem>> UnitAsync(int unitId, DateOnly today, CancellationToken ct = default)
    {
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == unitId, ct);
        var items = (await DueAsync(new HashSet<int> { unitId }, today, returnedWaits: true, ct)).ConvertAll(d => d.Item);

        foreach (var (target, result, _) in await progress.CarriedAtUnitAsync(unitId, today, Period.OfYear(today.Year), ct))
        {
            if (result.Status == ProgressStatus.OffTrack)
            {
                items.Add(new WorkItem(WorkSection.TargetsOffTrack, WorkKind.Target, new Msg(target.Name, target.NameEn ?? target.Name), null,
                    $"/targets/{Uri.EscapeDataString(target.Code)}?unit={Uri.EscapeDataString(unit.Code)}"));
            }
        }

        var assessments = await db.DtiAssessments.AsNoTracking()
            .Where(a => a.OrgUnitId == unitId && (a.State == AssessmentState.Draft || (a.State == AssessmentState.Submitted && a.Items.Any(i => i.Review == ItemReview.Returned))))
            .Select(a => new { a.Framework.Code, a.Framework.Name, a.Framework.NameEn, a.Year, a.State, Returned = a.Items.Count(i => i.Review == ItemReview.Returned) })
            .ToListAsync(ct);
        foreach (var a in assessments.OrderBy(a => a.Year))
        {
            items.Add(new WorkItem(WorkSection.Dti, WorkKind.DtiSelfAssessment, a.State == AssessmentState.Draft
                    ? new Msg($"bản tự đánh giá {a.Name} năm {a.Year} chưa nộp", $"the {a.NameEn ?? a.Name} self-assessment {a.Year} is not submitted")
                    : new Msg($"bản tự đánh giá {a.Name} năm {a.Year} có {a.Returned} tiêu chí bị trả lại", $"the {a.NameEn ?? a.Name} self-assessment {a.Year} has {a.Returned} items returned"),
                null, $"/dti/{Uri.EscapeDataString(a.Code)}/{a.Year}/units/{Uri.EscapeDataString(unit.Code)}/assessment"));
        }

        return items;
    }

    /// <summary>
    /// The overdue and due-this-week tasks and reports of every unit below <paramref name="unitId"/> on the day (its subtree,
    /// never beyond), grouped by unit: the units with most overdue first. A returned report counts when it is overdue.
    /// </summary>
    public async Task<List<UnitWork>> BelowAsync(int unitId, DateOnly today, CancellationToken ct = default)
    {
        var below = await orgUnits.SubtreeIdsAsync(unitId, today, ct);
        below.Remove(unitId);
        if (below.Count == 0)
        {
            return [];
        }

        return [.. (await DueAsync(below, today, returnedWaits: false, ct))
            .GroupBy(d => d.UnitCode)
            .Select(g => new UnitWork(g.Key, g.MaxBy(d => d.Item.Due)!.UnitName, [.. g.Select(d => d.Item).OrderBy(i => i.Section).ThenBy(i => i.Due)]))
            .OrderByDescending(u => u.Overdue).ThenByDescending(u => u.DueThisWeek).ThenBy(u => u.UnitName, StringComparer.Ordinal)];
    }

    // The open tasks owned by the units and their reports that are overdue or due within the week, with the unit of each. A
    // returned report waits for its unit (returnedWaits: the unit's own page), else it counts only once overdue.
    private async Task<List<(string UnitCode, string UnitName, WorkItem Item)>> DueAsync(IReadOnlySet<int> units, DateOnly today, bool returnedWaits, CancellationToken ct)
    {
        var items = new List<(string, string, WorkItem)>();
        var open = (await tasks.ListAsync(new TaskFilter(today, Units: units, OpenDueBy: today.AddDays(WeekDays), PageSize: int.MaxValue), ct)).Items;
        foreach (var t in open.OrderBy(t => t.EffectiveDeadline))
        {
            var overdue = t.State == TaskState.Overdue;
            items.Add((t.OwnerUnitCode, t.OwnerUnitName, new WorkItem(overdue ? WorkSection.Overdue : WorkSection.DueThisWeek, WorkKind.Task,
                new Msg($"“{t.Title}”", $"“{t.Title}”"), t.EffectiveDeadline, $"/tasks/{t.Uid}")));
        }

        foreach (var d in (await reporting.DueAsync(units, today, ct)).OrderBy(d => d.DueOn))
        {
            var section = d.Status == ReportStatus.Returned && returnedWaits ? WorkSection.WaitingForMe
                : d.Overdue(today) ? WorkSection.Overdue
                : d.Status is null or ReportStatus.Draft && d.DueOn <= today.AddDays(WeekDays) ? WorkSection.DueThisWeek
                : (WorkSection?)null;
            if (section is { } s)
            {
                items.Add((d.UnitCode, d.UnitName, new WorkItem(s, s == WorkSection.WaitingForMe ? WorkKind.ReturnedReport : WorkKind.Report,
                    new Msg($"{d.FormName} {d.Period.Display(false)}", $"{d.FormNameEn ?? d.FormName} {d.Period.Display(true)}"), d.DueOn,
                    $"/reports/{Uri.EscapeDataString(d.FormCode)}/{Uri.EscapeDataString(d.UnitCode)}/{d.Period.Code}")));
            }
        }

        return items;
    }

    /// <summary>The indexes a committee member's seat answers for: per index, the mean score and the units scoring under half of its points.</summary>
    public async Task<List<WorkItem>> MemberAsync(string fullName, DateOnly today, CancellationToken ct = default)
    {
        var seats = await db.DtiSteeringMembers.AsNoTracking()
            .Where(m => db.PositionTerms.Any(t => t.PositionId == m.PositionId && t.Person.FullName == fullName && t.StartOn <= today && (t.EndOn == null || t.EndOn >= today)))
            .ToListAsync(ct);
        var items = new List<WorkItem>();
        foreach (var group in seats.SelectMany(s => s.Ownership()).Distinct().GroupBy(o => o.Framework))
        {
            if (await dti.FrameworkAsync(group.Key, ct) is not { } framework)
            {
                continue;
            }

            var years = await db.DtiAssessments.Where(a => a.FrameworkId == framework.Id && a.State != AssessmentState.Draft).Select(a => a.Year).Distinct().ToListAsync(ct);
            if (years.Count == 0)
            {
                continue;
            }

            var year = years.Max();
            var scores = await dti.ScoresAsync(framework, year, withBefore: false, ct: ct);
            foreach (var (_, node) in group)
            {
                var points = scores.Units.Select(u => u.Nodes.FirstOrDefault(n => n.Code == node)).OfType<NodeScore>().Where(n => n.Max > 0).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var weak = points.Count(n => n.Points < n.Max / 2);
                var mean = points.Average(n => n.Points / n.Max) * 100;
                var label = points[0].Name;
                items.Add(new WorkItem(WorkSection.Dti, WorkKind.DtiIndex,
                    new Msg($"chỉ số “{label}” ({framework.Name} năm {year}): trung bình {mean.ToString("0.#", Vi)}%, {weak}/{points.Count} đơn vị dưới 50%",
                        $"index “{label}” ({framework.NameEn ?? framework.Name} {year}): mean {mean.ToString("0.#", CultureInfo.InvariantCulture)}%, {weak}/{points.Count} units under 50%"),
                    null, $"/dti?framework={Uri.EscapeDataString(framework.Code)}&year={year}"));
            }
        }

        return items;
    }
}
