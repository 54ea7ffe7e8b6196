using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Values;

namespace Lodestar.Reporting;

/// <summary>Where a report stands: draft → submitted → approved (locked), or returned with a reason and resubmitted.</summary>
public enum ReportStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
}

public enum RuleKind
{
    /// <summary>The element must have a value before the report can be submitted.</summary>
    Required,

    /// <summary>The value must lie within [Min, Max].</summary>
    Range,

    /// <summary>The element compared with another element of the same report (files online ≤ all files).</summary>
    Compare,

    /// <summary>A warning (needs a comment) when the value strays from the unit's own history by more than Tolerance.</summary>
    Outlier,
}

public enum CompareOp
{
    LessOrEqual,
    GreaterOrEqual,
    Equal,
}

/// <summary>A report form (biểu mẫu): the data elements it collects, its period type, due-date rule, who reports it.</summary>
public sealed class ReportForm : ITracked
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    public string? Description { get; set; }

    public PeriodType PeriodType { get; set; }

    /// <summary>The report is due this many days after the period ends (10 → day 10 of the next month for a month that ends on the 31st... counted from the last day).</summary>
    public int DueDays { get; set; } = 10;

    /// <summary>The first period the form is collected for (a period code of <see cref="PeriodType"/>).</summary>
    public required string FirstPeriod { get; set; }

    /// <summary>When false a submitted report is approved at once.</summary>
    public bool NeedsApproval { get; set; } = true;

    public List<ReportFormItem> Items { get; set; } = [];

    public List<ReportFormUnit> Units { get; set; } = [];

    public List<ReportRule> Rules { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>One field of a form: a data element in a section, in order, with help text.</summary>
public sealed class ReportFormItem
{
    public int Id { get; set; }

    public int FormId { get; set; }

    public int DataElementId { get; set; }

    public DataElement DataElement { get; set; } = null!;

    public string Section { get; set; } = string.Empty;

    public int SortOrder { get; set; }

    public string? Help { get; set; }
}

/// <summary>A unit that must report a form (assignment by level, type or group is expanded into this list when the form is defined).</summary>
public sealed class ReportFormUnit
{
    public int Id { get; set; }

    public int FormId { get; set; }

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;
}

/// <summary>A validation rule of a form; rules are data, evaluated on entry, upload and submit.</summary>
public sealed class ReportRule
{
    public int Id { get; set; }

    public int FormId { get; set; }

    public RuleKind Kind { get; set; }

    public int DataElementId { get; set; }

    public DataElement DataElement { get; set; } = null!;

    /// <summary>The right-hand element of a comparison.</summary>
    public int? OtherElementId { get; set; }

    public DataElement? OtherElement { get; set; }

    public CompareOp Op { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }

    /// <summary>Outliers: the share (0.5 = 50%) by which a value may differ from the median of its last four values.</summary>
    public double? Tolerance { get; set; }
}

/// <summary>One unit's report of one form for one period; its values live in the value store (DataValues).</summary>
public sealed class Report : ITracked
{
    public int Id { get; set; }

    public int FormId { get; set; }

    public ReportForm Form { get; set; } = null!;

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    public required string Period { get; set; }

    public DateOnly DueOn { get; set; }

    public ReportStatus Status { get; set; }

    /// <summary>The first submission's day (Vietnam time): decides "on time".</summary>
    public DateOnly? FirstSubmittedOn { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    /// <summary>Why the report was last returned or re-opened.</summary>
    public string? Reason { get; set; }

    public int ReturnCount { get; set; }

    public int ReopenCount { get; set; }

    /// <summary>Raised on every save; the optimistic-concurrency token that stops silent overwrites.</summary>
    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>One workflow step of a report, append-only: who, when, why.</summary>
public sealed class ReportEvent : IAppendOnly
{
    public long Id { get; set; }

    public int ReportId { get; set; }

    public required string Action { get; set; }

    public ReportStatus ToStatus { get; set; }

    public string? Reason { get; set; }

    public DateTime At { get; set; }

    public required string By { get; set; }
}

/// <summary>An evidence file attached to a report (kept under LODESTAR_DATA_DIR/evidence/reports).</summary>
public sealed class ReportEvidence
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int ReportId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Path relative to the data directory.</summary>
    public required string StoredPath { get; set; }

    public DateTime UploadedAt { get; set; }

    public required string UploadedBy { get; set; }
}

/// <summary>One reminder sent on demand (from the completeness page) to one account of a unit that had not submitted: who sent it, when, to whom.</summary>
public sealed class ReportReminder
{
    public int Id { get; set; }

    public int FormId { get; set; }

    public ReportForm Form { get; set; } = null!;

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    public required string Period { get; set; }

    public int RecipientId { get; set; }

    public required string RecipientName { get; set; }

    /// <summary>Whether an e-mail went too (the account has an address and SMTP is configured).</summary>
    public bool Emailed { get; set; }

    public DateTime SentAt { get; set; }

    public required string SentBy { get; set; }
}
