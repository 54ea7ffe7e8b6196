using Lodestar.Common;

namespace Lodestar.OrgUnits;

public enum OrgUnitLevel
{
    Province,
    District,
    Commune,
    Village,
    Agency,
}

public enum MergeType
{
    Full,
    Partial,
}

/// <summary>
/// An administrative or organisational unit, valid from <see cref="ValidFrom"/> to <see cref="ValidTo"/>
/// (inclusive; null means open). Codes are the statistics-office codes and were reused by the 2025 reform,
/// so a unit is identified by its code and a date.
/// </summary>
public sealed class OrgUnit : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string FullName { get; set; }

    public string? NameEn { get; set; }

    /// <summary>The legal type as written in Vietnamese: Tỉnh, Xã, Phường, Đặc khu, Sở, Thôn…</summary>
    public required string Type { get; set; }

    public string? TypeEn { get; set; }

    public OrgUnitLevel Level { get; set; }

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary>True for units loaded from the official lists; false for units a province adds (agencies, villages).</summary>
    public bool IsOfficial { get; set; }

    /// <summary>Folded name and code for diacritic-insensitive search; kept in step by the DbContext.</summary>
    public string SearchText { get; set; } = string.Empty;

    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public bool IsValidOn(DateOnly date) =>
        (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || ValidTo >= date);
}

/// <summary>An effective-dated link from a unit to its parent: a unit can change parent over time.</summary>
public sealed class OrgUnitParentLink
{
    public int Id { get; set; }

    public int ChildId { get; set; }

    public OrgUnit Child { get; set; } = null!;

    public int ParentId { get; set; }

    public OrgUnit Parent { get; set; } = null!;

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }
}

/// <summary>One edge of the history of units: (part of) the predecessor became (part of) the successor.</summary>
public sealed class OrgUnitLineage
{
    public int Id { get; set; }

    public int PredecessorId { get; set; }

    public OrgUnit Predecessor { get; set; } = null!;

    public int SuccessorId { get; set; }

    public OrgUnit Successor { get; set; } = null!;

    public MergeType MergeType { get; set; }

    public DateOnly Effective { get; set; }
}

/// <summary>A unit's boundary as a GeoJSON geometry (WGS84), kept apart so unit rows stay light.</summary>
public sealed class OrgUnitBoundary
{
    public int OrgUnitId { get; set; }

    public required string GeoJson { get; set; }
}
