using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Operations;
using Lodestar.Notifications;

namespace Lodestar.Web.Notifications;

/// <summary>
/// Sends the weekly digest (WeeklyDigestJob) once a week, from LODESTAR_DIGEST_DAY (1 = Monday … 7 = Sunday, default 1)
/// at LODESTAR_DIGEST_HOUR (Vietnam time, default 7). It checks every hour whether this week's time has passed; the job
/// is idempotent per account and ISO week and runs on one instance at a time (<see cref="JobLease"/>), so a restart or a
/// second instance sends nothing twice. Once the week's digest
/// went out, every <see cref="NewAccountCheck"/> it looks again at the accounts created this week, so an account created
/// mid-week gets its first digest at once rather than the next week. LODESTAR_DIGEST=false turns it off.
/// </summary>
internal sealed class WeeklyDigestService(IServiceScopeFactory scopes, Operations.DatabaseStartup database, DigestOptions options, TimeProvider clock, ILogger<WeeklyDigestService> log) : BackgroundService
{
    public static readonly TimeSpan NewAccountCheck = TimeSpan.FromMinutes(10);

    /// <summary>True once this ISO week's digest time (Vietnam time) has come.</summary>
    public static bool IsDue(DateTime vietnamNow, DayOfWeek day, int hour)
    {
        var offset = ((int)vietnamNow.DayOfWeek + 6) % 7;       // days since Monday
        var target = ((int)day + 6) % 7;
        return offset > target || (offset == target && vietnamNow.Hour >= hour);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var (day, hour) = ((DayOfWeek)(options.Day % 7), options.Hour);
        string? sent = null;
        if (!await database.WaitAsync(stoppingToken))
        {
            return;
        }

        await Task.Delay(TimeSpan.FromSeconds(45), clock, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = Dates.VietnamNow(clock);
            var week = WeeklyDigestJob.WeekOf(DateOnly.FromDateTime(now));
            if (IsDue(now, day, hour))
            {
                try
                {
                    // After the week's run only the accounts created since its Monday (00:00 Vietnam time, as UTC for PostgreSQL) are looked at.
                    DateTime? createdSince = week == sent ? Dates.UtcAt(WeeklyDigestJob.MondayOf(DateOnly.FromDateTime(now))) : null;
                    // One instance at a time (an instance that finds another sending it looks again at its next round).
                    await using var scope = scopes.CreateAsyncScope();
                    await JobLease.RunAsync(scope.ServiceProvider.GetRequiredService<LodestarDbContext>(), "weekly-digest", TimeSpan.FromMinutes(30), async () =>
                    {
                        var result = await scope.ServiceProvider.GetRequiredService<WeeklyDigestJob>().RunAsync(createdSince, stoppingToken);
                        sent = week;
                        if (createdSince is null || result.Notified > 0)
                        {
                            log.LogInformation("Weekly digest {Week}: {Notified} notified, {Emailed} e-mailed, {Skipped} already had it", result.Week, result.Notified, result.Emailed, result.Skipped);
                        }
                    }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "The weekly digest failed; it is tried again within the hour");
                }
            }

            await Task.Delay(week == sent ? NewAccountCheck : TimeSpan.FromHours(1), clock, stoppingToken);
        }
    }
}
