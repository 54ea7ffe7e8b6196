using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>An account a reminder reaches and how (<see cref="Delivery"/>: its choice for reminders; in the app only without an address).</summary>
public sealed record ReminderRecipient(int UserId, string UserName, string FullName, string Role, string? Email, NoticeDelivery Delivery);

/// <summary>A unit that has not submitted the report (nothing saved, a draft, or returned), with the accounts a reminder reaches.</summary>
public sealed record ReminderTarget(int UnitId, string UnitCode, string UnitName, ReportStatus? Status, IReadOnlyList<ReminderRecipient> Recipients);

/// <summary>Who gets what: the units of the form and period that have not submitted, within the sender's units, and the message each gets.</summary>
public sealed record ReminderPlan(string FormCode, string FormName, string? FormNameEn, Period Period, DateOnly DueOn, IReadOnlyList<ReminderTarget> Units)
{
    public int Recipients => Units.Sum(u => u.Recipients.Count);

    public Msg MessageFor(ReminderTarget unit) => new(
        $"Nhắc nộp báo cáo: {unit.UnitName} chưa nộp {FormName}, {Period.Display(false)} (hạn {DueOn.ToDisplay()}). Đề nghị hoàn thành và nộp sớm.",
        $"Reminder: {unit.UnitName} has not submitted {FormNameEn ?? FormName}, {Period.Display(true)} (due {DueOn.ToDisplay()}). Please complete and submit it soon.");

    public static string Link(string form, string unit, Period period) => $"/reports/{Uri.EscapeDataString(form)}/{Uri.EscapeDataString(unit)}/{period.Code}";
}

public sealed record ReminderLogItem(string UnitCode, string UnitName, string Recipient, bool Emailed, DateTime SentAt, string SentBy);

/// <summary>
/// Reminders on demand: the DX office (or a head, for his own units) reminds the units that have not submitted a report of a
/// period. The reporting officers and heads of each such unit get an in-app notification linking to the report, and by
/// e-mail as each chose for reminders (/account/notifications): at once (when SMTP is configured and they have an address),
/// in the daily summary, or not at all; every reminder is logged (who sent it, when, to whom, whether e-mailed). The
/// caller decides which units the sender may remind (his scope); the plan is what the preview shows, and what is sent.
/// </summary>
public sealed class ReportReminderService(LodestarDbContext db, NoticeMail mail)
{
    private static readonly string[] RecipientRoles = [Roles.ReportingOfficer, Roles.UnitHead];

    public async Task<Outcome<ReminderPlan>> PlanAsync(string? formCode, string? periodCode, IReadOnlyCollection<int> unitIds, CancellationToken ct = default)
    {
        var form = await db.ReportForms.AsNoTracking().Include(f => f.Units).SingleOrDefaultAsync(f => f.Code == formCode, ct);
        if (form is null)
        {
            return Outcome<ReminderPlan>.Fail("form", $"Không có biểu mẫu mã '{formCode}'.", $"There is no form with code '{formCode}'.");
        }

        if (!Period.TryParse(periodCode, out var period) || period.Type != form.PeriodType || period < Period.Parse(form.FirstPeriod))
        {
            return Outcome<ReminderPlan>.Fail("period", $"Biểu mẫu {form.Name} không thu thập kỳ '{periodCode}'.", $"Form {form.Name} does not collect period '{periodCode}'.");
        }

        var assigned = form.Units.Select(u => u.OrgUnitId).Where(unitIds.Contains).ToList();
        var submitted = await db.Reports.AsNoTracking()
            .Where(r => r.FormId == form.Id && r.Period == period.Code && assigned.Contains(r.OrgUnitId))
            .Select(r => new { r.OrgUnitId, r.Status }).ToDictionaryAsync(r => r.OrgUnitId, r => r.Status, ct);
        var pending = assigned.Where(id => !submitted.TryGetValue(id, out var s) || ReportWorkflow.IsEditable(s)).ToList();
        // Each unit by the name it had at the period's end (a reminder about a period before a rename names it as it was then).
        var pastNames = await db.OrgUnitNames.PastNamesAsync(pending, ct);
        var units = (await db.OrgUnits.AsNoTracking().Where(u => pending.Contains(u.Id)).Select(u => new { u.Id, u.Code, u.FullName }).ToListAsync(ct))
            .ConvertAll(u => u with { FullName = pastNames.FullName(u.Id, u.FullName, period.End) });
        var accounts = await (from u in db.Users
                              join ur in db.UserRoles on u.Id equals ur.UserId
                              join r in db.Roles on ur.RoleId equals r.Id
                              where u.ScopeUnitId != null && pending.Contains(u.ScopeUnitId.Value) && RecipientRoles.Contains(r.Name!)
                              select new { Unit = u.ScopeUnitId!.Value, u.Id, u.UserName, u.FullName, Role = r.Name!, u.Email })
            .AsNoTracking().ToListAsync(ct);
        var choice = await NotificationPreferenceService.ChoicesAsync(db, accounts.Select(a => a.Id).Distinct().ToList(), ct);
        NoticeDelivery Delivery(int user, string? email) => string.IsNullOrWhiteSpace(email) ? NoticeDelivery.InApp : choice(user, NoticeKind.Reminder);
        var targets = units.OrderBy(u => u.FullName, StringComparer.Ordinal)
            .Select(u => new ReminderTarget(u.Id, u.Code, u.FullName, submitted.TryGetValue(u.Id, out var s) ? s : null,
                accounts.Where(a => a.Unit == u.Id).OrderBy(a => a.UserName, StringComparer.Ordinal)
                    .Select(a => new ReminderRecipient(a.Id, a.UserName ?? string.Empty, a.FullName, a.Role, string.IsNullOrWhiteSpace(a.Email) ? null : a.Email,
                        Delivery(a.Id, a.Email))).ToList()))
            .ToList();
        return Outcome<ReminderPlan>.Ok(new ReminderPlan(form.Code, form.Name, form.NameEn, period, ReportPeriods.DueOn(form, period), targets));
    }

