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

        // A first load writes ~40,000 rows: straight in (DirectInsert), not through the change tracker, which took most
        // of a first start's seconds. One audit entry says what the load added, as before.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.OrgUnits.AsNoTracking().Where(u => u.IsOfficial).ToDictionaryAsync(u => u.Uid, ct);
        var (units, refused) = NewUnits(files.Units, existing);
        if (refused.Count > 0)
        {
            return new ImportSummary(0, 0, 0, 0, clock.Elapsed, refused);
        }

        await DirectInsert.InsertAsync(db, units, ct);
        // Keys only: whole units here would be tracked, and each later save of the first start would look through 14,000 of them.
        var ids = await db.OrgUnits.Where(u => u.IsOfficial).Select(u => new { u.Uid, u.Id }).ToDictionaryAsync(u => u.Uid, u => u.Id, ct);
        var links = await NewParentLinksAsync(files.ParentLinks, ids, ct);
        await DirectInsert.InsertAsync(db, links, ct);
        var lineage = await NewLineageAsync(files.Lineage, ids, ct);
        await DirectInsert.InsertAsync(db, lineage, ct);
        var boundariesAdded = await AddBoundariesAsync(dir, files, ids, ct);

        var summary = new ImportSummary(units.Count, links.Count, lineage.Count, boundariesAdded, clock.Elapsed, []);
        if (summary.ChangedAnything)
        {
            await ChangeFeed.JoinAsync(db, ChangeKinds.Structure, rebuild: true, ct);
            db.AuditEntries.Add(new AuditEntry
            {
                At = db.UtcNow,
                User = db.ActorName,
                Action = "import",
                Entity = nameof(OrgUnit),
                Key = "official",
                After = JsonSerializer.Serialize(new
                {
                    added = units.Count,
                    linksAdded = links.Count,
                    lineageAdded = lineage.Count,
                    boundariesAdded,
                }),
            });
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return summary;
    }

    // Units already loaded are never overwritten: a name or type that differs is refused (history would be rewritten).
    // New ones are stamped and given their search text here, as a save would.
    private (List<OrgUnit> Added, List<string> Refused) NewUnits(IReadOnlyList<OrgUnit> units, Dictionary<string, OrgUnit> existing)
    {
        var added = new List<OrgUnit>();
        var refused = new List<string>();
        var now = db.UtcNow;
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

            unit.CreatedAt = unit.UpdatedAt = now;
            unit.CreatedBy = unit.UpdatedBy = db.ActorName;
            unit.SearchText = OrgUnit.SearchTextOf(unit);
            existing[unit.Uid] = unit;
            added.Add(unit);
        }

        return (added, refused);
    }

    private async Task<List<OrgUnitParentLink>> NewParentLinksAsync(IReadOnlyList<OfficialFiles.Link> links, Dictionary<string, int> ids, CancellationToken ct)
    {
        var known = (await db.OrgUnitParents.Select(l => new { l.ChildId, l.ParentId }).ToListAsync(ct))
            .Select(l => (l.ChildId, l.ParentId)).ToHashSet();
        return links.Select(link => new OrgUnitParentLink
        {
            ChildId = ids[link.FromUid],
            ParentId = ids[link.ToUid],
            ValidFrom = link.ValidFrom,
            ValidTo = link.ValidTo,
        })
            .Where(l => known.Add((l.ChildId, l.ParentId)))
            .ToList();
    }

    private async Task<List<OrgUnitLineage>> NewLineageAsync(IReadOnlyList<OfficialFiles.Edge> edges, Dictionary<string, int> ids, CancellationToken ct)
    {
        var known = (await db.OrgUnitLineages.Select(l => new { l.PredecessorId, l.SuccessorId }).ToListAsync(ct))
            .Select(l => (l.PredecessorId, l.SuccessorId)).ToHashSet();
        return edges.Select(edge => new OrgUnitLineage
        {
            PredecessorId = ids[edge.FromUid],
            SuccessorId = ids[edge.ToUid],
            MergeType = edge.MergeType,
            Effective = Dates.Reform2025,
        })
            .Where(l => known.Add((l.PredecessorId, l.SuccessorId)))
            .ToList();
    }

    private async Task<int> AddBoundariesAsync(string dir, OfficialFiles files, Dictionary<string, int> ids, CancellationToken ct)
    {
        var have = (await db.OrgUnitBoundaries.Select(b => b.OrgUnitId).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var (file, uidOf) in new (string, Func<string, string>)[]
                 {
                     ("provinces_2025.geojson", files.ProvinceUidAfterReform),
                     ("communes_2025_simplified.geojson", OfficialFiles.NewCommuneUid),
                 })
        {
            // One file at a time: the geometry is tens of MB of strings.
            await using var stream = File.OpenRead(Path.Combine(dir, file));
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            var boundaries = doc.RootElement.GetProperty("features").EnumerateArray()
                .Select(feature => new OrgUnitBoundary
                {
                    OrgUnitId = ids[uidOf(feature.GetProperty("properties").GetProperty("code").GetString()!)],
                    GeoJson = feature.GetProperty("geometry").GetRawText(),
                })
                .Where(b => have.Add(b.OrgUnitId))
                .ToList();
            await DirectInsert.InsertAsync(db, boundaries, ct);
            added += boundaries.Count;
        }

        return added;
    }
}
