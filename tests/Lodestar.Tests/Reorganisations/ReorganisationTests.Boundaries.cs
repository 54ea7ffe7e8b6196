using System.Text.Json;
using Lodestar.Data;
using Lodestar.Maps;
using Lodestar.OrgUnits;
using Lodestar.Reorganisations;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Reorganisations;

/// <summary>
/// Issue 17, boundaries: a reshape or a merge into an existing unit replaces its shape from D, and the map of any day before
/// still draws the old one (src/Lodestar/OrgUnits/README.md, "Boundaries").
/// </summary>
public sealed partial class ReorganisationTests
{
    private const string Square = """{"type":"Polygon","coordinates":[[[106,21],[106.1,21],[106.1,21.1],[106,21.1],[106,21]]]}""";
    private const string Other = """{"type":"Polygon","coordinates":[[[106.2,21],[106.3,21],[106.3,21.1],[106.2,21]]]}""";

    // As QGIS exports it: a FeatureCollection of one feature.
    private const string Redrawn = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ten":"An Bình"},
          "geometry":{"type":"Polygon","coordinates":[[[106.5,21.5],[106.7,21.5],[106.7,21.7],[106.5,21.7],[106.5,21.5]]]}}]}
        """;

    // The map of MapAsync with these units' boundaries, by code.
    private async Task ShapesAsync(params (string Code, string GeoJson)[] shapes)
    {
        await using (var db = await MapAsync())
        {
            foreach (var (code, geoJson) in shapes)
            {
                db.OrgUnitBoundaries.Add(new OrgUnitBoundary { OrgUnitId = (await db.OrgUnits.SingleAsync(u => u.Code == code)).Id, GeoJson = geoJson });
            }

            await db.SaveChangesAsync();
        }
    }

    private static ReorganisationInput Reshape(string unit, string geoJson) => Input(new ChangeInput(ChangeKind.Reshape, Unit: unit, Boundary: geoJson));

    /// <summary>The province's map as /api/v1/maps/boundaries draws it on the day: each commune's geometry by code.</summary>
    private async Task<Dictionary<string, JsonElement>> MapOnAsync(DateOnly day)
    {
        await using var db = Database.Context();
        using var geo = JsonDocument.Parse((await MapQueries.BoundariesAsync(new StaleReads(db), "91", day, 4))!);
        return geo.RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("code").GetString()!, f => f.GetProperty("geometry").Clone());
    }

    private static double FirstLongitude(JsonElement geometry)
    {
        var c = geometry.GetProperty("coordinates");
        while (c[0].ValueKind == JsonValueKind.Array)
        {
            c = c[0];
        }

        return c[0].GetDouble();
    }

    [Fact]
    public async Task Reshape_TheMapOfTheDayBeforeDrawsTheOldShape_FromTheDayTheNew_AndThePreviewWritesNothing()
    {
        await ShapesAsync(("91001", Square));

        var preview = await RecordAsync(Reshape("91001", Redrawn), preview: true);
        var listed = Assert.Single(preview.Consequences, c => c.What == "boundary-replaced");
        Assert.Equal("91001", listed.Subject);
        Assert.Contains("before 5 points", listed.Text.En, StringComparison.Ordinal);
        Assert.Contains("trước 5 điểm", listed.Text.Vi, StringComparison.Ordinal);
        await using (var unchanged = Database.Context())
        {
            Assert.Empty(await unchanged.OrgUnitPastBoundaries.ToListAsync());
            Assert.Equal(Square, (await unchanged.OrgUnitBoundaries.SingleAsync(b => b.OrgUnitId == _a.Id)).GeoJson);
        }

        await RecordAsync(Reshape("91001", Redrawn));

        Assert.Equal(106, FirstLongitude((await MapOnAsync(DayBefore))["91001"]));
        var onDay = (await MapOnAsync(Day))["91001"];
        Assert.Equal(("Polygon", 106.5), (onDay.GetProperty("type").GetString(), FirstLongitude(onDay)));
        Assert.Equal(106, FirstLongitude((await MapOnAsync(Start))["91001"]));

        await using var check = Database.Context();
        var past = await check.OrgUnitPastBoundaries.SingleAsync();
        Assert.Equal((_a.Id, (DateOnly?)Start, DayBefore, Square), (past.OrgUnitId, past.ValidFrom, past.ValidTo, past.GeoJson));
        Assert.Equal((await check.Reorganisations.SingleAsync()).Id, past.ReorganisationId);
        var audit = await check.AuditEntries.SingleAsync(e => e.Action == "reshape");
        Assert.Equal(("OrgUnitBoundary", "91001"), (audit.Entity, audit.Key));
        Assert.Contains("5 points", audit.Before, StringComparison.Ordinal);
        Assert.DoesNotContain("106.1", audit.Before, StringComparison.Ordinal);
        Assert.DoesNotContain("106.7", (await check.AuditEntries.SingleAsync(e => e.Action == "reorganise")).After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMergeIntoAnExistingUnit_UnitesTheShapesFromTheDay_BeforeItTheOldOnes()
    {
        await ShapesAsync(("91001", Square), ("91002", Other));

        var result = await RecordAsync(Input(new ChangeInput(ChangeKind.Merge, From: ["91002"], Into: "91001")));

        Assert.Contains(result.Consequences, c => c.What == "boundary-replaced" && c.Subject == "91001");
        var before = await MapOnAsync(DayBefore);
        Assert.Equal(("Polygon", 106.0), (before["91001"].GetProperty("type").GetString(), FirstLongitude(before["91001"])));
        Assert.Equal(106.2, FirstLongitude(before["91002"]));

        var after = await MapOnAsync(Day);
        Assert.False(after.ContainsKey("91002"));
        var united = after["91001"];
        Assert.Equal("MultiPolygon", united.GetProperty("type").GetString());
        Assert.Equal([106.0, 106.2], united.GetProperty("coordinates").EnumerateArray().Select(p => p[0][0][0].GetDouble()).Order());
    }

    [Fact]
    public async Task AMergeIntoAnExistingUnit_TakesTheBoundaryTheChangeGives()
    {
        await ShapesAsync(("91001", Square), ("91002", Other));

        await RecordAsync(Input(new ChangeInput(ChangeKind.Merge, From: ["91002"], Into: "91001", Boundary: Redrawn)));

        Assert.Equal(106.5, FirstLongitude((await MapOnAsync(Day))["91001"]));
        Assert.Equal(106, FirstLongitude((await MapOnAsync(DayBefore))["91001"]));
    }

    [Fact]
    public async Task AReshapeOfAUnitWithoutABoundary_DrawsNothingBeforeTheDay()
    {
        await ShapesAsync();

        await RecordAsync(Reshape("91003", Other));

        Assert.False((await MapOnAsync(DayBefore)).ContainsKey("91003"));
        Assert.Equal(106.2, FirstLongitude((await MapOnAsync(Day))["91003"]));
    }

    [Fact]
    public async Task ABadBoundaryInAReshape_IsNamedByIndexAndField_AndNothingIsWritten()
    {
        await ShapesAsync(("91001", Square));

        var problems = await RefusedAsync(Input(
            new ChangeInput(ChangeKind.Rename, Unit: "91002", Name: "Bình Minh Mới", FullName: "Xã Bình Minh Mới"),
            new ChangeInput(ChangeKind.Reshape, Unit: "91001", Boundary: """{"type":"LineString","coordinates":[[106,21],[106.1,21]]}""")));

        var bad = Assert.Single(problems);
        Assert.Equal("changes[1].boundary", bad.Field);
        Assert.Contains("LineString", bad.Message.Vi, StringComparison.Ordinal);
        await using var check = Database.Context();
        Assert.Equal("Xã Bình Minh", (await check.OrgUnits.SingleAsync(u => u.Id == _b.Id)).FullName);
        Assert.Empty(await check.OrgUnitNames.ToListAsync());
        Assert.Empty(await check.OrgUnitPastBoundaries.ToListAsync());
        Assert.Equal(Square, (await check.OrgUnitBoundaries.SingleAsync()).GeoJson);
    }

    [Fact]
    public async Task AReshapeOrMergeDatedBeforeAReshapeAlreadyRecorded_IsRefused()
    {
        await ShapesAsync(("91001", Square), ("91002", Other));
        await RecordAsync(Reshape("91001", Redrawn));

        var earlier = new DateOnly(2025, 10, 1);
        var reshape = await RefusedAsync(Reshape("91001", Other) with { EffectiveOn = earlier });
        Assert.Equal("changes[0].unit", Assert.Single(reshape).Field);
        var merge = await RefusedAsync(Input(new ChangeInput(ChangeKind.Merge, From: ["91002"], Into: "91001")) with { EffectiveOn = earlier });
        Assert.Equal("changes[0].boundary", Assert.Single(merge).Field);

        await using var check = Database.Context();
        Assert.Single(await check.OrgUnitPastBoundaries.ToListAsync());
        Assert.Null((await check.OrgUnits.SingleAsync(u => u.Id == _b.Id)).ValidTo);
    }

    [Fact]
    public async Task TheDxOffice_ReshapesItsVillages_NotItsCommunes()
    {
        await ShapesAsync();

        var commune = await RefusedAsync(Reshape("91001", Other), _province.Id);
        Assert.Equal("changes[0].unit", Assert.Single(commune).Field);

        await RecordAsync(Reshape("91001-T1", Other), _province.Id);
        await using var check = Database.Context();
        Assert.Equal(Other, (await check.OrgUnitBoundaries.SingleAsync()).GeoJson);
    }
}
