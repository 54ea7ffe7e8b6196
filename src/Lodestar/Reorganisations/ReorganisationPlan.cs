using System.Text.Json.Nodes;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reorganisations;

/// <summary>
/// The changes resolved against the map on the day before, with every write they need staged on tracked entities (nothing
/// is saved here) and every consequence listed. New units are added to the context at once, so their temporary keys carry
/// into every row that points at them.
/// </summary>
internal sealed partial class ReorganisationPlan(LodestarDbContext db, DateOnly d, IReadOnlySet<int>? scope, List<Problem> problems)
{
    private readonly DateOnly _before = d.AddDays(-1);
    private readonly Dictionary<int, Closing> _closing = [];
    private readonly List<OrgUnit> _created = [];
    private readonly Dictionary<OrgUnit, OrgUnit> _parents = [];
    private readonly List<(OrgUnit From, OrgUnit To, MergeType Type, double? Share)> _edges = [];
    private readonly List<OrgUnitName> _names = [];
    private readonly Dictionary<OrgUnit, string> _boundaries = [];
    private readonly Dictionary<OrgUnit, Reshaped> _reshaped = [];
    private readonly HashSet<OrgUnit> _reshapeAsked = [];
    private readonly HashSet<int> _touched = [];
    private readonly Dictionary<OrgUnit, string> _fields = [];

    private sealed record Closing(OrgUnit Unit, OrgUnit Successor, bool Split);

    /// <summary>An existing unit whose shape changes from D: its row (null: it had none), the shape it had and since when.</summary>
    private sealed record Reshaped(OrgUnitBoundary? Row, string? Old, DateOnly? Since);

    /// <summary>The existing units whose boundary this plan replaces, with the shape before and after (for the audit trail).</summary>
    public IEnumerable<(string Code, string? Before, string After)> Reshapes => _reshaped.Select(r => (r.Key.Code, r.Value.Old, _boundaries[r.Key]));

    public List<Consequence> Consequences { get; } = [];

    public async Task AddAsync(ChangeInput c, string field, CancellationToken ct)
    {
        switch (c.Kind)
        {
            case ChangeKind.Rename or ChangeKind.Retype:
                await RenameAsync(c, field, ct);
                break;
            case ChangeKind.Move:
                if (await ExistingAsync(c.Unit, $"{field}.unit", ct) is { } moved && await ParentAsync(c.Parent, $"{field}.parent", ct) is { } parent)
                {
                    if (moved == parent || (await new OrgUnitQueries(db).SubtreeIdsAsync(moved.Id, _before, ct)).Contains(parent.Id))
                    {
                        Fail($"{field}.parent", "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", "A unit cannot move under itself or a unit below it.");
                        break;
                    }

                    if (!_parents.TryAdd(moved, parent))
                    {
                        Fail($"{field}.unit", $"{moved.FullName} được chuyển hai lần trong cùng quyết định.", $"{moved.FullName} is moved twice in the same decision.");
                        break;
                    }

                    Add("unit-moved", moved.Code, null, parent.Code, new($"{moved.FullName} chuyển về trực thuộc {parent.FullName}.", $"{moved.FullName} moves under {parent.FullName}."));
                }

                break;
            case ChangeKind.Create:
                await NewAsync(c.NewUnit, null, $"{field}.newUnit", ct);
                break;
            case ChangeKind.Dissolve:
                if (await ExistingAsync(c.Unit, $"{field}.unit", ct) is { } gone && await ParentAsync(c.Successor, $"{field}.successor", ct) is { } heir)
                {
                    Close(gone, heir, split: false, field);
                    _edges.Add((gone, heir, MergeType.Full, null));
                }

                break;
            case ChangeKind.Merge:
                await MergeAsync(c, field, ct);
                break;
            case ChangeKind.Split:
                await SplitAsync(c, field, ct);
                break;
            case ChangeKind.Reshape:
                if (await ExistingAsync(c.Unit, $"{field}.unit", ct) is { } reshaped && Shape(c.Boundary, $"{field}.boundary") is { } shape)
                {
                    if (_closing.ContainsKey(reshaped.Id) || !_reshapeAsked.Add(reshaped))
                    {
                        Fail($"{field}.unit", $"{reshaped.FullName} đã được thay ranh giới hoặc chấm dứt bởi một thay đổi khác trong cùng quyết định.",
                            $"{reshaped.FullName} is already reshaped or closed by another change of this decision.");
                        break;
                    }

                    await ReplaceShapeAsync(reshaped, shape, field, ct);
                }

                break;
        }
    }

