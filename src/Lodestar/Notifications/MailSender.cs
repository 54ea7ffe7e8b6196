using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Lodestar.Notifications;

/// <summary>Sends e-mail; the seam lets hosts run without a mail server.</summary>
public interface IMailSender
{
    bool IsConfigured { get; }

    /// <summary>The address people open Lodestar at (LODESTAR_PUBLIC_URL), which links in e-mails start with; null leaves them relative.</summary>
    string? PublicUrl { get; }

    Task SendAsync(string recipient, string subject, string body, CancellationToken ct = default);
}

/// <summary>E-mail for notifications (README configuration table); no host means in-app only.</summary>
public sealed class MailOptions
{
    [ConfigurationKeyName("LODESTAR_SMTP_HOST")]
    public string? Host { get; init; }

    [ConfigurationKeyName("LODESTAR_SMTP_PORT")]
    [Range(1, 65535)]
    public int Port { get; init; } = 25;

    [ConfigurationKeyName("LODESTAR_SMTP_FROM")]
    [EmailAddress]
    public string From { get; init; } = "lodestar@localhost";

    /// <summary>LODESTAR_SMTP_USER / _PASSWORD: sign in to the server (use it with TLS).</summary>
    [ConfigurationKeyName("LODESTAR_SMTP_USER")]
    public string? User { get; init; }

    [ConfigurationKeyName("LODESTAR_SMTP_PASSWORD")]
    public string? Password { get; init; }

    /// <summary>
    /// LODESTAR_SMTP_TLS: <c>auto</c> uses STARTTLS when the server offers it (default), <c>starttls</c> requires it,
    /// <c>tls</c> connects over TLS from the start (port 465), <c>none</c> never encrypts (a relay on the same host).
    /// </summary>
    [ConfigurationKeyName("LODESTAR_SMTP_TLS")]
    [AllowedValues("auto", "starttls", "tls", "none")]
    public string Tls { get; init; } = "auto";

    /// <summary>LODESTAR_PUBLIC_URL: where people open Lodestar (https://lodestar.langson.gov.vn); links in e-mails start with it.</summary>
    [ConfigurationKeyName("LODESTAR_PUBLIC_URL")]
    [Url]
    public string? PublicUrl { get; init; }

    public override string ToString() => $"MailOptions {{ Host = {Host}, Port = {Port}, From = {From}, Tls = {Tls}, PublicUrl = {PublicUrl} }}";
}

/// <summary>SMTP through MailKit to LODESTAR_SMTP_HOST:LODESTAR_SMTP_PORT from LODESTAR_SMTP_FROM; does nothing when no host is set.</summary>
public sealed class SmtpMailSender(MailOptions options) : IMailSender
{
    public bool IsConfigured => options.Host is not null;

    public string? PublicUrl => options.PublicUrl;

    public async Task SendAsync(string recipient, string subject, string body, CancellationToken ct = default)
    {
        if (options.Host is null)
        {
            return;
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;

        // UTF-8 text in base64, the encoding every mail client reads for Vietnamese.
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = body, ContentTransferEncoding = ContentEncoding.Base64 };

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host, options.Port, Security(options.Tls), ct);
        if (options.User is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, options.Password ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    private static SecureSocketOptions Security(string tls) => tls.ToLowerInvariant() switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}

/// <summary>When the weekly digest goes out (README configuration table).</summary>
public sealed class DigestOptions
{
    /// <summary>LODESTAR_DIGEST=false stops the weekly digest.</summary>
    [ConfigurationKeyName("LODESTAR_DIGEST")]
    public bool Enabled { get; init; } = true;

    /// <summary>LODESTAR_DIGEST_DAY: the day of the week from which the week's digest is sent, 1 = Monday … 7 = Sunday.</summary>
    [ConfigurationKeyName("LODESTAR_DIGEST_DAY")]
    [Range(1, 7)]
    public int Day { get; init; } = 1;

    /// <summary>LODESTAR_DIGEST_HOUR: the hour (Vietnam time) of that day from which it is sent.</summary>
    [ConfigurationKeyName("LODESTAR_DIGEST_HOUR")]
    [Range(0, 23)]
    public int Hour { get; init; } = 7;
}

/// <summary>When notices are e-mailed (README configuration table): those chosen "at once" within the minute, the daily summary at its hour.</summary>
public sealed class NoticeMailOptions
{
    /// <summary>LODESTAR_NOTICE_MAIL=false: the web app e-mails no notices (neither at once nor the daily summary); the daily jobs still e-mail theirs.</summary>
    [ConfigurationKeyName("LODESTAR_NOTICE_MAIL")]
    public bool Enabled { get; init; } = true;

    /// <summary>LODESTAR_SUMMARY_HOUR: the hour (Vietnam time) from which the daily summary goes out, with what came before it.</summary>
    [ConfigurationKeyName("LODESTAR_SUMMARY_HOUR")]
    [Range(0, 23)]
    public int SummaryHour { get; init; } = 7;
}
