using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Values;

namespace Lodestar.Programmes;

/// <summary>A resolution or plan (Nghị quyết, Kế hoạch) that sets targets, grouped in pillars.</summary>
public sealed class Programme : ITracked
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    /// <summary>The document's number as written: "04-NQ/TU".</summary>
    public string? DocumentNumber { get; set; }

    public DateOnly? IssuedOn { get; set; }

    public string? Issuer { get; set; }

    /// <summary>The province the programme belongs to; null for a national programme.</summary>
    public int? ProvinceId { get; set; }

    public OrgUnit? Province { get; set; }

    public int StartYear { get; set; }

    public int EndYear { get; set; }

    /// <summary>A target is on track when it has covered at least this share (%) of the way expected by now.</summary>
    public double OnTrackPercent { get; set; } = 95;

    /// <summary>Below <see cref="OnTrackPercent"/> but at least this share (%) is at risk; less is off track.</summary>
    public double AtRiskPercent { get; set; } = 80;

    public string? Source { get; set; }

    public List<Pillar> Pillars { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>A pillar (trụ cột) of a programme: chính quyền số, kinh tế số, xã hội số…</summary>
public sealed class Pillar : ITracked
{
    public int Id { get; set; }

    public int ProgrammeId { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    public int SortOrder { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

public enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
}

public enum Comparator
{
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    EqualTo,
}

public enum PathShape
{
    Linear,
    Compound,
}

/// <summary>A target (chỉ tiêu): where an indicator must be by each milestone year, from a baseline.</summary>
public sealed class Target : ITracked
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public int ProgrammeId { get; set; }

    public Programme Programme { get; set; } = null!;

    /// <summary>Null for a target of the programme as a whole (e.g. the DTI rank).</summary>
    public int? PillarId { get; set; }

    public Pillar? Pillar { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    public string Unit { get; set; } = string.Empty;

    public Direction Direction { get; set; }

    public Comparator Comparator { get; set; }

    public double? BaselineValue { get; set; }

    public int? BaselineYear { get; set; }

    public PathShape PathShape { get; set; }

    public int IndicatorId { get; set; }

    public Indicator Indicator { get; set; } = null!;

    public int? ResponsibleUnitId { get; set; }

    public OrgUnit? ResponsibleUnit { get; set; }

    /// <summary>The post answerable for the target (usually the head of the responsible unit).</summary>
    public int? AccountablePositionId { get; set; }

    public Position? AccountablePosition { get; set; }

    public string? DataSource { get; set; }

    public string? Notes { get; set; }

    public int SortOrder { get; set; }

    public List<TargetMilestone> Milestones { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>The value a target must reach by the end of a year.</summary>
public sealed class TargetMilestone
{
    public int Id { get; set; }

    public int TargetId { get; set; }

    public int Year { get; set; }

    public double Value { get; set; }
}

/// <summary>What one change of a <see cref="ProgrammeRevision"/> does.</summary>
public enum RevisionKind
{
    RenamePillar,
    ChangePath,
    AddTarget,
    RetireTarget,
}

/// <summary>
/// A revision of a programme (a mid-term review): one decision (number, date) and the changes it makes, in force from
/// the decision's date. Revisions are kept for ever and nothing they replace is overwritten: see README.md.
/// </summary>
public sealed class ProgrammeRevision : ITracked
{
    public int Id { get; set; }

    public int ProgrammeId { get; set; }

    public Programme Programme { get; set; } = null!;

    /// <summary>The decision's number as written: "QĐ 123/QĐ-UBND".</summary>
    public required string DecisionNumber { get; set; }

    /// <summary>The decision's date: the revision is in force from this day.</summary>
    public DateOnly DecidedOn { get; set; }

    public string? Note { get; set; }

    public List<RevisionChange> Changes { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// One change of a revision: a pillar renamed (its names before and after), a target's new milestones (the new path, kept
/// beside the earlier ones), a target added, or a target retired (kept, no longer followed from the decision's date).
/// </summary>
public sealed class RevisionChange
{
    public int Id { get; set; }

    public int RevisionId { get; set; }

    public ProgrammeRevision Revision { get; set; } = null!;

    public RevisionKind Kind { get; set; }

    public int? PillarId { get; set; }

    public Pillar? Pillar { get; set; }

    public int? TargetId { get; set; }

    public Target? Target { get; set; }

    /// <summary>A renamed pillar's names before and after the decision.</summary>
    public string? OldName { get; set; }

    public string? NewName { get; set; }

    public string? OldNameEn { get; set; }

    public string? NewNameEn { get; set; }

    /// <summary>The target's path from the decision's date (<see cref="RevisionKind.ChangePath"/>).</summary>
    public List<RevisionMilestone> Milestones { get; set; } = [];
}

/// <summary>A milestone of a path a revision set: the value to reach by the end of a year.</summary>
public sealed class RevisionMilestone
{
    public int Id { get; set; }

    public int ChangeId { get; set; }

    public int Year { get; set; }

    public double Value { get; set; }
}
