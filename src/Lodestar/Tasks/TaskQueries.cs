using System.Text.Json.Serialization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tasks;

/// <summary>Filters of the register. Units and Within are unit ids (a subtree, the reader's scope); null means all. Target: the id of a target the tasks work on.</summary>
public sealed record TaskFilter(
    DateOnly Today,
    IReadOnlySet<int>? Within = null,
    IReadOnlySet<int>? Units = null,
    TaskState? State = null,
    DateOnly? DueFrom = null,
    DateOnly? DueTo = null,
    TaskSourceKind? Source = null,
    string? Query = null,
    string? AccountablePerson = null,
    DateOnly? OpenDueBy = null,
    IReadOnlySet<int>? Pillars = null,
    int? Target = null,
    int Page = 1,
    int PageSize = 50);

public sealed record TaskItem(
    string Uid,
    string Title,
    string OwnerUnitCode,
    string OwnerUnitName,
    DateOnly AssignedOn,
    DateOnly Deadline,
    DateOnly? ExtendedTo,
    DateOnly? CompletedOn,
    TaskState State,
    int Percent,
    TaskPriority Priority,
    TaskSourceKind SourceKind,
    string? SourceNumber,
    string? Accountable,
    TaskRecurrence Recurrence,
    string? ParentUid,
    string? Pillar)
{
    public DateOnly EffectiveDeadline => ExtendedTo is { } e && e > Deadline ? e : Deadline;
}

public sealed record StateCounts(int NotStarted, int InProgress, int Overdue, int CompletedOnTime, int CompletedLate, int Cancelled)
{
    public int Total => NotStarted + InProgress + Overdue + CompletedOnTime + CompletedLate + Cancelled;

    /// <summary>Overdue tasks over tasks that count (all but cancelled); 0 when none count.</summary>
    public double OverdueShare => Total - Cancelled == 0 ? 0 : (double)Overdue / (Total - Cancelled);

    public int Get(TaskState s) => s switch
    {
        TaskState.NotStarted => NotStarted,
        TaskState.InProgress => InProgress,
        TaskState.Overdue => Overdue,
        TaskState.CompletedOnTime => CompletedOnTime,
        TaskState.CompletedLate => CompletedLate,
        TaskState.Cancelled => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static StateCounts Of(IEnumerable<TaskState> states)
    {
        var list = states.ToList();
        int C(TaskState s) => list.Count(x => x == s);
        return new(C(TaskState.NotStarted), C(TaskState.InProgress), C(TaskState.Overdue), C(TaskState.CompletedOnTime), C(TaskState.CompletedLate), C(TaskState.Cancelled));
    }
}

public sealed record UnitTaskSummary(string Code, string Name, StateCounts Counts);

public sealed record TargetRef(string Code, string Name);

public sealed record ReportView(string Uid, ReportKind Kind, DateOnly ReportedOn, string ReportedBy, int Percent, string Narrative, DateOnly? ExpectedOn,
    Decision? Decision, DateOnly? DecidedOn, string? DecidedBy, string? DecisionReason, IReadOnlyList<EvidenceView> Evidence);

public sealed record EvidenceView(string Uid, string FileName, string ContentType, long Size);

public sealed record ExtensionView(string Uid, DateOnly RequestedOn, string RequestedBy, DateOnly NewDeadline, string Reason,
    Decision Decision, DateOnly? DecidedOn, string? DecidedBy, string? DecisionReason);

public sealed record TaskDetail(
    TaskItem Task,
    [property: JsonIgnore] int OwnerUnitId,
    [property: JsonIgnore] IReadOnlyList<int> UnitIds,
    string? Description,
    DateOnly? SourceDate,
    string? ExpectedOutput,
    string? AccountablePosition,
    string AssignedBy,
    string? ParentTitle,
    DateOnly? CancelledOn,
    string? CancelReason,
    IReadOnlyList<OrgUnitRef> CoUnits,
    IReadOnlyList<TargetRef> Targets,
    IReadOnlyList<TaskItem> SubTasks,
    IReadOnlyList<ReportView> Reports,
    IReadOnlyList<ExtensionView> Extensions,
    int Version);

/// <summary>One person's account for the tasks of a unit whose deadline fell in his term (and the period).</summary>
public sealed record HeadAccount(string Person, string Position, DateOnly TermFrom, DateOnly? TermTo,
    int Assigned, int Due, int CompletedOnTime, int CompletedLate, int OverdueNow, int Open);

/// <summary>
/// Reads of the register. The state is computed in memory from each task's dates (TaskStates), so lists load the
/// tasks matching the SQL filters (a province holds a few thousand at most), compute, filter by state, then page.
/// </summary>
public sealed class TaskQueries(LodestarDbContext db, FigureCache? figures = null)
{
    public async Task<Page<TaskItem>> ListAsync(TaskFilter f, CancellationToken ct = default)
    {
        var all = await ItemsAsync(f, ct);
        var filtered = all.Where(t => f.State is null || t.State == f.State)
            .Where(t => f.OpenDueBy is null || (IsOpen(t.State) && t.EffectiveDeadline <= f.OpenDueBy))
            .Where(t => f.AccountablePerson is null || TextFold.Fold(t.Accountable).Contains(TextFold.Fold(f.AccountablePerson), StringComparison.Ordinal))
            .ToList();
        return new Page<TaskItem>(filtered.Skip((f.Page - 1) * f.PageSize).Take(f.PageSize).ToList(), filtered.Count);
    }