    private async Task RenameAsync(ChangeInput c, string field, CancellationToken ct)
    {
        if (await ExistingAsync(c.Unit, $"{field}.unit", ct) is not { } unit)
        {
            return;
        }

        var name = TextFold.Clean(c.Name ?? (c.Kind == ChangeKind.Retype ? unit.Name : string.Empty));
        var fullName = TextFold.Clean(c.FullName ?? (c.Kind == ChangeKind.Retype && c.Name is null ? unit.FullName : string.Empty));
        var type = TextFold.Clean(c.Type ?? (c.Kind == ChangeKind.Rename ? unit.Type : string.Empty));
        if (UnitText.NameProblem(name, fullName, $"{field}.fullName") is { } bad)
        {
            problems.Add(bad);
            return;
        }

        if (UnitText.TypeProblem(type, $"{field}.type") is { } badType)
        {
            problems.Add(badType);
            return;
        }

        if (_names.Any(n => n.OrgUnitId == unit.Id))
        {
            Fail($"{field}.unit", $"{unit.FullName} được đổi tên hoặc loại hai lần trong cùng quyết định.", $"{unit.FullName} is renamed or retyped twice in the same decision.");
            return;
        }

        if (name == unit.Name && fullName == unit.FullName && type == unit.Type)
        {
            Fail($"{field}.fullName", $"{unit.FullName} đã có tên và loại này.", $"{unit.FullName} already has this name and type.");
            return;
        }

        var since = await db.OrgUnitNames.Where(n => n.OrgUnitId == unit.Id).MaxAsync(n => (DateOnly?)n.ValidTo, ct);
        _names.Add(new OrgUnitName
        {
            OrgUnitId = unit.Id,
            ValidFrom = since?.AddDays(1) ?? unit.ValidFrom,
            ValidTo = _before,
            Name = unit.Name,
            FullName = unit.FullName,
            NameEn = unit.NameEn,
            Type = unit.Type,
            TypeEn = unit.TypeEn,
        });
        var old = unit.FullName;
        var retyped = type != unit.Type;
        unit.Name = name;
        unit.FullName = fullName;
        unit.Type = type;
        unit.NameEn = c.NameEn ?? (c.Name is null ? unit.NameEn : null);
        unit.TypeEn = c.TypeEn ?? (retyped ? null : unit.TypeEn);
        Add(retyped ? "unit-retyped" : "unit-renamed", unit.Code, old, fullName,
            retyped
                ? new($"{old} thành {fullName}; giữ chỉ tiêu, nhiệm vụ, lịch sử DTI và tổ công nghệ số; nhóm so sánh đổi từ {d.ToDisplay()}.",
                    $"{old} becomes {fullName}; it keeps its targets, tasks, DTI history and teams; its peer group changes from {d.ToDisplay()}.")
                : new($"{old} đổi tên thành {fullName}.", $"{old} is renamed {fullName}."));
    }

