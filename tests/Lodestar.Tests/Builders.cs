using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests;

/// <summary>Small builders: each test arranges just the units it needs.</summary>
internal static class Builders
{
    public static async Task<OrgUnit> AddUnitAsync(this LodestarDbContext db, string code, OrgUnitLevel level, OrgUnit? parent = null,
        DateOnly? from = null, DateOnly? to = null, string? fullName = null)
    {
        var unit = new OrgUnit
        {
            Code = code,
            Name = fullName ?? $"Đơn vị {code}",
            FullName = fullName ?? $"Đơn vị {code}",
            Type = level.ToString(),
            Level = level,
            ValidFrom = from,
            ValidTo = to,
        };
        db.OrgUnits.Add(unit);
        if (parent is not null)
        {
            db.OrgUnitParents.Add(new OrgUnitParentLink { Child = unit, Parent = parent, ValidFrom = from, ValidTo = to });
        }

        await db.SaveChangesAsync();
        return unit;
    }

    /// <summary>An account with one role (created when missing) scoped to a unit.</summary>
    public static async Task<LodestarUser> AddUserAsync(this LodestarDbContext db, string userName, string fullName, string? email, string role, int scopeUnitId)
    {
        if (!await db.Roles.AnyAsync(r => r.Name == role))
        {
            db.Roles.Add(new IdentityRole<int>(role) { NormalizedName = role.ToUpperInvariant() });
        }

        var user = new LodestarUser { UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), Email = email, ScopeUnitId = scopeUnitId, FullName = fullName, CreatedAt = db.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.UserRoles.Add(new IdentityUserRole<int> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync() });
        await db.SaveChangesAsync();
        return user;
    }
}
