using Lodestar.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Scorecards;

/// <summary>
/// A head's explanation on his scorecard of a year (one per unit, person and year; edits are kept in the audit trail),
/// shown to whoever evaluates him.
/// </summary>
public sealed class ScorecardNote : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int OrgUnitId { get; set; }

    public int PersonId { get; set; }

    public int Year { get; set; }

    public required string Text { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

internal sealed class ScorecardNoteConfiguration : IEntityTypeConfiguration<ScorecardNote>
{
    public void Configure(EntityTypeBuilder<ScorecardNote> b)
    {
        b.HasIndex(n => n.Uid).IsUnique();
        b.Property(n => n.Uid).HasMaxLength(11);
        b.Property(n => n.Text).HasMaxLength(4000);
        b.HasIndex(n => new { n.OrgUnitId, n.PersonId, n.Year }).IsUnique();
        b.HasOne<OrgUnits.OrgUnit>().WithMany().HasForeignKey(n => n.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<People.Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
