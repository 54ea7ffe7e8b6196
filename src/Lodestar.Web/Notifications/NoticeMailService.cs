using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Operations;
using Lodestar.Notifications;

namespace Lodestar.Web.Notifications;

/// <summary>
/// E-mails the notices as their users chose (<see cref="NoticeMail"/>): every minute those chosen "at once" (a report
/// returned, a task reported done…, one e-mail per person listing all that came), and once a day, from
/// LODESTAR_SUMMARY_HOUR (Vietnam time, default 7, after the 06:00 daily job), the daily summary. Both runs e-mail a
/// notice once and run on one instance at a time (<see cref="JobLease"/>), so a restart or a second instance repeats
/// nothing. LODESTAR_NOTICE_MAIL=false turns it off; without
/// LODESTAR_SMTP_HOST it has nothing to do.
/// </summary>
internal sealed class NoticeMailService(IServiceScopeFactory scopes, Operations.DatabaseStartup database, NoticeMailOptions options, IMailSender mail, TimeProvider clock,
    ILogger<NoticeMailService> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || !mail.IsConfigured || !await database.WaitAsync(stoppingToken))
        {
            return;
        }

        DateOnly? summarised = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, clock, stoppingToken);
            try
            {
                // One instance at a time (JobLease): two e-mailing the same waiting notices at once could both send them.
                await using var scope = scopes.CreateAsyncScope();
                await JobLease.RunAsync(scope.ServiceProvider.GetRequiredService<LodestarDbContext>(), "notice-mail", TimeSpan.FromMinutes(10), async () =>
                {
                    var notices = scope.ServiceProvider.GetRequiredService<NoticeMail>();
                    await notices.SendNowAsync(stoppingToken);
                    var today = Dates.Today(clock);
                    if (summarised != today && Dates.VietnamNow(clock).Hour >= options.SummaryHour)
                    {
                        var sent = await notices.SendSummariesAsync(stoppingToken);
                        summarised = today;
                        log.LogInformation("Daily summary of notices: {Sent} e-mailed", sent);
                    }
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "E-mailing notices failed; it is tried again within the minute");
            }
        }
    }
}