    private async Task MergeAsync(ChangeInput c, string field, CancellationToken ct)
    {
        var from = new List<OrgUnit>();
        foreach (var (code, i) in (c.From ?? []).Select((code, i) => (code, i)))
        {
            if (await ExistingAsync(code, $"{field}.from[{i}]", ct) is { } unit)
            {
                from.Add(unit);
            }
        }

        if ((c.From?.Count ?? 0) == 0 || (c.Into is null && c.IntoUnit is null) || (c.Into is not null && c.IntoUnit is not null))
        {
            Fail($"{field}.into", "Sáp nhập cần danh sách đơn vị (from) và một đơn vị nhận: có sẵn (into) hoặc mới (into là đối tượng).",
                "A merge needs the units (from) and one receiving unit: an existing one (into) or a new one (into as an object).");
            return;
        }

        if (from.Count != c.From!.Count)
        {
            return; // each code not found is named already
        }

        if (c.Into is null && from.Count < 2)
        {
            Fail($"{field}.from", "Sáp nhập vào đơn vị mới cần ít nhất hai đơn vị.", "A merge into a new unit needs at least two units.");
            return;
        }

        var first = from[0];
        var into = c.Into is not null
            ? await ParentAsync(c.Into, $"{field}.into", ct)
            : await NewAsync(c.IntoUnit! with
            {
                Level = c.IntoUnit!.Level ?? first.Level.ToApi(),
                Type = c.IntoUnit.Type ?? first.Type,
                Parent = c.IntoUnit.Parent ?? await ParentCodeAsync(first, ct),
                Boundary = c.IntoUnit.Boundary ?? c.Boundary,
            }, from, $"{field}.into", ct);
        if (into is null)
        {
            return;
        }

        if (c.Into is not null)
        {
            // The receiving unit takes the boundary given, else the union of its shape and theirs (unchanged when theirs are unknown).
            var merged = await ShapesAsync(from, ct);
            var shape = c.Boundary is not null ? Shape(c.Boundary, $"{field}.boundary")
                : merged.Count > 0 ? Union([.. await ShapesAsync([into], ct), .. merged]) : null;
            if (shape is not null)
            {
                await ReplaceShapeAsync(into, shape, field, ct);
            }
        }

        foreach (var unit in from.Where(u => u != into))
        {
            Close(unit, into, split: false, field);
            _edges.Add((unit, into, MergeType.Full, null));
        }
    }

    /// <summary>The GeoJSON text checked as an upload is (<see cref="BoundaryGeoJson"/>), its problem named by <paramref name="field"/>.</summary>
    private string? Shape(string? text, string field)
    {
        var read = BoundaryGeoJson.Read(text, field);
        problems.AddRange(read.Problems);
        return read.Value;
    }

    /// <summary>
    /// Gives the unit <paramref name="shape"/> from D. A unit this decision creates just takes it; an existing one keeps the
    /// shape it had as past (until D − 1), which must not be replaced on or after D already: changes come in date order.
    /// </summary>
    private async Task ReplaceShapeAsync(OrgUnit unit, string shape, string field, CancellationToken ct)
    {
        if (!_created.Contains(unit) && !_reshaped.ContainsKey(unit))
        {
            if (await db.OrgUnitPastBoundaries.AnyAsync(b => b.OrgUnitId == unit.Id && b.ValidTo >= d, ct))
            {
                Fail($"{field}.boundary", $"Ranh giới của {unit.FullName} đã được thay từ ngày {d.ToDisplay()} trở về sau; ghi nhận theo thứ tự thời gian.",
                    $"The boundary of {unit.FullName} is already replaced on or after {d.ToDisplay()}; record changes in date order.");
                return;
            }

            var row = await db.OrgUnitBoundaries.FirstOrDefaultAsync(b => b.OrgUnitId == unit.Id, ct);
            var since = await db.OrgUnitPastBoundaries.Where(b => b.OrgUnitId == unit.Id).MaxAsync(b => (DateOnly?)b.ValidTo, ct);
            _reshaped[unit] = new(row, row?.GeoJson, since?.AddDays(1) ?? unit.ValidFrom);
        }

        var old = _boundaries.TryGetValue(unit, out var staged) ? staged : null;
        old ??= _reshaped.TryGetValue(unit, out var r) ? r.Old : null;
        _boundaries[unit] = shape;
        if (!_created.Contains(unit))
        {
            var (before, after) = (BoundaryGeoJson.Size(old), BoundaryGeoJson.Size(shape));
            Add("boundary-replaced", unit.Code, null, null, new($"Ranh giới của {unit.FullName} được thay từ {d.ToDisplay()}: trước {before.Vi}, sau {after.Vi}.",
                $"The boundary of {unit.FullName} is replaced from {d.ToDisplay()}: before {before.En}, after {after.En}."));
        }
    }

