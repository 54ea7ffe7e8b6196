using Lodestar.Reporting;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Reporting;

/// <summary>How report states and steps read on a page.</summary>
public static class ReportText
{
    public static string Status(ReportStatus? status) => ReportingService.StatusText(status).ToString();

    public static string Action(string action) => action switch
    {
        nameof(ReportAction.Save) => T("Lưu nháp", "Saved draft"),
        nameof(ReportAction.Submit) => T("Nộp", "Submitted"),
        nameof(ReportAction.Approve) => T("Duyệt", "Approved"),
        nameof(ReportAction.Return) => T("Trả lại", "Returned"),
        nameof(ReportAction.Reopen) => T("Mở lại", "Re-opened"),
        _ => action,
    };

    /// <summary>The state a list shows: the report's status, or overdue / not yet due when nothing was submitted.</summary>
    public static (string Text, string Css) State(DueItem d, DateOnly today) => d.Status switch
    {
        ReportStatus.Approved => (T("Đã duyệt", "Approved") + (d.Late ? T(" (nộp muộn)", " (late)") : ""), "status achieved"),
        ReportStatus.Submitted => (T("Đã nộp, chờ duyệt", "Submitted") + (d.Late ? T(" (muộn)", " (late)") : ""), "status on-track"),
        ReportStatus.Returned => (T("Bị trả lại", "Returned"), "status off-track"),
        _ when d.Overdue(today) => (d.Status == ReportStatus.Draft ? T("Quá hạn (có nháp)", "Overdue (draft)") : T("Quá hạn", "Overdue"), "status off-track"),
        ReportStatus.Draft => (T("Nháp", "Draft"), "status at-risk"),
        _ => (T("Cần nộp", "Due"), "status at-risk"),
    };
}
