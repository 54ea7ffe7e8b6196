using System.Globalization;
using System.Text;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lodestar.Notifications;

public sealed record DigestResult(string Week, int Notified, int Emailed, int Skipped);

/// <summary>One line of a digest: what needs attention, and where to look.</summary>
public sealed record DigestLine(Msg Text, string Link);

/// <summary>
/// The weekly digest (README.md, "Weekly digest"): per head (an account with the unit-head role and a unit scope) the
/// overdue tasks of his unit, its open tasks due within 7 days, its reports past due and not submitted, and its
/// targets off track this year; per steering-committee member (an account with the steering-member role whose full
/// name is the current holder of a committee seat) the indexes his seat answers for, with the units scoring under half
/// on each. One in-app notification per account and ISO week (the key makes a second run a no-op), e-mailed when SMTP
/// is configured and the account has an address. Accounts with nothing to report get nothing.
/// </summary>
public sealed class WeeklyDigestJob(LodestarDbContext db, TimeProvider clock, IMailSender mail, TaskQueries tasks, ReportQueries reports,
    ProgressService progress, DtiQueries dti, ILogger<WeeklyDigestJob> log)
{
    public static string WeekOf(DateOnly day)
    {
        var d = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d):00}");
    }

    public async Task<DigestResult> RunAsync(CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var week = WeekOf(today);
        var key = "digest:" + week;
        var heads = await UsersInRoleAsync(Roles.UnitHead, ct);
        var members = await UsersInRoleAsync(Roles.SteeringMember, ct);
        var mails = new List<(string To, string Subject, string Body)>();
        int notified = 0, skipped = 0;
        foreach (var user in heads.Concat(members).DistinctBy(u => u.Id))
        {
            if (await db.Notifications.AnyAsync(n => n.UserId == user.Id && n.Key == key, ct))
            {
                skipped++;
                continue;
            }

            var lines = new List<DigestLine>();
            if (heads.Any(h => h.Id == user.Id) && user.ScopeUnitId is { } unitId)
            {
                lines.AddRange(await HeadLinesAsync(unitId, today, ct));
            }

            if (members.Any(m => m.Id == user.Id))
            {
                lines.AddRange(await MemberLinesAsync(user.FullName, today, ct));
            }

            if (lines.Count == 0)
            {
                continue;
            }

            var vi = $"Tổng hợp tuần {week}: " + string.Join("; ", lines.Select(l => l.Text.Vi)) + ".";
            var en = $"Week {week} digest: " + string.Join("; ", lines.Select(l => l.Text.En)) + ".";
            db.Notifications.Add(new Notification
            {
                UserId = user.Id, Key = key, TextVi = Cut(vi), TextEn = Cut(en), Link = lines[0].Link, CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            notified++;
            if (!string.IsNullOrWhiteSpace(user.Email))
            {
                var body = new StringBuilder();
                body.AppendLine(CultureInfo.InvariantCulture, $"Tổng hợp tuần {week} — những việc cần anh/chị quan tâm:");
                foreach (var l in lines)
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"- {l.Text.Vi} ({l.Link})");
                }

                body.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Week {week} digest — what needs your attention:");
                foreach (var l in lines)
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"- {l.Text.En} ({l.Link})");
                }

                mails.Add((user.Email, $"Lodestar: tổng hợp tuần {week} / weekly digest", body.ToString()));
            }
        }

        await db.SaveChangesAsync(ct);
        var emailed = 0;
        if (mail.IsConfigured)
        {
            foreach (var (to, subject, body) in mails)
            {
                try
                {
                    await mail.SendAsync(to, subject, body, ct);
                    emailed++;
                }
                catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException)
                {
                    log.LogWarning(e, "Could not e-mail the digest to {To}", to);
                }
            }
        }

        return new DigestResult(week, notified, emailed, skipped);
    }

    /// <summary>What a head's unit needs this week.</summary>
    public async Task<List<DigestLine>> HeadLinesAsync(int unitId, DateOnly today, CancellationToken ct = default)
    {
        var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == unitId, ct);
        var code = Uri.EscapeDataString(unit.Code);
        var lines = new List<DigestLine>();
        var units = new HashSet<int> { unitId };
        var overdue = (await tasks.ListAsync(new TaskFilter(today, Units: units, State: TaskState.Overdue, PageSize: 1000), ct)).Items;
        if (overdue.Count > 0)
        {
            lines.Add(new DigestLine(new Msg($"{overdue.Count} nhiệm vụ quá hạn ({Titles(overdue)})", $"{overdue.Count} overdue tasks ({Titles(overdue)})"),
                $"/tasks?orgUnit={code}&state=overdue"));
        }

        var soon = (await tasks.ListAsync(new TaskFilter(today, Units: units, OpenDueBy: today.AddDays(7), PageSize: 1000), ct)).Items
            .Where(t => t.State != TaskState.Overdue.ToApi()).ToList();
        if (soon.Count > 0)
        {
            lines.Add(new DigestLine(new Msg($"{soon.Count} nhiệm vụ đến hạn trong 7 ngày ({Titles(soon)})", $"{soon.Count} tasks due within 7 days ({Titles(soon)})"),
                $"/tasks?orgUnit={code}"));
        }

        var missing = await reports.MissingAsync([unitId], today, ct);
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Take(3).Select(m => $"{m.FormCode} {m.Period.Code}"));
            lines.Add(new DigestLine(new Msg($"{missing.Count} báo cáo quá hạn chưa nộp ({names})", $"{missing.Count} reports past due not submitted ({names})"), "/reports"));
        }

        var carried = await progress.CarriedByAsync(unitId, ct);
        var off = (await progress.AtUnitAsync(carried, unitId, Period.OfYear(today.Year), ct)).Where(x => x.Result.Status == ProgressStatus.OffTrack).ToList();
        if (off.Count > 0)
        {
            var names = string.Join(", ", off.Take(3).Select(x => x.Target.Code));
            lines.Add(new DigestLine(new Msg($"{off.Count} chỉ tiêu chậm tiến độ ({names})", $"{off.Count} targets off track ({names})"),
                $"/scorecards/{code}?year={today.Year}"));
        }

        return lines;
    }

    /// <summary>The indexes a committee member's seat answers for: per index, the units scoring under half of its points.</summary>
    public async Task<List<DigestLine>> MemberLinesAsync(string fullName, DateOnly today, CancellationToken ct = default)
    {
        var seats = await db.DtiSteeringMembers.AsNoTracking()
            .Where(m => db.PositionTerms.Any(t => t.PositionId == m.PositionId && t.Person.FullName == fullName && t.StartOn <= today && (t.EndOn == null || t.EndOn >= today)))
            .ToListAsync(ct);
        var lines = new List<DigestLine>();
        foreach (var group in seats.SelectMany(s => s.Ownership()).Distinct().GroupBy(o => o.Framework))
        {
            if (await dti.FrameworkAsync(group.Key, ct) is not { } framework)
            {
                continue;
            }

            var years = await db.DtiAssessments.Where(a => a.FrameworkId == framework.Id && a.State != AssessmentState.Draft).Select(a => a.Year).Distinct().ToListAsync(ct);
            if (years.Count == 0)
            {
                continue;
            }

            var year = years.Max();
            var scores = await dti.ScoresAsync(framework, year, withBefore: false, ct: ct);
            foreach (var (_, node) in group)
            {
                var points = scores.Units.Select(u => u.Nodes.FirstOrDefault(n => n.Code == node)).OfType<NodeScore>().Where(n => n.Max > 0).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var weak = points.Count(n => n.Points < n.Max / 2);
                var mean = points.Average(n => n.Points / n.Max) * 100;
                var label = points[0].Name;
                lines.Add(new DigestLine(
                    new Msg($"chỉ số {node} {label} ({framework.Code} {year}): trung bình {mean.ToString("0.#", Vi)}%, {weak}/{points.Count} đơn vị dưới 50%",
                        $"index {node} {label} ({framework.Code} {year}): mean {mean.ToString("0.#", CultureInfo.InvariantCulture)}%, {weak}/{points.Count} units under 50%"),
                    $"/dti?framework={Uri.EscapeDataString(framework.Code)}&year={year}"));
            }
        }

        return lines;
    }

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private static string Titles(IReadOnlyList<TaskItem> items) =>
        string.Join(", ", items.Take(2).Select(t => $"“{t.Title}”")) + (items.Count > 2 ? ", …" : string.Empty);

    private static string Cut(string text) => text.Length <= 1900 ? text : text[..1897] + "…";

    private async Task<List<LodestarUser>> UsersInRoleAsync(string role, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return roleId is null ? [] : await db.Users.AsNoTracking().Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId)).OrderBy(u => u.Id).ToListAsync(ct);
    }
}
