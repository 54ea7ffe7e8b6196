using Lodestar.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasIndex(n => new { n.UserId, n.Key }).IsUnique();
        b.Property(n => n.Key).HasMaxLength(200);
        b.Property(n => n.Link).HasMaxLength(500);
        b.Property(n => n.Count).HasDefaultValue(1);
        b.HasOne<LodestarUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
