using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lodestar.Web.Auth;

/// <summary>
/// Ends a sign-in (cookie or bearer token) as soon as its account's security stamp changes: locking, a change of role or
/// scope, a new password and signing out all renew the stamp, so every copy of an earlier cookie or token is refused at
/// its next request (401 for the API, the sign-in page for pages). The stamp each account has now is read from the
/// database and kept for at most <see cref="MaxAge"/>, and not at all after this process changed an account, so a change made
/// through this instance takes effect at once and one made through another instance within that time.
/// </summary>
public sealed class SessionCheck(IOptions<IdentityOptions> identity)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<int, (string? Stamp, long Version, long At)> _stamps = new();
    private readonly string _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user, LodestarDbContext db, CancellationToken ct)
    {
        if (!int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || user.FindFirstValue(_stampClaim) is not { Length: > 0 } stamp)
        {
            return false;
        }

        var version = LocalChanges.AccountsVersion;
        if (!_stamps.TryGetValue(id, out var known) || known.Version != version || Stopwatch.GetElapsedTime(known.At) > MaxAge)
        {
            var current = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct);
            known = (current, version, Stopwatch.GetTimestamp());
            _stamps[id] = known;
        }

        return string.Equals(known.Stamp, stamp, StringComparison.Ordinal);
    }
}

public static class SessionCheckMiddleware
{
    /// <summary>After authentication: a sign-in whose stamp is no longer the account's is treated as no sign-in, and its cookie is removed.</summary>
    public static void UseSessionCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // An API key is read from the database on every request already (ApiKeyAuthentication); it has no stamp.
        if (context.User.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType != ApiKeyAuthentication.SchemeName)
        {
            var check = context.RequestServices.GetRequiredService<SessionCheck>();
            var db = context.RequestServices.GetRequiredService<LodestarDbContext>();
            if (!await check.IsCurrentAsync(context.User, db, context.RequestAborted))
            {
                if (identity.AuthenticationType == IdentityConstants.ApplicationScheme)
                {
                    context.Response.Cookies.Delete(CookieName);
                }

                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(context);
    });

    public const string CookieName = "lodestar.auth";

    /// <summary>
    /// With LODESTAR_TWO_FACTOR=required, an administrator or DX office sign-in made without a second factor reaches only
    /// the page that sets it up (and sign-out): other pages lead there, the API answers 403 saying why.
    /// </summary>
    public static void UseRequiredTwoFactor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.Identity?.IsAuthenticated == true
            && SignInGuard.LacksRequiredFactor(context.User, context.RequestServices.GetRequiredService<Lodestar.Setup.LodestarOptions>())
            && !path.StartsWithSegments("/account/two-factor") && !path.StartsWithSegments("/logout") && !path.StartsWithSegments("/lang"))
        {
            if (path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: Common.Text.T("Cần xác thực hai lớp", "Two-factor sign-in required"),
                    detail: Common.Text.T("Tài khoản này phải đăng nhập với xác thực hai lớp (trang /account/two-factor).", "This account must sign in with two-factor authentication (page /account/two-factor)."))
                    .ExecuteAsync(context);
                return;
            }

            context.Response.Redirect("/account/two-factor");
            return;
        }

        await next(context);
    });

    /// <summary>
    /// A write to the API signed in by the page cookie (not a bearer token) must carry the antiforgery token, as the
    /// pages' forms do: otherwise another site's page could post a multipart progress report in the user's name.
    /// Scripts and other systems use bearer tokens, which a browser never sends by itself.
    /// </summary>
    public static void UseCookieApiAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api")
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
            && !await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Common.Text.T("Thiếu mã chống giả mạo", "Antiforgery token missing"),
                Detail = Common.Text.T(
                    "Yêu cầu ghi qua API bằng phiên đăng nhập trình duyệt phải kèm mã chống giả mạo; chương trình khác hãy dùng mã Bearer.",
                    "An API write signed in by the browser's cookie needs the antiforgery token; other programs use a bearer token."),
            }, options: null, contentType: "application/problem+json");
            return;
        }

        await next(context);
    });
}