    private async Task SplitAsync(ChangeInput c, string field, CancellationToken ct)
    {
        if (await ExistingAsync(c.Unit, $"{field}.unit", ct) is not { } unit)
        {
            return;
        }

        var parts = c.Parts ?? [];
        if (parts.Count < 2)
        {
            Fail($"{field}.parts", "Chia tách cần ít nhất hai đơn vị mới.", "A split needs at least two new units.");
            return;
        }

        var total = parts.Sum(p => p.Share ?? 0);
        if (parts.Any(p => p.Share is not (> 0 and <= 1)) || Math.Abs(total - 1) > 0.001)
        {
            Fail($"{field}.parts", "Mỗi phần cần tỷ lệ (share) trong (0; 1], tổng bằng 1.", "Each part needs a share in (0, 1], summing to 1.");
            return;
        }

        var parentCode = await ParentCodeAsync(unit, ct);
        var made = new List<(OrgUnit Part, double Share)>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (await NewAsync(part with { Level = part.Level ?? unit.Level.ToApi(), Type = part.Type ?? unit.Type, Parent = part.Parent ?? parentCode },
                    null, $"{field}.parts[{i}]", ct) is { } newUnit)
            {
                made.Add((newUnit, part.Share!.Value));
                _edges.Add((unit, newUnit, MergeType.Partial, part.Share));
            }
        }

