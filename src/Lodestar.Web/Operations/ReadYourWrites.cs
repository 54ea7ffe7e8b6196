using Lodestar.Common;
using Lodestar.Data;
using Npgsql;
using NpgsqlTypes;

namespace Lodestar.Web.Operations;

/// <summary>
/// A signed-in reader never sees his own write missing on a PostgreSQL standby (ADR 0027). After a request of his that
/// wrote, the primary's WAL position is remembered for the account in this instance and in a cookie (so that another
/// instance behind the load balancer knows it too); before a request's reads, the later of the two is the position a
/// standby must have replayed to serve them (<see cref="StaleReads.Floor"/>). A request that wrote nothing costs nothing
/// more. Without LODESTAR_DB_REPLICAS this is not in the pipeline.
/// </summary>
public static class ReadYourWrites
{
    public const string CookieName = "lodestar.written";

    /// <summary>
    /// What this process keeps in memory (dashboards) shows a signed-in writer his writes: as the answer to a request of
    /// his that wrote starts, his writes are committed, and <see cref="LocalChanges.Wrote"/> notes it before he can ask again.
    /// </summary>
    public static void UseOwnWritesNoted(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { } account } && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            var db = context.RequestServices.GetRequiredService<LodestarDbContext>();
            context.Response.OnStarting(() =>
            {
                if (db.Writes > 0)
                {
                    LocalChanges.Wrote(account);
                }

                return Task.CompletedTask;
            });
        }

        await next(context);
    });

    public static void UseReadYourWrites(this WebApplication app)
    {
        var replicas = app.Services.GetRequiredService<ReplicaReads>();
        if (!replicas.Enabled)
        {
            return;
        }

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReadYourWrites));
        app.Use(async (context, next) =>
        {
            if (context.User.Identity is not { IsAuthenticated: true, Name: { } account })
            {
                await next(context);
                return;
            }

            var reads = context.RequestServices.GetRequiredService<StaleReads>();
            reads.Floor = Later(replicas.WrittenBy(account), Carried(context.Request));
            var db = context.RequestServices.GetRequiredService<LodestarDbContext>();
            var remembered = 0;
            async Task<NpgsqlLogSequenceNumber?> RememberAsync()
            {
                if (db.Writes == remembered)
                {
                    return null;
                }

                remembered = db.Writes;
                NpgsqlLogSequenceNumber position;
                try
                {
                    position = await replicas.PrimaryPositionAsync(context.RequestAborted);
                }
                catch (NpgsqlException e)
                {
                    // Unknown: the standbys serve this account again only after Remembered, never without his write.
                    log.LogWarning(e, "The primary's WAL position after a write of {Account} could not be read; his reads stay on the primary", account);
                    position = new NpgsqlLogSequenceNumber(ulong.MaxValue);
                }

                replicas.Remember(account, position);
                return position;
            }

            context.Response.OnStarting(async () =>
            {
                if (await RememberAsync() is { } position)
                {
                    context.Response.Cookies.Append(CookieName, position.ToString(), new CookieOptions
                    {
                        HttpOnly = true,
                        Secure = context.Request.IsHttps,
                        SameSite = SameSiteMode.Lax,
                        MaxAge = ReplicaReads.Remembered,
                        IsEssential = true,
                    });
                }
            });
            await next(context);

            // A write after the answer started (a streamed page): this instance knows it, the cookie could not carry it.
            await RememberAsync();
        });
    }

    /// <summary>The position the reader's cookie carries (written by any instance), or null when none or unreadable.</summary>
    private static NpgsqlLogSequenceNumber? Carried(HttpRequest request) =>
        request.Cookies[CookieName] is { } text && NpgsqlLogSequenceNumber.TryParse(text, out var position) ? position : null;

    private static NpgsqlLogSequenceNumber? Later(NpgsqlLogSequenceNumber? a, NpgsqlLogSequenceNumber? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
