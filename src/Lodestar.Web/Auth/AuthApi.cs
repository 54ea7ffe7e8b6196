using System.Security.Claims;
using Lodestar.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Auth;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

public static class AuthApi
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", IssueTokenAsync)
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password for a bearer token (8 hours).")
            .AllowAnonymous();
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

        if (attempt.User is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: T("Đăng nhập thất bại", "Sign-in failed"), detail: attempt.Error);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var expires = clock.GetUtcNow() + TokenLifetime;
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(principal.Identities.Select(i => new ClaimsIdentity(i.Claims, IdentityConstants.BearerScheme, i.NameClaimType, i.RoleClaimType))),
            new AuthenticationProperties { ExpiresUtc = expires, IssuedUtc = clock.GetUtcNow() },
            IdentityConstants.BearerScheme);
        var token = bearer.Get(IdentityConstants.BearerScheme).BearerTokenProtector.Protect(ticket);
        return TypedResults.Ok(new TokenResponse(token, expires));
    }
}
