using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasIndex(p => p.Uid).IsUnique();
        b.Property(p => p.Uid).HasMaxLength(11);
    }
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> b)
    {
        b.HasIndex(p => p.Uid).IsUnique();
        b.Property(p => p.Uid).HasMaxLength(11);
        b.HasOne(p => p.OrgUnit).WithMany().HasForeignKey(p => p.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PositionTermConfiguration : IEntityTypeConfiguration<PositionTerm>
{
    public void Configure(EntityTypeBuilder<PositionTerm> b)
    {
        b.HasIndex(t => t.Uid).IsUnique();
        b.Property(t => t.Uid).HasMaxLength(11);
        b.HasOne(t => t.Position).WithMany().HasForeignKey(t => t.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Person).WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DigitalTeamConfiguration : IEntityTypeConfiguration<DigitalTeam>
{
    public void Configure(EntityTypeBuilder<DigitalTeam> b)
    {
        b.HasIndex(t => t.Uid).IsUnique();
        b.Property(t => t.Uid).HasMaxLength(11);
        b.HasOne(t => t.OrgUnit).WithMany().HasForeignKey(t => t.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(t => t.Leader).WithMany().HasForeignKey(t => t.LeaderId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DigitalTeamMemberConfiguration : IEntityTypeConfiguration<DigitalTeamMember>
{
    public void Configure(EntityTypeBuilder<DigitalTeamMember> b)
    {
        b.HasKey(m => new { m.TeamId, m.PersonId, m.JoinedOn }); // one row per stint: a person may leave and join again
        b.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
