using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Programmes;

public sealed record ProgrammeItem(
    string Code, string Name, string? NameEn, string? DocumentNumber, DateOnly? IssuedOn, string? Issuer,
    string? ProvinceCode, string? ProvinceName, int StartYear, int EndYear, int Targets);

public sealed record TargetItem(string Code, string Name, string? NameEn, string Unit, string ProgrammeCode, string? Pillar);

public sealed class ProgrammeQueries(LodestarDbContext db)
{
    public async Task<List<ProgrammeItem>> ListAsync(CancellationToken ct = default) =>
        await db.Programmes.AsNoTracking()
            .OrderBy(p => p.ProvinceId == null).ThenBy(p => p.Code)
            .Select(p => new ProgrammeItem(p.Code, p.Name, p.NameEn, p.DocumentNumber, p.IssuedOn, p.Issuer,
                p.Province == null ? null : p.Province.Code, p.Province == null ? null : p.Province.FullName,
                p.StartYear, p.EndYear, db.Targets.Count(t => t.ProgrammeId == p.Id)))
            .ToListAsync(ct);

    public Task<Programme?> GetAsync(string code, CancellationToken ct = default) =>
        db.Programmes.AsNoTracking().Include(p => p.Province).Include(p => p.Pillars.OrderBy(x => x.SortOrder))
            .SingleOrDefaultAsync(p => p.Code == code, ct);

    /// <summary>The targets a unit answers for (it is their responsible unit).</summary>
    public async Task<List<TargetItem>> ResponsibleForAsync(int unitId, CancellationToken ct = default) =>
        await db.Targets.AsNoTracking().Where(t => t.ResponsibleUnitId == unitId)
            .OrderBy(t => t.Programme.Code).ThenBy(t => t.SortOrder)
            .Select(t => new TargetItem(t.Code, t.Name, t.NameEn, t.Unit, t.Programme.Code, t.Pillar == null ? null : t.Pillar.Name))
            .ToListAsync(ct);

    /// <summary>Targets whose indicator has values reported by the unit.</summary>
    public async Task<List<TargetItem>> ReportedByAsync(int unitId, CancellationToken ct = default)
    {
        var elementIds = db.DataValues.Where(v => v.OrgUnitId == unitId).Select(v => v.DataElementId).Distinct();
        return await db.Targets.AsNoTracking()
            .Where(t => elementIds.Contains(t.Indicator.ElementId))
            .OrderBy(t => t.Programme.Code).ThenBy(t => t.SortOrder)
            .Select(t => new TargetItem(t.Code, t.Name, t.NameEn, t.Unit, t.Programme.Code, t.Pillar == null ? null : t.Pillar.Name))
            .ToListAsync(ct);
    }

    public async Task<List<TargetItem>> TargetsAsync(string? programme, CancellationToken ct = default) =>
        await db.Targets.AsNoTracking()
            .Where(t => programme == null || t.Programme.Code == programme)
            .OrderBy(t => t.Programme.Code).ThenBy(t => t.SortOrder)
            .Select(t => new TargetItem(t.Code, t.Name, t.NameEn, t.Unit, t.Programme.Code, t.Pillar == null ? null : t.Pillar.Name))
            .ToListAsync(ct);
}
