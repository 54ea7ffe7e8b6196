using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>What a run did; <see cref="Emailed"/> counts e-mails, one per person, however many notices it lists.</summary>
public sealed record ReminderResult(int Reminded, int Overdue, int Escalated, int Emailed);

/// <summary>
/// Daily, with the task job: for every report not yet submitted (or returned and not resubmitted) — from
/// LODESTAR_REPORTS_REMIND_DAYS before its due date the unit's reporting officers are reminded; after the due date
/// the officers and the unit heads are told it is overdue; after LODESTAR_REPORTS_ESCALATE_DAYS more the supervising
/// level (DX office accounts whose scope holds the unit) is told. The run's notices are folded into one notification per
/// person and kind (<see cref="NoticeBatch"/>), then e-mailed to those who chose e-mail at once (<see cref="NoticeMail"/>).
/// Idempotent: each notice's key is marked per account.
/// </summary>
public sealed class ReportReminderJob(LodestarDbContext db, ReportingService reporting, OrgUnitQueries units, TimeProvider clock,
    ReportOptions options, NoticeMail mail)
{
    public async Task<ReminderResult> RunAsync(CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var unitIds = await db.ReportFormUnits.Select(u => u.OrgUnitId).Distinct().ToListAsync(ct);
        var due = await reporting.DueAsync(unitIds, today, ct);
        var roles = await db.Roles.Where(r => r.Name != null).Select(r => new { r.Name, r.Id }).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        int Role(string name) => roles.GetValueOrDefault(name, -1);
        var accounts = await db.Users.Where(u => u.ScopeUnitId != null)
            .Select(u => new { u.Id, Scope = u.ScopeUnitId!.Value, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).ToList() })
            .ToListAsync(ct);
        var batch = new NoticeBatch(db);
        int reminded = 0, overdue = 0, escalated = 0;

        foreach (var d in due.Where(d => d.Status is null or ReportStatus.Draft or ReportStatus.Returned))
        {
            var days = today.DayNumber - d.DueOn.DayNumber;
            if (days < -options.RemindDays || d.Period.End >= today)
            {
                continue;
            }

            var link = $"/reports/{Uri.EscapeDataString(d.FormCode)}/{Uri.EscapeDataString(d.UnitCode)}/{d.Period.Code}";
            var what = $"{d.FormName} — {d.Period.Display(false)}";
            var whatEn = $"{d.FormNameEn ?? d.FormName} — {d.Period.Display(true)}";
            var officers = accounts.Where(a => a.Scope == d.UnitId && a.Roles.Contains(Role(Roles.ReportingOfficer))).ToList();
            if (days <= 0)
            {
                foreach (var a in officers)
                {
                    reminded += await NotifyAsync(a.Id, NoticeKind.Reminder, $"report-due:{d.FormCode}:{d.UnitCode}:{d.Period.Code}", link,
                        $"Nhắc nộp báo cáo: {what} của {d.UnitName}, hạn {d.DueOn.ToDisplay()}.",
                        $"Reminder: report {whatEn} of {d.UnitName} is due {d.DueOn.ToDisplay()}.");
                }

                continue;
            }

            foreach (var a in accounts.Where(a => a.Scope == d.UnitId && (a.Roles.Contains(Role(Roles.ReportingOfficer)) || a.Roles.Contains(Role(Roles.UnitHead)))))
            {
                overdue += await NotifyAsync(a.Id, NoticeKind.Overdue, $"report-overdue:{d.FormCode}:{d.UnitCode}:{d.Period.Code}", link,
                    $"Báo cáo quá hạn: {what} của {d.UnitName} (hạn {d.DueOn.ToDisplay()}, quá {days} ngày).",
                    $"Report overdue: {whatEn} of {d.UnitName} (due {d.DueOn.ToDisplay()}, {days} days late).");
            }

            if (days > options.EscalationDays)
            {
                var ancestors = await units.AncestorIdsAsync(d.UnitId, d.Period.End, ct);
                foreach (var a in accounts.Where(a => ancestors.Contains(a.Scope) && a.Scope != d.UnitId && a.Roles.Contains(Role(Roles.DxOffice))))
                {
                    escalated += await NotifyAsync(a.Id, NoticeKind.Escalation, $"report-escalated:{d.FormCode}:{d.UnitCode}:{d.Period.Code}", link,
                        $"{d.UnitName} chưa nộp báo cáo {what}, quá hạn {days} ngày (hạn {d.DueOn.ToDisplay()}).",
                        $"{d.UnitName} has not submitted {whatEn}, {days} days overdue (due {d.DueOn.ToDisplay()}).");
                }
            }
        }

        await batch.FoldAsync(ct);
        await db.SaveChangesAsync(ct);
        return new ReminderResult(reminded, overdue, escalated, await mail.SendNowAsync(ct));

        async Task<int> NotifyAsync(int userId, NoticeKind kind, string key, string link, string vi, string en) =>
            await batch.AddAsync(userId, kind, key, new Msg(vi, en), link, kind == NoticeKind.Escalation ? "/reports/overview" : "/my-work", ct) ? 1 : 0;
    }
}