    /// <summary>Counts per state of each owner unit, for the register's groups and the heat map.</summary>
    public async Task<List<UnitTaskSummary>> SummaryByUnitAsync(TaskFilter f, CancellationToken ct = default)
    {
        var all = await ItemsAsync(f with { State = null }, ct);
        // One group per unit, named as on its latest deadline (a task due before a rename carries the old name).
        return all.GroupBy(t => t.OwnerUnitCode)
            .Select(g => new UnitTaskSummary(g.Key, g.MaxBy(t => t.Deadline)!.OwnerUnitName, StateCounts.Of(g.Select(t => t.State))))
            .OrderBy(s => s.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// How many open tasks (not started, in progress, overdue) work on each of the targets, among the tasks the filter
    /// keeps (its scope, its units); a target no task works on counts 0.
    /// </summary>
    public async Task<Dictionary<int, int>> OpenByTargetAsync(IReadOnlyCollection<int> targetIds, TaskFilter f, CancellationToken ct = default)
    {
        var ids = targetIds.ToList();
        var links = await (from x in db.TaskTargets.AsNoTracking()
                           join t in db.Tasks on x.TaskId equals t.Id
                           where ids.Contains(x.TargetId)
                           select new { x.TargetId, t.Uid }).ToListAsync(ct);
        var open = (await ItemsAsync(f with { State = null }, ct, q => q.Where(t => t.Targets.Any(x => ids.Contains(x.TargetId)))))
            .Where(t => IsOpen(t.State)).Select(t => t.Uid).ToHashSet(StringComparer.Ordinal);
        return ids.Distinct().ToDictionary(id => id, id => links.Count(l => l.TargetId == id && open.Contains(l.Uid)));
    }

    /// <summary>
    /// One task as a reader whose scope is <paramref name="within"/> (null: everything) sees it: sub-tasks and the parent
    /// outside that scope are left out (their titles are not his to read).
    /// </summary>
    public async Task<TaskDetail?> GetAsync(string uid, DateOnly today, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var task = await db.Tasks.AsNoTracking().Where(t => t.Uid == uid)
            .Select(t => new
            {
                t.Id,
                t.OwnerUnitId,
                t.Description,
                t.SourceDate,
                t.ExpectedOutput,
                Position = t.AccountablePosition == null ? null : t.AccountablePosition.Title,
                t.AssignedBy,
                ParentTitle = t.Parent == null ? null : t.Parent.Title,
                t.ParentId,
                t.CancelledOn,
                t.CancelReason,
                t.Version,
                Targets = t.Targets.Select(x => new TargetRef(x.Target.Code, x.Target.Name)).ToList(),
                t.Deadline,
                CoUnits = t.CoUnits.Select(c => new { c.OrgUnit.Id, c.OrgUnit.Code, c.OrgUnit.FullName, c.OrgUnit.Level, c.OrgUnit.ValidFrom, c.OrgUnit.ValidTo }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (task is null)
        {
            return null;
        }

        var parentVisible = within is null || task.ParentId is not { } parentId
            || await db.Tasks.AnyAsync(t => t.Id == parentId && (within.Contains(t.OwnerUnitId) || t.CoUnits.Any(c => within.Contains(c.OrgUnitId))), ct);
        var item = (await ItemsAsync(new TaskFilter(today), ct, q => q.Where(t => t.Id == task.Id)))[0];
        item = parentVisible ? item : item with { ParentUid = null };
        var subTasks = await ItemsAsync(new TaskFilter(today, within), ct, q => q.Where(t => t.ParentId == task.Id));
        var reportRows = await db.TaskReports.AsNoTracking().Where(r => r.TaskId == task.Id)
            .OrderByDescending(r => r.ReportedOn).ThenByDescending(r => r.Id)
            .Select(r => new
            {
                r.Uid, r.Kind, r.ReportedOn, r.CreatedBy, r.Percent, r.Narrative, r.ExpectedOn, r.Decision, r.DecidedOn, r.DecidedBy, r.DecisionReason,
                Evidence = r.Evidence.OrderBy(e => e.Id).Select(e => new EvidenceView(e.Uid, e.FileName, e.ContentType, e.Size)).ToList(),
            })
            .ToListAsync(ct);
        var reports = reportRows.Select(r => new ReportView(r.Uid, r.Kind, r.ReportedOn, r.CreatedBy, r.Percent, r.Narrative, r.ExpectedOn,
            r.Decision, r.DecidedOn, r.DecidedBy, r.DecisionReason, r.Evidence)).ToList();
        var extensionRows = await db.TaskExtensions.AsNoTracking().Where(x => x.TaskId == task.Id)
            .OrderByDescending(x => x.RequestedOn).ThenByDescending(x => x.Id)
            .Select(x => new { x.Uid, x.RequestedOn, x.CreatedBy, x.NewDeadline, x.Reason, x.Decision, x.DecidedOn, x.DecidedBy, x.DecisionReason })
            .ToListAsync(ct);
        var extensions = extensionRows.Select(x => new ExtensionView(x.Uid, x.RequestedOn, x.CreatedBy, x.NewDeadline, x.Reason, x.Decision, x.DecidedOn, x.DecidedBy, x.DecisionReason)).ToList();
        var coNames = await db.OrgUnitNames.PastNamesAsync([.. task.CoUnits.Select(c => c.Id)], ct);
        var on = TaskStates.AnsweredOn(task.Deadline, today);
        return new TaskDetail(item, task.OwnerUnitId, [task.OwnerUnitId, .. task.CoUnits.Select(c => c.Id)], task.Description, task.SourceDate, task.ExpectedOutput,
            task.Position, task.AssignedBy, parentVisible ? task.ParentTitle : null, task.CancelledOn, task.CancelReason,
            task.CoUnits.Select(c => new OrgUnitRef(c.Code, coNames.FullName(c.Id, c.FullName, on), c.Level, c.ValidFrom, c.ValidTo)).ToList(),
            task.Targets, subTasks, reports, extensions, task.Version);
    }

    /// <summary>The evidence file's record and its task's units (for the scope check), or null.</summary>
    public async Task<(TaskEvidence Evidence, string TaskUid, int[] UnitIds)?> EvidenceAsync(string uid, CancellationToken ct = default)
    {
        var row = await (from e in db.TaskEvidence.AsNoTracking()
                         join r in db.TaskReports on e.ReportId equals r.Id
                         where e.Uid == uid
                         select new { Evidence = e, r.Task.Uid, r.Task.OwnerUnitId, Co = r.Task.CoUnits.Select(c => c.OrgUnitId).ToList() })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Evidence, row.Uid, [row.OwnerUnitId, .. row.Co]);
    }

    /// <summary>
    /// Accountability of the heads of a unit over a period: each task of the unit whose ORIGINAL deadline falls in the
    /// period counts against whoever held its accountable position on that deadline, so a change of head does not
    /// move blame. "Assigned" counts the tasks given to the unit during the person's term (within the period).
    /// </summary>
    public async Task<List<HeadAccount>> AccountabilityAsync(int unitId, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct = default)
    {
        var tasks = await RowsAsync(new TaskFilter(today), ct, q => q.Where(t => t.OwnerUnitId == unitId));
        var terms = await db.PositionTerms.AsNoTracking()
            .Where(t => t.Position.OrgUnitId == unitId && (t.Position.IsHead || db.Tasks.Any(x => x.OwnerUnitId == unitId && x.AccountablePositionId == t.PositionId)))
            .Where(t => t.StartOn <= to && (t.EndOn == null || t.EndOn >= from))
            .Select(t => new { t.PositionId, t.Position.Title, Person = t.Person.FullName, t.StartOn, t.EndOn })
            .ToListAsync(ct);
        var headPosition = await db.Positions.Where(p => p.OrgUnitId == unitId && p.IsHead).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        bool Covers(DateOnly start, DateOnly? end, DateOnly d) => start <= d && (end is null || end >= d) && d >= from && d <= to;

        return terms.OrderBy(t => t.StartOn).Select(term =>
        {
            var mine = tasks.Where(t => (t.PositionId ?? headPosition) == term.PositionId).Select(t => t.Item).ToList();
            var due = mine.Where(t => Covers(term.StartOn, term.EndOn, t.Deadline) && t.State != TaskState.Cancelled).ToList();
            int Count(TaskState s) => due.Count(t => t.State == s);
            return new HeadAccount(term.Person, term.Title, term.StartOn, term.EndOn,
                mine.Count(t => Covers(term.StartOn, term.EndOn, t.AssignedOn)),
                due.Count, Count(TaskState.CompletedOnTime), Count(TaskState.CompletedLate), Count(TaskState.Overdue),
                Count(TaskState.NotStarted) + Count(TaskState.InProgress));
        }).ToList();
    }

    public static bool IsOpen(TaskState state) => state is TaskState.NotStarted or TaskState.InProgress or TaskState.Overdue;

    /// <summary>Tasks matching the SQL-side filters, with their state on f.Today and the accountable person.</summary>
    private async Task<List<TaskItem>> ItemsAsync(TaskFilter f, CancellationToken ct, Func<IQueryable<WorkTask>, IQueryable<WorkTask>>? extra = null)
    {
        if (figures is null || extra is not null)
        {
            return (await RowsAsync(f, ct, extra)).Select(r => r.Item).ToList();
        }

        // The register of a scope and its database filters, kept until tasks, posts or units change; the filters that
        // depend on the computed state (state, open by, accountable person) and the page are applied by the callers.
        var key = (nameof(ItemsAsync), f.Today, FigureCache.KeyOf(f.Within), FigureCache.KeyOf(f.Units), f.DueFrom, f.DueTo, f.Source, f.Query,
            FigureCache.KeyOf(f.Pillars), f.Target);
        var items = await figures.GetAsync<IReadOnlyList<TaskItem>>(key, ChangeKinds.Work | ChangeKinds.Structure,
            async () => (await RowsAsync(f, ct)).ConvertAll(r => r.Item), ct);
        return [.. items];
    }

    private async Task<List<(TaskItem Item, int? PositionId)>> RowsAsync(TaskFilter f, CancellationToken ct, Func<IQueryable<WorkTask>, IQueryable<WorkTask>>? extra = null)
    {
        var q = db.Tasks.AsNoTracking();
        if (extra is not null)
        {
            q = extra(q);
        }

        if (f.Within is { } within)
        {
            q = q.Where(t => within.Contains(t.OwnerUnitId) || t.CoUnits.Any(c => within.Contains(c.OrgUnitId)));
        }

        if (f.Units is { } units)
        {
            q = q.Where(t => units.Contains(t.OwnerUnitId));
        }

        if (f.DueFrom is { } dueFrom)
        {
            q = q.Where(t => t.Deadline >= dueFrom);
        }

        if (f.DueTo is { } dueTo)
        {
            q = q.Where(t => t.Deadline <= dueTo);
        }

        if (f.Pillars is { } pillars)
        {
            q = q.Where(t => t.PillarId != null && pillars.Contains(t.PillarId.Value));
        }

        if (f.Target is { } target)
        {
            q = q.Where(t => t.Targets.Any(x => x.TargetId == target));
        }

        if (f.Source is { } source)
        {
            q = q.Where(t => t.SourceKind == source);
        }

        foreach (var word in TextFold.Words(f.Query))
        {
            q = q.Where(t => t.SearchText.Contains(word));
        }

        var rows = await q.OrderBy(t => t.Deadline).ThenBy(t => t.Id)
            .Select(t => new
            {
                t.Uid,
                t.Title,
                t.OwnerUnitId,
                t.OwnerUnit.Code,
                t.OwnerUnit.FullName,
                t.AssignedOn,
                t.Deadline,
                t.ExtendedTo,
                t.CompletedOn,
                t.CancelledOn,
                t.HasProgress,
                t.Percent,
                t.Priority,
                t.SourceKind,
                t.SourceNumber,
                t.AccountablePositionId,
                t.Recurrence,
                ParentUid = t.Parent == null ? null : t.Parent.Uid,
                Pillar = t.Pillar == null ? null : t.Pillar.Name,
            })
            .ToListAsync(ct);
        var positionIds = rows.Where(r => r.AccountablePositionId is not null).Select(r => r.AccountablePositionId!.Value).Distinct().ToList();
        var terms = (await db.PositionTerms.AsNoTracking().Where(t => positionIds.Contains(t.PositionId))
            .Select(t => new { t.PositionId, t.Person.FullName, t.StartOn, t.EndOn })
            .ToListAsync(ct)).ToLookup(t => t.PositionId);
        var pastNames = await db.OrgUnitNames.PastNamesAsync([.. rows.Select(r => r.OwnerUnitId).Distinct()], ct);
        return rows.Select(r =>
        {
            var state = TaskStates.Compute(new TaskFacts(r.Deadline, r.ExtendedTo, r.HasProgress, r.CompletedOn, r.CancelledOn), f.Today);
            var on = TaskStates.AnsweredOn(r.Deadline, f.Today);
            var holder = r.AccountablePositionId is { } position
                ? terms[position].FirstOrDefault(t => t.StartOn <= on && (t.EndOn == null || t.EndOn >= on))?.FullName
                : null;
            return (new TaskItem(r.Uid, r.Title, r.Code, pastNames.FullName(r.OwnerUnitId, r.FullName, on), r.AssignedOn, r.Deadline, r.ExtendedTo, r.CompletedOn, state,
                r.Percent, r.Priority, r.SourceKind, r.SourceNumber, holder,
                r.Recurrence, r.ParentUid, r.Pillar), r.AccountablePositionId);
        }).ToList();
    }
}
