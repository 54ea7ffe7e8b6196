using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.People;

namespace Lodestar.Dti;

/// <summary>
/// An index framework in one version: the tree of groups, main indexes and component indicators that scores one level of
/// units (provinces nationally, or a province's agencies or communes) for the years it applies to.
/// </summary>
public sealed class DtiFramework : ITracked
{
    public int Id { get; set; }

    /// <summary>Short stable code, e.g. <c>P922</c> or <c>LS-XA-2024</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    /// <summary>The level of the units it scores (Province, Agency or Commune).</summary>
    public OrgUnitLevel Level { get; set; }

    /// <summary>The province that issued it (null for a national framework).</summary>
    public int? ProvinceId { get; set; }

    public OrgUnit? Province { get; set; }

    public string Version { get; set; } = "1";

    public int FirstYear { get; set; }

    /// <summary>The last year it applies to (null: still in force).</summary>
    public int? LastYear { get; set; }

    /// <summary>How a unit that did not exist in a year gets a score from its predecessors.</summary>
    public DerivationRule Derivation { get; set; } = DerivationRule.Mean;

    /// <summary>The data element whose value weighs predecessors (weighted mean), e.g. population.</summary>
    public string? WeightElementCode { get; set; }

    /// <summary>Where the structure comes from (document and address), or "dữ liệu minh họa".</summary>
    public string? Source { get; set; }

    public bool IsDemo { get; set; }

    public List<DtiNode> Nodes { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public bool AppliesTo(int year) => year >= FirstYear && (LastYear is null || year <= LastYear);
}

/// <summary>One row of a framework: a group, main index or component with its points, rule and required evidence.</summary>
public sealed class DtiNode
{
    public int Id { get; set; }

    public int FrameworkId { get; set; }

    public required string Code { get; set; }

    public string? ParentCode { get; set; }

    public NodeKind Kind { get; set; }

    public int SortOrder { get; set; }

    public required string Name { get; set; }

    public string? NameEn { get; set; }

    public double MaxPoints { get; set; }

    /// <summary>The rule of a component (null for groups and main indexes, and for leaves whose points are given).</summary>
    public RuleKind? Rule { get; set; }

    /// <summary>The rule's parameters in the compact form of <see cref="ScoringRule"/>.</summary>
    public string? RuleParameters { get; set; }

    /// <summary>The rule as the published document words it (cách tính điểm).</summary>
    public string? RuleText { get; set; }

    /// <summary>Required evidence (tài liệu kiểm chứng).</summary>
    public string? Evidence { get; set; }

    /// <summary>Data source (nguồn dữ liệu).</summary>
    public string? DataSource { get; set; }

    /// <summary>Verifying unit (đơn vị xác minh).</summary>
    public string? Verifier { get; set; }

    /// <summary>A data element whose reported yearly value is input A, so the component is computed, not typed.</summary>
    public string? InputElementCode { get; set; }

    public FrameworkNode ToModel() => new(Code, ParentCode, Kind, MaxPoints,
        Rule is { } r ? ScoringRule.TryParse(r, RuleParameters, out _) : null, Name);
}

/// <summary>Where an assessment is in its review.</summary>
public enum AssessmentState
{
    /// <summary>The unit is filling it in; only the unit and the DX office see it.</summary>
    Draft,

    /// <summary>Sent for review by the DX office.</summary>
    Submitted,

    /// <summary>Every item accepted or adjusted; waiting for the appraisal council.</summary>
    Reviewed,

    /// <summary>Confirmed by the appraisal council (Hội đồng thẩm định): locked.</summary>
    Confirmed,

    /// <summary>Confirmed and published.</summary>
    Published,
}

/// <summary>Where an assessment's figures come from.</summary>
public enum AssessmentOrigin
{
    /// <summary>The unit's self-assessment, verified by the DX office.</summary>
    SelfAssessment,

    /// <summary>Results published by the body that ranks (e.g. the national DTI), imported with their source.</summary>
    Published,
}

/// <summary>One unit's assessment for one year under one framework.</summary>
public sealed class DtiAssessment : ITracked
{
    public int Id { get; set; }

    public int FrameworkId { get; set; }

    public DtiFramework Framework { get; set; } = null!;

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    public int Year { get; set; }

    public AssessmentState State { get; set; }

    public AssessmentOrigin Origin { get; set; }

    /// <summary>Published results: the published normalised score (0–1) and rank, each null when the ranking did not print it.</summary>
    public double? PublishedScore { get; set; }

    public int? PublishedRank { get; set; }

    /// <summary>The upper end of a rank printed as a range ("32–34": rank 32, to 34); null for a single rank.</summary>
    public int? PublishedRankTo { get; set; }

    public string? Source { get; set; }

