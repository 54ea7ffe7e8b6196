using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Publishing;

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> b)
    {
        b.HasIndex(p => new { p.Kind, p.Key }).IsUnique();
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Key).HasMaxLength(80);
        b.Property(p => p.WithdrawnReason).HasMaxLength(1000);
    }
}

internal sealed class PublishedFigureConfiguration : IEntityTypeConfiguration<PublishedFigure>
{
    public void Configure(EntityTypeBuilder<PublishedFigure> b)
    {
        b.HasIndex(f => new { f.PublicationId, f.UnitCode, f.Period, f.Measure, f.Revision }, "IX_PublishedFigures_Figure_Revision").IsUnique();
        b.Property(f => f.UnitCode).HasMaxLength(64);
        b.Property(f => f.UnitName).HasMaxLength(300);
        b.Property(f => f.UnitLevel).HasMaxLength(16);
        b.Property(f => f.Period).HasMaxLength(8);
        b.Property(f => f.Measure).HasMaxLength(16);
        b.Property(f => f.Note).HasMaxLength(1000);
        b.HasOne(f => f.Publication).WithMany().HasForeignKey(f => f.PublicationId).OnDelete(DeleteBehavior.Cascade);
    }
}
