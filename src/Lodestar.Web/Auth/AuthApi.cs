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
        SignInManager<LodestarUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer,
        TimeProvider clock)
    {
        var user = string.IsNullOrWhiteSpace(request.UserName) ? null : await signIn.UserManager.FindByNameAsync(request.UserName.Trim());
        var check = user is null || string.IsNullOrEmpty(request.Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: T("Tài khoản bị khóa", "Account locked"),
                detail: T("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau 15 phút.", "The account is locked after repeated failures; try again in 15 minutes."));
        }

        if (!check.Succeeded || user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: T("Đăng nhập thất bại", "Sign-in failed"),
                detail: T("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."));
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
