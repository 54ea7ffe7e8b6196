using System.Text.Encodings.Web;
using Lodestar.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lodestar.Web.Auth;

/// <summary>
/// Signs in a request that carries <c>Authorization: Bearer lsk_…</c> as its API key (<see cref="ApiKeyService"/>): the
/// key is read from the database on every request, so a revoked or expired one answers 401 at once.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Whether the request presents an API key rather than a sign-in token.</summary>
    public static bool Presents(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer " + ApiKeyService.Start, StringComparison.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Presents(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.FindValidAsync(Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim(), Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("The API key is unknown, revoked or expired.")
            : AuthenticateResult.Success(new AuthenticationTicket(ApiKeyService.Principal(key, SchemeName), SchemeName));
    }
}
