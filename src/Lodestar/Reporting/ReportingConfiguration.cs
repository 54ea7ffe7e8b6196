using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Reporting;

internal sealed class ReportFormConfiguration : IEntityTypeConfiguration<ReportForm>
{
    public void Configure(EntityTypeBuilder<ReportForm> b)
    {
        b.HasIndex(f => f.Code).IsUnique();
        b.Property(f => f.Code).HasMaxLength(64);
        b.Property(f => f.Name).HasMaxLength(500);
        b.Property(f => f.NameEn).HasMaxLength(500);
        b.Property(f => f.FirstPeriod).HasMaxLength(8);
        b.Property(f => f.PeriodType).HasConversion<string>().HasMaxLength(8);
        b.HasMany(f => f.Items).WithOne().HasForeignKey(i => i.FormId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(f => f.Units).WithOne().HasForeignKey(u => u.FormId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(f => f.Rules).WithOne().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportFormItemConfiguration : IEntityTypeConfiguration<ReportFormItem>
{
    public void Configure(EntityTypeBuilder<ReportFormItem> b)
    {
        b.HasIndex(i => new { i.FormId, i.DataElementId }).IsUnique();
        b.Property(i => i.Section).HasMaxLength(200);
        b.Property(i => i.Help).HasMaxLength(1000);
        b.HasOne(i => i.DataElement).WithMany().HasForeignKey(i => i.DataElementId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportFormUnitConfiguration : IEntityTypeConfiguration<ReportFormUnit>
{
    public void Configure(EntityTypeBuilder<ReportFormUnit> b)
    {
        b.HasIndex(u => new { u.FormId, u.OrgUnitId }).IsUnique();
        b.HasIndex(u => u.OrgUnitId);
        b.HasOne(u => u.OrgUnit).WithMany().HasForeignKey(u => u.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportRuleConfiguration : IEntityTypeConfiguration<ReportRule>
{
    public void Configure(EntityTypeBuilder<ReportRule> b)
    {
        b.HasIndex(r => r.FormId);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Op).HasConversion<string>().HasMaxLength(16);
        b.HasOne(r => r.DataElement).WithMany().HasForeignKey(r => r.DataElementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.OtherElement).WithMany().HasForeignKey(r => r.OtherElementId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.HasIndex(r => new { r.FormId, r.OrgUnitId, r.Period }).IsUnique();
        b.HasIndex(r => r.OrgUnitId);
        b.Property(r => r.Period).HasMaxLength(8);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.SubmittedBy).HasMaxLength(256);
        b.Property(r => r.DecidedBy).HasMaxLength(256);
        b.Property(r => r.Reason).HasMaxLength(2000);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasOne(r => r.Form).WithMany().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.OrgUnit).WithMany().HasForeignKey(r => r.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportEventConfiguration : IEntityTypeConfiguration<ReportEvent>
{
    public void Configure(EntityTypeBuilder<ReportEvent> b)
    {
        b.HasIndex(e => e.ReportId);
        b.Property(e => e.Action).HasMaxLength(16);
        b.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Reason).HasMaxLength(2000);
        b.Property(e => e.By).HasMaxLength(256);
        b.HasOne<Report>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportEvidenceConfiguration : IEntityTypeConfiguration<ReportEvidence>
{
    public void Configure(EntityTypeBuilder<ReportEvidence> b)
    {
        b.HasIndex(e => e.Uid).IsUnique();
        b.HasIndex(e => e.ReportId);
        b.Property(e => e.Uid).HasMaxLength(11);
        b.Property(e => e.FileName).HasMaxLength(255);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.UploadedBy).HasMaxLength(256);
        b.HasOne<Report>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportReminderConfiguration : IEntityTypeConfiguration<ReportReminder>
{
    public void Configure(EntityTypeBuilder<ReportReminder> b)
    {
        b.HasIndex(r => new { r.FormId, r.Period });
        b.HasIndex(r => r.OrgUnitId);
        b.Property(r => r.Period).HasMaxLength(8);
        b.Property(r => r.RecipientName).HasMaxLength(256);
        b.Property(r => r.SentBy).HasMaxLength(256);
        b.HasOne(r => r.Form).WithMany().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.OrgUnit).WithMany().HasForeignKey(r => r.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
