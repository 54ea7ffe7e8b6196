using Lodestar.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasIndex(n => new { n.UserId, n.Key }).IsUnique();
        b.HasIndex(n => n.CreatedAt); // the mail runs look at the notices of the last day or week, every minute
        b.Property(n => n.Key).HasMaxLength(200);
        b.Property(n => n.Link).HasMaxLength(500);
        b.Property(n => n.Count).HasDefaultValue(1);
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(40);
        b.HasOne<LodestarUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasKey(p => new { p.UserId, p.Kind });
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.Delivery).HasConversion<string>().HasMaxLength(20);
        b.HasOne<LodestarUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NoticeMarkConfiguration : IEntityTypeConfiguration<NoticeMark>
{
    public void Configure(EntityTypeBuilder<NoticeMark> b)
    {
        b.HasKey(m => new { m.UserId, m.Key });
        b.Property(m => m.Key).HasMaxLength(200);
        b.HasOne<LodestarUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
