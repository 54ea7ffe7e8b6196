using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.OrgUnits;

public sealed record NewUnit(string Code, string Name, string FullName, string Type, OrgUnitLevel Level, int ParentId, DateOnly ValidFrom, string? NameEn = null, string? TypeEn = null);

/// <summary>Writes to the organisation that a province makes itself: its agencies and villages.</summary>
public sealed class OrgUnitService(LodestarDbContext db)
{
    public async Task<Outcome<OrgUnit>> AddAsync(NewUnit n, CancellationToken ct = default)
    {
        var code = TextFold.Clean(n.Code);
        var fullName = TextFold.Clean(n.FullName);
        var problems = new[] { UnitText.CodeProblem(code, "code"), UnitText.NameProblem(TextFold.Clean(n.Name), fullName, "fullName") }.OfType<Problem>().ToList();
        if (n.Level is not (OrgUnitLevel.Agency or OrgUnitLevel.Village))
        {
            problems.Add(new Problem("level", new Msg("Chỉ thêm được cơ quan hoặc thôn, bản; đơn vị hành chính lấy từ danh mục chính thức.", "Only agencies and villages can be added; administrative units come from the official lists.")));
        }

        if (problems.Count == 0 && await db.OrgUnits.ValidOn(n.ValidFrom).AnyAsync(u => u.Code == code, ct))
        {
            problems.Add(new Problem("code", new Msg($"Mã {code} đã được dùng vào ngày {n.ValidFrom.ToDisplay()}.", $"Code {code} is already in use on {n.ValidFrom.ToDisplay()}.")));
        }

        if (problems.Count > 0)
        {
            return Outcome<OrgUnit>.Fail(problems);
        }

        var unit = new OrgUnit
        {
            Code = code,
            Name = TextFold.Clean(n.Name),
            FullName = fullName,
            NameEn = n.NameEn,
            Type = TextFold.Clean(n.Type),
            TypeEn = n.TypeEn,
            Level = n.Level,
            ValidFrom = n.ValidFrom,
        };
        db.OrgUnits.Add(unit);
        db.OrgUnitParents.Add(new OrgUnitParentLink { Child = unit, ParentId = n.ParentId, ValidFrom = n.ValidFrom });
        await db.SaveChangesAsync(ct);
        return Outcome<OrgUnit>.Ok(unit);
    }

    /// <summary>Renames a unit (a correction). The audit trail keeps the old name.</summary>
    public async Task<Outcome<OrgUnit>> RenameAsync(int unitId, string name, string fullName, int version, CancellationToken ct = default)
    {
        var unit = await db.OrgUnits.FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null)
        {
            return Outcome<OrgUnit>.Fail("unit", "Không tìm thấy đơn vị.", "Unit not found.");
        }

        if (unit.IsOfficial)
        {
            return Outcome<OrgUnit>.Fail("fullName", "Tên đơn vị hành chính lấy từ danh mục chính thức, không sửa tại đây.", "Administrative units keep the names of the official lists.");
        }

        if (unit.Version != version)
        {
            return Outcome<OrgUnit>.Fail("version", "Đơn vị vừa được người khác sửa; hãy tải lại trang.", "Someone else changed this unit; reload the page.");
        }

        name = TextFold.Clean(name);
        fullName = TextFold.Clean(fullName);
        if (UnitText.NameProblem(name, fullName, "fullName") is { } problem)
        {
            return Outcome<OrgUnit>.Fail([problem]);
        }

        unit.Name = name;
        unit.FullName = fullName;
        await db.SaveChangesAsync(ct);
        return Outcome<OrgUnit>.Ok(unit);
    }
}
