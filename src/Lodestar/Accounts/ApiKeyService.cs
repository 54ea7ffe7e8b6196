using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Accounts;

public sealed record NewApiKey(string? Name, string? Role, string? Scope, string? ExpiresOn);

public sealed record ApiKeyItem(
    int Id, string Name, string Role, string? Scope, string? ScopeName, DateOnly ExpiresOn, DateTime CreatedAt, string CreatedBy,
    DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy);

/// <summary>A new key and its secret, which is shown this once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyItem Key, string Secret);

/// <summary>
/// Keys for other systems. Who manages them is who manages accounts (<see cref="AccountService"/>): administrators any
/// key, the DX office keys scoped inside its province and never an administrator's. A key is the secret
/// <c>lsk_</c> + 12 characters by which it is found + 32 random characters; only its SHA-256 is stored. Every request
/// reads the key from the database, so a revoked or expired key is refused at its next request on every instance.
/// </summary>
public sealed class ApiKeyService(LodestarDbContext db, AccountService accounts, AccessScope access, TimeProvider clock)
{
    public const string Start = "lsk_";

    /// <summary>The longest a key may live: two years, so that a forgotten key ends by itself.</summary>
    public const int MaxDays = 730;

    private const int PrefixLength = 12;

    /// <summary>The claim that says which key signed a request in (its id).</summary>
    public const string KeyClaim = "lodestar:api-key";

    private DateOnly Today => Dates.Today(clock);

    public async Task<List<ApiKeyItem>> ListAsync(ClaimsPrincipal by, CancellationToken ct = default)
    {
        if (!AccountService.MayManageAccounts(by))
        {
            return [];
        }

        var query = db.ApiKeys.AsNoTracking();
        if (await access.VisibleIdsAsync(by, Today, ct) is { } within)
        {
            query = query.Where(k => k.ScopeUnitId != null && within.Contains(k.ScopeUnitId.Value));
        }

        return await Items(query.OrderBy(k => k.Id)).ToListAsync(ct);
    }

    private static IQueryable<ApiKeyItem> Items(IQueryable<ApiKey> keys) => keys.Select(k => new ApiKeyItem(
        k.Id, k.Name, k.Role, k.ScopeUnit == null ? null : k.ScopeUnit.Code, k.ScopeUnit == null ? null : k.ScopeUnit.FullName, k.ExpiresOn,
        k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt, k.RevokedBy));

    public async Task<AccountChange<CreatedApiKey>> CreateAsync(NewApiKey input, ClaimsPrincipal by, CancellationToken ct = default)
    {
        var role = input.Role?.Trim() ?? string.Empty;
        var problems = new List<Problem>();
        var scope = Roles.All.Contains(role) ? await accounts.ResolveScopeAsync(input.Scope, role, problems, ct) : null;
        if (!AccountService.MayManageAccounts(by) || (role == Roles.Admin && !AccessScope.IsAdmin(by))
            || (scope is not null && !await accounts.MayManageAsync(by, targetIsAdmin: false, scope, ct)))
        {
            return Refused<CreatedApiKey>();
        }

        var name = TextFold.Clean(input.Name)?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 200 || TextFold.LooksLikeMarkup(name))
        {
            problems.Insert(0, new Problem("name", new Msg("Đặt tên khoá (1–200 ký tự, văn bản thường), ví dụ tên hệ thống dùng nó.",
                "Name the key (1–200 characters of plain text), e.g. after the system that uses it.")));
        }

        if (!Roles.All.Contains(role))
        {
            problems.Add(new Problem("role", new Msg($"Vai trò '{role}' không có; chọn một trong {string.Join(", ", Roles.All)}.",
                $"There is no role '{role}'; choose one of {string.Join(", ", Roles.All)}.")));
        }

        if (!Dates.TryParseInput(input.ExpiresOn, out var expires) || expires <= Today || expires > Today.AddDays(MaxDays))
        {
            problems.Add(new Problem("expiresOn", new Msg(
                $"Ngày hết hạn phải sau hôm nay và không quá {MaxDays} ngày (đến {Today.AddDays(MaxDays).ToDisplay()}), dạng dd/MM/yyyy hoặc yyyy-MM-dd.",
                $"The expiry date must be after today and at most {MaxDays} days ahead (until {Today.AddDays(MaxDays).ToDisplay()}), as dd/MM/yyyy or yyyy-MM-dd.")));
        }

        if (problems.Count > 0)
        {
            return new(AccountAccess.Allowed, Outcome<CreatedApiKey>.Fail(problems));
        }

        var prefix = Start + Random(PrefixLength);
        var secret = prefix + Random(32);
        var key = new ApiKey { Name = name, Role = role, ScopeUnitId = scope, ExpiresOn = expires, Prefix = prefix, SecretHash = Hash(secret) };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        var item = await Items(db.ApiKeys.AsNoTracking().Where(k => k.Id == key.Id)).SingleAsync(ct);
        return new(AccountAccess.Allowed, Outcome<CreatedApiKey>.Ok(new CreatedApiKey(item, secret)));
    }

    /// <summary>Revokes the key at once; it stays listed, with who revoked it and when.</summary>
    public async Task<AccountChange<ApiKeyItem>> RevokeAsync(int id, ClaimsPrincipal by, CancellationToken ct = default)
    {
        if (!AccountService.MayManageAccounts(by))
        {
            return Refused<ApiKeyItem>();
        }

        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || !await accounts.MayManageAsync(by, key.Role == Roles.Admin, key.ScopeUnitId, ct))
        {
            // Another province's key answers as one that does not exist.
            return new(AccountAccess.NotFound, Outcome<ApiKeyItem>.Fail("id", $"Không có khoá {id}.", $"No key {id}."));
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = db.UtcNow;
            key.RevokedBy = db.ActorName;
            await db.SaveChangesAsync(ct);
        }

        return new(AccountAccess.Allowed, Outcome<ApiKeyItem>.Ok(await Items(db.ApiKeys.AsNoTracking().Where(k => k.Id == id)).SingleAsync(ct)));
    }

    /// <summary>The key a request presents, when it exists, is not revoked and has not expired; null otherwise.</summary>
    public async Task<ApiKey?> FindValidAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(Start, StringComparison.Ordinal) || presented.Length != Start.Length + PrefixLength + 32)
        {
            return null;
        }

        var prefix = presented[..(Start.Length + PrefixLength)];
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null || key.RevokedAt is not null || key.ExpiresOn < Today
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(key.SecretHash)))
        {
            return null;
        }

        // When it was last used, to the hour: enough to find keys nobody uses, without a write per request.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is not { } last || now - last > TimeSpan.FromHours(1))
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }

        return key;
    }

    /// <summary>Who a key is in a request: its role and scope, named "api-key:{name}" in the audit trail.</summary>
    public static ClaimsPrincipal Principal(ApiKey key, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, $"api-key:{key.Name}"),
            new(ClaimTypes.Role, key.Role),
            new(KeyClaim, key.Id.ToString(CultureInfo.InvariantCulture)),
        };
        if (key.ScopeUnitId is { } scope)
        {
            claims.Add(new Claim(AccessScope.ScopeClaim, scope.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Random(int length) => RandomNumberGenerator.GetString(AccountService.Unambiguous, length);

    private static AccountChange<T> Refused<T>() => new(AccountAccess.Forbidden, Outcome<T>.Fail("role",
        "Chỉ quản trị hệ thống, hoặc Văn phòng chuyển đổi số với khoá trong tỉnh của mình (không có vai trò quản trị hệ thống), được làm việc này.",
        "Only administrators may do this, or the DX office with a key of its own province that does not have the administrator role."));
}