    /// <summary>
    /// Sends the plan's reminders now in-app, e-mails them to those who chose "at once" and leaves the others' to the mail
    /// runs (the daily summary; never for "in the app only"), and logs each; answers how many accounts were reminded.
    /// </summary>
    public async Task<Outcome<int>> SendAsync(string? formCode, string? periodCode, IReadOnlyCollection<int> unitIds, CancellationToken ct = default)
    {
        var planned = await PlanAsync(formCode, periodCode, unitIds, ct);
        if (planned.Value is not { } plan)
        {
            return Outcome<int>.Fail(planned.Problems);
        }

        if (plan.Recipients == 0)
        {
            return Outcome<int>.Fail("units", "Không có ai để nhắc: các đơn vị đã nộp, hoặc chưa có tài khoản cán bộ báo cáo hay người đứng đầu.",
                "Nobody to remind: the units have submitted, or have no reporting officer or head account.");
        }

        var formId = await db.ReportForms.Where(f => f.Code == plan.FormCode).Select(f => f.Id).SingleAsync(ct);
        var now = db.UtcNow;
        var sent = new List<(ReportReminder Row, string? Email, Msg Text, string Link, Notification Note)>();
        foreach (var unit in plan.Units)
        {
            var text = plan.MessageFor(unit);
            var link = ReminderPlan.Link(plan.FormCode, unit.UnitCode, plan.Period);
            foreach (var r in unit.Recipients)
            {
                // A reminder on demand may be repeated: its key is new each time, so each one reaches the inbox. One to be
                // e-mailed at once goes below, while its sender waits (claimed, so the mail runs leave it unless it fails); the
                // others wait for the mail run of their recipient's choice.
                var note = WorkNotices.Add(db, r.UserId, NoticeKind.Reminder, $"report-remind:{plan.FormCode}:{unit.UnitCode}:{plan.Period.Code}:{Uid.New()}", text, link);
                var atOnce = mail.IsConfigured && r.Delivery == NoticeDelivery.Email;
                if (atOnce)
                {
                    mail.Claim([note]);
                }

                var row = new ReportReminder { FormId = formId, OrgUnitId = unit.UnitId, Period = plan.Period.Code, RecipientId = r.UserId, RecipientName = r.FullName, SentAt = now, SentBy = db.ActorName };
                db.ReportReminders.Add(row);
                sent.Add((row, atOnce ? r.Email : null, text, link, note));
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var (row, email, text, link, note) in sent.Where(s => s.Email is not null))
        {
            var url = mail.Link(link);
            row.Emailed = await mail.SendAsync(email!, "Lodestar: nhắc nộp báo cáo / report reminder", $"{text.Vi}\n{url}\n\n{text.En}\n{url}", [note], ct);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(sent.Count);
    }

    /// <summary>The reminders sent for a form and period to the given units, newest first.</summary>
    public Task<List<ReminderLogItem>> LogAsync(string formCode, string periodCode, IReadOnlyCollection<int> unitIds, CancellationToken ct = default) =>
        db.ReportReminders.AsNoTracking()
            .Where(r => r.Form.Code == formCode && r.Period == periodCode && unitIds.Contains(r.OrgUnitId))
            .OrderByDescending(r => r.SentAt).ThenBy(r => r.Id)
            .Select(r => new ReminderLogItem(r.OrgUnit.Code, r.OrgUnit.FullName, r.RecipientName, r.Emailed, r.SentAt, r.SentBy))
            .ToListAsync(ct);
}
