namespace Lodestar.Tasks;

/// <summary>
/// A task as a person or a script types it: codes, uids and dates as text (dd/MM/yyyy or yyyy-MM-dd), so the API,
/// the form and the .xlsx plan share one validation that names each field.
/// </summary>
public sealed record TaskInput
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>programme, plan, conclusion, directive or other.</summary>
    public string? SourceKind { get; init; }

    public string? SourceNumber { get; init; }

    public string? SourceDate { get; init; }

    /// <summary>Code of the owner unit (valid today).</summary>
    public string? OwnerUnit { get; init; }

    public IReadOnlyList<string>? CoUnits { get; init; }

    /// <summary>Uid of the accountable position; default: the owner unit's head position.</summary>
    public string? AccountablePosition { get; init; }

    public string? Deadline { get; init; }

    /// <summary>none, quarterly or yearly.</summary>
    public string? Recurrence { get; init; }

    /// <summary>low, normal, high or urgent.</summary>
    public string? Priority { get; init; }

    public string? ExpectedOutput { get; init; }

    /// <summary>Name of the pillar the task should move (diacritics and case ignored): "Chính quyền số", "kinh te so"…</summary>
    public string? Pillar { get; init; }

    /// <summary>Codes of the targets the task should move.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>Uid of the parent task, for a sub-task.</summary>
    public string? Parent { get; init; }
}
