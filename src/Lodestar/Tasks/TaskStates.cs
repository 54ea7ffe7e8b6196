namespace Lodestar.Tasks;

/// <summary>The state a task is in on a date; computed, never typed (see README.md).</summary>
public enum TaskState
{
    NotStarted,
    InProgress,
    Overdue,
    CompletedOnTime,
    CompletedLate,
    Cancelled,
}

/// <summary>The four states of the Government's task tracking.</summary>
public enum OfficialState
{
    CompletedOnTime,
    CompletedLate,
    NotCompletedWithinDeadline,
    NotCompletedOverdue,
}

/// <summary>What the state depends on: dates and events, nothing typed by hand.</summary>
public sealed record TaskFacts(DateOnly Deadline, DateOnly? ExtendedTo, bool HasProgress, DateOnly? CompletedOn, DateOnly? CancelledOn)
{
    public static TaskFacts Of(WorkTask t) => new(t.Deadline, t.ExtendedTo, t.HasProgress, t.CompletedOn, t.CancelledOn);
}

/// <summary>The state rules of Tasks/README.md as one pure function, plus names and labels.</summary>
public static class TaskStates
{
    public static readonly IReadOnlyList<TaskState> All = Enum.GetValues<TaskState>();

    /// <summary>
    /// The day a task is answered for: its deadline once passed (the holder of the post and the units' names of that day),
    /// today before it. A unit renamed since keeps its old name on a task that fell due before the rename.
    /// </summary>
    public static DateOnly AnsweredOn(DateOnly deadline, DateOnly today) => deadline < today ? deadline : today;

    /// <summary>
    /// The state on <paramref name="today"/>: cancelled wins; an accepted completion is on time when it was reported
    /// on or before the ORIGINAL deadline, else late (extensions do not excuse lateness); an open task is overdue the
    /// day after its effective deadline (the approved extension, else the deadline), otherwise in progress once a
    /// progress report exists, else not started.
    /// </summary>
    public static TaskState Compute(TaskFacts f, DateOnly today)
    {
        if (f.CancelledOn is { } cancelled && cancelled <= today)
        {
            return TaskState.Cancelled;
        }

        if (f.CompletedOn is { } done && done <= today)
        {
            return done <= f.Deadline ? TaskState.CompletedOnTime : TaskState.CompletedLate;
        }

        var effective = f.ExtendedTo is { } e && e > f.Deadline ? e : f.Deadline;
        if (today > effective)
        {
            return TaskState.Overdue;
        }

        return f.HasProgress ? TaskState.InProgress : TaskState.NotStarted;
    }

    /// <summary>The official state a state counts as; null for cancelled tasks, which are outside the count.</summary>
    public static OfficialState? Official(TaskState state) => state switch
    {
        TaskState.CompletedOnTime => OfficialState.CompletedOnTime,
        TaskState.CompletedLate => OfficialState.CompletedLate,
        TaskState.NotStarted or TaskState.InProgress => OfficialState.NotCompletedWithinDeadline,
        TaskState.Overdue => OfficialState.NotCompletedOverdue,
        TaskState.Cancelled => null,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static Common.Msg Label(this TaskState state) => state switch
    {
        TaskState.NotStarted => new("Chưa triển khai", "Not started"),
        TaskState.InProgress => new("Chưa hoàn thành – trong hạn", "Not completed – within deadline"),
        TaskState.Overdue => new("Chưa hoàn thành – quá hạn", "Not completed – overdue"),
        TaskState.CompletedOnTime => new("Hoàn thành đúng hạn", "Completed on time"),
        TaskState.CompletedLate => new("Hoàn thành quá hạn", "Completed late"),
        TaskState.Cancelled => new("Đã hủy", "Cancelled"),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
