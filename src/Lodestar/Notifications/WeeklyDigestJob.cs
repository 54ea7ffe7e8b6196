using System.Globalization;
using System.Text;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Work;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Notifications;

public sealed record DigestResult(string Week, int Notified, int Emailed, int Skipped);

/// <summary>
/// The weekly digest (README.md, "Weekly digest"): per head (an account with the unit-head role and a unit scope) what
/// "Việc của tôi" shows for his unit (<see cref="MyWorkQueries.UnitAsync"/>: tasks overdue and due within 7 days, reports
/// overdue, due or returned, targets off track this year, the unit's DTI self-assessment to fill or fix); per
/// steering-committee member (an account with the steering-member role whose full name is the current holder of a
/// committee seat) the indexes his seat answers for (<see cref="MyWorkQueries.MemberAsync"/>). Written as plain sentences
/// that name tasks, forms, targets and indexes, never codes. One in-app notification per account and ISO week (the key
/// makes a second run a no-op), e-mailed when SMTP is configured, the account has an address and chose e-mail at once for
/// the digest (the daily summary carries it for those who chose that, <see cref="NoticeMail"/>). Accounts with nothing to
/// report get nothing. With <c>createdSince</c> only the accounts created since then are looked at: an account created
/// after this week's run gets its first digest at the next check instead of next week.
/// </summary>
public sealed class WeeklyDigestJob(LodestarDbContext db, TimeProvider clock, NoticeMail mail, MyWorkQueries work)
{
    public static string WeekOf(DateOnly day)
    {
        var d = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d):00}");
    }

    /// <summary>The Monday of the ISO week of <paramref name="day"/>.</summary>
    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public async Task<DigestResult> RunAsync(DateTime? createdSince = null, CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var week = WeekOf(today);
        var key = "digest:" + week;
        var heads = await UsersInRoleAsync(Roles.UnitHead, createdSince, ct);
        var members = await UsersInRoleAsync(Roles.SteeringMember, createdSince, ct);
        var mails = new List<(string To, string Body, Notification Note)>();
        int notified = 0, skipped = 0;
        var monday = MondayOf(today);
        var header = new Msg($"Việc cần anh/chị quan tâm tuần này (từ {monday.ToDisplay()} đến {monday.AddDays(6).ToDisplay()}).",
            $"What needs your attention this week ({monday.ToDisplay()} to {monday.AddDays(6).ToDisplay()}).");
        var accounts = heads.Concat(members).DistinctBy(u => u.Id).ToList();
        var choice = await NotificationPreferenceService.ChoicesAsync(db, accounts.ConvertAll(u => u.Id), ct);
        foreach (var user in accounts)
        {
            if (await db.Notifications.AnyAsync(n => n.UserId == user.Id && n.Key == key, ct))
            {
                skipped++;
                continue;
            }

            var items = new List<WorkItem>();
            if (heads.Any(h => h.Id == user.Id) && user.ScopeUnitId is { } unitId)
            {
                items.AddRange(await work.UnitAsync(unitId, today, ct));
            }

            if (members.Any(m => m.Id == user.Id))
            {
                items.AddRange(await work.MemberAsync(user.FullName, today, ct));
            }

            if (items.Count == 0)
            {
                continue;
            }

            var sentences = Sentences(items).Prepend(header).ToList();
            var note = WorkNotices.Add(db, user.Id, NoticeKind.WeeklyDigest, key, new Msg(string.Join(' ', sentences.Select(l => l.Vi)), string.Join(' ', sentences.Select(l => l.En))),
                "/my-work");
            notified++;
            if (mail.IsConfigured && !string.IsNullOrWhiteSpace(user.Email) && choice(user.Id, NoticeKind.WeeklyDigest) == NoticeDelivery.Email)
            {
                mail.Claim([note]);
                mails.Add((user.Email, Body(user.FullName, sentences, mail.Link("/my-work")), note));
            }
        }

        await db.SaveChangesAsync(ct);
        var emailed = 0;
        foreach (var (to, body, note) in mails)
        {
            emailed += await mail.SendAsync(to, "Lodestar: việc cần quan tâm tuần này / this week's work", body, [note], ct) ? 1 : 0;
        }

        await db.SaveChangesAsync(ct);
        return new DigestResult(week, notified, emailed, skipped);
    }

    /// <summary>The digest's e-mail: the header and one line per sentence, in Vietnamese, then in English.</summary>
    private static string Body(string name, List<Msg> lines, string myWork)
    {
        var body = new StringBuilder();
        body.AppendLine(CultureInfo.InvariantCulture, $"Kính gửi {name},").AppendLine();
        Lines(l => l.Vi).AppendLine(CultureInfo.InvariantCulture, $"Xem và xử lý tại trang “Việc của tôi”: {myWork}").AppendLine().AppendLine("---");
        return Lines(l => l.En).AppendLine(CultureInfo.InvariantCulture, $"See and act on them on the “My work” page: {myWork}").ToString();

        StringBuilder Lines(Func<Msg, string> text)
        {
            body.AppendLine(text(lines[0]));
            foreach (var line in lines.Skip(1))
            {
                body.AppendLine(CultureInfo.InvariantCulture, $"- {text(line)}");
            }

            return body;
        }
    }

    /// <summary>One plain sentence per section and kind: how many, then the first three by name (with the due date of what falls due this week).</summary>
    public static List<Msg> Sentences(IReadOnlyList<WorkItem> items)
    {
        var sentences = new List<Msg>();
        foreach (var group in items.GroupBy(i => (i.Section, i.Kind)).OrderBy(g => g.Key.Section).ThenBy(g => g.Key.Kind))
        {
            var n = group.Count();
            var (vi, en) = group.Key switch
            {
                (WorkSection.Overdue, WorkKind.Task) => ($"{n} nhiệm vụ đã quá hạn", $"{n} overdue task{S(n)}"),
                (WorkSection.DueThisWeek, WorkKind.Task) => ($"{n} nhiệm vụ đến hạn trong 7 ngày tới", $"{n} task{S(n)} due within 7 days"),
                (WorkSection.Overdue, WorkKind.Report) => ($"{n} báo cáo đã quá hạn mà chưa nộp", $"{n} report{S(n)} past due and not submitted"),
                (WorkSection.DueThisWeek, WorkKind.Report) => ($"{n} báo cáo cần nộp trong 7 ngày tới", $"{n} report{S(n)} due within 7 days"),
                (_, WorkKind.ReturnedReport) => ($"{n} báo cáo bị trả lại, cần sửa và nộp lại", $"{n} report{S(n)} returned, to correct and submit again"),
                (_, WorkKind.Target) => ($"{n} chỉ tiêu đang chậm tiến độ", $"{n} target{S(n)} off track"),
                (_, WorkKind.DtiSelfAssessment) => ("Chỉ số DTI của đơn vị", "The unit's DTI"),
                _ => ("Các chỉ số DTI anh/chị phụ trách", "The DTI indexes you answer for"),
            };
            var shown = group.Take(3).Select(i => (Vi: i.What.Vi + DueText(i, true), En: i.What.En + DueText(i, false))).ToList();
            var more = n > 3 ? (Vi: $" và {n - 3} việc khác", En: $" and {n - 3} more") : (Vi: "", En: "");
            sentences.Add(new Msg($"{vi}: {string.Join("; ", shown.Select(s => s.Vi))}{more.Vi}.", $"{en}: {string.Join("; ", shown.Select(s => s.En))}{more.En}."));
        }

        return sentences;
    }

    private static string S(int n) => n == 1 ? string.Empty : "s";

    private static string DueText(WorkItem item, bool vi) => item.Section == WorkSection.DueThisWeek && item.Due is { } due
        ? (vi ? $" (hạn {due.ToDisplay()})" : $" (due {due.ToDisplay()})")
        : string.Empty;

    private async Task<List<LodestarUser>> UsersInRoleAsync(string role, DateTime? createdSince, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return roleId is null ? [] : await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId) && (createdSince == null || u.CreatedAt >= createdSince))
            .OrderBy(u => u.Id).ToListAsync(ct);
    }
}
