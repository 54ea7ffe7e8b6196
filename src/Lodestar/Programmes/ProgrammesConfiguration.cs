using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Programmes;

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> b)
    {
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.Code).HasMaxLength(64);
        b.HasOne(p => p.Province).WithMany().HasForeignKey(p => p.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Pillars).WithOne().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> b)
    {
        b.HasIndex(t => t.Code).IsUnique();
        b.Property(t => t.Code).HasMaxLength(64);
        b.Property(t => t.Unit).HasMaxLength(32);
        b.Property(t => t.Direction).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Comparator).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.PathShape).HasConversion<string>().HasMaxLength(16);
        b.HasOne(t => t.Programme).WithMany().HasForeignKey(t => t.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Pillar).WithMany().HasForeignKey(t => t.PillarId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.Indicator).WithMany().HasForeignKey(t => t.IndicatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(t => t.ResponsibleUnit).WithMany().HasForeignKey(t => t.ResponsibleUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(t => t.AccountablePosition).WithMany().HasForeignKey(t => t.AccountablePositionId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.Milestones).WithOne().HasForeignKey(m => m.TargetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.ResponsibleUnitId);
    }
}

internal sealed class TargetMilestoneConfiguration : IEntityTypeConfiguration<TargetMilestone>
{
    public void Configure(EntityTypeBuilder<TargetMilestone> b) => b.HasIndex(m => new { m.TargetId, m.Year }).IsUnique();
}

internal sealed class ProgrammeRevisionConfiguration : IEntityTypeConfiguration<ProgrammeRevision>
{
    public void Configure(EntityTypeBuilder<ProgrammeRevision> b)
    {
        b.HasIndex(r => new { r.ProgrammeId, r.DecisionNumber }).IsUnique();
        b.Property(r => r.DecisionNumber).HasMaxLength(100);
        b.Property(r => r.Note).HasMaxLength(2000);
        b.HasOne(r => r.Programme).WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Changes).WithOne(c => c.Revision).HasForeignKey(c => c.RevisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RevisionChangeConfiguration : IEntityTypeConfiguration<RevisionChange>
{
    public void Configure(EntityTypeBuilder<RevisionChange> b)
    {
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.OldName).HasMaxLength(200);
        b.Property(c => c.NewName).HasMaxLength(200);
        b.Property(c => c.OldNameEn).HasMaxLength(200);
        b.Property(c => c.NewNameEn).HasMaxLength(200);
        b.HasOne(c => c.Pillar).WithMany().HasForeignKey(c => c.PillarId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Target).WithMany().HasForeignKey(c => c.TargetId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Milestones).WithOne().HasForeignKey(m => m.ChangeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RevisionMilestoneConfiguration : IEntityTypeConfiguration<RevisionMilestone>
{
    public void Configure(EntityTypeBuilder<RevisionMilestone> b) => b.HasIndex(m => new { m.ChangeId, m.Year }).IsUnique();
}
