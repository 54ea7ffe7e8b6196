using Lodestar.Reporting;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Reporting;

/// <summary>How report states and steps read on a page.</summary>
public static class ReportText
{
    /// <summary>The form's rules and the unit's history as report-rules.js reads them (the device checks what the server will), safe inside a script element.</summary>
    public static string RulesJson(ReportRulesSpec spec) => System.Text.Json.JsonSerializer.Serialize(new
    {
        elements = spec.Elements.Select(e => new { code = e.Code, name = e.Name, unit = e.Unit, min = e.Min, max = e.Max }),
        rules = spec.Rules.Select(r => new { kind = r.Kind.ToString(), element = r.Element.Code, other = r.Other?.Code, op = r.Op.ToString(), min = r.Min, max = r.Max, tolerance = r.Tolerance }),
        history = spec.History,
    }).Replace("<", "\\u003c", StringComparison.Ordinal);

    public static string Status(ReportStatus? status) => ReportWorkflow.StatusText(status).ToString();

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
