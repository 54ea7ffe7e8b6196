using Lodestar.Common;
using Lodestar.OrgUnits;

namespace Lodestar.Values;

/// <summary>How a data element's sub-period values make a longer period when the longer one was not reported.</summary>
public enum TimeAggregation
{
    /// <summary>A level or stock (households, a percentage): the latest sub-period counts.</summary>
    Last,

    /// <summary>A flow (files received in the period): the sub-periods add up.</summary>
    Sum,

    /// <summary>An average over the sub-periods reported.</summary>
    Mean,
}

/// <summary>How an indicator rolls up the organisation, from the units below to a unit that did not report.</summary>
public enum Aggregation
{
    Sum,
    Mean,

    /// <summary>Ratio indicators only: Σ numerators ÷ Σ denominators × factor (each unit weighted by its denominator).</summary>
    WeightedMean,
    Min,
    Max,

    /// <summary>Not rolled up: only a unit's own reported value counts (a rank, a share of GRDP).</summary>
    None,
}

public enum IndicatorKind
{
    /// <summary>The value of one data element.</summary>
    Direct,

    /// <summary>Numerator ÷ denominator × factor.</summary>
    Ratio,
}

/// <summary>Something a unit reports for a period: "số hộ gia đình", "số dịch vụ công trực tuyến toàn trình".</summary>
public sealed class DataElement : ITracked
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    /// <summary>Unit of measure as people write it: "%", "hộ", "dịch vụ".</summary>
    public string Unit { get; set; } = string.Empty;

    public TimeAggregation TimeAggregation { get; set; }

    /// <summary>Smallest and largest acceptable value (0–100 for a percentage); null = unbounded.</summary>
    public double? MinValue { get; set; }

    public double? MaxValue { get; set; }

    /// <summary>A count (households, schools, people): a value with a fractional part is refused, never rounded.</summary>
    public bool WholeNumbers { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>What a target is measured by: one data element, or a ratio of two.</summary>
public sealed class Indicator : ITracked
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    public string Unit { get; set; } = string.Empty;

    public IndicatorKind Kind { get; set; }

    /// <summary>The element reported (direct) or the numerator (ratio).</summary>
    public int ElementId { get; set; }

    public DataElement Element { get; set; } = null!;

    public int? DenominatorId { get; set; }

    public DataElement? Denominator { get; set; }

    public double Factor { get; set; } = 1;

    public Aggregation Aggregation { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// The value a unit reported for a data element and a period. One row per (element, unit, period); every
/// change is also kept in <see cref="DataValueChange"/>.
/// </summary>
public sealed class DataValue : ITracked
{
    public long Id { get; set; }

    public int DataElementId { get; set; }

    public DataElement DataElement { get; set; } = null!;

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    /// <summary>The period code (2025, 2025S1, 2025Q3, 202507).</summary>
    public required string Period { get; set; }

    public PeriodType PeriodType { get; set; }

    public DateOnly StartOn { get; set; }

    public DateOnly EndOn { get; set; }

    public double Value { get; set; }

    public string? Comment { get; set; }

    /// <summary>
    /// Whether the value counts in published figures. Values entered directly (target page, API) are; values
    /// entered through a report form are not until the report is approved (see Reporting/README.md).
    /// </summary>
    public bool Approved { get; set; } = true;

    /// <summary>
    /// The <see cref="Data.ChangeBatch"/> of the write that last changed this row (0: before the change feed existed).
    /// The live model finds what changed through it, in the order of commits (docs/adr/0016).
    /// </summary>
    public long BatchId { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>One change to a data value, append-only: the history a user sees, and a change log for readers.</summary>
public sealed class DataValueChange : IAppendOnly
{
    public long Id { get; set; }

    public int DataElementId { get; set; }

    public int OrgUnitId { get; set; }

    public required string Period { get; set; }

    /// <summary>The value before the change; null when the value was first entered.</summary>
    public double? OldValue { get; set; }

    /// <summary>The value after the change; null when it was deleted.</summary>
    public double? NewValue { get; set; }

    public string? Comment { get; set; }

    public DateTime At { get; set; }

    public required string By { get; set; }
}
