using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Tasks;

namespace Lodestar.Steering;

/// <summary>A quarterly meeting of the province's steering committee (Ban Chỉ đạo chuyển đổi số).</summary>
public sealed class SteeringMeeting : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int ProvinceId { get; set; }

    public OrgUnit Province { get; set; } = null!;

    /// <summary>The quarter the meeting reviews, as a period code (2026Q3).</summary>
    public required string Quarter { get; set; }

    public required string Title { get; set; }

    /// <summary>The planned date; the date it was held once recorded.</summary>
    public DateOnly MeetsOn { get; set; }

    public string? Place { get; set; }

    /// <summary>Who chaired it (name and post), once held.</summary>
    public string? Chair { get; set; }

    /// <summary>Attendees, one per line ("Họ tên – chức vụ").</summary>
    public string? Attendees { get; set; }

    /// <summary>Set when the record of the meeting is kept (held).</summary>
    public DateOnly? HeldOn { get; set; }

    /// <summary>Number of the conclusion notice (Thông báo kết luận số …/TB-BCĐ), the source of the tasks it assigns.</summary>
    public string? ConclusionNumber { get; set; }

    public List<MeetingConclusion> Conclusions { get; set; } = [];

    public BriefingPack? Pack { get; set; }

    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// The briefing pack (báo cáo phục vụ cuộc họp): the dashboard's figures frozen when generated, and the text written from
/// them, editable until issued; an issued pack never changes.
/// </summary>
public sealed class BriefingPack : ITracked
{
    public int Id { get; set; }

    public int MeetingId { get; set; }

    /// <summary>The document number, "…/BC-BCĐ" with the number filled in when issued.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>The dashboard snapshot as JSON (a <see cref="Dashboard"/>).</summary>
    public string Data { get; set; } = string.Empty;

    /// <summary>The text in Vietnamese, paragraphs separated by blank lines (as generated, then as edited).</summary>
    public string Text { get; set; } = string.Empty;

    public string TextEn { get; set; } = string.Empty;

    public DateTime GeneratedAt { get; set; }

    public string GeneratedBy { get; set; } = string.Empty;

    public bool Edited { get; set; }

    public DateTime? IssuedAt { get; set; }

    public string? IssuedBy { get; set; }

    public bool IsIssued => IssuedAt is not null;

    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>A conclusion (kết luận) of a meeting; one that assigns work points at the task it became.</summary>
public sealed class MeetingConclusion : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int MeetingId { get; set; }

    public SteeringMeeting Meeting { get; set; } = null!;

    public int SortOrder { get; set; }

    public required string Text { get; set; }

    /// <summary>The task of the register this conclusion assigned, if it assigns work.</summary>
    public int? TaskId { get; set; }

    public WorkTask? Task { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}
