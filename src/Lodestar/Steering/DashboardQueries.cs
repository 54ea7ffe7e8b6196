using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Steering;

public sealed record DashUnit(int Id, string Code, string Name, bool IsProvince);

public sealed record StatusCounts(int Achieved, int OnTrack, int AtRisk, int OffTrack, int NoData)
{
    public int Total => Achieved + OnTrack + AtRisk + OffTrack + NoData;

    public int Get(ProgressStatus s) => s switch
    {
        ProgressStatus.Achieved => Achieved,
        ProgressStatus.OnTrack => OnTrack,
        ProgressStatus.AtRisk => AtRisk,
        ProgressStatus.OffTrack => OffTrack,
        ProgressStatus.NoData => NoData,
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static StatusCounts Of(IEnumerable<ProgressStatus> statuses)
    {
        var list = statuses.ToList();
        int C(ProgressStatus s) => list.Count(x => x == s);
        return new(C(ProgressStatus.Achieved), C(ProgressStatus.OnTrack), C(ProgressStatus.AtRisk), C(ProgressStatus.OffTrack), C(ProgressStatus.NoData));
    }
}

/// <summary>A programme's pillar (or its overall targets when <see cref="PillarId"/> is null) with its targets' statuses.</summary>
public sealed record PillarRow(string Programme, string ProgrammeName, int? PillarId, string Pillar, string? PillarEn, ProgressStatus Status, StatusCounts Counts);

/// <summary>A target off track or at risk; OpenTasks: the open tasks of the unit's subtree that work on it.</summary>
public sealed record TargetRow(string Code, string Name, string? NameEn, string Programme, string Unit, double? Actual, double? Expected, double? PercentOfExpected, ProgressStatus Status, int OpenTasks);

public sealed record TargetStatus(string Code, string Name, string? NameEn, ProgressStatus Status);

public sealed record UnitOverdue(string Code, string Name, int Overdue, int Total);

/// <summary>Tasks by the four official states (cancelled apart) and the units with overdue tasks, most first.</summary>
public sealed record TaskBlock(int CompletedOnTime, int CompletedLate, int NotCompletedWithinDeadline, int NotCompletedOverdue, int Cancelled, IReadOnlyList<UnitOverdue> OverdueByUnit)
{
    public int Counted => CompletedOnTime + CompletedLate + NotCompletedWithinDeadline + NotCompletedOverdue;
}

public sealed record MissingReport(string UnitCode, string UnitName, string Form, string Period, DateOnly DueOn);

public sealed record QualityRow(string UnitCode, string UnitName, double Score);

/// <summary>Reporting this period: each form's latest ended period summed; the mean data-quality score; who did not report.</summary>
public sealed record ReportingBlock(int Expected, int Submitted, int OnTime, double? Quality, IReadOnlyList<MissingReport> Missing, IReadOnlyList<QualityRow> LowestQuality)
{
    public double? Completeness => Expected == 0 ? null : Math.Round(100.0 * Submitted / Expected, 1);
}

public sealed record DtiYear(int Year, string Framework, double Score, int Rank);

public sealed record DtiMove(string Framework, int Year, string UnitCode, string UnitName, int Rank, int RankBefore, double Score, double ScoreBefore)
{
    public int Places => RankBefore - Rank;
}

/// <summary>A task a previous meeting's conclusion assigned, with its state on the day.</summary>
public sealed record FollowUp(string MeetingUid, string MeetingTitle, int Conclusion, string TaskUid, string TaskTitle, string UnitName, DateOnly Deadline, TaskState State);

/// <summary>An index a committee member answers for: the mean normalised score (0–1) of the units assessed, this year and last.</summary>
public sealed record MemberIndex(string Role, string Position, string? Person, string Framework, string Node, string NodeName, int? Year, double? Score, double? ScoreBefore);

public sealed record TargetChange(string Code, string Name, string? NameEn, ProgressStatus From, ProgressStatus To);

/// <summary>What moved since the last meeting that was held before the day.</summary>
public sealed record ChangesSince(string MeetingUid, string MeetingTitle, DateOnly Since, int TasksCompleted, int TasksNewlyOverdue, int ReportsSubmitted,
    IReadOnlyList<TargetChange> Slipped, IReadOnlyList<TargetChange> Improved);

/// <summary>The province at a glance: the one set of figures the home page, the API and the briefing pack all show.</summary>
public sealed record Dashboard(
    DashUnit Unit, string Period, DateOnly AsOf,
    StatusCounts Targets, IReadOnlyList<PillarRow> Pillars, IReadOnlyList<TargetRow> MostOffTrack, IReadOnlyList<TargetStatus> Statuses,
    TaskBlock Tasks, ReportingBlock Reporting, IReadOnlyList<DtiYear> Dti, IReadOnlyList<DtiMove> MoversUp, IReadOnlyList<DtiMove> MoversDown,
    ChangesSince? Changes, IReadOnlyList<FollowUp> FollowUps, IReadOnlyList<MemberIndex> Members);

/// <summary>
/// Builds <see cref="Dashboard"/> for a unit, a period (targets are judged for it) and a day (tasks, reports and the
/// previous meeting are taken as of it), from the services each feature already has: ProgressService, TaskQueries,
/// ReportQueries and DtiQueries. Rules in Steering/README.md.
/// </summary>
public sealed class DashboardQueries(LodestarDbContext db, ProgressService progress, TaskQueries tasks, ReportQueries reports, DtiQueries dti, OrgUnitQueries units)
{
    public const int ListLength = 5;

