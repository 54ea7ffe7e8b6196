using System.Globalization;
using System.Text;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lodestar.Notifications;

/// <summary>
/// E-mails the notices as each user chose for their kind (<see cref="NotificationPreferenceService"/>): those chosen
/// "at once" that wait (<see cref="SendNowAsync"/>, each minute and after each daily job), and once a day those chosen
/// for the daily summary (<see cref="SendSummariesAsync"/>). One e-mail per person per run, listing every notice of the run
/// for him (the DX office once had 35 separate e-mails at once), each with its link made absolute with LODESTAR_PUBLIC_URL
/// so it opens from a mail client. A notice is e-mailed once (<see cref="Notification.MailedAt"/>); a notice folded with
/// a later one waits again, with the text of both. Mail is best effort: the in-app notices stand when the server refuses,
/// and what was not sent is tried at the next run. Accounts without an address get nothing by e-mail.
/// </summary>
public sealed class NoticeMail(LodestarDbContext db, IMailSender mail, NoticeMailOptions options, TimeProvider clock, ILogger<NoticeMail> log)
{
    /// <summary>How old a notice chosen "at once" may be and still be e-mailed (older ones were made while mail was off).</summary>
    public static readonly TimeSpan NowWindow = TimeSpan.FromDays(1);

    /// <summary>How far back a daily summary looks (a summary missed while the app was stopped is caught up).</summary>
    public static readonly TimeSpan SummaryWindow = TimeSpan.FromDays(7);

    // One run at a time in a process: the daily jobs and the minute's run would otherwise both e-mail a new notice.
    private static readonly SemaphoreSlim OneRun = new(1, 1);

    /// <summary>The notices of "at once" kinds that wait; answers how many e-mails went out.</summary>
    public Task<int> SendNowAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return SendAsync(NoticeDelivery.Email, now - NowWindow, null,
            n => n == 1 ? new Msg("thông báo mới", "new notification") : new Msg($"{n} thông báo mới", $"{n} new notifications"), ct);
    }

    /// <summary>
    /// Today's summary: every notice of the kinds each user chose for it, made before today's LODESTAR_SUMMARY_HOUR and not
    /// yet e-mailed, in one e-mail per person; nothing for a person to whom nothing happened. A second run the same day
    /// finds nothing (what came after the hour waits for tomorrow's).
    /// </summary>
    public Task<int> SendSummariesAsync(CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var until = Dates.UtcAt(today, new TimeOnly(options.SummaryHour, 0));
        return SendAsync(NoticeDelivery.DailySummary, until - SummaryWindow, until,
            _ => new Msg($"tóm tắt thông báo ngày {today.ToDisplay()}", $"notifications of {today.ToDisplay()}"), ct);
    }

    /// <summary>E-mails the notices of the delivery made from <paramref name="from"/> and before <paramref name="until"/> (null: up to now) that wait.</summary>
    private async Task<int> SendAsync(NoticeDelivery delivery, DateTime from, DateTime? until, Func<int, Msg> subject, CancellationToken ct)
    {
        if (!mail.IsConfigured)
        {
            return 0;
        }

        await OneRun.WaitAsync(ct);
        try
        {
            var waiting = await db.Notifications.Where(n => n.MailedAt == null && n.CreatedAt >= from && (until == null || n.CreatedAt < until))
                .Join(db.Users.Where(u => u.Email != null && u.Email != ""), n => n.UserId, u => u.Id, (n, u) => new { Note = n, Email = u.Email!, u.FullName })
                .ToListAsync(ct);
            var choice = await NotificationPreferenceService.ChoicesAsync(db, waiting.Select(w => w.Note.UserId).Distinct().ToList(), ct);
            var sent = 0;
            foreach (var person in waiting.Where(w => choice(w.Note.UserId, w.Note.Kind) == delivery).GroupBy(w => w.Note.UserId))
            {
                var notes = person.Select(w => w.Note).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToList();
                var (to, name) = (person.First().Email, person.First().FullName);
                var about = subject(notes.Count);
                if (await SendAsync(to, $"Lodestar: {about.Vi} / {about.En}", Body(name, about, notes), Claim(notes), ct))
                {
                    sent++;
                }
            }

            await db.SaveChangesAsync(ct);
            return sent;
        }
        finally
        {
            OneRun.Release();
        }
    }

    /// <summary>Whether e-mail is configured at all (LODESTAR_SMTP_HOST).</summary>
    public bool IsConfigured => mail.IsConfigured;

    /// <summary>A link of Lodestar as a mail client opens it (<see cref="Absolute"/>).</summary>
    public string Link(string path) => Absolute(mail.PublicUrl, path);

    /// <summary>
    /// Marks notices as e-mailed before they are saved, so that no other run (the minute's, another instance's) e-mails
    /// them too while this one does; <see cref="SendAsync(string, string, string, IReadOnlyList{Notification}, CancellationToken)"/>
    /// gives them back to the mail runs when the e-mail could not go.
    /// </summary>
    public IReadOnlyList<Notification> Claim(IReadOnlyList<Notification> notes)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var n in notes)
        {
            n.MailedAt = now;
        }

        return notes;
    }

    /// <summary>
    /// The one way an e-mail about notices goes out (the mail runs, the weekly digest, a reminder on demand): the notices
    /// were <see cref="Claim">claimed</see>; when the server refuses, cannot be reached or the address is broken, the
    /// failure is logged, the notices wait again for the next mail run (their in-app copy stands) and the answer is false.
    /// The caller saves.
    /// </summary>
    public async Task<bool> SendAsync(string to, string subject, string body, IReadOnlyList<Notification> notes, CancellationToken ct)
    {
        try
        {
            await mail.SendAsync(to.Trim(), subject, body, ct);
            return true;
        }
        catch (Exception e) when (IsDeliveryFailure(e) && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not e-mail {To}", to);
            foreach (var n in notes)
            {
                n.MailedAt = null;
            }

            return false;
        }
    }

    /// <summary>What an SMTP exchange throws when the mail cannot go: no server, a refusal, TLS or sign-in failing, a broken address.</summary>
    private static bool IsDeliveryFailure(Exception e) => e is IOException or System.Net.Sockets.SocketException or TimeoutException
        or MailKit.CommandException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException
        or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or MimeKit.ParseException;

    private string Body(string name, Msg about, IEnumerable<Notification> notes)
    {
        var body = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Kính gửi / Dear {name},")
            .AppendLine(CultureInfo.InvariantCulture, $"Lodestar: {about.Vi} / {about.En}");
        foreach (var n in notes)
        {
            body.AppendLine().AppendLine(n.TextVi).AppendLine(n.TextEn);
            if (n.Link is not null)
            {
                body.AppendLine(Absolute(mail.PublicUrl, n.Link));
            }
        }

        return body.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Chọn cách nhận thông báo / Choose how notices reach you: {Absolute(mail.PublicUrl, "/account/notifications")}")
            .ToString();
    }

    /// <summary>The link as a mail client can open it: under the public address when it is set and the link is a path.</summary>
    public static string Absolute(string? publicUrl, string link) =>
        publicUrl is { Length: > 0 } && link.StartsWith('/') ? publicUrl.TrimEnd('/') + link : link;
}
