using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Accounts;

public sealed record AccountItem(int Id, string UserName, string FullName, string? Email, string Role, string? ScopeCode, string? ScopeName, bool LockedOut);

/// <summary>A new account; without <paramref name="Password"/> a strong one is generated (and answered once).</summary>
public sealed record NewAccount(string UserName, string FullName, string? Email, string Role, string? ScopeCode, string? Password);

/// <summary>An account just created, with the password only when Lodestar generated it.</summary>
public sealed record CreatedAccount(LodestarUser User, string? GeneratedPassword);

/// <summary>Whether the caller could act on the account at all.</summary>
public enum AccountAccess
{
    Allowed,
    NotFound,
    Forbidden,
}

/// <summary>A change of an account by a manager: refused before anything was tried (the outcome says why), or the outcome.</summary>
public sealed record AccountChange<T>(AccountAccess Access, Outcome<T> Outcome)
{
    public bool Succeeded => Access == AccountAccess.Allowed && Outcome.Succeeded;
}

/// <summary>
/// Accounts, their role, scope, lock and password; used by the administrator's page, the accounts API and the CLI.
/// Who manages whom (docs/security.md): administrators every account; the DX office the accounts scoped inside its own
/// subtree (its province), never an administrator's, and never with a scope outside it. Locking, unlocking and a new
/// password renew the account's security stamp, so every cookie and token it had stops at its next request.
/// </summary>
public sealed class AccountService(
    LodestarDbContext db, UserManager<LodestarUser> users, RoleManager<IdentityRole<int>> roles, AccessScope access, TimeProvider clock)
{
    /// <summary>The operator at the server (the CLI) holds the database anyway: he manages accounts as an administrator.</summary>
    public static ClaimsPrincipal Operator { get; } = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Admin)], "operator"));

    /// <summary>Who may manage accounts at all: administrators and the DX office (within its subtree).</summary>
    public static bool MayManageAccounts(ClaimsPrincipal by) => AccessScope.CanEditOrganisation(by);

    private DateOnly Today => Dates.Today(clock);

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<int>(role));
            }
        }
    }

    /// <summary>The accounts <paramref name="by"/> manages: every account for administrators, those scoped inside its subtree for the DX office, none for anyone else.</summary>
    public async Task<List<AccountItem>> ListAsync(ClaimsPrincipal by, CancellationToken ct = default)
    {
        if (!MayManageAccounts(by))
        {
            return [];
        }

        var query = db.Users.AsNoTracking();
        if (await access.VisibleIdsAsync(by, Today, ct) is { } within)
        {
            query = query.Where(u => u.ScopeUnitId != null && within.Contains(u.ScopeUnitId.Value));
        }

        return await ItemsAsync(query, ct);
    }

    private async Task<List<AccountItem>> ItemsAsync(IQueryable<LodestarUser> query, CancellationToken ct)
    {
        var list = await query
            .OrderBy(u => u.UserName)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.FullName,
                u.Email,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                ScopeCode = u.ScopeUnit == null ? null : u.ScopeUnit.Code,
                ScopeName = u.ScopeUnit == null ? null : u.ScopeUnit.FullName,
                u.LockoutEnd,
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return list.Select(u => new AccountItem(u.Id, u.UserName!, u.FullName, u.Email, u.Role ?? string.Empty, u.ScopeCode, u.ScopeName, u.LockoutEnd > now)).ToList();
    }

    private async Task<AccountItem> ItemAsync(int userId, CancellationToken ct) =>
        (await ItemsAsync(db.Users.AsNoTracking().Where(u => u.Id == userId), ct)).Single();

    /// <summary>
    /// Creates an account for a manager: an administrator any; the DX office never an administrator, and only with a
    /// scope inside its subtree (else <see cref="AccountAccess.Forbidden"/>). Without a password a strong one is generated.
    /// </summary>
    public async Task<AccountChange<CreatedAccount>> CreateAsync(NewAccount a, ClaimsPrincipal by, CancellationToken ct = default)
    {
        // An unknown or missing scope is left to the checks of the creation (400 naming the field), not refused here.
        var scope = string.IsNullOrWhiteSpace(a.ScopeCode) ? null : await ScopeUnitIdAsync(a.ScopeCode, ct);
        if (!MayManageAccounts(by) || (a.Role == Roles.Admin && !AccessScope.IsAdmin(by))
            || (scope is not null && !await MayManageAsync(by, targetIsAdmin: false, scope, ct)))
        {
            return Refused<CreatedAccount>();
        }

        var generated = string.IsNullOrEmpty(a.Password) ? GeneratePassword([a.UserName]) : null;
        var outcome = await CreateAsync(a with { Password = generated ?? a.Password }, ct);
        return new(AccountAccess.Allowed, outcome.Succeeded
            ? Outcome<CreatedAccount>.Ok(new CreatedAccount(outcome.Value!, generated))
            : Outcome<CreatedAccount>.Fail(outcome.Problems));
    }

    /// <summary>Locks (or unlocks) the account and ends every sign-in it has; nobody locks his own account.</summary>
    public Task<AccountChange<AccountItem>> LockAsync(string userName, bool locked, ClaimsPrincipal by, CancellationToken ct = default) =>
        ChangeAsync(userName, by, async user =>
        {
            if (locked && by.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id.ToString(CultureInfo.InvariantCulture))
            {
                return Outcome<AccountItem>.Fail("userName", "Không thể tự khóa tài khoản của mình.", "You cannot lock your own account.");
            }

            user.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
            // One write: the lock (audited) and a new stamp, so every cookie and token of the account ends at once.
            await users.UpdateSecurityStampAsync(user);
            return Outcome<AccountItem>.Ok(await ItemAsync(user.Id, ct));
        }, ct);

    /// <summary>
    /// Gives the account a new role and scope for a manager who manages it now and would manage it after (the DX office
    /// never makes an administrator nor moves an account out of its province); every sign-in of the account ends.
    /// </summary>
    public async Task<AccountChange<AccountItem>> ChangeRoleAsync(string userName, string? role, string? scopeCode, ClaimsPrincipal by, CancellationToken ct = default)
    {
        role = role?.Trim() ?? string.Empty;
        var scope = string.IsNullOrWhiteSpace(scopeCode) ? null : await ScopeUnitIdAsync(scopeCode, ct);
        if ((role == Roles.Admin && !AccessScope.IsAdmin(by)) || (scope is not null && !await MayManageAsync(by, targetIsAdmin: false, scope, ct)))
        {
            return Refused<AccountItem>();
        }

        return await ChangeAsync(userName, by, async user =>
        {
            var locked = user.LockoutEnd == DateTimeOffset.MaxValue;
            var outcome = await UpdateAsync(user.Id, role, scopeCode, locked, ct);
            return outcome.Succeeded ? Outcome<AccountItem>.Ok(await ItemAsync(user.Id, ct)) : Outcome<AccountItem>.Fail(outcome.Problems);
        }, ct);
    }

    /// <summary>Turns the account's two-factor sign-in off and forgets its key (a lost phone); every sign-in of the account ends.</summary>
    public Task<AccountChange<AccountItem>> ResetTwoFactorAsync(string userName, ClaimsPrincipal by, CancellationToken ct = default) =>
        ChangeAsync(userName, by, async user =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            return Outcome<AccountItem>.Ok(await ItemAsync(user.Id, ct));
        }, ct);

    /// <summary>Sets a new password chosen by a manager (Identity's rules and the common-password list apply) and ends every sign-in of the account.</summary>
    public Task<AccountChange<AccountItem>> SetPasswordAsync(string userName, string? password, ClaimsPrincipal by, CancellationToken ct = default) =>
        ChangeAsync(userName, by, async user => await SavePasswordAsync(user, password, "password", "password-set") is { Count: > 0 } problems
            ? Outcome<AccountItem>.Fail(problems)
            : Outcome<AccountItem>.Ok(await ItemAsync(user.Id, ct)), ct);

    /// <summary>
    /// The signed-in user's own change: the current password must be right; the new one follows the same rules. The new
    /// stamp ends every sign-in of the account; the caller re-issues the current browser's cookie.
    /// </summary>
    public async Task<Outcome<LodestarUser>> ChangeOwnPasswordAsync(ClaimsPrincipal me, string? currentPassword, string? newPassword)
    {
        if (await users.GetUserAsync(me) is not { } user || string.IsNullOrEmpty(currentPassword) || !await users.CheckPasswordAsync(user, currentPassword))
        {
            return Outcome<LodestarUser>.Fail("currentPassword", "Mật khẩu hiện tại không đúng.", "The current password is wrong.");
        }

        var problems = await SavePasswordAsync(user, newPassword, "newPassword", "password-change");
        return problems.Count > 0 ? Outcome<LodestarUser>.Fail(problems) : Outcome<LodestarUser>.Ok(user);
    }

    /// <summary>Checks the password and, when it passes, saves its hash, an audit entry and a new stamp in one write.</summary>
    private async Task<List<Problem>> SavePasswordAsync(LodestarUser user, string? password, string field, string action)
    {
        var problems = await PasswordProblemsAsync(user, password, field);
        if (problems.Count == 0)
        {
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password!);
            Audit(user, action);
            await users.UpdateSecurityStampAsync(user);
        }

        return problems;
    }

    /// <summary>Runs a change on the account named when <paramref name="by"/> manages it.</summary>
    private async Task<AccountChange<T>> ChangeAsync<T>(string userName, ClaimsPrincipal by, Func<LodestarUser, Task<Outcome<T>>> change, CancellationToken ct)
    {
        if (!MayManageAccounts(by))
        {
            return Refused<T>();
        }

        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            return new(AccountAccess.NotFound, Outcome<T>.Fail("userName", $"Không có tài khoản '{userName}'.", $"No account '{userName}'."));
        }

        return await MayManageAsync(by, await users.IsInRoleAsync(user, Roles.Admin), user.ScopeUnitId, ct)
            ? new(AccountAccess.Allowed, await change(user))
            : Refused<T>();
    }

    /// <summary>Administrators manage any account; the DX office one that is not an administrator's and is scoped inside its subtree.</summary>
    internal async Task<bool> MayManageAsync(ClaimsPrincipal by, bool targetIsAdmin, int? scopeUnitId, CancellationToken ct) =>
        (AccessScope.IsAdmin(by) || !targetIsAdmin) && await access.MayManageAsync(by, scopeUnitId, Today, ct);

    private static AccountChange<T> Refused<T>() => new(AccountAccess.Forbidden, Outcome<T>.Fail("userName",
        "Chỉ quản trị hệ thống, hoặc Văn phòng chuyển đổi số với tài khoản trong tỉnh của mình (không phải quản trị hệ thống), được làm việc này.",
        "Only administrators may do this, or the DX office with an account of its own province that is not an administrator's."));

    private async Task<List<Problem>> PasswordProblemsAsync(LodestarUser user, string? password, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [new Problem(field, new Msg("Nhập mật khẩu mới.", "Enter the new password."))];
        }

        var problems = new List<Problem>();
        foreach (var validator in users.PasswordValidators)
        {
            problems.AddRange(Problems(await validator.ValidateAsync(users, user, password), _ => field));
        }

        return problems;
    }

    private static List<Problem> Problems(IdentityResult result, Func<IdentityError, string> field) =>
        result.Errors.Select(e => new Problem(field(e), BilingualIdentityError.Of(e))).ToList();

    /// <summary>Password hashes and stamps never reach the audit trail, so setting a password is recorded by name.</summary>
    private void Audit(LodestarUser user, string action) => db.AuditEntries.Add(new AuditEntry
    {
        At = db.UtcNow,
        User = db.ActorName,
        Action = action,
        Entity = nameof(LodestarUser),
        Key = user.UserName ?? user.Id.ToString(CultureInfo.InvariantCulture),
    });

    private async Task<int?> ScopeUnitIdAsync(string scopeCode, CancellationToken ct) =>
        await db.OrgUnits.ValidOn(Today).Where(u => u.Code == scopeCode.Trim()).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);

    /// <summary>Creates an account without asking who creates it: for the first start, generators, the administrator's page and tests.</summary>
    public async Task<Outcome<LodestarUser>> CreateAsync(NewAccount a, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var fullName = TextFold.Clean(a.FullName);
        if (fullName.Length is 0 or > 200 || fullName.IndexOfAny(['<', '>']) >= 0)
        {
            problems.Add(new Problem("fullName", new Msg("Họ và tên phải có 1–200 ký tự, không chứa < hoặc >.", "The full name must have 1–200 characters, without < or >.")));
        }

        if (!Roles.All.Contains(a.Role))
        {
            problems.Add(new Problem("role", new Msg("Vai trò không hợp lệ.", "Unknown role.")));
        }

        var scope = await ResolveScopeAsync(a.ScopeCode, a.Role, problems, ct);
        if (problems.Count > 0)
        {
            return Outcome<LodestarUser>.Fail(problems);
        }

        var user = new LodestarUser
        {
            UserName = TextFold.Clean(a.UserName),
            FullName = fullName,
            Email = string.IsNullOrWhiteSpace(a.Email) ? null : a.Email.Trim(),
            ScopeUnitId = scope,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, a.Password ?? string.Empty);
        if (!created.Succeeded)
        {
            return Outcome<LodestarUser>.Fail(Problems(created, e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "userName"));
        }

        await users.AddToRoleAsync(user, a.Role);
        return Outcome<LodestarUser>.Ok(user);
    }

    public async Task<Outcome<LodestarUser>> UpdateAsync(int userId, string role, string? scopeCode, bool locked, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return Outcome<LodestarUser>.Fail("user", "Không tìm thấy tài khoản.", "Account not found.");
        }

        var problems = new List<Problem>();
        if (!Roles.All.Contains(role))
        {
            problems.Add(new Problem("role", new Msg("Vai trò không hợp lệ.", "Unknown role.")));
        }

        var scope = await ResolveScopeAsync(scopeCode, role, problems, ct);
        if (problems.Count > 0)
        {
            return Outcome<LodestarUser>.Fail(problems);
        }

        var current = await users.GetRolesAsync(user);
        var changed = user.ScopeUnitId != scope || (user.LockoutEnd == DateTimeOffset.MaxValue) != locked || !current.SequenceEqual([role]);
        user.ScopeUnitId = scope;
        user.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
        await users.UpdateAsync(user);
        if (!current.SequenceEqual([role]))
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, role);
        }

        // A lock, a new role or a new scope ends every sign-in of the account at once (the sign-ins carry the old stamp).
        if (changed)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        return Outcome<LodestarUser>.Ok(user);
    }

    /// <summary>Creates the administrator of a new database; returns the password when one had to be generated.</summary>
    public async Task<string?> EnsureAdministratorAsync(string? configuredPassword, CancellationToken ct = default)
    {
        await EnsureRolesAsync();

        // Accounts made before the first start (the CLI's create-user, generate-national) do not count: only an administrator does.
        if (await db.UserRoles.AnyAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin), ct))
        {
            return null;
        }

        var password = string.IsNullOrEmpty(configuredPassword) ? GeneratePassword([]) : configuredPassword;
        ThrowIfRefused((await CreateAsync(new NewAccount("admin", "Quản trị hệ thống", null, Roles.Admin, null, password), ct)).Problems, "LODESTAR_ADMIN_PASSWORD");
        return string.IsNullOrEmpty(configuredPassword) ? password : null;
    }

    /// <summary>The unit of a scope code for an account (or key) of <paramref name="role"/>: required but for administrators, who have none.</summary>
    internal async Task<int?> ResolveScopeAsync(string? scopeCode, string role, List<Problem> problems, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(scopeCode))
        {
            // Only administrators are national; any other account covers a subtree, so it must name its unit.
            if (role != Roles.Admin)
            {
                problems.Add(new Problem("scope", new Msg("Chọn phạm vi (mã đơn vị) cho tài khoản; chỉ quản trị hệ thống có phạm vi toàn quốc.",
                    "Choose the account's scope (a unit code); only administrators cover the whole country.")));
            }

            return null;
        }

        var today = Today;
        var unit = await ScopeUnitIdAsync(scopeCode, ct);
        if (unit is null)
        {
            problems.Add(new Problem("scope", new Msg($"Không có đơn vị mã {scopeCode} vào ngày {today.ToDisplay()}.", $"No unit has code {scopeCode} on {today.ToDisplay()}.")));
        }
        else if (role == Roles.Admin)
        {
            problems.Add(new Problem("scope", new Msg("Quản trị hệ thống có phạm vi toàn quốc; bỏ trống phạm vi.", "Administrators cover the whole country; leave the scope empty.")));
        }

        return unit;
    }

    /// <summary>Letters and digits nobody confuses when reading them out (no l, o, 0, 1, I, O): generated passwords and API keys.</summary>
    internal const string Unambiguous = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A first start stops, naming the variable, when the password it gave was refused (the problems say why).</summary>
    internal static void ThrowIfRefused(IReadOnlyList<Problem> problems, string variable)
    {
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{variable} was refused: " + string.Join(" ", problems.Select(p => p.Message.En)));
        }
    }

    /// <summary>What the password rules say of <paramref name="password"/> for an account of this name, before it exists.</summary>
    internal Task<List<Problem>> PasswordProblemsAsync(string userName, string? password) =>
        PasswordProblemsAsync(new LodestarUser { UserName = userName }, password, "password");

    /// <summary>A strong password for accounts of these user names (several share it in the demo).</summary>
    internal static string GeneratePassword(IEnumerable<string?> userNames)
    {
        // Upper, lower and digit guaranteed; the rest random from an unambiguous alphabet. Drawn again in the rare case it
        // happens to contain a short user name, which the password rules would refuse.
        var names = userNames.Select(n => n?.Trim()).OfType<string>().Where(n => n.Length > 0).ToList();
        string password;
        do
        {
            password = "Ls" + RandomNumberGenerator.GetString(Unambiguous, 16) + "9";
        }
        while (names.Exists(n => password.Contains(n, StringComparison.OrdinalIgnoreCase)));

        return password;
    }
}
