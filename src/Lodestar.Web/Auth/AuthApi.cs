using System.Security.Claims;
using Lodestar.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Auth;

public sealed record TokenRequest(string? UserName, string? Password, string? TwoFactorCode = null);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>The header to send and the token to put in it.</summary>
public sealed record AntiforgeryAnswer(string Header, string Token);

public static class AuthApi
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password (and, for an account with two-factor sign-in, its authenticator or recovery code as twoFactorCode) for a bearer token (8 hours).")
            .AllowAnonymous();
        app.MapGet("/api/v1/auth/antiforgery", (IAntiforgery antiforgery, HttpContext http) =>
            {
                // For the device outbox (offline.js): a change typed offline is sent later, under the session of that
                // moment, so it asks for that session's token when it sends; another site cannot read this answer.
                var tokens = antiforgery.GetAndStoreTokens(http);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new AntiforgeryAnswer(tokens.HeaderName!, tokens.RequestToken!));
            })
            .WithTags("Auth")
            .WithSummary("The antiforgery token of the signed-in browser session, for page scripts that write through the API with the session cookie.")
            .RequireAuthorization(WebServices.ApiPolicy);
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request,
        SignInGuard guard,
        SignInManager<LodestarUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer,
        HttpContext http,
        TimeProvider clock)
    {
        var attempt = await guard.CheckAsync(request.UserName, request.Password, http.Connection.RemoteIpAddress);
        if (attempt.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: T("Tạm dừng đăng nhập", "Sign-in paused"), detail: attempt.Error);
        }

        if (attempt.Pending is { } pending && !string.IsNullOrWhiteSpace(request.TwoFactorCode))
        {
            attempt = await guard.CheckCodeAsync(pending, request.TwoFactorCode, http.Connection.RemoteIpAddress);
            if (attempt.RetryAfter is { } pause)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(pause.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: T("Tạm dừng đăng nhập", "Sign-in paused"), detail: attempt.Error);
            }
        }

        if (attempt.User is not { } user)
        {
            // An account with two-factor sign-in is told to send its code (twoFactorCode), and only after the right password.
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: T("Đăng nhập thất bại", "Sign-in failed"), detail: attempt.Error,
                extensions: attempt.Pending is null ? null : new Dictionary<string, object?> { ["twoFactorRequired"] = true });
        }

        if (attempt.MustEnrol)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: T("Cần xác thực hai lớp", "Two-factor sign-in required"),
                detail: T("Tài khoản này phải bật xác thực hai lớp trước: đăng nhập trên trang web và làm theo trang /account/two-factor.",
                    "This account must set up two-factor sign-in first: sign in on the web and follow the page /account/two-factor."));
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        if (attempt.Mfa)
        {
            principal.Identities.First().AddClaim(new Claim(SignInGuard.MfaClaim, SignInGuard.MfaValue));
        }

        var expires = clock.GetUtcNow() + TokenLifetime;
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(principal.Identities.Select(i => new ClaimsIdentity(i.Claims, IdentityConstants.BearerScheme, i.NameClaimType, i.RoleClaimType))),
            new AuthenticationProperties { ExpiresUtc = expires, IssuedUtc = clock.GetUtcNow() },
            IdentityConstants.BearerScheme);
        var token = bearer.Get(IdentityConstants.BearerScheme).BearerTokenProtector.Protect(ticket);
        return TypedResults.Ok(new TokenResponse(token, expires));
    }
}
