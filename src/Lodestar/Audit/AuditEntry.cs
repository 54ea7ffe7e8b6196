using Lodestar.Common;

namespace Lodestar.Audit;

/// <summary>One append-only record of a write: who, when, what, and the entity before and after (JSON).</summary>
public sealed class AuditEntry : IAppendOnly
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public required string User { get; set; }

    /// <summary>create, update, delete, or a named action such as import or sign-in.</summary>
    public required string Action { get; set; }

    public required string Entity { get; set; }

    public required string Key { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }
}
