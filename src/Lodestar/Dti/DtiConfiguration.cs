using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Dti;

internal sealed class DtiFrameworkConfiguration : IEntityTypeConfiguration<DtiFramework>
{
    public void Configure(EntityTypeBuilder<DtiFramework> b)
    {
        b.HasIndex(f => f.Code).IsUnique();
        b.Property(f => f.Code).HasMaxLength(64);
        b.Property(f => f.Version).HasMaxLength(32);
        b.Property(f => f.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.Derivation).HasConversion<string>().HasMaxLength(16);
        b.Property(f => f.WeightElementCode).HasMaxLength(64);
        b.HasOne(f => f.Province).WithMany().HasForeignKey(f => f.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(f => f.Nodes).WithOne().HasForeignKey(n => n.FrameworkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DtiNodeConfiguration : IEntityTypeConfiguration<DtiNode>
{
    public void Configure(EntityTypeBuilder<DtiNode> b)
    {
        b.HasIndex(n => new { n.FrameworkId, n.Code }).IsUnique();
        b.Property(n => n.Code).HasMaxLength(32);
        b.Property(n => n.ParentCode).HasMaxLength(32);
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.Rule).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.RuleParameters).HasMaxLength(500);
        b.Property(n => n.InputElementCode).HasMaxLength(64);
    }
}

internal sealed class DtiAssessmentConfiguration : IEntityTypeConfiguration<DtiAssessment>
{
    public void Configure(EntityTypeBuilder<DtiAssessment> b)
    {
        b.HasIndex(a => new { a.FrameworkId, a.Year, a.OrgUnitId }).IsUnique();
        b.HasIndex(a => a.OrgUnitId);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Origin).HasConversion<string>().HasMaxLength(16);
        b.HasOne(a => a.Framework).WithMany().HasForeignKey(a => a.FrameworkId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(a => a.OrgUnit).WithMany().HasForeignKey(a => a.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Items).WithOne().HasForeignKey(i => i.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DtiItemConfiguration : IEntityTypeConfiguration<DtiItem>
{
    public void Configure(EntityTypeBuilder<DtiItem> b)
    {
        b.HasIndex(i => new { i.AssessmentId, i.NodeCode }).IsUnique();
        b.Property(i => i.NodeCode).HasMaxLength(32);
        b.Property(i => i.Review).HasConversion<string>().HasMaxLength(16);
        b.Ignore(i => i.EffectiveA);
        b.Ignore(i => i.EffectiveB);
        b.HasMany(i => i.Evidence).WithOne().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DtiEvidenceConfiguration : IEntityTypeConfiguration<DtiEvidence>
{
    public void Configure(EntityTypeBuilder<DtiEvidence> b)
    {
        b.HasIndex(e => e.ItemId);
        b.Property(e => e.FileName).HasMaxLength(255);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.StoredName).HasMaxLength(100);
    }
}

internal sealed class DtiYearRevisionConfiguration : IEntityTypeConfiguration<DtiYearRevision>
{
    public void Configure(EntityTypeBuilder<DtiYearRevision> b)
    {
        b.HasIndex(r => new { r.FrameworkId, r.Year, r.Number }).IsUnique();
        b.Property(r => r.Reason).HasMaxLength(1000);
        b.Property(r => r.DocumentNumber).HasMaxLength(100);
        b.Property(r => r.SignedBy).HasMaxLength(200);
        b.Property(r => r.Members).HasMaxLength(4000);
        b.HasOne<DtiFramework>().WithMany().HasForeignKey(r => r.FrameworkId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Results).WithOne().HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DtiFrozenResultConfiguration : IEntityTypeConfiguration<DtiFrozenResult>
{
    public void Configure(EntityTypeBuilder<DtiFrozenResult> b)
    {
        b.HasIndex(x => new { x.RevisionId, x.AssessmentId }).IsUnique();
        b.HasOne(x => x.Assessment).WithMany().HasForeignKey(x => x.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DtiPublishedRankConfiguration : IEntityTypeConfiguration<DtiPublishedRank>
{
    public void Configure(EntityTypeBuilder<DtiPublishedRank> b)
    {
        b.HasIndex(r => new { r.Year, r.UnitsOn, r.OrgUnitId }).IsUnique();
        b.HasIndex(r => r.OrgUnitId);
        b.Property(r => r.Source).HasMaxLength(500);
        b.HasOne(r => r.OrgUnit).WithMany().HasForeignKey(r => r.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DtiSteeringMemberConfiguration : IEntityTypeConfiguration<DtiSteeringMember>
{
    public void Configure(EntityTypeBuilder<DtiSteeringMember> b)
    {
        b.HasIndex(m => new { m.ProvinceId, m.PositionId }).IsUnique();
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Lodestar.OrgUnits.OrgUnit>().WithMany().HasForeignKey(m => m.ProvinceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Position).WithMany().HasForeignKey(m => m.PositionId).OnDelete(DeleteBehavior.Restrict);
    }
}
