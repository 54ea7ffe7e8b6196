using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Audit;

/// <summary>
/// What the audit trail's entity column means to a reader: the entries keep the internal type name (the filter and the
/// API use it), the page shows this name. Every entity of the model has one (Audit/AuditPageTests checks), and the
/// entries written by hand: the official unit import, account changes, sign-ins.
/// </summary>
public static class AuditNames
{
    private static readonly Dictionary<string, (string Vi, string En)> Names = new(StringComparer.Ordinal)
    {
        ["OrgUnit"] = ("Đơn vị", "Unit"),
        ["OrgUnitName"] = ("Tên cũ của đơn vị", "Earlier unit name"),
        ["Reorganisation"] = ("Sắp xếp đơn vị", "Reorganisation"),
        ["Connector"] = ("Kết nối dữ liệu", "Connector"),
        ["ConnectorRun"] = ("Lần chạy kết nối", "Connector run"),
        ["Webhook"] = ("Webhook gửi sự kiện", "Webhook"),
        ["WebhookDelivery"] = ("Lần gửi webhook", "Webhook delivery"),
        ["OrgUnitParentLink"] = ("Quan hệ trực thuộc", "Unit parent"),
        ["OrgUnitLineage"] = ("Sáp nhập, chia tách đơn vị", "Unit lineage"),
        ["OrgUnitBoundary"] = ("Ranh giới đơn vị", "Unit boundary"),
        ["OrgUnitPastBoundary"] = ("Ranh giới cũ của đơn vị", "Earlier unit boundary"),
        ["Person"] = ("Cán bộ", "Person"),
        ["Position"] = ("Chức vụ", "Position"),
        ["PositionTerm"] = ("Bổ nhiệm chức vụ", "Term in a position"),
        ["DigitalTeam"] = ("Tổ công nghệ số cộng đồng", "Digital technology team"),
        ["DigitalTeamMember"] = ("Thành viên tổ công nghệ số", "Digital team member"),
        ["AuditEntry"] = ("Nhật ký thay đổi", "Audit entry"),
        ["ApiKey"] = ("Khóa API", "API key"),
        ["DataElement"] = ("Phần tử dữ liệu", "Data element"),
        ["Indicator"] = ("Chỉ số đo", "Indicator"),
        ["DataValue"] = ("Số liệu", "Data value"),
        ["DataValueChange"] = ("Lịch sử số liệu", "Data value change"),
        ["Programme"] = ("Chương trình, kế hoạch", "Programme"),
        ["Pillar"] = ("Trụ cột", "Pillar"),
        ["Target"] = ("Chỉ tiêu", "Target"),
        ["TargetMilestone"] = ("Mốc chỉ tiêu", "Target milestone"),
        ["ProgrammeRevision"] = ("Điều chỉnh chương trình", "Programme revision"),
        ["RevisionChange"] = ("Nội dung điều chỉnh", "Revision change"),
        ["RevisionMilestone"] = ("Mốc điều chỉnh", "Revised milestone"),
        ["WorkTask"] = ("Nhiệm vụ", "Task"),
        ["TaskCoUnit"] = ("Đơn vị phối hợp nhiệm vụ", "Task co-operating unit"),
        ["TaskTarget"] = ("Chỉ tiêu của nhiệm vụ", "Task target"),
        ["TaskReport"] = ("Báo cáo tiến độ nhiệm vụ", "Task report"),
        ["TaskEvidence"] = ("Minh chứng nhiệm vụ", "Task evidence"),
        ["TaskExtension"] = ("Gia hạn nhiệm vụ", "Task extension"),
        ["Notification"] = ("Thông báo", "Notification"),
        ["NotificationPreference"] = ("Tùy chọn thông báo", "Notification preference"),
        ["NoticeMark"] = ("Dấu đã gửi thông báo", "Notice mark"),
        ["PersonalCertificate"] = ("Chứng thư số cá nhân", "Personal signing certificate"),
        ["ReportForm"] = ("Biểu mẫu báo cáo", "Report form"),
        ["ReportFormItem"] = ("Chỉ tiêu của biểu mẫu", "Report form item"),
        ["ReportFormUnit"] = ("Đơn vị báo cáo biểu mẫu", "Report form unit"),
        ["ReportRule"] = ("Quy tắc kiểm tra báo cáo", "Report rule"),
        ["Report"] = ("Báo cáo", "Report"),
        ["ReportEvent"] = ("Lịch sử báo cáo", "Report event"),
        ["ReportEvidence"] = ("Minh chứng báo cáo", "Report evidence"),
        ["ReportReminder"] = ("Nhắc báo cáo", "Report reminder"),
        ["DtiFramework"] = ("Bộ chỉ số DTI", "DTI framework"),
        ["DtiNode"] = ("Chỉ số DTI", "DTI indicator"),
        ["DtiAssessment"] = ("Đánh giá DTI", "DTI assessment"),
        ["DtiItem"] = ("Điểm chỉ số DTI", "DTI score"),
        ["DtiEvidence"] = ("Minh chứng DTI", "DTI evidence"),
        ["DtiSteeringMember"] = ("Thành viên Hội đồng DTI", "DTI council member"),
        ["DtiYearRevision"] = ("Điều chỉnh bộ chỉ số DTI theo năm", "DTI year revision"),
        ["DtiFrozenResult"] = ("Kết quả DTI đã chốt", "Frozen DTI result"),
        ["DtiPublishedRank"] = ("Xếp hạng DTI đã công bố", "Published DTI rank"),
        ["Publication"] = ("Công bố số liệu", "Publication"),
        ["PublishedFigure"] = ("Số liệu đã công bố", "Published figure"),
        ["ScorecardNote"] = ("Giải trình bảng điểm", "Scorecard note"),
        ["SteeringMeeting"] = ("Cuộc họp Ban Chỉ đạo", "Steering meeting"),
        ["BriefingPack"] = ("Tài liệu họp", "Briefing pack"),
        ["MeetingConclusion"] = ("Kết luận cuộc họp", "Meeting conclusion"),
        ["ChangeBatch"] = ("Lô thay đổi", "Change batch"),
        ["JobLeaseRow"] = ("Quyền chạy tác vụ nền", "Background job lease"),
        ["IdempotentRequest"] = ("Yêu cầu gửi lại được (khóa chống trùng)", "Write with an idempotency key"),
        ["LodestarUser"] = ("Tài khoản", "Account"),
        ["IdentityRole"] = ("Vai trò", "Role"),
        ["IdentityUserRole"] = ("Vai trò của tài khoản", "Account role"),
        ["IdentityUserClaim"] = ("Thuộc tính tài khoản", "Account claim"),
        ["IdentityRoleClaim"] = ("Thuộc tính vai trò", "Role claim"),
        ["IdentityUserLogin"] = ("Đăng nhập ngoài", "External login"),
        ["IdentityUserToken"] = ("Mã xác thực của tài khoản", "Account token"),
        ["IdentityUserPasskey"] = ("Khóa truy cập", "Passkey"),
        ["SignIn"] = ("Đăng nhập", "Sign-in"),
    };

    /// <summary>The entity's name in the reader's language; an unknown type shows as it is stored.</summary>
    public static string Of(string entity) => Names.TryGetValue(entity, out var name) ? T(name.Vi, name.En) : entity;

    /// <summary>Every named entity type, for the filter's list.</summary>
    public static IEnumerable<string> Known => Names.Keys;
}
