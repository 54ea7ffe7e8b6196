using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Operations;
using Lodestar.Tasks;

namespace Lodestar.Web.Tasks;

/// <summary>
/// Runs the daily task job shortly after start and then every day at 06:00 Vietnam time, on one instance at a time
/// (<see cref="JobLease"/>: an instance that finds another running it tries again within the hour). The job is
/// idempotent, so a restart or a later run repeats nothing. LODESTAR_TASKS_DAILY=false turns it off (the CLI's
/// `tasks-daily` can then run from cron).
/// </summary>
internal sealed class TaskDailyService(IServiceScopeFactory scopes, Operations.DatabaseStartup database, TaskOptions options, TimeProvider clock, ILogger<TaskDailyService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DailyJob)
        {
            return;
        }

        if (!await database.WaitAsync(stoppingToken))
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var ran = true;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                ran = await JobLease.RunAsync(scope.ServiceProvider.GetRequiredService<LodestarDbContext>(), "daily", TimeSpan.FromHours(1), async () =>
                {
                    var result = await scope.ServiceProvider.GetRequiredService<TaskDailyJob>().RunAsync(stoppingToken);
                    log.LogInformation("Daily task job: {Overdue} newly overdue, {Notified} notified, {Escalated} escalated, {Emailed} e-mailed",
                        result.NewlyOverdue, result.Notified, result.Escalated, result.Emailed);
                    var reports = await scope.ServiceProvider.GetRequiredService<Lodestar.Reporting.ReportReminderJob>().RunAsync(stoppingToken);
                    log.LogInformation("Report reminders: {Reminded} reminded, {Overdue} overdue, {Escalated} escalated, {Emailed} e-mailed",
                        reports.Reminded, reports.Overdue, reports.Escalated, reports.Emailed);
                }, stoppingToken);
                if (!ran)
                {
                    log.LogInformation("Daily task job: another instance is running it; looking again within the hour");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The daily task job failed; it runs again tomorrow");
            }

            LodestarMetrics.Record(LodestarMetrics.JobDuration, started, new("job", "daily"));

            var next = Dates.UtcAt(Dates.Today(clock).AddDays(1), new TimeOnly(6, 0));
            var wait = next - clock.GetUtcNow().UtcDateTime;
            await Task.Delay(ran && wait > TimeSpan.Zero ? wait : TimeSpan.FromHours(1), clock, stoppingToken);
        }
    }
}