    public async Task<Dashboard> BuildAsync(OrgUnit unit, Period period, DateOnly asOf, CancellationToken ct = default)
    {
        var subtree = await units.SubtreeIdsAsync(unit.Id, asOf, ct);

        // Targets: the unit's programmes (a province), else the targets it carries of its province's and national programmes.
        var programmeIds = await db.Programmes.Where(p => p.ProvinceId == unit.Id).Select(p => p.Id).ToListAsync(ct);
        var targets = new List<TargetInfo>();
        foreach (var id in programmeIds)
        {
            targets.AddRange(await progress.TargetsOfProgrammeAsync(id, ct));
        }

        var results = programmeIds.Count > 0
            ? await progress.AtUnitAsync(targets, unit.Id, period, ct)
            : await progress.CarriedAtUnitAsync(unit.Id, asOf, period, ct);
        var pillars = results.GroupBy(r => (r.Target.ProgrammeCode, r.Target.ProgrammeName, r.Target.PillarId, r.Target.PillarName, r.Target.PillarNameEn))
            .Select(g => new PillarRow(g.Key.ProgrammeCode, g.Key.ProgrammeName, g.Key.PillarId, g.Key.PillarName ?? "Chỉ tiêu chung", g.Key.PillarNameEn ?? (g.Key.PillarName is null ? "Overall targets" : null),
                ProgressRules.Combine(g.Select(r => r.Result.Status)), StatusCounts.Of(g.Select(r => r.Result.Status))))
            .ToList();
        var behind = results.Where(r => r.Result.Status is ProgressStatus.OffTrack or ProgressStatus.AtRisk)
            .OrderBy(r => r.Result.Status == ProgressStatus.OffTrack ? 0 : 1).ThenBy(r => r.Result.PercentOfExpected ?? double.MaxValue).ThenBy(r => r.Target.Code, StringComparer.Ordinal)
            .Take(ListLength)
            .ToList();
        var working = await tasks.OpenByTargetAsync([.. behind.Select(r => r.Target.Id)], new TaskFilter(asOf, Units: subtree), ct);
        var offTrack = behind
            .Select(r => new TargetRow(r.Target.Code, r.Target.Name, r.Target.NameEn, r.Target.ProgrammeCode, r.Target.Unit, Round(r.Result.Actual), Round(r.Result.Expected),
                Round(r.Result.PercentOfExpected), r.Result.Status, working[r.Target.Id]))
            .ToList();
        var statuses = results.Select(r => new TargetStatus(r.Target.Code, r.Target.Name, r.Target.NameEn, r.Result.Status)).ToList();

        var taskItems = (await tasks.ListAsync(new TaskFilter(asOf, Units: subtree, PageSize: int.MaxValue), ct)).Items;
        var taskBlock = TaskSummary(taskItems);
        var reporting = await ReportingAsync(subtree, asOf, ct);
        var (dtiYears, up, down, scored) = await DtiAsync(unit, asOf, ct);
        var (changes, followUps) = await SinceLastMeetingAsync(unit, asOf, subtree, taskItems, statuses, ct);
        var members = await MembersAsync(unit, asOf, scored, ct);

        return new Dashboard(new DashUnit(unit.Id, unit.Code, unit.FullName, unit.Level == OrgUnitLevel.Province), period.Code, asOf,
            StatusCounts.Of(results.Select(r => r.Result.Status)), pillars, offTrack, statuses, taskBlock, reporting, dtiYears, up, down, changes, followUps, members);
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 2) : null;

