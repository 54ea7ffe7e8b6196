using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Accounts;

public sealed record ApiKeyDto(
    int Id, string Name, string Role, string? Scope, string? ScopeName, string ExpiresOn, DateTime CreatedAt, string CreatedBy,
    DateTime? LastUsedAt, bool Revoked, DateTime? RevokedAt, string? RevokedBy)
{
    public static ApiKeyDto Of(ApiKeyItem k) => new(
        k.Id, k.Name, k.Role, k.Scope, k.ScopeName, k.ExpiresOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt is not null, k.RevokedAt, k.RevokedBy);
}

/// <summary>The new key: its secret (<c>key</c>) is in this answer only.</summary>
public sealed record ApiKeyCreated(int Id, string Key, ApiKeyDto Details);

/// <summary>
/// Keys for other systems, managed by whoever manages accounts (<see cref="ApiKeyService"/>). A key cannot manage keys:
/// only a person signed in can, so a leaked key cannot make itself new ones.
/// </summary>
public static class ApiKeysApi
{
    public static void MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/api-keys").WithTags("Accounts").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/", ListAsync)
            .WithSummary("The keys the caller manages (administrator: all; DX office: those scoped inside its province), revoked ones included: { items: [{ id, name, role, scope, scopeName, expiresOn, createdAt, createdBy, lastUsedAt, revoked, revokedAt, revokedBy }], total }.");
        api.MapPost("/", CreateAsync)
            .WithSummary("Create a key { name, role, scope, expiresOn } → { id, key, details }: the secret key is answered this once and stored hashed; send it as 'Authorization: Bearer <key>'.");
        api.MapDelete("/{id:int}", RevokeAsync)
            .WithSummary("Revoke the key: its next request answers 401, on every instance; it stays listed as revoked.");
    }

    private static bool ByAKey(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ApiKeyService.KeyClaim);

    private static ProblemHttpResult KeysByPeople() =>
        ApiProblems.Forbidden("Khoá API không quản lý được khoá API; hãy đăng nhập bằng tài khoản.", "An API key cannot manage API keys; sign in with an account.");

    private static async Task<Results<Ok<Page<ApiKeyDto>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, ApiKeyService keys, CancellationToken ct)
    {
        if (ByAKey(user))
        {
            return KeysByPeople();
        }

        if (!AccountService.MayManageAccounts(user))
        {
            return ApiProblems.Forbidden("Chỉ quản trị hệ thống và Văn phòng chuyển đổi số quản lý khoá API.", "Only administrators and the DX office manage API keys.");
        }

        var items = await keys.ListAsync(user, ct);
        return TypedResults.Ok(new Page<ApiKeyDto>(items.Select(ApiKeyDto.Of).ToList(), items.Count));
    }

    private static async Task<Results<Created<ApiKeyCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewApiKey request, ClaimsPrincipal user, ApiKeyService keys, CancellationToken ct)
    {
        if (ByAKey(user))
        {
            return KeysByPeople();
        }

        var change = await keys.CreateAsync(request, user, ct);
        return change.Access != AccountAccess.Allowed ? ApiProblems.Forbidden(change.Outcome.Problems[0].Message.Vi, change.Outcome.Problems[0].Message.En)
            : change.Outcome.Value is { } created ? TypedResults.Created($"/api/v1/api-keys/{created.Key.Id}", new ApiKeyCreated(created.Key.Id, created.Secret, ApiKeyDto.Of(created.Key)))
            : ApiProblems.Invalid(change.Outcome.Problems);
    }

    private static async Task<Results<Ok<ApiKeyDto>, ProblemHttpResult>> RevokeAsync(int id, ClaimsPrincipal user, ApiKeyService keys, CancellationToken ct)
    {
        if (ByAKey(user))
        {
            return KeysByPeople();
        }

        var change = await keys.RevokeAsync(id, user, ct);
        if (change.Access == AccountAccess.Allowed)
        {
            return TypedResults.Ok(ApiKeyDto.Of(change.Outcome.Value!));
        }

        var problem = change.Outcome.Problems[0].Message;
        return change.Access == AccountAccess.NotFound ? ApiProblems.NotFound(problem.Vi, problem.En) : ApiProblems.Forbidden(problem.Vi, problem.En);
    }
}
