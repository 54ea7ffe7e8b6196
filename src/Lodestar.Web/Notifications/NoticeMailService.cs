using Lodestar.Common;
using Lodestar.Notifications;
using Lodestar.Web.Operations;

namespace Lodestar.Web.Notifications;

/// <summary>
/// E-mails the notices as their users chose (<see cref="NoticeMail"/>): every minute those chosen "at once" (a report
/// returned, a task reported done…, one e-mail per person listing all that came), and once a day, from
/// LODESTAR_SUMMARY_HOUR (Vietnam time, default 7, after the 06:00 daily job), the daily summary. Both runs e-mail a
/// notice once and run on one instance at a time (the lease "notice-mail": two e-mailing the same waiting notices at once
/// could both send them), so a restart or a second instance repeats nothing. LODESTAR_NOTICE_MAIL=false turns it off;
/// without LODESTAR_SMTP_HOST it has nothing to do.
/// </summary>
internal sealed class NoticeMailService(IServiceScopeFactory scopes, DatabaseStartup database, NoticeMailOptions options, IMailSender mail, TimeProvider clock,
    ILogger<NoticeMailService> log) : RecurringJob(scopes, database, clock, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private DateOnly? _summarised;

    protected override string Name => "notice-mail";

    protected override bool Enabled => options.Enabled && mail.IsConfigured;

    protected override TimeSpan RetryAfter => Interval;

    protected override TimeSpan FirstDelay => Interval;

    protected override async Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var ran = await LeasedAsync(services, "notice-mail", TimeSpan.FromMinutes(10), async () =>
        {
            var notices = services.GetRequiredService<NoticeMail>();
            await notices.SendNowAsync(ct);
            var today = Dates.Today(Clock);
            if (_summarised != today && Dates.VietnamNow(Clock).Hour >= options.SummaryHour)
            {
                var sent = await notices.SendSummariesAsync(ct);
                _summarised = today;
                Log.LogInformation("Daily summary of notices: {Sent} e-mailed", sent);
            }
        }, ct);
        return new Round(ran, Interval);
    }
}
