using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tasks;

/// <summary>What a run did; <see cref="Emailed"/> counts e-mails, one per person, however many notices it lists.</summary>
public sealed record DailyJobResult(int NewlyOverdue, int Notified, int Escalated, int Emailed);

/// <summary>
/// Once a day (the web host's hosted service, or `tasks-daily` in the CLI): finds open tasks past their effective
/// deadline, tells the owner unit's reporting officers and heads once per deadline, and after the grace period
/// (LODESTAR_TASKS_ESCALATE_DAYS) tells the assigner. The run's notices are folded into one notification per person and
/// kind (<see cref="NoticeBatch"/>), then e-mailed to those who chose e-mail at once (<see cref="NoticeMail"/>).
/// Idempotent: the task remembers the deadline it notified for, and each notice's key is marked per account.
/// </summary>
public sealed class TaskDailyJob(LodestarDbContext db, TimeProvider clock, TaskOptions options, NoticeMail mail)
{
    public async Task<DailyJobResult> RunAsync(CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var overdue = await db.Tasks
            .Where(t => t.CompletedOn == null && t.CancelledOn == null && t.Deadline < today && (t.ExtendedTo == null || t.ExtendedTo < today))
            .Include(t => t.OwnerUnit)
            .ToListAsync(ct);
        var officerRoles = await db.Roles.Where(r => r.Name == Roles.ReportingOfficer || r.Name == Roles.UnitHead).Select(r => r.Id).ToListAsync(ct);
        var batch = new NoticeBatch(db);
        int newly = 0, notified = 0, escalated = 0;
        foreach (var task in overdue)
        {
            var due = task.EffectiveDeadline;
            var link = $"/tasks/{task.Uid}";
            if (task.OverdueNotifiedFor != due)
            {
                task.OverdueNotifiedFor = due;
                newly++;
                await Connectors.WebhookOutbox.AddAsync(db, Connectors.WebhookEvents.TaskOverdue, task.OwnerUnitId, new
                {
                    uid = task.Uid, title = task.Title, unit = task.OwnerUnit.Code, unitName = task.OwnerUnit.FullName, deadline = due.ToIso(), assignedBy = task.AssignedBy,
                }, ct);
                var owners = await db.Users.Where(u => u.ScopeUnitId == task.OwnerUnitId && db.UserRoles.Any(r => r.UserId == u.Id && officerRoles.Contains(r.RoleId)))
                    .Select(u => u.Id).ToListAsync(ct);
                foreach (var owner in owners)
                {
                    var text = new Msg($"Nhiệm vụ quá hạn: “{task.Title}” (hạn {due.ToDisplay()}). Đề nghị báo cáo tiến độ hoặc xin gia hạn.",
                        $"Task overdue: “{task.Title}” (due {due.ToDisplay()}). Please report progress or ask for an extension.");
                    if (await batch.AddAsync(owner, NoticeKind.Overdue, $"task-overdue:{task.Uid}:{due.ToIso()}", text, link, "/my-work", ct))
                    {
                        notified++;
                    }
                }
            }

            if (today.DayNumber - due.DayNumber > options.EscalationDays && task.EscalatedFor != due)
            {
                task.EscalatedFor = due;
                var assigner = await db.Users.Where(u => u.UserName == task.AssignedBy).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
                var late = today.DayNumber - due.DayNumber;
                var text = new Msg($"{task.OwnerUnit.FullName} chưa hoàn thành nhiệm vụ “{task.Title}”, quá hạn {late} ngày (hạn {due.ToDisplay()}).",
                    $"{task.OwnerUnit.FullName} has not completed “{task.Title}”, {late} days overdue (due {due.ToDisplay()}).");
                if (assigner is { } id && await batch.AddAsync(id, NoticeKind.Escalation, $"task-escalated:{task.Uid}:{due.ToIso()}", text, link, "/tasks?state=overdue", ct))
                {
                    escalated++;
                }
            }
        }

        await batch.FoldAsync(ct);
        await db.SaveChangesAsync(ct);
        var emailed = await mail.SendNowAsync(ct);
        return new DailyJobResult(newly, notified, escalated, emailed);
    }
}
