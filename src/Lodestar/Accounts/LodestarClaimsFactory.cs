using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Lodestar.Accounts;

/// <summary>Adds the account's scope unit and full name to its sign-in (cookie or token).</summary>
public sealed class LodestarClaimsFactory(
    UserManager<LodestarUser> users,
    RoleManager<IdentityRole<int>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<LodestarUser, IdentityRole<int>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(LodestarUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.ScopeUnitId is { } scope)
        {
            identity.AddClaim(new Claim(AccessScope.ScopeClaim, scope.ToString(CultureInfo.InvariantCulture)));
        }

        identity.AddClaim(new Claim("name:full", user.FullName));
        return identity;
    }
}
