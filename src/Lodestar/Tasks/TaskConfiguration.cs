using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Tasks;

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> b)
    {
        b.ToTable("Tasks");
        b.HasIndex(t => t.Uid).IsUnique();
        b.HasIndex(t => t.OwnerUnitId);
        b.HasIndex(t => t.Deadline);
        b.Property(t => t.Uid).HasMaxLength(11);
        b.Property(t => t.Title).HasMaxLength(500);
        b.Property(t => t.SourceNumber).HasMaxLength(100);
        b.Property(t => t.AssignedBy).HasMaxLength(256);
        b.Property(t => t.SearchText).HasMaxLength(1200);
        b.Property(t => t.SourceKind).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Recurrence).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Ignore(t => t.EffectiveDeadline);
        b.HasOne(t => t.OwnerUnit).WithMany().HasForeignKey(t => t.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(t => t.AccountablePosition).WithMany().HasForeignKey(t => t.AccountablePositionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.Parent).WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<WorkTask>().WithMany().HasForeignKey(t => t.PreviousOccurrenceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.CoUnits).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Pillar).WithMany().HasForeignKey(t => t.PillarId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.Targets).WithOne().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskTargetConfiguration : IEntityTypeConfiguration<TaskTarget>
{
    public void Configure(EntityTypeBuilder<TaskTarget> b)
    {
        b.HasKey(x => new { x.TaskId, x.TargetId });
        b.HasOne(x => x.Target).WithMany().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskCoUnitConfiguration : IEntityTypeConfiguration<TaskCoUnit>
{
    public void Configure(EntityTypeBuilder<TaskCoUnit> b)
    {
        b.HasKey(c => new { c.TaskId, c.OrgUnitId });
        b.HasOne(c => c.OrgUnit).WithMany().HasForeignKey(c => c.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskReportConfiguration : IEntityTypeConfiguration<TaskReport>
{
    public void Configure(EntityTypeBuilder<TaskReport> b)
    {
        b.HasIndex(r => r.Uid).IsUnique();
        b.HasIndex(r => r.TaskId);
        b.Property(r => r.Uid).HasMaxLength(11);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Decision).HasConversion<string>().HasMaxLength(16);
        b.HasOne(r => r.Task).WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Evidence).WithOne().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskEvidenceConfiguration : IEntityTypeConfiguration<TaskEvidence>
{
    public void Configure(EntityTypeBuilder<TaskEvidence> b)
    {
        b.HasIndex(e => e.Uid).IsUnique();
        b.Property(e => e.Uid).HasMaxLength(11);
        b.Property(e => e.FileName).HasMaxLength(255);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.HasIndex(e => e.ReportId);
    }
}

internal sealed class TaskExtensionConfiguration : IEntityTypeConfiguration<TaskExtension>
{
    public void Configure(EntityTypeBuilder<TaskExtension> b)
    {
        b.HasIndex(x => x.Uid).IsUnique();
        b.HasIndex(x => x.TaskId);
        b.Property(x => x.Uid).HasMaxLength(11);
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(16);
        b.HasOne(x => x.Task).WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
