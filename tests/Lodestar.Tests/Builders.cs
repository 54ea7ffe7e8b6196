using Lodestar.Data;
using Lodestar.OrgUnits;

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
}