        if (made.Count == parts.Count)
        {
            // Tasks, accounts and obligations need one heir: the largest part (the first of equal ones).
            Close(unit, made.OrderByDescending(m => m.Share).First().Part, split: true, field);
        }
    }

    private async Task<string?> ParentCodeAsync(OrgUnit unit, CancellationToken ct) =>
        _parents.TryGetValue(unit, out var moved) ? moved.Code
        : await db.OrgUnitParents.ValidOn(_before).Where(l => l.ChildId == unit.Id).Select(l => l.Parent.Code).FirstOrDefaultAsync(ct);

    /// <summary>A new unit, checked; <paramref name="mergedFrom"/> gives it the union of their boundaries.</summary>
    private async Task<OrgUnit?> NewAsync(NewUnitInput? n, List<OrgUnit>? mergedFrom, string field, CancellationToken ct)
    {
        if (n is null)
        {
            Fail(field, "Thiếu đơn vị mới (code, name, fullName, type, level, parent).", "The new unit is missing (code, name, fullName, type, level, parent).");
            return null;
        }

        var code = TextFold.Clean(n.Code ?? string.Empty);
        var name = TextFold.Clean(n.Name ?? string.Empty);
        var fullName = TextFold.Clean(n.FullName ?? string.Empty);
        var type = TextFold.Clean(n.Type ?? string.Empty);
        var before = problems.Count;
        problems.AddRange(new[]
        {
            UnitText.CodeProblem(code, $"{field}.code"), UnitText.NameProblem(name, fullName, $"{field}.fullName"), UnitText.TypeProblem(type, $"{field}.type"),
        }.OfType<Problem>());
        if (!OrgUnitQueryExtensions.TryParseLevel(n.Level, out var level))
        {
            Fail($"{field}.level", $"Cấp '{n.Level}' không hợp lệ; dùng province, commune, village hoặc agency.", $"Level '{n.Level}' is not valid; use province, commune, village or agency.");
        }

        var parent = n.Parent is null ? null : await ParentAsync(n.Parent, $"{field}.parent", ct);
        if (n.Parent is null && level != OrgUnitLevel.Province)
        {
            Fail($"{field}.parent", "Đơn vị mới cần đơn vị cấp trên (parent).", "The new unit needs a parent.");
        }

        if (scope is not null && level is not (OrgUnitLevel.Agency or OrgUnitLevel.Village))
        {
            Fail($"{field}.level", "Văn phòng chuyển đổi số chỉ tạo được cơ quan hoặc thôn, bản; đơn vị hành chính do quản trị hệ thống ghi nhận.",
                "The DX office creates only agencies and villages; administrative units are recorded by system administrators.");
        }

        string? boundary = null;
        if (n.Boundary is not null)
        {
            var read = BoundaryGeoJson.Read(n.Boundary, $"{field}.boundary");
            boundary = read.Value;
            problems.AddRange(read.Problems);
        }

        if (problems.Count > before)
        {
            return null;
        }

        if (_created.Any(u => u.Code == code))
        {
            Fail($"{field}.code", $"Mã {code} được dùng cho hai đơn vị mới.", $"Code {code} is given to two new units.");
            return null;
        }

        var unit = new OrgUnit
        {
            Code = code,
            Name = name,
            FullName = fullName,
            NameEn = n.NameEn,
            Type = type,
            TypeEn = n.TypeEn,
            Level = level,
            ValidFrom = d,
            IsOfficial = level is OrgUnitLevel.Province or OrgUnitLevel.District or OrgUnitLevel.Commune,
        };
        _created.Add(unit);
        _fields[unit] = field;
        db.OrgUnits.Add(unit);
        if (parent is not null)
        {
            _parents[unit] = parent;
        }

        boundary ??= mergedFrom is null ? null : Union(await ShapesAsync(mergedFrom, ct));
        if (boundary is not null)
        {
            _boundaries[unit] = boundary;
        }

        Add("unit-opened", code, null, parent?.Code, new($"Thành lập {fullName} từ {d.ToDisplay()}.", $"{fullName} is established from {d.ToDisplay()}."));
        return unit;
    }

    private void Close(OrgUnit unit, OrgUnit successor, bool split, string field)
    {
        if (unit == successor)
        {
            Fail(field, $"{unit.FullName} không thể kế thừa chính nó.", $"{unit.FullName} cannot succeed itself.");
            return;
        }

        if (_reshapeAsked.Contains(unit) || !_closing.TryAdd(unit.Id, new Closing(unit, successor, split)))
        {
            Fail(field, $"{unit.FullName} đã bị đóng hoặc được thay ranh giới bởi một thay đổi khác trong cùng quyết định.",
                $"{unit.FullName} is already closed or reshaped by another change of this decision.");
            return;
        }

        // A unit that received a merge earlier in this decision and now ends keeps its shape: its successor's union already holds it.
        if (_reshaped.Remove(unit))
        {
            _boundaries.Remove(unit);
            Consequences.RemoveAll(c => c.What == "boundary-replaced" && c.Subject == unit.Code);
        }

        Add("unit-closed", unit.Code, null, successor.Code,
            new($"{unit.FullName} chấm dứt từ {d.ToDisplay()}; kế thừa: {successor.FullName}.", $"{unit.FullName} ends on {_before.ToDisplay()}; successor: {successor.FullName}."));
    }

    /// <summary>An existing unit by its code on the day before, in the caller's scope and with no later change recorded.</summary>
    private async Task<OrgUnit?> ExistingAsync(string? code, string field, CancellationToken ct)
    {
        code = TextFold.Clean(code ?? string.Empty);
        // Tracked: the same code read twice is the same entity, so every change to it lands on one object.
        var unit = code.Length == 0 ? null : await db.OrgUnits.ValidOn(_before).Where(u => u.Code == code).OrderBy(u => u.Level).FirstOrDefaultAsync(ct);
        if (unit is null)
        {
            Fail(field, $"Không có đơn vị mã '{code}' vào ngày {_before.ToDisplay()}.", $"No unit has code '{code}' on {_before.ToDisplay()}.");
            return null;
        }

        if (scope is not null && !(unit.Level is OrgUnitLevel.Agency or OrgUnitLevel.Village && scope.Contains(unit.Id)))
        {
            Fail(field, $"{unit.FullName} không phải cơ quan hay thôn, bản của tỉnh anh/chị; đơn vị hành chính do quản trị hệ thống ghi nhận.",
                $"{unit.FullName} is not an agency or village of your province; administrative units are recorded by system administrators.");
            return null;
        }

        if (_touched.Add(unit.Id) && (unit.ValidTo is not null || unit.ValidFrom >= d
                || await db.OrgUnitNames.AnyAsync(n => n.OrgUnitId == unit.Id && n.ValidTo >= d, ct)
                || await db.OrgUnitParents.AnyAsync(l => l.ChildId == unit.Id && l.ValidFrom >= d, ct)
                || await db.OrgUnitPastBoundaries.AnyAsync(b => b.OrgUnitId == unit.Id && b.ValidTo >= d, ct)))
        {
            Fail(field, $"{unit.FullName} đã có thay đổi ghi nhận từ ngày {d.ToDisplay()} trở về sau; ghi nhận theo thứ tự thời gian.",
                $"{unit.FullName} already has a change recorded on or after {d.ToDisplay()}; record changes in date order.");
            return null;
        }

        return unit;
    }

    /// <summary>A unit that will exist on the day: one this request creates, else an existing one that it does not close.</summary>
    private async Task<OrgUnit?> ParentAsync(string? code, string field, CancellationToken ct)
    {
        code = TextFold.Clean(code ?? string.Empty);
        if (_created.FirstOrDefault(u => u.Code == code) is { } made)
        {
            return made;
        }

        var unit = code.Length == 0 ? null
            : await db.OrgUnits.ValidOn(d).Where(u => u.Code == code && (u.ValidTo == null || u.ValidTo >= d)).OrderBy(u => u.Level).FirstOrDefaultAsync(ct);
        if (unit is null || _closing.ContainsKey(unit.Id))
        {
            Fail(field, $"Không có đơn vị mã '{code}' còn hoạt động vào ngày {d.ToDisplay()}.", $"No unit with code '{code}' is in force on {d.ToDisplay()}.");
            return null;
        }

        if (scope is not null && !scope.Contains(unit.Id))
        {
            Fail(field, $"{unit.FullName} không thuộc tỉnh của anh/chị.", $"{unit.FullName} is not in your province.");
            return null;
        }

        return unit;
    }

    /// <summary>Stages the names, links, edges and boundaries under the reorganisation's id (saved by the caller).</summary>
    public void Stamp(int reorganisationId)
    {
        foreach (var name in _names)
        {
            name.ReorganisationId = reorganisationId;
            db.OrgUnitNames.Add(name);
        }

        foreach (var (child, parent) in _parents)
        {
            db.OrgUnitParents.Add(new OrgUnitParentLink { Child = child, Parent = parent, ValidFrom = d });
        }

        foreach (var (from, to, type, share) in _edges)
        {
            db.OrgUnitLineages.Add(new OrgUnitLineage { Predecessor = from, Successor = to, MergeType = type, Share = share, Effective = d, ReorganisationId = reorganisationId });
        }

        foreach (var (unit, geoJson) in _boundaries)
        {
            if (_reshaped.TryGetValue(unit, out var old))
            {
                // A unit in force only from D (made by an earlier decision of the same day) had no shape before to keep.
                if (old.Since is null || old.Since <= _before)
                {
                    db.OrgUnitPastBoundaries.Add(new OrgUnitPastBoundary
                    {
                        OrgUnitId = unit.Id, ValidFrom = old.Since, ValidTo = _before, GeoJson = old.Old, ReorganisationId = reorganisationId,
                    });
                }

                if (old.Row is not null)
                {
                    old.Row.GeoJson = geoJson;
                    continue;
                }
            }

            db.OrgUnitBoundaries.Add(new OrgUnitBoundary { OrgUnitId = unit.Id, GeoJson = geoJson });
        }
    }

    /// <summary>The shapes the units have from D as this decision stands so far: staged by it, else their current ones.</summary>
    private async Task<List<string>> ShapesAsync(IReadOnlyCollection<OrgUnit> units, CancellationToken ct)
    {
        var ids = units.Where(u => !_boundaries.ContainsKey(u)).Select(u => u.Id).ToList();
        var stored = await db.OrgUnitBoundaries.AsNoTracking().Where(b => ids.Contains(b.OrgUnitId)).Select(b => b.GeoJson).ToListAsync(ct);
        return [.. units.Where(_boundaries.ContainsKey).Select(u => _boundaries[u]), .. stored];
    }

    /// <summary>One MultiPolygon of the polygons of <paramref name="shapes"/>; null when there is none.</summary>
    private static string? Union(List<string> shapes)
    {
        if (shapes.Count == 0)
        {
            return null;
        }

        var polygons = new JsonArray();
        foreach (var shape in shapes)
        {
            var geometry = JsonNode.Parse(shape)!;
            var coordinates = geometry["coordinates"]!.AsArray();
            if ((string?)geometry["type"] == "Polygon")
            {
                polygons.Add(coordinates.DeepClone());
            }
            else
            {
                foreach (var polygon in coordinates)
                {
                    polygons.Add(polygon!.DeepClone());
                }
            }
        }

        return new JsonObject { ["type"] = "MultiPolygon", ["coordinates"] = polygons }.ToJsonString();
    }

    private void Add(string what, string subject, string? from, string? to, Msg text) => Consequences.Add(new(what, subject, from, to, text));

    private void Fail(string field, string vi, string en) => problems.Add(new(field, new(vi, en)));
}
