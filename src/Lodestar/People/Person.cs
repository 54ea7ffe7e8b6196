using Lodestar.Common;
using Lodestar.OrgUnits;

namespace Lodestar.People;

public sealed class Person : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public required string FullName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string SearchText { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>A post in a unit (Chủ tịch UBND xã, Giám đốc Sở…); one of them is the head (người đứng đầu).</summary>
public sealed class Position : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    public required string Title { get; set; }

    public string? TitleEn { get; set; }

    public bool IsHead { get; set; }

    public int SortOrder { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>A person holding a position from <see cref="StartOn"/> to <see cref="EndOn"/> (inclusive; null = still in post).</summary>
public sealed class PositionTerm : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int PositionId { get; set; }

    public Position Position { get; set; } = null!;

    public int PersonId { get; set; }

    public Person Person { get; set; } = null!;

    public DateOnly StartOn { get; set; }

    public DateOnly? EndOn { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>
/// A community digital technology team (tổ công nghệ số cộng đồng) of a commune or village, from <see cref="FoundedOn"/> until
/// <see cref="ClosedOn"/> (inclusive; null = active). It follows its unit across a reorganisation (OrgUnits/README.md).
/// </summary>
public sealed class DigitalTeam : ITracked
{
    public int Id { get; set; }

    public string Uid { get; set; } = Common.Uid.New();

    public int OrgUnitId { get; set; }

    public OrgUnit OrgUnit { get; set; } = null!;

    public required string Name { get; set; }

    public DateOnly FoundedOn { get; set; }

    public int? LeaderId { get; set; }

    public Person? Leader { get; set; }

    public DateOnly? ClosedOn { get; set; }

    public List<DigitalTeamMember> Members { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>A person in a team from <see cref="JoinedOn"/> until <see cref="LeftOn"/> (inclusive; null = still a member).</summary>
public sealed class DigitalTeamMember
{
    public int TeamId { get; set; }

    public int PersonId { get; set; }

    public Person Person { get; set; } = null!;

    public DateOnly JoinedOn { get; set; }

    public DateOnly? LeftOn { get; set; }
}
