using Lodestar.Common;
using Lodestar.Tasks;
using Lodestar.Web.Operations;

namespace Lodestar.Web.Tasks;

/// <summary>
/// Runs the daily task job shortly after start and then every day at 06:00 Vietnam time, on one instance at a time
/// (the lease "daily": an instance that finds another running it, or whose run failed, tries again within the hour).
/// The job is idempotent, so a restart or a later run repeats nothing. LODESTAR_TASKS_DAILY=false turns it off (the
/// CLI's `tasks-daily` can then run from cron).
/// </summary>
internal sealed class TaskDailyService(IServiceScopeFactory scopes, DatabaseStartup database, TaskOptions options, TimeProvider clock, ILogger<TaskDailyService> log)
    : RecurringJob(scopes, database, clock, log)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    protected override string Name => "daily";

    protected override bool Enabled => options.DailyJob;

    protected override TimeSpan RetryAfter => Hour;

    protected override TimeSpan FirstDelay => TimeSpan.FromSeconds(30);

    protected override async Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var ran = await LeasedAsync(services, "daily", Hour, async () =>
        {
            var result = await services.GetRequiredService<TaskDailyJob>().RunAsync(ct);
            Log.LogInformation("Daily task job: {Overdue} newly overdue, {Notified} notified, {Escalated} escalated, {Emailed} e-mailed",
                result.NewlyOverdue, result.Notified, result.Escalated, result.Emailed);
            var reports = await services.GetRequiredService<Lodestar.Reporting.ReportReminderJob>().RunAsync(ct);
            Log.LogInformation("Report reminders: {Reminded} reminded, {Overdue} overdue, {Escalated} escalated, {Emailed} e-mailed",
                reports.Reminded, reports.Overdue, reports.Escalated, reports.Emailed);
        }, ct);
        if (!ran)
        {
            Log.LogInformation("Daily task job: another instance is running it; looking again within the hour");
            return new Round(false, Hour);
        }

        var wait = Dates.UtcAt(Dates.Today(Clock).AddDays(1), new TimeOnly(6, 0)) - Clock.GetUtcNow().UtcDateTime;
        return new Round(true, wait > TimeSpan.Zero ? wait : Hour);
    }
}
