using Microsoft.Extensions.Logging;

namespace Lodestar.Notifications;

/// <summary>
/// The e-mails of one run of a daily job: one per address, listing every notice of the run for it (the DX office once
/// had 35 separate e-mails at once), each notice with its link made absolute with LODESTAR_PUBLIC_URL so it opens from
/// a mail client. Mail is best effort: the in-app notices stand when the server refuses.
/// </summary>
public static class NoticeMail
{
    /// <summary>Sends the run's notices, grouped by address; returns how many e-mails went out.</summary>
    public static async Task<int> SendAsync(IMailSender mail, IEnumerable<(string To, Notification Note)> notes, Common.Msg subject, ILogger log, CancellationToken ct)
    {
        if (!mail.IsConfigured)
        {
            return 0;
        }

        var sent = 0;
        foreach (var person in notes.GroupBy(n => n.To.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            var items = person.Select(n => n.Note).ToList();
            var title = items.Count == 1 ? $"Lodestar: {subject.Vi} / {subject.En}" : $"Lodestar: {subject.Vi} ({items.Count}) / {subject.En} ({items.Count})";
            var body = string.Join("\n\n", items.Select(n => $"{n.TextVi}\n{n.TextEn}" + (n.Link is null ? "" : "\n" + Absolute(mail.PublicUrl, n.Link))));
            try
            {
                await mail.SendAsync(person.Key, title, body, ct);
                sent++;
            }
            catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException or MailKit.CommandException or MailKit.ProtocolException)
            {
                log.LogWarning(e, "Could not e-mail {To}", person.Key);
            }
        }

        return sent;
    }

    /// <summary>The link as a mail client can open it: under the public address when it is set and the link is a path.</summary>
    public static string Absolute(string? publicUrl, string link) =>
        publicUrl is { Length: > 0 } && link.StartsWith('/') ? publicUrl.TrimEnd('/') + link : link;
}
