using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Notifications;

/// <summary>
/// In-app notices when work moves between people, added to the same save as the step itself: the DX office above a unit
/// when its report arrives, the submitter when his report is returned (with the reason) or approved, the assigner when a
/// task is reported done. Notices of one kind are grouped: while an account has not read the last one, the next of the
/// same kind updates it ("3 báo cáo mới chờ duyệt…", linking to the queue) instead of adding another. A return carries
/// its own reason, so each return is a notice of its own. Whether and when a notice is also e-mailed is the user's choice
/// for its kind (<see cref="NoticeMail"/>).
/// </summary>
public static class WorkNotices
{
    public const string GroupPrefix = "group:";

    public static async Task ReportSubmittedAsync(LodestarDbContext db, ReportForm form, OrgUnit unit, Period period, CancellationToken ct)
    {
        var office = await DxOfficeAsync(db, unit.Id, period.End, alsoOfTheUnit: false, ct);
        var what = What(form, unit, period);
        foreach (var id in office)
        {
            await FoldAsync(db, id, NoticeKind.ReportArrived, 1, ReportLink(form, unit, period), "/review",
                new Msg($"Báo cáo mới chờ duyệt: {what.Vi}.", $"A report arrived for review: {what.En}."),
                n => new Msg($"{n} báo cáo mới chờ duyệt; mới nhất: {what.Vi}.", $"{n} reports arrived for review; the latest: {what.En}."), ct);
        }
    }

    public static async Task ReportDecidedAsync(LodestarDbContext db, ReportForm form, OrgUnit unit, Period period, string? submittedBy, ReportAction action, string? reason,
        CancellationToken ct)
    {
        var submitter = await db.Users.Where(u => u.UserName == submittedBy && u.UserName != db.ActorName).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        if (submitter is not { } id)
        {
            return;
        }

        var what = What(form, unit, period);
        var link = ReportLink(form, unit, period);
        if (action == ReportAction.Approve)
        {
            await FoldAsync(db, id, NoticeKind.ReportApproved, 1, link, "/reports?state=done",
                new Msg($"Báo cáo đã được duyệt: {what.Vi}.", $"Report approved: {what.En}."),
                n => new Msg($"{n} báo cáo của anh/chị đã được duyệt; mới nhất: {what.Vi}.", $"{n} of your reports were approved; the latest: {what.En}."), ct);
            return;
        }

        Add(db, id, NoticeKind.ReportReturned, $"report-{action.ToString().ToLowerInvariant()}:{form.Code}:{unit.Code}:{period.Code}:{Uid.New()}",
            new Msg($"Báo cáo bị trả lại, cần sửa và nộp lại: {what.Vi}. Lý do: {reason}", $"Report returned, to correct and submit again: {what.En}. Reason: {reason}"), link);
    }

    public static async Task TaskCompletedAsync(LodestarDbContext db, WorkTask task, CancellationToken ct)
    {
        var assigner = await db.Users.Where(u => u.UserName == task.AssignedBy && u.UserName != db.ActorName).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
        if (assigner is not { } id)
        {
            return;
        }

        var unit = await db.OrgUnits.Where(u => u.Id == task.OwnerUnitId).Select(u => u.FullName).SingleAsync(ct);
        await FoldAsync(db, id, NoticeKind.TaskDone, 1, $"/tasks/{task.Uid}#history", "/review",
            new Msg($"{unit} báo cáo hoàn thành nhiệm vụ “{task.Title}”, chờ anh/chị xác nhận.", $"{unit} reported task “{task.Title}” done; it waits for your confirmation."),
            n => new Msg($"{n} nhiệm vụ được báo cáo hoàn thành, chờ anh/chị xác nhận; mới nhất: “{task.Title}” của {unit}.",
                $"{n} tasks reported done wait for your confirmation; the latest: “{task.Title}” of {unit}."), ct);
    }

    private static (string Vi, string En) What(ReportForm form, OrgUnit unit, Period period) =>
        ($"{form.Name}, {period.Display(false)} của {unit.FullName}", $"{form.NameEn ?? form.Name}, {period.Display(true)} of {unit.FullName}");

    private static string ReportLink(ReportForm form, OrgUnit unit, Period period) => $"/reports/{Uri.EscapeDataString(form.Code)}/{Uri.EscapeDataString(unit.Code)}/{period.Code}";

    /// <summary>
    /// Adds <paramref name="count"/> notices of a kind for an account: folded into its unread notification of the kind when
    /// there is one (counted; its text and link then speak of all of them, and it waits to be e-mailed again), otherwise a new
    /// notification — of the one notice (<paramref name="one"/>, <paramref name="link"/>) or of them all.
    /// </summary>
    public static async Task FoldAsync(LodestarDbContext db, int userId, NoticeKind kind, int count, string link, string manyLink, Msg one, Func<int, Msg> many,
        CancellationToken ct)
    {
        var prefix = $"{GroupPrefix}{ApiCodes.Code(kind)}:";
        var unread = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null && n.Key.StartsWith(prefix)).OrderByDescending(n => n.Id).FirstOrDefaultAsync(ct);
        if (unread is null)
        {
            var text = count == 1 ? one : many(count);
            db.Notifications.Add(new Notification
            {
                UserId = userId, Key = prefix + Uid.New(), Kind = kind, Count = count, TextVi = Cut(text.Vi), TextEn = Cut(text.En), Link = count == 1 ? link : manyLink,
                CreatedAt = db.UtcNow,
            });
            return;
        }

        unread.Count += count;
        var folded = many(unread.Count);
        unread.TextVi = Cut(folded.Vi);
        unread.TextEn = Cut(folded.En);
        unread.Link = manyLink;
        unread.CreatedAt = db.UtcNow;
        unread.MailedAt = null;
    }

    /// <summary>
    /// A notice of its own (not folded) for an account, in the context for the caller's save: its key is unique per account,
    /// so a job that runs twice cannot add it twice. Texts longer than the column are cut.
    /// </summary>
    public static Notification Add(LodestarDbContext db, int userId, NoticeKind kind, string key, Msg text, string? link)
    {
        var note = new Notification { UserId = userId, Key = key, Kind = kind, TextVi = Cut(text.Vi), TextEn = Cut(text.En), Link = link, CreatedAt = db.UtcNow, Count = 1 };
        db.Notifications.Add(note);
        return note;
    }

    /// <summary>
    /// The DX office accounts that answer for a unit on a day: those scoped to a unit above it (and to the unit itself when
    /// <paramref name="alsoOfTheUnit"/>), never the account acting now.
    /// </summary>
    public static async Task<List<int>> DxOfficeAsync(LodestarDbContext db, int unitId, DateOnly on, bool alsoOfTheUnit, CancellationToken ct)
    {
        var units = await new OrgUnitQueries(db).AncestorIdsAsync(unitId, on, ct);
        units.Remove(unitId);
        if (alsoOfTheUnit)
        {
            units.Add(unitId);
        }

        var roleId = await db.Roles.Where(r => r.Name == Roles.DxOffice).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return roleId is null ? [] : await db.Users
            .Where(u => u.ScopeUnitId != null && units.Contains(u.ScopeUnitId.Value) && u.UserName != db.ActorName && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId))
            .Select(u => u.Id).ToListAsync(ct);
    }

    internal static string Cut(string text) => text.Length <= 1900 ? text : text[..1897] + "…";
}