    private static TaskBlock TaskSummary(IReadOnlyList<TaskItem> items)
    {
        int Count(TaskState s) => items.Count(t => t.State == s);
        var byUnit = items.GroupBy(t => t.OwnerUnitCode)
            .Select(g => new UnitOverdue(g.Key, g.MaxBy(t => t.Deadline)!.OwnerUnitName, g.Count(t => t.State == TaskState.Overdue), g.Count(t => t.State != TaskState.Cancelled)))
            .Where(u => u.Overdue > 0)
            .OrderByDescending(u => u.Overdue).ThenBy(u => u.Code, StringComparer.Ordinal)
            .ToList();
        return new TaskBlock(Count(TaskState.CompletedOnTime), Count(TaskState.CompletedLate), Count(TaskState.NotStarted) + Count(TaskState.InProgress),
            Count(TaskState.Overdue), Count(TaskState.Cancelled), byUnit);
    }

    private async Task<ReportingBlock> ReportingAsync(HashSet<int> subtree, DateOnly asOf, CancellationToken ct)
    {
        var completeness = await reports.CompletenessAsync(subtree, asOf, ct);
        var latest = completeness.GroupBy(c => c.FormCode).Select(g => g.MaxBy(c => c.Period)!).ToList();
        var missing = (await reports.MissingAsync(subtree, asOf, ct))
            .OrderBy(m => m.DueOn).ThenBy(m => m.UnitCode, StringComparer.Ordinal)
            .Select(m => new MissingReport(m.UnitCode, m.UnitName, m.FormCode, m.Period.Code, m.DueOn)).ToList();
        var quality = await reports.QualityAsync(subtree, asOf, ct);
        return new ReportingBlock(latest.Sum(c => c.Expected), latest.Sum(c => c.Submitted), latest.Sum(c => c.OnTime),
            quality.Count == 0 ? null : Math.Round(quality.Average(q => q.Score.Score), 1), missing,
            [.. quality.Take(ListLength).Select(q => new QualityRow(q.UnitCode, q.UnitName, q.Score.Score))]);
    }

    /// <summary>The unit's national DTI by year; the biggest rank movers of its own (local) frameworks in their latest year.</summary>
    private async Task<(List<DtiYear>, List<DtiMove>, List<DtiMove>, Dictionary<string, YearScores>)> DtiAsync(OrgUnit unit, DateOnly asOf, CancellationToken ct)
    {
        var years = new List<DtiYear>();
        var mine = await db.DtiAssessments.AsNoTracking()
            .Where(a => a.OrgUnitId == unit.Id && a.Year <= asOf.Year && a.State != AssessmentState.Draft && a.Framework.ProvinceId == null)
            .Select(a => new { a.FrameworkId, a.Year }).OrderBy(a => a.Year).ToListAsync(ct);
        var frameworks = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes)
            .Where(f => f.ProvinceId == null || f.ProvinceId == unit.Id).ToListAsync(ct);
        foreach (var a in mine)
        {
            var f = frameworks.Single(x => x.Id == a.FrameworkId);
            var scores = await dti.ScoresAsync(f, a.Year, withBefore: false, ct: ct);
            if (scores.Of(unit.Id) is { } s)
            {
                years.Add(new DtiYear(a.Year, f.Code, Math.Round(s.Normalised, 4), s.Rank));
            }
        }

