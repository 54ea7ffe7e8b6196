using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Accounts;

internal sealed class LodestarUserConfiguration : IEntityTypeConfiguration<LodestarUser>
{
    public void Configure(EntityTypeBuilder<LodestarUser> b)
    {
        b.HasOne(u => u.ScopeUnit).WithMany().HasForeignKey(u => u.ScopeUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
