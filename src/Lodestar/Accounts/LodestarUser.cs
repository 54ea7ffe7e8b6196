using Lodestar.OrgUnits;
using Microsoft.AspNetCore.Identity;

namespace Lodestar.Accounts;

public sealed class LodestarUser : IdentityUser<int>
{
    public string FullName { get; set; } = string.Empty;

    /// <summary>The root of the subtree this account may see and edit; null means the whole country.</summary>
    public int? ScopeUnitId { get; set; }

    public OrgUnit? ScopeUnit { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The roles of Lodestar. Names are stable: they are stored and appear in tokens.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string DxOffice = "dx-office";
    public const string SteeringMember = "steering-member";
    public const string UnitHead = "unit-head";
    public const string ReportingOfficer = "reporting-officer";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, DxOffice, SteeringMember, UnitHead, ReportingOfficer, Viewer];

    public static string Label(string role, bool english) => (role, english) switch
    {
        (Admin, false) => "Quản trị hệ thống",
        (Admin, true) => "System administrator",
        (DxOffice, false) => "Cơ quan thường trực CĐS (Sở KH&CN)",
        (DxOffice, true) => "DX office (Dept. of Science and Technology)",
        (SteeringMember, false) => "Thành viên Ban Chỉ đạo",
        (SteeringMember, true) => "Steering-committee member",
        (UnitHead, false) => "Người đứng đầu đơn vị",
        (UnitHead, true) => "Head of unit",
        (ReportingOfficer, false) => "Cán bộ báo cáo",
        (ReportingOfficer, true) => "Reporting officer",
        (Viewer, false) => "Người xem",
        (Viewer, true) => "Viewer",
        _ => role,
    };
}
