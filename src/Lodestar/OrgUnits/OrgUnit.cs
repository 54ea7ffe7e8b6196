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

    /// <summary>What a search matches a unit by: its full name and code, without diacritics (kept in <see cref="SearchText"/>).</summary>
    public static string SearchTextOf(OrgUnit unit) => Common.TextFold.Fold($"{unit.FullName} {unit.Code}");

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

    /// <summary>For a split: the share of the predecessor that went to this successor (0–1), used to weigh its figures.</summary>
    public double? Share { get; set; }

    /// <summary>The reorganisation that recorded this edge; null for the official 2025 lists.</summary>
    public int? ReorganisationId { get; set; }
}

/// <summary>
/// A name and type a unit had before a rename or retype: valid from <see cref="ValidFrom"/> (null: since the unit began)
/// to <see cref="ValidTo"/> inclusive. The unit's own row holds the name in force since the last change, so a read as of a
/// date takes the row here that covers the date, else the unit's.
/// </summary>
public sealed class OrgUnitName
{
    public int Id { get; set; }

    public int OrgUnitId { get; set; }

    public DateOnly? ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    public required string Name { get; set; }

    public required string FullName { get; set; }

    public string? NameEn { get; set; }

    public required string Type { get; set; }

    public string? TypeEn { get; set; }

    public int? ReorganisationId { get; set; }
}

/// <summary>
/// A recorded change of the administrative map (issue 17): its effective date, legal basis, the changes as asked and the
/// consequences as applied, kept as JSON for the record. Written once; corrected only by another reorganisation.
/// </summary>
public sealed class Reorganisation : IAppendOnly
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public DateOnly EffectiveOn { get; set; }

    public required string Basis { get; set; }

    /// <summary>The province whose agencies and villages it changed, or null for a change of official units (administrators).</summary>
    public int? ProvinceId { get; set; }

    public required string Changes { get; set; }

    public required string Consequences { get; set; }

    public DateTime RecordedAt { get; set; }

    public required string RecordedBy { get; set; }
}

/// <summary>
/// A unit's boundary in force since its last reshape as a GeoJSON geometry (WGS84), kept apart so unit rows stay light; the
/// shapes it had before are in <see cref="OrgUnitPastBoundary"/>.
/// </summary>
public sealed class OrgUnitBoundary
{
    public int OrgUnitId { get; set; }

    public required string GeoJson { get; set; }
}

/// <summary>
/// A shape a unit had before a reorganisation replaced it (a <c>reshape</c>, or a merge into it): valid from
/// <see cref="ValidFrom"/> (null: since the unit began) to <see cref="ValidTo"/> inclusive. <see cref="GeoJson"/> null means
/// the unit had no boundary then. A map as of a date takes the row here that covers the date, else the unit's current shape.
/// </summary>
public sealed class OrgUnitPastBoundary
{
    public int Id { get; set; }

    public int OrgUnitId { get; set; }

    public DateOnly? ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    public string? GeoJson { get; set; }

    public int? ReorganisationId { get; set; }
}
