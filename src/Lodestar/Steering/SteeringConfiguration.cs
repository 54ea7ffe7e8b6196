using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Steering;

internal sealed class SteeringMeetingConfiguration : IEntityTypeConfiguration<SteeringMeeting>
{
    public void Configure(EntityTypeBuilder<SteeringMeeting> b)
    {
        b.HasIndex(m => m.Uid).IsUnique();
        b.HasIndex(m => new { m.ProvinceId, m.Quarter });
        b.Property(m => m.Uid).HasMaxLength(11);
        b.Property(m => m.Quarter).HasMaxLength(16);
        b.Property(m => m.Title).HasMaxLength(500);
        b.Property(m => m.Place).HasMaxLength(500);
        b.Property(m => m.Chair).HasMaxLength(500);
        b.Property(m => m.ConclusionNumber).HasMaxLength(64);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Province).WithMany().HasForeignKey(m => m.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Conclusions).WithOne(c => c.Meeting).HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Pack).WithOne().HasForeignKey<BriefingPack>(p => p.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BriefingPackConfiguration : IEntityTypeConfiguration<BriefingPack>
{
    public void Configure(EntityTypeBuilder<BriefingPack> b)
    {
        b.HasIndex(p => p.MeetingId).IsUnique();
        b.Property(p => p.Number).HasMaxLength(64);
        b.Property(p => p.IssuedBy).HasMaxLength(256);
        b.Property(p => p.GeneratedBy).HasMaxLength(256);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.IsIssued);
    }
}

internal sealed class MeetingConclusionConfiguration : IEntityTypeConfiguration<MeetingConclusion>
{
    public void Configure(EntityTypeBuilder<MeetingConclusion> b)
    {
        b.HasIndex(c => c.Uid).IsUnique();
        b.HasIndex(c => c.TaskId);
        b.Property(c => c.Uid).HasMaxLength(11);
        b.Property(c => c.Text).HasMaxLength(2000);
        b.HasOne(c => c.Task).WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.SetNull);
    }
}
