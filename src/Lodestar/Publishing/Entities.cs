using Lodestar.Common;

namespace Lodestar.Publishing;

/// <summary>What a publication makes public.</summary>
public enum PublicationKind
{
    /// <summary>A provincial programme: its name, document and pillars (its targets are published one by one).</summary>
    Programme,

    /// <summary>A target with its indicator and a snapshot of its approved values (province and the units below).</summary>
    Target,

    /// <summary>The council-confirmed DTI results of one framework and year.</summary>
    Dti,

    /// <summary>A target's map may be shown (a flag the map tab reads).</summary>
    Map,
}

/// <summary>
/// The DX office's decision that something is public, and when. The public side reads only published items and,
/// for figures, only the <see cref="PublishedFigure"/> snapshot taken at publication (Publishing/README.md, ADR 0007).
/// </summary>
public sealed class Publication : ITracked
{
    public int Id { get; set; }

    public PublicationKind Kind { get; set; }

    /// <summary>Programme or target code, or "framework/year" for DTI results (LS-XA/2025).</summary>
    public required string Key { get; set; }

    /// <summary>When it was first published (stays when figures are revised).</summary>
    public DateTime PublishedAt { get; set; }

    public string PublishedBy { get; set; } = string.Empty;

    /// <summary>When its figures last changed on the public side (first publication, new periods, corrections).</summary>
    public DateTime UpdatedOnPublicAt { get; set; }

    /// <summary>Withdrawn from the public side (with a reason); the snapshot is kept.</summary>
    public DateTime? WithdrawnAt { get; set; }

    public string? WithdrawnReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// One published figure of a publication, append-only: (unit, period, measure) at revision 1 when first published;
/// a correction adds revision 2, 3… with its note and never rewrites an earlier row, so the history stays visible.
/// </summary>
public sealed class PublishedFigure : IAppendOnly
{
    public long Id { get; set; }

    public int PublicationId { get; set; }

    public Publication Publication { get; set; } = null!;

    /// <summary>The unit's code and name as they were when published (codes were reused by the 2025 reform).</summary>
    public required string UnitCode { get; set; }

    public required string UnitName { get; set; }

    /// <summary>province, commune, agency…</summary>
    public required string UnitLevel { get; set; }

    /// <summary>The period the value is for: 2025, 2026Q3 (a target); the year (DTI).</summary>
    public required string Period { get; set; }

    /// <summary>value (a target), rank / score / points (DTI).</summary>
    public required string Measure { get; set; }

    /// <summary>Null when a published value was withdrawn by a correction.</summary>
    public double? Value { get; set; }

    public int Revision { get; set; }

    /// <summary>Why a revision changed the value; required from revision 2.</summary>
    public string? Note { get; set; }

    public DateTime PublishedAt { get; set; }

    public required string PublishedBy { get; set; }
}
