using Lodestar.Common;

namespace Lodestar.Reporting;

public enum ReportAction
{
    Save,
    Submit,
    Approve,
    Return,
    Reopen,
}

/// <summary>
/// The allowed steps. Officers save and submit a draft or returned report; reviewers (DX office) approve or return a
/// submitted one, with a reason; the DX office re-opens an approved (locked) one, with a reason.
/// </summary>
public static class ReportWorkflow
{
    /// <summary>The state after <paramref name="action"/>, or null when the step is not allowed from <paramref name="from"/>.</summary>
    public static ReportStatus? Next(ReportStatus from, ReportAction action, bool needsApproval) => (from, action) switch
    {
        (ReportStatus.Draft or ReportStatus.Returned, ReportAction.Save) => from,
        (ReportStatus.Draft or ReportStatus.Returned, ReportAction.Submit) => needsApproval ? ReportStatus.Submitted : ReportStatus.Approved,
        (ReportStatus.Submitted, ReportAction.Approve) => ReportStatus.Approved,
        (ReportStatus.Submitted, ReportAction.Return) => ReportStatus.Returned,
        (ReportStatus.Approved, ReportAction.Reopen) => ReportStatus.Returned,
        _ => null,
    };

    public static bool NeedsReason(ReportAction action) => action is ReportAction.Return or ReportAction.Reopen;

    public static bool IsEditable(ReportStatus status) => status is ReportStatus.Draft or ReportStatus.Returned;

    /// <summary>How a state reads in a message ("the report is …"); null is a report not saved yet.</summary>
    public static Msg StatusText(ReportStatus? status) => status switch
    {
        ReportStatus.Draft => new("nháp", "draft"),
        ReportStatus.Submitted => new("đã nộp, chờ duyệt", "submitted"),
        ReportStatus.Returned => new("bị trả lại", "returned"),
        ReportStatus.Approved => new("đã duyệt", "approved"),
        _ => new("chưa nộp", "not submitted"),
    };

    /// <summary>How a step reads in a message ("cannot be …").</summary>
    public static Msg ActionText(ReportAction action) => action switch
    {
        ReportAction.Approve => new("duyệt", "approved"),
        ReportAction.Return => new("trả lại", "returned"),
        ReportAction.Reopen => new("mở lại", "re-opened"),
        ReportAction.Submit => new("nộp", "submitted"),
        ReportAction.Save => new("lưu", "saved"),
        _ => throw new InvalidOperationException(),
    };
}
