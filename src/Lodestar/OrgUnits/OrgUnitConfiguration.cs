using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.OrgUnits;

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> b)
    {
        b.HasIndex(u => u.Uid).IsUnique();
        b.HasIndex(u => u.Code);
        b.HasIndex(u => u.Level);
        b.Property(u => u.Code).HasMaxLength(32);
        b.Property(u => u.Uid).HasMaxLength(11);
        b.Property(u => u.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.SearchText).HasMaxLength(600);
        b.Property(u => u.Version).IsConcurrencyToken();
    }
}

internal sealed class OrgUnitParentLinkConfiguration : IEntityTypeConfiguration<OrgUnitParentLink>
{
    public void Configure(EntityTypeBuilder<OrgUnitParentLink> b)
    {
        b.HasOne(l => l.Child).WithMany().HasForeignKey(l => l.ChildId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(l => l.Parent).WithMany().HasForeignKey(l => l.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.ParentId);
    }
}

internal sealed class OrgUnitLineageConfiguration : IEntityTypeConfiguration<OrgUnitLineage>
{
    public void Configure(EntityTypeBuilder<OrgUnitLineage> b)
    {
        b.HasOne(l => l.Predecessor).WithMany().HasForeignKey(l => l.PredecessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.Successor).WithMany().HasForeignKey(l => l.SuccessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.PredecessorId, l.SuccessorId }).IsUnique();
        b.HasIndex(l => l.SuccessorId);
        b.Property(l => l.MergeType).HasConversion<string>().HasMaxLength(16);
        // No foreign key: SQLite cannot add one to an existing table (the reorganisation service writes the id).
        b.HasIndex(l => l.ReorganisationId);
    }
}

internal sealed class OrgUnitBoundaryConfiguration : IEntityTypeConfiguration<OrgUnitBoundary>
{
    public void Configure(EntityTypeBuilder<OrgUnitBoundary> b)
    {
        b.HasKey(x => x.OrgUnitId);
        b.Property(x => x.OrgUnitId).ValueGeneratedNever();
        b.HasOne<OrgUnit>().WithOne().HasForeignKey<OrgUnitBoundary>(x => x.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrgUnitPastBoundaryConfiguration : IEntityTypeConfiguration<OrgUnitPastBoundary>
{
    public void Configure(EntityTypeBuilder<OrgUnitPastBoundary> b)
    {
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reorganisation>().WithMany().HasForeignKey(x => x.ReorganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.OrgUnitId, x.ValidTo }).IsUnique();
        b.HasIndex(x => x.ReorganisationId);
    }
}

internal sealed class OrgUnitNameConfiguration : IEntityTypeConfiguration<OrgUnitName>
{
    public void Configure(EntityTypeBuilder<OrgUnitName> b)
    {
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(n => n.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reorganisation>().WithMany().HasForeignKey(n => n.ReorganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => new { n.OrgUnitId, n.ValidTo }).IsUnique();
        b.HasIndex(n => n.ReorganisationId);
    }
}

internal sealed class ReorganisationConfiguration : IEntityTypeConfiguration<Reorganisation>
{
    public void Configure(EntityTypeBuilder<Reorganisation> b)
    {
        b.HasIndex(r => r.Uid).IsUnique();
        b.HasIndex(r => r.EffectiveOn);
        b.Property(r => r.Uid).HasMaxLength(11);
        b.Property(r => r.Basis).HasMaxLength(500);
        b.Property(r => r.RecordedBy).HasMaxLength(256);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(r => r.ProvinceId).OnDelete(DeleteBehavior.Restrict);
    }
}
