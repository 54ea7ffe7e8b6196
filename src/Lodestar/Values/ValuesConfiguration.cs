using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Values;

internal sealed class DataElementConfiguration : IEntityTypeConfiguration<DataElement>
{
    public void Configure(EntityTypeBuilder<DataElement> b)
    {
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Code).HasMaxLength(64);
        b.Property(e => e.Unit).HasMaxLength(32);
        b.Property(e => e.TimeAggregation).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.HasIndex(i => i.Code).IsUnique();
        b.Property(i => i.Code).HasMaxLength(64);
        b.Property(i => i.Unit).HasMaxLength(32);
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Aggregation).HasConversion<string>().HasMaxLength(16);
        b.HasOne(i => i.Element).WithMany().HasForeignKey(i => i.ElementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.Denominator).WithMany().HasForeignKey(i => i.DenominatorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DataValueConfiguration : IEntityTypeConfiguration<DataValue>
{
    public void Configure(EntityTypeBuilder<DataValue> b)
    {
        b.HasIndex(v => new { v.DataElementId, v.OrgUnitId, v.Period }).IsUnique();
        b.HasIndex(v => v.OrgUnitId);
        b.HasIndex(v => v.BatchId); // the live model reads the rows of each committed batch (docs/adr/0016)
        b.Property(v => v.Period).HasMaxLength(8);
        b.Property(v => v.PeriodType).HasConversion<string>().HasMaxLength(8);
        b.Property(v => v.Comment).HasMaxLength(2000);
        b.HasOne(v => v.DataElement).WithMany().HasForeignKey(v => v.DataElementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(v => v.OrgUnit).WithMany().HasForeignKey(v => v.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DataValueChangeConfiguration : IEntityTypeConfiguration<DataValueChange>
{
    public void Configure(EntityTypeBuilder<DataValueChange> b)
    {
        // An append-only log without foreign keys (docs/adr/0010): each row is written with the value row of the same
        // key, which has them; per-row key checks made a bulk import's history cost more than the values themselves.
        b.HasIndex(c => new { c.DataElementId, c.OrgUnitId, c.Period });
        b.Property(c => c.Period).HasMaxLength(8);
        b.Property(c => c.Comment).HasMaxLength(2000);
    }
}
