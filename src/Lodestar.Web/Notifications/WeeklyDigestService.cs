using Lodestar.Common;
using Lodestar.Notifications;
using Lodestar.Web.Operations;

namespace Lodestar.Web.Notifications;

/// <summary>
/// Sends the weekly digest (WeeklyDigestJob) once a week, from LODESTAR_DIGEST_DAY (1 = Monday … 7 = Sunday, default 1)
/// at LODESTAR_DIGEST_HOUR (Vietnam time, default 7). It checks every hour whether this week's time has passed; the job
/// is idempotent per account and ISO week and runs on one instance at a time (the lease "weekly-digest": an instance
/// that finds another sending it looks again at its next round), so a restart or a second instance sends nothing twice.
/// Once the week's digest went out, every <see cref="NewAccountCheck"/> it looks again at the accounts created this
/// week, so an account created mid-week gets its first digest at once rather than the next week. LODESTAR_DIGEST=false
/// turns it off.
/// </summary>
internal sealed class WeeklyDigestService(IServiceScopeFactory scopes, DatabaseStartup database, DigestOptions options, TimeProvider clock, ILogger<WeeklyDigestService> log)
    : RecurringJob(scopes, database, clock, log)
{
    public static readonly TimeSpan NewAccountCheck = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private string? _sent;

    protected override string Name => "weekly-digest";

    protected override bool Enabled => options.Enabled;

    protected override TimeSpan RetryAfter => Hour;

    protected override TimeSpan FirstDelay => TimeSpan.FromSeconds(45);

    /// <summary>True once this ISO week's digest time (Vietnam time) has come.</summary>
    public static bool IsDue(DateTime vietnamNow, DayOfWeek day, int hour)
    {
        var offset = ((int)vietnamNow.DayOfWeek + 6) % 7;       // days since Monday
        var target = ((int)day + 6) % 7;
        return offset > target || (offset == target && vietnamNow.Hour >= hour);
    }

    protected override async Task<Round> RunRoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = Dates.VietnamNow(Clock);
        var week = WeeklyDigestJob.WeekOf(DateOnly.FromDateTime(now));
        var ran = false;
        if (IsDue(now, (DayOfWeek)(options.Day % 7), options.Hour))
        {
            // After the week's run only the accounts created since its Monday (00:00 Vietnam time, as UTC for PostgreSQL) are looked at.
            DateTime? createdSince = week == _sent ? Dates.UtcAt(WeeklyDigestJob.MondayOf(DateOnly.FromDateTime(now))) : null;
            ran = await LeasedAsync(services, "weekly-digest", TimeSpan.FromMinutes(30), async () =>
            {
                var result = await services.GetRequiredService<WeeklyDigestJob>().RunAsync(createdSince, ct);
                _sent = week;
                if (createdSince is null || result.Notified > 0)
                {
                    Log.LogInformation("Weekly digest {Week}: {Notified} notified, {Emailed} e-mailed, {Skipped} already had it", result.Week, result.Notified, result.Emailed, result.Skipped);
                }
            }, ct);
        }

        return new Round(ran, week == _sent ? NewAccountCheck : Hour);
    }
}
