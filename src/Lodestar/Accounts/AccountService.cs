using System.Security.Cryptography;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Accounts;

public sealed record AccountItem(int Id, string UserName, string FullName, string? Email, string Role, string? ScopeCode, string? ScopeName, bool LockedOut);

public sealed record NewAccount(string UserName, string FullName, string? Email, string Role, string? ScopeCode, string Password);

/// <summary>Accounts, their role and their scope; used by the administrator's page and the CLI.</summary>
public sealed class AccountService(LodestarDbContext db, UserManager<LodestarUser> users, RoleManager<IdentityRole<int>> roles, TimeProvider clock)
{
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

    public async Task<List<AccountItem>> ListAsync(CancellationToken ct = default)
    {
        var list = await db.Users.AsNoTracking()
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
        var created = await users.CreateAsync(user, a.Password);
        if (!created.Succeeded)
        {
            return Outcome<LodestarUser>.Fail(created.Errors.Select(e => new Problem(
                e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "userName",
                BilingualIdentityError.Of(e))).ToList());
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

        var password = string.IsNullOrEmpty(configuredPassword) ? GeneratePassword() : configuredPassword;
        var created = await CreateAsync(new NewAccount("admin", "Quản trị hệ thống", null, Roles.Admin, null, password), ct);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("LODESTAR_ADMIN_PASSWORD was refused: " + string.Join(" ", created.Problems.Select(p => p.Message.En)));
        }

        return string.IsNullOrEmpty(configuredPassword) ? password : null;
    }

    private async Task<int?> ResolveScopeAsync(string? scopeCode, string role, List<Problem> problems, CancellationToken ct)
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

        var today = Dates.Today(clock);
        var unit = await db.OrgUnits.ValidOn(today).Where(u => u.Code == scopeCode.Trim()).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
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

    private static string GeneratePassword()
    {
        // Upper, lower and digit guaranteed; the rest random from an unambiguous alphabet.
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = Enumerable.Range(0, 16).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        return "Ls" + new string(chars) + "9";
    }
}