        var moves = new List<DtiMove>();
        var scored = new Dictionary<string, YearScores>();
        foreach (var f in frameworks.Where(f => f.ProvinceId == unit.Id))
        {
            var latest = await db.DtiAssessments.Where(a => a.FrameworkId == f.Id && a.Year <= asOf.Year && a.State != AssessmentState.Draft)
                .MaxAsync(a => (int?)a.Year, ct);
            if (latest is not { } year)
            {
                continue;
            }

            var scores = await dti.ScoresAsync(f, year, ct: ct);
            scored[f.Code] = scores;
            moves.AddRange(scores.Units.Where(s => s.RankBefore is not null && s.NormalisedBefore is not null)
                .Select(s => new DtiMove(f.Code, year, s.UnitCode, s.UnitName, s.Rank, s.RankBefore!.Value, Math.Round(s.Normalised, 4), Math.Round(s.NormalisedBefore!.Value, 4))));
        }

        var up = moves.Where(m => m.Places > 0).OrderByDescending(m => m.Places).ThenBy(m => m.Rank).Take(ListLength).ToList();
        var down = moves.Where(m => m.Places < 0).OrderBy(m => m.Places).ThenBy(m => m.Rank).Take(ListLength).ToList();
        return (years, up, down, scored);
    }

    /// <summary>The last meeting held before the day: what moved since, and the state of the tasks its conclusions assigned.</summary>
    private async Task<(ChangesSince?, List<FollowUp>)> SinceLastMeetingAsync(
        OrgUnit unit, DateOnly asOf, HashSet<int> subtree, IReadOnlyList<TaskItem> taskItems, List<TargetStatus> statuses, CancellationToken ct)
    {
        var last = await db.SteeringMeetings.AsNoTracking().Include(m => m.Pack)
            .Where(m => m.ProvinceId == unit.Id && m.HeldOn != null && m.HeldOn < asOf)
            .OrderByDescending(m => m.HeldOn).FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return (null, []);
        }

        var since = last.HeldOn!.Value;
        var completed = taskItems.Count(t => t.CompletedOn is { } d && d >= since && d <= asOf);
        var newlyOverdue = taskItems.Count(t => t.State == TaskState.Overdue && t.EffectiveDeadline >= since);
        var submitted = await db.Reports.CountAsync(r => subtree.Contains(r.OrgUnitId) && r.FirstSubmittedOn >= since && r.FirstSubmittedOn <= asOf, ct);

        // Target statuses are compared with the previous meeting's pack, the figures the committee saw then.
        var slipped = new List<TargetChange>();
        var improved = new List<TargetChange>();
        if (last.Pack is { } pack && PackData.Read(pack.Data) is { } before)
        {
            var then = before.Statuses.ToDictionary(s => s.Code, s => s.Status);
            foreach (var now in statuses)
            {
                if (then.TryGetValue(now.Code, out var was) && Rank(was) is { } a && Rank(now.Status) is { } b && a != b)
                {
                    (b > a ? slipped : improved).Add(new TargetChange(now.Code, now.Name, now.NameEn, was, now.Status));
                }
            }
        }

