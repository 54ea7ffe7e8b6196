using Lodestar.Tasks;

namespace Lodestar.Tests.Tasks;

/// <summary>The state rules of src/Lodestar/Tasks/README.md, date by date.</summary>
public sealed class TaskStatesTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly? N(string? iso) => iso is null ? null : D(iso);

    [Theory]
    // today, deadline, extended to, progress, completed on, cancelled on, expected
    [InlineData("2026-03-01", "2026-03-31", null, false, null, null, TaskState.NotStarted)]
    [InlineData("2026-03-01", "2026-03-31", null, true, null, null, TaskState.InProgress)]
    [InlineData("2026-03-31", "2026-03-31", null, true, null, null, TaskState.InProgress)] // the deadline day itself is within
    [InlineData("2026-04-01", "2026-03-31", null, true, null, null, TaskState.Overdue)]
    [InlineData("2026-04-01", "2026-03-31", null, false, null, null, TaskState.Overdue)] // never started and late: overdue
    [InlineData("2026-04-15", "2026-03-31", "2026-04-30", true, null, null, TaskState.InProgress)] // approved extension: not overdue yet
    [InlineData("2026-05-01", "2026-03-31", "2026-04-30", true, null, null, TaskState.Overdue)] // past the extension too
    [InlineData("2026-04-10", "2026-03-31", null, true, "2026-03-31", null, TaskState.CompletedOnTime)]
    [InlineData("2026-04-10", "2026-03-31", null, true, "2026-04-01", null, TaskState.CompletedLate)]
    [InlineData("2026-05-10", "2026-03-31", "2026-04-30", true, "2026-04-20", null, TaskState.CompletedLate)] // extensions do not excuse lateness
    [InlineData("2026-03-20", "2026-03-31", null, true, "2026-03-25", null, TaskState.InProgress)] // as of a day before it was done
    [InlineData("2026-04-10", "2026-03-31", null, true, null, "2026-03-15", TaskState.Cancelled)]
    [InlineData("2026-03-10", "2026-03-31", null, true, null, "2026-03-15", TaskState.InProgress)] // before the cancellation
    public void Compute_OnDate_GivesTheRuleState(string today, string deadline, string? extendedTo, bool progress, string? completedOn, string? cancelledOn, TaskState expected)
    {
        var state = TaskStates.Compute(new TaskFacts(D(deadline), N(extendedTo), progress, N(completedOn), N(cancelledOn)), D(today));

        Assert.Equal(expected, state);
    }

    [Theory]
    [InlineData(TaskState.NotStarted, OfficialState.NotCompletedWithinDeadline)]
    [InlineData(TaskState.InProgress, OfficialState.NotCompletedWithinDeadline)]
    [InlineData(TaskState.Overdue, OfficialState.NotCompletedOverdue)]
    [InlineData(TaskState.CompletedOnTime, OfficialState.CompletedOnTime)]
    [InlineData(TaskState.CompletedLate, OfficialState.CompletedLate)]
    public void Official_EveryOpenOrDoneState_IsExactlyOneOfTheFour(TaskState state, OfficialState official) =>
        Assert.Equal(official, TaskStates.Official(state));

    [Fact]
    public void Official_Cancelled_IsOutsideTheFour() => Assert.Null(TaskStates.Official(TaskState.Cancelled));

    [Theory]
    [InlineData("2026-03-31", 3, "2026-06-30")]
    [InlineData("2026-06-30", 3, "2026-09-30")]
    [InlineData("2026-12-31", 12, "2027-12-31")]
    [InlineData("2026-03-15", 3, "2026-06-15")]
    public void NextDeadline_KeepsMonthEnds(string deadline, int months, string expected) =>
        Assert.Equal(D(expected), TaskReportService.NextDeadline(D(deadline), months));
}
