using System.Net.Mail;
using System.Text;
using Lodestar.Setup;

namespace Lodestar.Notifications;

/// <summary>Sends e-mail; the seam lets hosts run without a mail server.</summary>
public interface IMailSender
{
    bool IsConfigured { get; }

    Task SendAsync(string recipient, string subject, string body, CancellationToken ct = default);
}

/// <summary>Plain SMTP (System.Net.Mail) to LODESTAR_SMTP_HOST:LODESTAR_SMTP_PORT from LODESTAR_SMTP_FROM; does nothing when no host is set.</summary>
public sealed class SmtpMailSender(LodestarOptions options) : IMailSender
{
    public bool IsConfigured => options.SmtpHost is not null;

    public async Task SendAsync(string recipient, string subject, string body, CancellationToken ct = default)
    {
        if (options.SmtpHost is null)
        {
            return;
        }

        using var client = new SmtpClient(options.SmtpHost, options.SmtpPort) { DeliveryMethod = SmtpDeliveryMethod.Network };
        using var message = new MailMessage(options.SmtpFrom, recipient, subject, body)
        {
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        await client.SendMailAsync(message, ct);
    }
}
