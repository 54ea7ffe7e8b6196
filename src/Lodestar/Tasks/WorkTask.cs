using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Programmes;

namespace Lodestar.Tasks;

/// <summary>Where a task comes from: the document that assigned it.</summary>
public enum TaskSourceKind
{
    Programme,
    Plan,
    Conclusion,
    Directive,
    Other,
}

public enum TaskRecurrence
{
    None,
    Quarterly,
    Yearly,
}

public enum TaskPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum ReportKind
{
    Progress,
    Completion,
}

/// <summary>The assigner's answer to a completion report or an extension request.</summary>
public enum Decision
{
    Pending,
    Accepted,
    Returned,
    Approved,
    Refused,
}

/// <summary>
/// A task (nhiệm vụ) assigned to an owner unit with a deadline. Its state is never stored: it is computed
/// from the dates and events (see <see cref="TaskStates"/> and Tasks/README.md).
/// </summary>
public sealed class WorkTask : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public required string Title { get; set; }

    public string? Description { get; set; }

    public TaskSourceKind SourceKind { get; set; }

    /// <summary>Number of the source document (Kế hoạch số 123/KH-UBND…).</summary>
    public string? SourceNumber { get; set; }

    public DateOnly? SourceDate { get; set; }

    public int OwnerUnitId { get; set; }

    public OrgUnit OwnerUnit { get; set; } = null!;

    /// <summary>The post answerable for the task; the person is resolved from its terms on each date.</summary>
    public int? AccountablePositionId { get; set; }

    public Position? AccountablePosition { get; set; }

    public DateOnly AssignedOn { get; set; }

    /// <summary>The deadline as assigned. Extensions never change it: "late" is counted against it.</summary>
    public DateOnly Deadline { get; set; }

    /// <summary>The last approved extension's date, if any: the date "overdue" is counted from.</summary>
    public DateOnly? ExtendedTo { get; set; }

    public TaskRecurrence Recurrence { get; set; }

    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    public string? ExpectedOutput { get; set; }

    /// <summary>The pillar (chính quyền số, kinh tế số…) the task should move.</summary>
    public int? PillarId { get; set; }

    public Pillar? Pillar { get; set; }

    /// <summary>The targets (chỉ tiêu) the task should move.</summary>
    public List<TaskTarget> Targets { get; set; } = [];

    public int? ParentId { get; set; }

    public WorkTask? Parent { get; set; }

    /// <summary>For a recurring task, the occurrence this one follows (the previous period's).</summary>
    public int? PreviousOccurrenceId { get; set; }

    /// <summary>User name of the assigner (DX office, steering member): accepts, returns, approves, refuses.</summary>
    public string AssignedBy { get; set; } = string.Empty;

    /// <summary>The date of the accepted completion report (the day the unit reported it done).</summary>
    public DateOnly? CompletedOn { get; set; }

    /// <summary>Latest reported percent, kept here so lists need no join.</summary>
    public int Percent { get; set; }

    public bool HasProgress { get; set; }

    public DateOnly? CancelledOn { get; set; }

    public string? CancelReason { get; set; }

    /// <summary>Set by the daily job when it first found the task overdue (for its current effective deadline).</summary>
    public DateOnly? OverdueNotifiedFor { get; set; }

    /// <summary>Set by the daily job when it escalated the overdue task to the assigner.</summary>
    public DateOnly? EscalatedFor { get; set; }

    public string SearchText { get; set; } = string.Empty;

    public int Version { get; set; }

    public List<TaskCoUnit> CoUnits { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>The date after which the task is overdue: the approved extension, else the deadline.</summary>
    public DateOnly EffectiveDeadline => ExtendedTo is { } e && e > Deadline ? e : Deadline;
}

/// <summary>A co-operating unit (đơn vị phối hợp) of a task.</summary>
public sealed class TaskCoUnit
{
    public int TaskId { get; set; }

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;
}

/// <summary>A target a task should move.</summary>
public sealed class TaskTarget
{
    public int TaskId { get; set; }

    public int TargetId { get; set; }

    public Target Target { get; set; } = null!;
}

/// <summary>A progress report or a completion report of the owner unit, with evidence.</summary>
public sealed class TaskReport : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int TaskId { get; set; }

    public WorkTask Task { get; set; } = null!;

    public ReportKind Kind { get; set; }

    /// <summary>The day (Vietnam time) the report was made: a completion's date for "on time".</summary>
    public DateOnly ReportedOn { get; set; }

    public int Percent { get; set; }

    public required string Narrative { get; set; }

    public DateOnly? ExpectedOn { get; set; }

    /// <summary>Completion reports only: pending, accepted or returned.</summary>
    public Decision? Decision { get; set; }

    public DateOnly? DecidedOn { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecisionReason { get; set; }

    public List<TaskEvidence> Evidence { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>A file attached to a report, stored under the data directory (evidence/{task uid}/{uid}-{name}).</summary>
public sealed class TaskEvidence
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int ReportId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Path relative to the data directory.</summary>
    public required string StoredPath { get; set; }
}

/// <summary>A request to move the deadline, approved or refused by the assigner.</summary>
public sealed class TaskExtension : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int TaskId { get; set; }

    public WorkTask Task { get; set; } = null!;

    public DateOnly RequestedOn { get; set; }

    public DateOnly NewDeadline { get; set; }

    public required string Reason { get; set; }

    public Decision Decision { get; set; } = Decision.Pending;

    public DateOnly? DecidedOn { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecisionReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}
