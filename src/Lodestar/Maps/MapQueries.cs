using System.Buffers;
using System.Text;
using System.Text.Json;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Maps;

/// <summary>A unit on a map: its value (null = no data), its legend class, its page.</summary>
public sealed record MapValue(string Code, string Name, double? Value, int? Class, string Link);

/// <summary>A layer ready to draw: the units of <see cref="Unit"/> (a province's communes, or the provinces nationally).</summary>
public sealed record MapData(string Layer, Msg LayerName, string? Unit, Msg UnitName, int Year, string Suffix, bool HigherIsBetter,
    IReadOnlyList<MapClass> Classes, IReadOnlyList<MapValue> Values);

/// <summary>A layer that can be chosen for a scope.</summary>
public sealed record MapLayer(string Code, Msg Name);

/// <summary>A province whose communes the map can show.</summary>
public sealed record MapProvince(string Code, string FullName);

/// <summary>
/// Choropleth data: boundaries (from OrgUnitBoundaries, loaded by the official import) and the values of a layer.
/// Layers: <c>quality</c> (data-quality score), <c>overdue</c> (share of overdue tasks), <c>dti</c> (normalised DTI score ×100)
/// and <c>target:CODE</c> (a target's actual value in the year). Nationally only <c>dti</c> exists (the other figures are a
/// province's own). Rules in README.md.
/// </summary>
public sealed class MapQueries(LodestarDbContext db, ReportQueries reports, TaskQueries tasks, DtiQueries dti, ProgressService progress, FigureCache? figures = null)
{
    /// <summary>
    /// The units drawn for a scope on a date, named as they were then: the communes of a province, or the provinces when
    /// <paramref name="province"/> is null.
    /// </summary>
    public Task<(OrgUnit? Root, List<OrgUnit> Units)?> UnitsAsync(string? province, DateOnly today, CancellationToken ct = default) =>
        UnitsAsync(db, province, today, ct);

    private static async Task<(OrgUnit? Root, List<OrgUnit> Units)?> UnitsAsync(LodestarDbContext db, string? province, DateOnly today, CancellationToken ct)
    {
        if (await TreeAsync(db, province, today, ct) is not { } scope)
        {
            return null;
        }

        await db.OrgUnitNames.NameAsOfAsync([.. scope.Units, .. scope.Root is null ? Array.Empty<OrgUnit>() : [scope.Root]], today, ct);
        return scope;
    }

    private static async Task<(OrgUnit? Root, List<OrgUnit> Units)?> TreeAsync(LodestarDbContext db, string? province, DateOnly today, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(province))
        {
            var all = await db.OrgUnits.AsNoTracking().ValidOn(today).Where(u => u.Level == OrgUnitLevel.Province && u.IsOfficial)
                .OrderBy(u => u.Code).ToListAsync(ct);
            return (null, all);
        }

        var root = await db.OrgUnits.AsNoTracking().ValidOn(today).FirstOrDefaultAsync(u => u.Code == province && u.Level == OrgUnitLevel.Province, ct);
        if (root is null)
        {
            return null;
        }

