using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Notifications;

/// <summary>
/// The one-time notices of one run of a daily job (a task overdue, a report due, a unit late), folded into one
/// notification per person and kind (the DX office once received 35 separate overdue notices at once): one notice keeps
/// its own text and link; several become "35 việc quá hạn…" linking to the list where they are dealt with, and fold into
/// the person's unread notification of the kind (<see cref="WorkNotices.FoldAsync"/>). Each notice's key is marked
/// (<see cref="NoticeMark"/>), so a second run tells nobody twice.
/// </summary>
public sealed class NoticeBatch(LodestarDbContext db)
{
    private readonly List<Item> _items = [];

    private sealed record Item(int UserId, NoticeKind Kind, Msg Text, string Link, string ListLink);

    /// <summary>Adds the notice unless the account already had it (by its key); true when it is new.</summary>
    public async Task<bool> AddAsync(int userId, NoticeKind kind, string key, Msg text, string link, string listLink, CancellationToken ct)
    {
        if (db.NoticeMarks.Local.Any(m => m.UserId == userId && m.Key == key) || await db.NoticeMarks.AnyAsync(m => m.UserId == userId && m.Key == key, ct))
        {
            return false;
        }

        db.NoticeMarks.Add(new NoticeMark { UserId = userId, Key = key, CreatedAt = db.UtcNow });
        _items.Add(new Item(userId, kind, text, link, listLink));
        return true;
    }

    /// <summary>Adds the run's notifications to the context (the caller saves).</summary>
    public async Task FoldAsync(CancellationToken ct)
    {
        foreach (var group in _items.GroupBy(i => (i.UserId, i.Kind)))
        {
            var latest = group.Last();
            var (vi, en) = Many(group.Key.Kind);
            await WorkNotices.FoldAsync(db, group.Key.UserId, group.Key.Kind, group.Count(), latest.Link, latest.ListLink, latest.Text,
                n => new Msg($"{n} {vi}. Mới nhất: {latest.Text.Vi}", $"{n} {en}. The latest: {latest.Text.En}"), ct);
        }

        _items.Clear();
    }

    private static (string Vi, string En) Many(NoticeKind kind) => kind switch
    {
        NoticeKind.Overdue => ("việc quá hạn cần anh/chị xử lý", "overdue items need your action"),
        NoticeKind.Escalation => ("việc của đơn vị đang chậm quá hạn cho phép", "items of units are late beyond the grace period"),
        NoticeKind.Reminder => ("báo cáo sắp đến hạn nộp", "reports fall due soon"),
        NoticeKind.ReportArrived or NoticeKind.ReportReturned or NoticeKind.ReportApproved or NoticeKind.TaskDone or NoticeKind.WeeklyDigest
            or NoticeKind.ConnectorFailed or NoticeKind.Reorganisation => ("thông báo", "notices"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
