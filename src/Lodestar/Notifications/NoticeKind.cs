using Lodestar.Common;

namespace Lodestar.Notifications;

/// <summary>What a notification is about; each user chooses per kind how it reaches him (README.md, "Kinds").</summary>
public enum NoticeKind
{
    ReportReturned,
    ReportApproved,
    ReportArrived,
    TaskDone,
    Reminder,
    Overdue,
    Escalation,
    WeeklyDigest,

    /// <summary>A connector's run failed (the source did not answer) or a scheduled run was refused (Connectors/README.md).</summary>
    ConnectorFailed,
    Reorganisation,
}

/// <summary>How notices of a kind reach a user. Every notice is in the app; the choice is about e-mail.</summary>
public enum NoticeDelivery
{
    /// <summary>In the app only, never e-mailed.</summary>
    InApp,

    /// <summary>In the app and e-mailed at once (one e-mail per person per run, listing every new notice).</summary>
    Email,

    /// <summary>In the app and in the one e-mail a day that gathers everything of these kinds since the last one.</summary>
    DailySummary,
}

/// <summary>A kind as the preference page and the API show it: its code, its name, what it covers and the choice of users who made none.</summary>
public sealed record NoticeKindInfo(NoticeKind Kind, Msg Name, Msg Covers, NoticeDelivery Default)
{
    public string Code => ApiCodes.Code(Kind);
}

public static class NoticeKinds
{
    /// <summary>Every kind with its default: what asks for action at once by e-mail, what piles up (arrivals, overdue, late units) in the daily summary.</summary>
    public static readonly IReadOnlyList<NoticeKindInfo> All =
    [
        new(NoticeKind.ReportReturned, new("Báo cáo bị trả lại", "Report returned"),
            new("Báo cáo của anh/chị bị trả lại để sửa, kèm lý do.", "A report of yours was returned for correction, with the reason."), NoticeDelivery.Email),
        new(NoticeKind.ReportApproved, new("Báo cáo được duyệt", "Report approved"),
            new("Báo cáo của anh/chị đã được duyệt.", "A report of yours was approved."), NoticeDelivery.InApp),
        new(NoticeKind.ReportArrived, new("Báo cáo mới chờ duyệt", "Report arrived for review"),
            new("Một đơn vị cấp dưới nộp báo cáo chờ anh/chị duyệt.", "A unit below yours submitted a report for your review."), NoticeDelivery.DailySummary),
        new(NoticeKind.TaskDone, new("Nhiệm vụ báo cáo hoàn thành", "Task reported done"),
            new("Đơn vị báo cáo hoàn thành nhiệm vụ anh/chị giao, chờ xác nhận.", "A unit reported a task you assigned done; it waits for your confirmation."), NoticeDelivery.Email),
        new(NoticeKind.Reminder, new("Nhắc hạn nộp báo cáo", "Report reminders"),
            new("Báo cáo của đơn vị sắp đến hạn, hoặc được nhắc nộp.", "A report of your unit falls due soon, or you are reminded to submit it."), NoticeDelivery.Email),
        new(NoticeKind.Overdue, new("Việc quá hạn", "Overdue work"),
            new("Nhiệm vụ và báo cáo của đơn vị đã quá hạn.", "Tasks and reports of your unit are past their deadline."), NoticeDelivery.DailySummary),
        new(NoticeKind.Escalation, new("Đơn vị chậm hạn", "Units running late"),
            new("Đơn vị cấp dưới, hoặc đơn vị được anh/chị giao việc, quá hạn quá thời gian cho phép.", "A unit below yours, or one you assigned a task, is late beyond the grace period."),
            NoticeDelivery.DailySummary),
        new(NoticeKind.WeeklyDigest, new("Tóm tắt tuần", "Weekly digest"),
            new("Việc cần quan tâm trong tuần (người đứng đầu, thành viên Ban Chỉ đạo).", "The week's work to watch (heads, steering-committee members)."), NoticeDelivery.Email),
        new(NoticeKind.ConnectorFailed, new("Kết nối dữ liệu bị lỗi", "Connector failed"),
            new("Một kết nối lấy số liệu từ hệ thống khác không lấy được hoặc bị từ chối (Văn phòng chuyển đổi số).", "A connector pulling figures from another system failed or was refused (DX office)."),
            NoticeDelivery.Email),
        new(NoticeKind.Reorganisation, new("Sắp xếp đơn vị", "Reorganisation"),
            new("Đơn vị của tài khoản anh/chị được sáp nhập, chia tách hoặc giải thể; tài khoản chuyển sang đơn vị kế thừa hoặc bị khóa.",
                "The unit of your account was merged, split or dissolved; the account moved to the successor or was locked."), NoticeDelivery.Email),
    ];

    public static NoticeKindInfo Of(NoticeKind kind) => All.Single(k => k.Kind == kind);

    /// <summary>A choice as the preference page and the reminder preview name it.</summary>
    public static Msg Name(NoticeDelivery delivery) => delivery switch
    {
        NoticeDelivery.InApp => new("Chỉ trong ứng dụng", "In the app only"),
        NoticeDelivery.Email => new("Gửi e-mail ngay", "E-mail at once"),
        NoticeDelivery.DailySummary => new("E-mail tóm tắt hằng ngày", "Daily summary e-mail"),
        _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
    };
}