        var communes = await db.OrgUnitParents.AsNoTracking().ValidOn(today)
            .Where(l => l.ParentId == root.Id && l.Child.Level == OrgUnitLevel.Commune)
            .Select(l => l.Child).OrderBy(u => u.Code).ToListAsync(ct);
        return (root, communes);
    }

    /// <summary>
    /// The provinces whose communes the map offers, by code: those that run programmes come first, as they have their own
    /// figures, and the <paramref name="home"/> province is among them even before it has a programme.
    /// </summary>
    public async Task<List<MapProvince>> ProvincesAsync(OrgUnit? home, CancellationToken ct = default)
    {
        var provinces = await db.Programmes.AsNoTracking().Where(p => p.Province != null)
            .Select(p => new { p.Province!.Code, p.Province.FullName }).Distinct().ToListAsync(ct);
        var list = provinces.Select(p => new MapProvince(p.Code, p.FullName)).ToList();
        if (home is not null && list.TrueForAll(p => p.Code != home.Code))
        {
            list.Add(new MapProvince(home.Code, home.FullName));
        }

        return [.. list.OrderBy(p => p.Code)];
    }

    /// <summary>The layers a scope offers: the fixed ones and one per target of the province's programmes.</summary>
    public async Task<List<MapLayer>> LayersAsync(string? province, CancellationToken ct = default)
    {
        var dtiName = new Msg("Điểm DTI (chuẩn hóa, 0–100)", "DTI score (normalised, 0–100)");
        if (string.IsNullOrWhiteSpace(province))
        {
            return [new MapLayer("dti", dtiName)];
        }

        var list = new List<MapLayer>
        {
            new("quality", new Msg("Điểm chất lượng dữ liệu (0–100)", "Data-quality score (0–100)")),
            new("overdue", new Msg("Tỷ lệ nhiệm vụ quá hạn (%)", "Share of overdue tasks (%)")),
            new("dti", dtiName),
        };
        var targets = await db.Targets.AsNoTracking().Where(t => t.Programme.Province != null && t.Programme.Province.Code == province)
            .OrderBy(t => t.Programme.Code).ThenBy(t => t.SortOrder).ThenBy(t => t.Code)
            .Select(t => new { t.Code, t.Name, t.NameEn }).ToListAsync(ct);
        list.AddRange(targets.Select(t => new MapLayer("target:" + t.Code, new Msg($"Chỉ tiêu {t.Code}: {t.Name}", $"Target {t.Code}: {t.NameEn ?? t.Name}"))));
        return list;
    }

    /// <summary>
    /// The values of a layer for a scope and year, classed for the legend; null when the scope or layer is unknown. Only the
    /// units in <paramref name="visible"/> (the reader's subtree; null: all) carry a value, the others are drawn without data.
    /// </summary>
    public Task<MapData?> ValuesAsync(string layer, string? province, int year, DateOnly today, IReadOnlySet<int>? visible, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(layer);

        // The DTI layer is the kept scores (ADR 0017) laid on the units; the units, their names and the framework were four
        // queries a request. It changes with what the scores change with.
        return layer != "dti" || figures is null ? LayerAsync(layer, province, year, today, visible, ct)
            : figures.GetAsync((nameof(ValuesAsync), layer, province, year, today, FigureCache.KeyOf(visible)), ChangeKinds.Dti | ChangeKinds.Structure | ChangeKinds.Values,
                () => LayerAsync(layer, province, year, today, visible, ct), ct);
    }

    private async Task<MapData?> LayerAsync(string layer, string? province, int year, DateOnly today, IReadOnlySet<int>? visible, CancellationToken ct)
    {
        if (await UnitsAsync(province, today, ct) is not { } scope)
        {
            return null;
        }

        var (root, units) = scope;
        var ids = units.Select(u => u.Id).ToList();
        var unitName = root is null ? new Msg("Việt Nam (34 tỉnh, thành phố)", "Viet Nam (34 provinces)") : new Msg(root.FullName, root.NameEn ?? root.FullName);
        Dictionary<int, double> values;
        Msg name;
        string suffix;
        var higherIsBetter = true;
        var percentScale = true;
        switch (layer)
        {
            case "quality" when root is not null:
                name = new Msg("Điểm chất lượng dữ liệu", "Data-quality score");
                suffix = "";
                values = (await reports.QualityAsync(ids, today, ct)).ToDictionary(q => q.UnitId, q => q.Score.Score);
                break;
            case "overdue" when root is not null:
                name = new Msg("Tỷ lệ nhiệm vụ quá hạn", "Share of overdue tasks");
                suffix = "%";
                higherIsBetter = false;
                var byCode = units.ToDictionary(u => u.Code, u => u.Id);
                values = (await tasks.SummaryByUnitAsync(new TaskFilter(today, Units: ids.ToHashSet()), ct))
                    .Where(s => s.Counts.Total > s.Counts.Cancelled && byCode.ContainsKey(s.Code))
                    .ToDictionary(s => byCode[s.Code], s => Math.Round(s.Counts.OverdueShare * 100, 1));
                break;
            case "dti":
                name = new Msg("Điểm DTI chuẩn hóa", "Normalised DTI score");
                suffix = "";
                values = await DtiAsync(root, year, ct);
                break;
            default:
                if (root is null || !layer.StartsWith("target:", StringComparison.Ordinal)
                    || await progress.TargetAsync(layer["target:".Length..], ct) is not { } target)
                {
                    return null;
                }

                name = new Msg($"Chỉ tiêu {target.Code}: {target.Name}", $"Target {target.Code}: {target.NameEn ?? target.Name}");
                suffix = target.Unit == "%" ? "%" : " " + target.Unit;
                percentScale = target.Unit == "%";
                higherIsBetter = target.Direction == Programmes.Direction.HigherIsBetter;
                var table = await progress.TableAsync(target, root, Period.OfYear(year), ct);
                values = table.Children.Where(c => c.Result.Actual is not null).ToDictionary(c => c.UnitId, c => Math.Round(c.Result.Actual!.Value, 2));
                break;
        }

        if (visible is not null)
        {
            values = values.Where(v => visible.Contains(v.Key)).ToDictionary();
        }

        return Compose(layer, name, root, unitName, units, values, year, suffix, higherIsBetter, percentScale);
    }

    /// <summary>
    /// A layer from figures that were decided elsewhere, by unit code — the public portal's published snapshot — drawn on
    /// the communes of <paramref name="province"/> as they are today; null when the province is unknown.
    /// </summary>
    public async Task<MapData?> FromFiguresAsync(string layer, Msg name, string province, int year, IReadOnlyDictionary<string, double> byCode,
        string suffix, bool higherIsBetter, bool percentScale, DateOnly today, CancellationToken ct = default)
    {
        if (await UnitsAsync(province, today, ct) is not ({ } root, var units))
        {
            return null;
        }

        var values = units.Where(u => byCode.ContainsKey(u.Code)).ToDictionary(u => u.Id, u => byCode[u.Code]);
        return Compose(layer, name, root, new Msg(root.FullName, root.NameEn ?? root.FullName), units, values, year, suffix, higherIsBetter, percentScale);
    }

    private static MapData Compose(string layer, Msg name, OrgUnit? root, Msg unitName, IEnumerable<OrgUnit> units, Dictionary<int, double> values,
        int year, string suffix, bool higherIsBetter, bool percentScale)
    {
        var classes = MapClasses.Breaks(values.Values.ToList(), percentScale, higherIsBetter);
        var items = units.Select(u =>
        {
            double? v = values.TryGetValue(u.Id, out var x) ? x : null;
            return new MapValue(u.Code, u.Name, v, MapClasses.Of(classes, v)?.Index, "/units/" + Uri.EscapeDataString(u.Code));
        }).ToList();
        return new MapData(layer, name, root?.Code, unitName, year, suffix, higherIsBetter, classes, items);
    }

    private async Task<Dictionary<int, double>> DtiAsync(OrgUnit? root, int year, CancellationToken ct)
    {
        var level = root is null ? OrgUnitLevel.Province : OrgUnitLevel.Commune;
        int? provinceId = root?.Id;
        var frameworks = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes)
            .Where(f => f.Level == level && f.ProvinceId == provinceId && f.FirstYear <= year).ToListAsync(ct);
        var framework = frameworks.Where(f => f.AppliesTo(year)).OrderByDescending(f => f.FirstYear).FirstOrDefault();
        if (framework is null)
        {
            return [];
        }

        var scores = await dti.ScoresAsync(framework, year, withBefore: false, ct: ct);
        return scores.Units.ToDictionary(u => u.UnitId, u => Math.Round(u.Normalised * 100, 1));
    }

    /// <summary>
    /// The boundaries of a scope as one GeoJSON FeatureCollection (properties: code, name), each unit's shape of that day. Coordinates are rounded to
    /// <paramref name="decimals"/> places (4 ≈ 11 m for communes, 2 ≈ 1 km for the national map) to keep it compact. Public and
    /// changed only by imports and reorganisations, so read through <see cref="StaleReads"/>: a standby's when configured (ADR 0027).
    /// </summary>
    public static async Task<string?> BoundariesAsync(StaleReads reads, string? province, DateOnly today, int decimals, CancellationToken ct = default)
    {
        var db = await reads.ContextAsync(ct);
        if (await UnitsAsync(db, province, today, ct) is not { } scope)
        {
            return null;
        }

        var ids = scope.Units.Select(u => u.Id).ToList();
        var shapes = await new OrgUnitQueries(db).BoundariesAsync(ids, today, ct);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var u in scope.Units.Where(u => shapes.ContainsKey(u.Id)))
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("code", u.Code);
                w.WriteString("name", u.Name);
                w.WriteEndObject();
                w.WritePropertyName("geometry");
                CopyRounded(shapes[u.Id], w, decimals);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes a GeoJSON geometry with its coordinates rounded to <paramref name="decimals"/> places, dropping the points that
    /// rounding made equal to the one before (a ring keeps at least 4 positions, so it stays a valid closed ring).
    /// </summary>
    internal static void CopyRounded(string json, Utf8JsonWriter w, int decimals)
    {
        using var doc = JsonDocument.Parse(json);
        w.WriteStartObject();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.NameEquals("coordinates"))
            {
                w.WritePropertyName("coordinates");
                Coordinates(p.Value, w, decimals);
            }
            else
            {
                p.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    private static void Coordinates(JsonElement e, Utf8JsonWriter w, int decimals)
    {
        // A position is an array of numbers; a ring (or line) is an array of positions; anything above nests them.
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0)
        {
            e.WriteTo(w);
            return;
        }

        var first = e[0];
        if (first.ValueKind == JsonValueKind.Array && first.GetArrayLength() > 0 && first[0].ValueKind == JsonValueKind.Number)
        {
            var points = e.EnumerateArray().Select(p => (X: Math.Round(p[0].GetDouble(), decimals), Y: Math.Round(p[1].GetDouble(), decimals))).ToList();
            var kept = new List<(double X, double Y)>(points.Count);
            foreach (var pt in points)
            {
                if (kept.Count == 0 || kept[^1] != pt)
                {
                    kept.Add(pt);
                }
            }

            if (kept.Count < 4)
            {
                kept = points;
            }

            w.WriteStartArray();
            foreach (var (x, y) in kept)
            {
                w.WriteStartArray();
                w.WriteNumberValue(x);
                w.WriteNumberValue(y);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            return;
        }

        w.WriteStartArray();
        foreach (var child in e.EnumerateArray())
        {
            Coordinates(child, w, decimals);
        }

        w.WriteEndArray();
    }
}