        var conclusions = await db.MeetingConclusions.AsNoTracking().Where(c => c.MeetingId == last.Id && c.TaskId != null)
            .OrderBy(c => c.SortOrder)
            .Select(c => new { c.SortOrder, c.Task!.Uid, c.Task.Title, c.Task.OwnerUnit.FullName, c.Task.Deadline, c.Task.ExtendedTo, c.Task.HasProgress, c.Task.CompletedOn, c.Task.CancelledOn })
            .ToListAsync(ct);
        var followUps = conclusions.Select(c => new FollowUp(last.Uid, last.Title, c.SortOrder, c.Uid, c.Title, c.FullName, c.Deadline,
            TaskStates.Compute(new TaskFacts(c.Deadline, c.ExtendedTo, c.HasProgress, c.CompletedOn, c.CancelledOn), asOf))).ToList();
        return (new ChangesSince(last.Uid, last.Title, since, completed, newlyOverdue, submitted, slipped, improved), followUps);
    }

    // Worse is higher; no data is not compared.
    private static int? Rank(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => 0,
        ProgressStatus.OnTrack => 1,
        ProgressStatus.AtRisk => 2,
        ProgressStatus.OffTrack => 3,
        ProgressStatus.NoData => null,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>
    /// The committee's members and the indexes they answer for, read straight from DtiSteeringMembers: each owned node's
    /// mean normalised score over the units assessed in its framework's latest year. Small on purpose, to be replaced
    /// by the steering-members' own query service when there is one.
    /// </summary>
    private async Task<List<MemberIndex>> MembersAsync(OrgUnit unit, DateOnly asOf, Dictionary<string, YearScores> scored, CancellationToken ct)
    {
        var members = await db.DtiSteeringMembers.AsNoTracking().Where(m => m.ProvinceId == unit.Id).OrderBy(m => m.SortOrder)
            .Select(m => new
            {
                m.Role, m.Owns, m.Position.Title, Unit = m.Position.OrgUnit.Name,
                Person = db.PositionTerms.Where(t => t.PositionId == m.PositionId && t.StartOn <= asOf && (t.EndOn == null || t.EndOn >= asOf)).Select(t => t.Person.FullName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var result = new List<MemberIndex>();
        foreach (var m in members)
        {
            var owned = new Dti.DtiSteeringMember { Owns = m.Owns }.Ownership().ToList();
            foreach (var (framework, node) in owned)
            {
                double? now = null, before = null;
                int? year = null;
                // The index by its name, never its code, even when its framework has no results yet.
                var name = await db.DtiNodes.Where(n => n.Code == node && db.DtiFrameworks.Any(f => f.Id == n.FrameworkId && f.Code == framework)).Select(n => n.Name).FirstOrDefaultAsync(ct) ?? node;
                if (scored.TryGetValue(framework, out var scores) && scores.Model.IndexOf(node) is var i and >= 0)
                {
                    year = scores.Year;
                    name = scores.Model.Nodes[i].Name ?? node;
                    now = Mean(scores.Units.Select(u => u.Nodes[i]));
                    var j = scores.Before?.Model.IndexOf(node) ?? -1;
                    before = j >= 0 ? Mean(scores.Before!.Units.Select(u => u.Nodes[j])) : null;
                }

                result.Add(new MemberIndex(m.Role.ToString(), SeatName(m.Title, m.Unit), m.Person, framework, node, name, year, now, before));
            }
        }

        return result;
    }

    /// <summary>
    /// "Giám đốc Sở" of "Sở Nội vụ" → "Giám đốc Sở Nội vụ", "Giám đốc Trung tâm" of "Trung tâm Phục vụ hành chính công tỉnh" →
    /// "Giám đốc Trung tâm Phục vụ hành chính công tỉnh" (the longest end of the title that begins the unit's name is said
    /// once); a title that names its unit ("… tỉnh") stays as it is.
    /// </summary>
    public static string SeatName(string title, string unit)
    {
        if (title.Contains(unit, StringComparison.Ordinal) || title.EndsWith(" tỉnh", StringComparison.Ordinal))
        {
            return title;
        }

        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var from = 0; from < words.Length; from++)
        {
            var end = string.Join(' ', words[from..]);
            if (unit.StartsWith(end + " ", StringComparison.Ordinal) || unit == end)
            {
                return string.Join(' ', words[..from].Append(unit));
            }
        }

        return title + " " + unit;
    }

    private static double? Mean(IEnumerable<NodeScore> nodes)
    {
        var list = nodes.Where(n => n.Max > 0).ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(n => n.Points / n.Max), 4);
    }
}