    public bool IsDemo { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTime? ConfirmedAt { get; set; }

    public string? ConfirmedBy { get; set; }

    public List<DtiItem> Items { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// One row of a published ranking that Lodestar keeps as printed and never scores (README, "Published rankings on other
/// units"): a year without a framework here (national DTI 2020, 2021), or a year republished on the units of a later date
/// (national DTI 2024 recomputed on the 34 provinces of 01/07/2025). Rank, range and score are null when not printed.
/// </summary>
public sealed class DtiPublishedRank : ITracked
{
    public int Id { get; set; }

    public int Year { get; set; }

    /// <summary>The date whose units the ranking is on: 31/12 of the year, or a later basis (01/07/2025 for the 34 provinces).</summary>
    public DateOnly UnitsOn { get; set; }

    /// <summary>Who ranked: the province whose frameworks rank its units, null for the national ranking.</summary>
    public int? ProvinceId { get; set; }

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    public int? Rank { get; set; }

    public int? RankTo { get; set; }

    public double? Score { get; set; }

    public string Source { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// A framework's year as the appraisal council confirmed it (revision 1) or as a later, explicit revision changed it
/// (ADR 0011): the scores and ranks frozen at that moment. Reads of the year come from the latest revision, never from
/// a recomputation; each revision after the first names its reason, and every revision its author.
/// </summary>
public sealed class DtiYearRevision
{
    public int Id { get; set; }

    public int FrameworkId { get; set; }

    public int Year { get; set; }

    /// <summary>1 for the council's confirmation, then 2, 3 … for each revision.</summary>
    public int Number { get; set; }

    /// <summary>Why the results were revised (null for the confirmation itself).</summary>
    public string? Reason { get; set; }

    /// <summary>When it was recorded (UTC) and by which account.</summary>
    public DateTime At { get; set; }

    public string By { get; set; } = string.Empty;

    /// <summary>The number of the document that decided it ("15/QĐ-HĐTĐ"); every confirmation and revision names one (null only before issue 16).</summary>
    public string? DocumentNumber { get; set; }

    public DateOnly? DocumentDate { get; set; }

    /// <summary>The council's meeting that confirmed the results (a revision may name one too).</summary>
    public DateOnly? MeetingDate { get; set; }

    /// <summary>Who signed the decision for the council: one of <see cref="Members"/>.</summary>
    public string? SignedBy { get; set; }

    /// <summary>The council's members at the meeting ("Họ tên — chức vụ"), as a JSON array of strings.</summary>
    public string? Members { get; set; }

    public List<DtiFrozenResult> Results { get; set; } = [];
}

/// <summary>One unit's frozen result in a revision: its assessment, points per node, total, normalised value and rank.</summary>
public sealed class DtiFrozenResult
{
    public long Id { get; set; }

    public int RevisionId { get; set; }

    public int AssessmentId { get; set; }

    public DtiAssessment Assessment { get; set; } = null!;

    public double Total { get; set; }

    public double Normalised { get; set; }

    public int Rank { get; set; }

    /// <summary>Points per node code, as JSON (<c>{"1":45,"1.1":20}</c>).</summary>
    public string Points { get; set; } = "{}";
}

/// <summary>The DX office's decision on one item.</summary>
public enum ItemReview
{
    Pending,
    Accepted,
    Adjusted,
    Returned,
}

/// <summary>One component of an assessment: the unit's inputs (or claimed score), its evidence, and the review.</summary>
public sealed class DtiItem : ITracked
{
    public int Id { get; set; }

    public int AssessmentId { get; set; }

    public required string NodeCode { get; set; }

    /// <summary>Input A (the value, the count, the option's position, or the claimed score of a manual component).</summary>
    public double? A { get; set; }

    /// <summary>Input B (the denominator of a ratio).</summary>
    public double? B { get; set; }

    /// <summary>The unit's explanation (giải trình).</summary>
    public string? Note { get; set; }

    public ItemReview Review { get; set; }

    /// <summary>Inputs set by the reviewer when adjusting.</summary>
    public double? VerifiedA { get; set; }

    public double? VerifiedB { get; set; }

    public string? ReviewReason { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    public List<DtiEvidence> Evidence { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public double EffectiveA => Review == ItemReview.Adjusted ? VerifiedA ?? double.NaN : A ?? double.NaN;

    public double EffectiveB => Review == ItemReview.Adjusted ? VerifiedB ?? B ?? double.NaN : B ?? double.NaN;
}

/// <summary>An evidence file of an item, kept under LODESTAR_DATA_DIR/evidence like task evidence.</summary>
public sealed class DtiEvidence
{
    public int Id { get; set; }

    public int ItemId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>The file's name in the evidence folder.</summary>
    public required string StoredName { get; set; }

    public string UploadedBy { get; set; } = string.Empty;

    public DateTime UploadedAt { get; set; }
}

/// <summary>A member's role in the steering committee (Ban Chỉ đạo).</summary>
public enum SteeringRole
{
    /// <summary>Trưởng ban.</summary>
    Head,

    /// <summary>Phó Trưởng ban thường trực.</summary>
    StandingDeputy,

    /// <summary>Phó Trưởng ban.</summary>
    Deputy,

    /// <summary>Thành viên.</summary>
    Member,
}

/// <summary>A seat of the province's steering committee: a position (whoever holds it) with a role and the indexes it answers for.</summary>
public sealed class DtiSteeringMember : ITracked
{
    public int Id { get; set; }

    public int ProvinceId { get; set; }

    public int PositionId { get; set; }

    public Position Position { get; set; } = null!;

    public SteeringRole Role { get; set; }

    public int SortOrder { get; set; }

    /// <summary>Node codes answered for, as "FRAMEWORK:NODE" separated by ';' (e.g. "LS-XA:1;LS-XA:2.3").</summary>
    public string Owns { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public IEnumerable<(string Framework, string Node)> Ownership() =>
        Owns.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split(':', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]));
}
