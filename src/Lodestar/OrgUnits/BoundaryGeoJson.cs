using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lodestar.Common;

namespace Lodestar.OrgUnits;

/// <summary>
/// A unit's boundary as uploaded (issue 17, item 7): GeoJSON in WGS84, a Polygon or MultiPolygon geometry, or a Feature or a
/// FeatureCollection of exactly one feature holding one (what QGIS and mapshaper export). Answers the bare geometry, as
/// <c>OrgUnitBoundaries</c> keeps it, or the problem named: not JSON (with line and position), another kind of shape, a ring
/// that is not closed or has fewer than four points, a coordinate off the globe or outside Việt Nam, a file too large.
/// </summary>
public static class BoundaryGeoJson
{
    /// <summary>A commune's boundary simplified for the web is tens of kilobytes; 2 MB leaves room for a detailed one.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public static Outcome<string> Read(string? text, string field)
    {
        Outcome<string> Fail(string vi, string en) => Outcome<string>.Fail(field, "Ranh giới: " + vi, "Boundary: " + en);

        if (System.Text.Encoding.UTF8.GetByteCount(text ?? string.Empty) > MaxBytes)
        {
            return Fail($"lớn hơn {MaxBytes / 1024 / 1024} MB; hãy đơn giản hóa hình (ví dụ bằng mapshaper) rồi tải lại.",
                $"larger than {MaxBytes / 1024 / 1024} MB; simplify the shape (e.g. with mapshaper) and upload it again.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("tệp trống.", "the file is empty.");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return Fail($"không phải JSON đọc được (dòng {(e.LineNumber ?? 0) + 1}, vị trí {(e.BytePositionInLine ?? 0) + 1}).",
                $"not readable JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}).");
        }

        var type = Type(node);
        if (type == "FeatureCollection")
        {
            var features = node!["features"] as JsonArray;
            if (features is not { Count: 1 })
            {
                return Fail($"bộ đối tượng có {features?.Count ?? 0} đối tượng; cần đúng một (ranh giới của một đơn vị).",
                    $"the collection has {features?.Count ?? 0} features; exactly one is needed (one unit's boundary).");
            }

            node = features[0];
            type = Type(node);
        }

        if (type == "Feature")
        {
            node = node!["geometry"];
            type = Type(node);
        }

        if (type is not ("Polygon" or "MultiPolygon"))
        {
            return Fail($"hình kiểu '{type ?? "không rõ"}' không dùng được; cần Polygon hoặc MultiPolygon.",
                $"a shape of type '{type ?? "unknown"}' cannot be used; a Polygon or MultiPolygon is needed.");
        }

        var polygons = type == "Polygon" ? [node!["coordinates"]] : (node!["coordinates"] as JsonArray)?.ToList() ?? [];
        if (polygons.Count == 0 || polygons.Any(p => p is not JsonArray { Count: > 0 }))
        {
            return Fail("thiếu tọa độ (coordinates).", "the coordinates are missing.");
        }

        foreach (var ring in polygons.SelectMany(p => p!.AsArray()))
        {
            if (Ring(ring) is not { } points || points.Count < 4 || points[0] != points[^1])
            {
                return Fail("mỗi vòng cần ít nhất 4 điểm [kinh độ, vĩ độ], điểm cuối trùng điểm đầu.",
                    "each ring needs at least 4 points [longitude, latitude], the last the same as the first.");
            }

            if (points.FirstOrDefault(p => p.Lon is < -180 or > 180 || p.Lat is < -90 or > 90) is { } off && off != default)
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"[{off.Lon}, {off.Lat}]");
                return Fail($"điểm {at} nằm ngoài WGS84 (kinh độ −180…180, vĩ độ −90…90); hình có thể đang ở hệ VN-2000, hãy chuyển sang WGS84.",
                    $"point {at} lies outside WGS84 (longitude −180…180, latitude −90…90); the shape may be in VN-2000, convert it to WGS84.");
            }

            // Việt Nam with its islands (Hoàng Sa, Trường Sa) lies within 102–118° E, 6–24° N: a point elsewhere is a swapped
            // pair [latitude, longitude] or another country's shape.
            if (points.FirstOrDefault(p => p.Lon is < 102 or > 118 || p.Lat is < 6 or > 24) is { } away && away != default)
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"[{away.Lon}, {away.Lat}]");
                return Fail($"điểm {at} nằm ngoài Việt Nam (kinh độ 102…118, vĩ độ 6…24); kiểm tra thứ tự [kinh độ, vĩ độ].",
                    $"point {at} lies outside Viet Nam (longitude 102…118, latitude 6…24); check the order [longitude, latitude].");
            }
        }

        return Outcome<string>.Ok(new JsonObject { ["type"] = type, ["coordinates"] = node["coordinates"]!.DeepClone() }.ToJsonString());
    }

    /// <summary>A shape's size as a preview says it: its points and kilobytes, or that there is none.</summary>
    public static Msg Size(string? geoJson)
    {
        if (geoJson is null)
        {
            return new("chưa có ranh giới", "no boundary");
        }

        var (points, kb) = (Points(geoJson), Math.Max(1, (System.Text.Encoding.UTF8.GetByteCount(geoJson) + 512) / 1024));
        return new($"{points} điểm, {kb} KB", $"{points} points, {kb} KB");
    }

    /// <summary>
    /// What the audit trail keeps of a shape instead of the shape itself (which stays in <c>OrgUnitBoundaries</c>, then
    /// <c>OrgUnitPastBoundaries</c>): its points, bytes and the start of its SHA-256, enough to tell two shapes apart.
    /// </summary>
    public static string? Digest(string? geoJson) => geoJson is null ? null
        : string.Create(CultureInfo.InvariantCulture, $"{Points(geoJson)} points, {System.Text.Encoding.UTF8.GetByteCount(geoJson)} bytes, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(geoJson)))[..16]}");

    /// <summary>The positions of a GeoJSON text, wherever they are (a bare geometry, a Feature, a collection); 0 when it is not JSON.</summary>
    public static int Points(string geoJson)
    {
        static int Count(JsonNode? node) => node switch
        {
            JsonArray { Count: >= 2 } a when a[0] is JsonValue && a[1] is JsonValue => 1,
            JsonArray a => a.Sum(Count),
            JsonObject o => o.Sum(p => Count(p.Value)),
            _ => 0,
        };

        try
        {
            return Count(JsonNode.Parse(geoJson));
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static string? Type(JsonNode? node) =>
        node is JsonObject o && o["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<(double Lon, double Lat)>? Ring(JsonNode? ring)
    {
        if (ring is not JsonArray positions)
        {
            return null;
        }

        var points = new List<(double, double)>(positions.Count);
        foreach (var p in positions)
        {
            if (p is not JsonArray { Count: >= 2 } xy || !Number(xy[0], out var lon) || !Number(xy[1], out var lat))
            {
                return null;
            }

            points.Add((lon, lat));
        }

        return points;
    }

    private static bool Number(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue(out value) && double.IsFinite(value);
    }
}
