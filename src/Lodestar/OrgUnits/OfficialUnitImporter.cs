using System.Diagnostics;
using System.Text.Json;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.OrgUnits;

/// <summary>
/// What an import did. <see cref="Refused"/> lists the units whose name or type in the files differs from the database:
/// then nothing was written, since such a change is a reorganisation with a date and a basis (the <c>reorganise</c> command).
/// </summary>
public sealed record ImportSummary(int UnitsAdded, int ParentLinksAdded, int LineageAdded, int BoundariesAdded, TimeSpan Elapsed, IReadOnlyList<string> Refused)
{
    public bool ChangedAnything => UnitsAdded + ParentLinksAdded + LineageAdded + BoundariesAdded > 0;
}

/// <summary>
/// Loads the official administrative units of Vietnam before and after the 1 July 2025 reform, the
/// old → new lineage and the 2025 boundaries from data/official (see its README for sources).
/// Idempotent: units are matched by a uid derived from level, code and validity, so a second run adds nothing.
/// </summary>
public sealed class OfficialUnitImporter(LodestarDbContext db)
{
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data", "official");

    public async Task<ImportSummary> ImportAsync(string? directory = null, CancellationToken ct = default)
    {
        var dir = directory ?? DefaultDirectory;
        var clock = Stopwatch.StartNew();
        var files = OfficialFiles.Read(dir);

        db.SkipEntityAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var existing = await db.OrgUnits.Where(u => u.IsOfficial).ToDictionaryAsync(u => u.Uid, ct);
            var (added, refused) = AddUnits(files.Units, existing);
            if (refused.Count > 0)
            {
                return new ImportSummary(0, 0, 0, 0, clock.Elapsed, refused);
            }

            await db.SaveChangesAsync(ct);

            var byUid = existing;
            var linksAdded = await AddParentLinksAsync(files.ParentLinks, byUid, ct);
            var lineageAdded = await AddLineageAsync(files.Lineage, byUid, ct);
            await db.SaveChangesAsync(ct);

            var boundariesAdded = await AddBoundariesAsync(dir, files, byUid, ct);

            var summary = new ImportSummary(added, linksAdded, lineageAdded, boundariesAdded, clock.Elapsed, []);
            if (summary.ChangedAnything)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    At = db.UtcNow,
                    User = db.ActorName,
                    Action = "import",
                    Entity = nameof(OrgUnit),
                    Key = "official",
                    After = JsonSerializer.Serialize(new { added, linksAdded, lineageAdded, boundariesAdded }),
                });
                await db.SaveChangesAsync(ct);
            }

            await tx.CommitAsync(ct);
            return summary;
        }
        finally
        {
            db.SkipEntityAudit = false;
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            db.ChangeTracker.Clear();
        }
    }

    // Units already loaded are never overwritten: a name or type that differs is refused (history would be rewritten).
    private (int Added, List<string> Refused) AddUnits(IReadOnlyList<OrgUnit> units, Dictionary<string, OrgUnit> existing)
    {
        var added = 0;
        var refused = new List<string>();
        foreach (var unit in units)
        {
            if (existing.TryGetValue(unit.Uid, out var current))
            {
                if (current.Name != unit.Name || current.FullName != unit.FullName || current.Type != unit.Type
                    || current.NameEn != unit.NameEn || current.TypeEn != unit.TypeEn)
                {
                    refused.Add($"{current.Code} ({current.FullName} → {unit.FullName}, {current.Type} → {unit.Type})");
                }

                continue;
            }

            db.OrgUnits.Add(unit);
            existing[unit.Uid] = unit;
            added++;
        }

        db.ChangeTracker.DetectChanges();
        return (added, refused);
    }

    private async Task<int> AddParentLinksAsync(IReadOnlyList<OfficialFiles.Link> links, Dictionary<string, OrgUnit> byUid, CancellationToken ct)
    {
        var known = (await db.OrgUnitParents.Select(l => new { l.ChildId, l.ParentId }).ToListAsync(ct))
            .Select(l => (l.ChildId, l.ParentId)).ToHashSet();
        var added = 0;
        foreach (var link in links)
        {
            var child = byUid[link.FromUid];
            var parent = byUid[link.ToUid];
            if (known.Add((child.Id, parent.Id)))
            {
                db.OrgUnitParents.Add(new OrgUnitParentLink
                {
                    ChildId = child.Id,
                    ParentId = parent.Id,
                    ValidFrom = link.ValidFrom,
                    ValidTo = link.ValidTo,
                });
                added++;
            }
        }

        return added;
    }

    private async Task<int> AddLineageAsync(IReadOnlyList<OfficialFiles.Edge> edges, Dictionary<string, OrgUnit> byUid, CancellationToken ct)
    {
        var known = (await db.OrgUnitLineages.Select(l => new { l.PredecessorId, l.SuccessorId }).ToListAsync(ct))
            .Select(l => (l.PredecessorId, l.SuccessorId)).ToHashSet();
        var added = 0;
        foreach (var edge in edges)
        {
            var from = byUid[edge.FromUid];
            var to = byUid[edge.ToUid];
            if (known.Add((from.Id, to.Id)))
            {
                db.OrgUnitLineages.Add(new OrgUnitLineage
                {
                    PredecessorId = from.Id,
                    SuccessorId = to.Id,
                    MergeType = edge.MergeType,
                    Effective = Dates.Reform2025,
                });
                added++;
            }
        }

        return added;
    }

    private async Task<int> AddBoundariesAsync(string dir, OfficialFiles files, Dictionary<string, OrgUnit> byUid, CancellationToken ct)
    {
        var have = (await db.OrgUnitBoundaries.Select(b => b.OrgUnitId).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var (file, uidOf) in new (string, Func<string, string>)[]
                 {
                     ("provinces_2025.geojson", files.ProvinceUidAfterReform),
                     ("communes_2025_simplified.geojson", OfficialFiles.NewCommuneUid),
                 })
        {
            await using var stream = File.OpenRead(Path.Combine(dir, file));
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var code = feature.GetProperty("properties").GetProperty("code").GetString()!;
                var unit = byUid[uidOf(code)];
                if (have.Add(unit.Id))
                {
                    db.OrgUnitBoundaries.Add(new OrgUnitBoundary { OrgUnitId = unit.Id, GeoJson = feature.GetProperty("geometry").GetRawText() });
                    added++;
                }
            }

            // Save per file: keeps the tracked geometry (tens of MB of strings) from piling up.
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return added;
    }
}
