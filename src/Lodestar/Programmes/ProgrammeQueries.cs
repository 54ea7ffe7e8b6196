using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Progress;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Programmes;

public sealed record ProgrammeItem(
    string Code, string Name, string? NameEn, string? DocumentNumber, DateOnly? IssuedOn, string? Issuer,
    string? ProvinceCode, string? ProvinceName, int StartYear, int EndYear, int Targets);

public sealed record TargetItem(string Code, string Name, string? NameEn, string Unit, string ProgrammeCode, string? Pillar);

/// <summary>
/// A change of a revision as listed: the pillar renamed (<see cref="Pillar"/> its name before) or the target concerned,
/// and for a changed path its new milestones.
/// </summary>
public sealed record RevisionChangeItem(
    RevisionKind Kind, string? Pillar, string? NewName, string? NewNameEn, string? Target, string? TargetName, IReadOnlyList<Milestone> Milestones);

/// <summary>A revision as listed: its decision, who recorded it when, and its changes.</summary>
public sealed record RevisionItem(
    int Id, string DecisionNumber, DateOnly DecidedOn, string? Note, DateTime RecordedAt, string RecordedBy, IReadOnlyList<RevisionChangeItem> Changes);

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

    /// <summary>
    /// Targets, optionally of one programme and with every word of <paramref name="query"/> in the name, English name or
    /// code, accents optional. A province has tens of targets, so the words are matched in memory.
    /// </summary>
    public async Task<List<TargetItem>> TargetsAsync(string? programme, string? query = null, CancellationToken ct = default)
    {
        var targets = await db.Targets.AsNoTracking()
            .Where(t => programme == null || t.Programme.Code == programme)
            .OrderBy(t => t.Programme.Code).ThenBy(t => t.SortOrder)
            .Select(t => new TargetItem(t.Code, t.Name, t.NameEn, t.Unit, t.Programme.Code, t.Pillar == null ? null : t.Pillar.Name))
            .ToListAsync(ct);
        var words = TextFold.Words(query);
        return words.Length == 0 ? targets
            : targets.Where(t => TextFold.HasAll(words, $"{t.Name} {t.NameEn} {t.Code}")).ToList();
    }

    /// <summary>The indicators a target may be measured by, for the forms that add one.</summary>
    public Task<List<Values.Indicator>> IndicatorsAsync(CancellationToken ct = default) =>
        db.Indicators.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct);

    /// <summary>Every indicator by code with the elements of its formula (numerator and denominator) loaded.</summary>
    public Task<List<Values.Indicator>> IndicatorsWithFormulaAsync(CancellationToken ct = default) =>
        db.Indicators.AsNoTracking().Include(i => i.Element).Include(i => i.Denominator).OrderBy(i => i.Code).ToListAsync(ct);

    /// <summary>Every data element by code.</summary>
    public Task<List<Values.DataElement>> DataElementsAsync(CancellationToken ct = default) =>
        db.DataElements.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct);

    /// <summary>The revisions of a programme in the order they took effect.</summary>
    public async Task<List<RevisionItem>> RevisionsAsync(string programme, CancellationToken ct = default) =>
        await db.ProgrammeRevisions.AsNoTracking()
            .Where(r => r.Programme.Code == programme)
            .OrderBy(r => r.DecidedOn).ThenBy(r => r.Id)
            .Select(r => new RevisionItem(r.Id, r.DecisionNumber, r.DecidedOn, r.Note, r.CreatedAt, r.CreatedBy,
                r.Changes.OrderBy(c => c.Id).Select(c => new RevisionChangeItem(c.Kind, c.OldName, c.NewName, c.NewNameEn,
                    c.Target == null ? null : c.Target.Code, c.Target == null ? null : c.Target.Name,
                    c.Milestones.OrderBy(m => m.Year).Select(m => new Milestone(m.Year, m.Value)).ToList())).ToList()))
            .ToListAsync(ct);
}
