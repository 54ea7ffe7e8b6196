using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lodestar.Tasks;

/// <summary>What a run did; <see cref="Emailed"/> counts e-mails, one per person, however many notices it lists.</summary>
public sealed record DailyJobResult(int NewlyOverdue, int Notified, int Escalated, int Emailed);

/// <summary>
/// Once a day (the web host's hosted service, or `tasks-daily` in the CLI): finds open tasks past their effective
/// deadline, tells the owner unit's reporting officers and heads once per deadline, and after the grace period
/// (LODESTAR_TASKS_ESCALATE_DAYS) tells the assigner. Idempotent: the task remembers the deadline it notified for,
/// and notification keys are unique per account.
/// </summary>
public sealed class TaskDailyJob(LodestarDbContext db, TimeProvider clock, TaskOptions options, IMailSender mail, ILogger<TaskDailyJob> log)
{
    public async Task<DailyJobResult> RunAsync(CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var overdue = await db.Tasks
            .Where(t => t.CompletedOn == null && t.CancelledOn == null && t.Deadline < today && (t.ExtendedTo == null || t.ExtendedTo < today))
            .Include(t => t.OwnerUnit)
            .ToListAsync(ct);
        var officerRoles = await db.Roles.Where(r => r.Name == Roles.ReportingOfficer || r.Name == Roles.UnitHead).Select(r => r.Id).ToListAsync(ct);
        var mails = new List<(string To, Notification Note)>();
        int newly = 0, notified = 0, escalated = 0;
        foreach (var task in overdue)
        {
            var due = task.EffectiveDeadline;
            var link = $"/tasks/{task.Uid}";
            if (task.OverdueNotifiedFor != due)
            {
                task.OverdueNotifiedFor = due;
                newly++;
                var owners = await db.Users.Where(u => u.ScopeUnitId == task.OwnerUnitId && db.UserRoles.Any(r => r.UserId == u.Id && officerRoles.Contains(r.RoleId)))
                    .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
                foreach (var owner in owners)
                {
                    var note = await NotifyAsync(owner.Id, $"task-overdue:{task.Uid}:{due.ToIso()}", link,
                        $"Nhiệm vụ quá hạn: “{task.Title}” (hạn {due.ToDisplay()}). Đề nghị báo cáo tiến độ hoặc xin gia hạn.",
                        $"Task overdue: “{task.Title}” (due {due.ToDisplay()}). Please report progress or ask for an extension.", ct);
                    if (note is not null)
                    {
                        notified++;
                        if (!string.IsNullOrWhiteSpace(owner.Email))
                        {
                            mails.Add((owner.Email, note));
                        }
                    }
                }
            }

            if (today.DayNumber - due.DayNumber > options.EscalationDays && task.EscalatedFor != due)
            {
                task.EscalatedFor = due;
                var assigner = await db.Users.Where(u => u.UserName == task.AssignedBy).Select(u => new { u.Id, u.Email }).FirstOrDefaultAsync(ct);
                if (assigner is not null)
                {
                    var note = await NotifyAsync(assigner.Id, $"task-escalated:{task.Uid}:{due.ToIso()}", link,
                        $"{task.OwnerUnit.FullName} chưa hoàn thành nhiệm vụ “{task.Title}”, quá hạn {today.DayNumber - due.DayNumber} ngày (hạn {due.ToDisplay()}).",
                        $"{task.OwnerUnit.FullName} has not completed “{task.Title}”, {today.DayNumber - due.DayNumber} days overdue (due {due.ToDisplay()}).", ct);
                    if (note is not null)
                    {
                        escalated++;
                        if (!string.IsNullOrWhiteSpace(assigner.Email))
                        {
                            mails.Add((assigner.Email, note));
                        }
                    }
                }
            }
        }

        await db.SaveChangesAsync(ct);
        var emailed = await NoticeMail.SendAsync(mail, mails, new Msg("nhiệm vụ quá hạn", "overdue tasks"), log, ct);
        return new DailyJobResult(newly, notified, escalated, emailed);
    }

    private async Task<Notification?> NotifyAsync(int userId, string key, string link, string vi, string en, CancellationToken ct)
    {
        if (await db.Notifications.AnyAsync(n => n.UserId == userId && n.Key == key, ct))
        {
            return null;
        }

        var note = new Notification { UserId = userId, Key = key, TextVi = vi, TextEn = en, Link = link, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Notifications.Add(note);
        return note;
    }
}
