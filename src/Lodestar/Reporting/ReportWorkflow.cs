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
}
