using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>
/// Issue 17 through HTTP: the DX office records its villages' changes (a preview writes nothing, a bad change is named by
/// index and field, administrative units are the administrators'), and the map as of each date tells the truth. The test
/// creates its own villages first, so the shared demo map others read stays as it was.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ReorganisationsApiTests(LodestarFactory app)
{
    private static readonly string[] Missing = ["KHONG-CO"];

    private static object Village(string code, string name, string parent) =>
        new { code, name, fullName = $"Thôn {name}", type = "Thôn", level = "village", parent };

    [Fact]
    public async Task DxOffice_MergesTwoVillages_PreviewFirst_ThenTheMapChangesFromTheDayOnly()
    {
        var units = await app.DemoUnitsAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        // Codes after the demo villages (.T01…): lists of the commune's first villages, which other tests read, stay as they were.
        var (a, b, merged) = ($"{units.Commune}.Z1", $"{units.Commune}.Z2", $"{units.Commune}.Z12");
        using (var created = await office.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = "2026-03-01",
            basis = "Quyết định số 10/QĐ-UBND ngày 20/02/2026",
            changes = new object[] { new { kind = "create", unit = Village(a, "Rẫy Một", units.Commune) }, new { kind = "create", unit = Village(b, "Rẫy Hai", units.Commune) } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var merge = new
        {
            effectiveOn = "2026-09-01",
            basis = "Nghị quyết số 25/NQ-HĐND ngày 15/08/2026",
            preview = true,
            changes = new object[] { new { kind = "merge", from = new[] { a, b }, into = new { code = merged, name = "Rẫy Mới", fullName = "Thôn Rẫy Mới" } } },
        };
        var preview = await Api.ReadAsync(await office.PostAsJsonAsync("/api/v1/reorganisations", merge));
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var consequences = preview.Json.GetProperty("consequences").EnumerateArray().ToList();
        Assert.Equal(2, consequences.Count(c => Api.Str(c, "what") == "unit-closed"));
        Assert.Contains(consequences, c => Api.Str(c, "what") == "unit-opened" && Api.Str(c, "subject") == merged);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(office, $"/api/v1/org-units/{merged}?asOf=2026-09-01")).Status);

        using (var recorded = await office.PostAsJsonAsync("/api/v1/reorganisations", merge with { preview = false }))
        {
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        Assert.Equal("Thôn Rẫy Một", Api.Str(await Api.GetOkAsync(office, $"/api/v1/org-units/{a}?asOf=2026-08-31"), "fullName"));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(office, $"/api/v1/org-units/{a}?asOf=2026-09-01")).Status);
        var after = await Api.GetOkAsync(office, $"/api/v1/org-units/{merged}?asOf=2026-09-01");
        Assert.Equal((units.Commune, "Thôn"), (Api.Str(after, "parentCode"), Api.Str(after, "type")));
        var lineage = await Api.GetOkAsync(office, $"/api/v1/org-units/{merged}/lineage");
        Assert.Equal([a, b], lineage.GetProperty("predecessors").EnumerateArray().Select(p => Api.Str(p, "code")));

        var list = Api.Items(await Api.GetOkAsync(office, "/api/v1/reorganisations")).ToList();
        var listed = Assert.Single(list, r => Api.Str(r, "basis") == "Nghị quyết số 25/NQ-HĐND ngày 15/08/2026" && Api.Str(r, "effectiveOn") == "2026-09-01");
        Assert.Contains(listed.GetProperty("consequences").EnumerateArray(), c => Api.Str(c, "what") == "unit-opened" && Api.Str(c, "text").Contains("Thôn Rẫy Mới", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadChanges_AreNamedByIndexAndField_AndAdministrativeUnitsAreTheAdministrators()
    {
        var units = await app.DemoUnitsAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var bad = await Api.ReadAsync(await office.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = "2026-10-01",
            basis = "Quyết định số 1/QĐ-UBND",
            changes = new object[]
            {
                new { kind = "merge", from = Missing, into = units.Village },
                new { kind = "teleport", unit = units.Village },
            },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        var errors = bad.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("changes[1].kind", out _), bad.Text);

        var unknown = await Api.ReadAsync(await office.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = "2026-10-01",
            basis = "Quyết định số 1/QĐ-UBND",
            changes = new object[] { new { kind = "merge", from = Missing, into = units.Village } },
        }));
        Assert.Contains("KHONG-CO", unknown.Json.GetProperty("errors").GetProperty("changes[0].from[0]")[0].GetString(), StringComparison.Ordinal);

        var commune = await Api.ReadAsync(await office.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = "2026-10-01",
            basis = "Quyết định số 1/QĐ-UBND",
            changes = new object[] { new { kind = "rename", unit = units.Commune, name = "Mới", fullName = "Xã Mới" } },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, commune.Status);
        Assert.Contains("quản trị hệ thống", commune.Json.GetProperty("errors").GetProperty("changes[0].unit")[0].GetString(), StringComparison.Ordinal);
        Assert.NotEqual("Xã Mới", Api.Str(await Api.GetOkAsync(office, $"/api/v1/org-units/{units.Commune}?asOf=2026-10-01"), "fullName"));

        var viewer = await app.ClientForAsync(Roles.Viewer, DemoUnits.Province);
        using var refused = await viewer.PostAsJsonAsync("/api/v1/reorganisations", new { effectiveOn = "2026-10-01", basis = "x", changes = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AReshape_IsPreviewedThenRecorded_AndTheMapBeforeTheDayDrawsTheOldShape_FromItTheNew_CommunesAreTheAdministrators()
    {
        var units = await app.DemoUnitsAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var square = """{"type":"Polygon","coordinates":[[[104.7,8.6],[104.8,8.6],[104.8,8.7],[104.7,8.7],[104.7,8.6]]]}""";
        object Reshape(string effectiveOn, string unit, string boundary, bool preview = false) =>
            new { effectiveOn, basis = "Nghị quyết số 41/NQ-HĐND", preview, changes = new object[] { new { kind = "reshape", unit, boundary } } };

        var commune = await Api.ReadAsync(await office.PostAsJsonAsync("/api/v1/reorganisations", Reshape(app.InDays(-30), units.Commune, square)));
        Assert.Equal(HttpStatusCode.BadRequest, commune.Status);
        Assert.Contains("quản trị hệ thống", commune.Json.GetProperty("errors").GetProperty("changes[0].unit")[0].GetString(), StringComparison.Ordinal);

        // Xã Đất Mũi (Cà Mau), which no other test reads: its official shape, then a square from D1, then a Feature from D2.
        const string Unit = "32248";
        var (d1, d2) = (app.InDays(-30), app.InDays(-10));
        var feature = """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[104.9,8.6],[105.0,8.6],[105.0,8.7],[104.9,8.6]]]}}""";
        var admin = await app.AdminClientAsync();
        async Task<double> FirstLongitudeAsync(string asOf)
        {
            var map = await Api.GetOkAsync(admin, $"/api/v1/maps/boundaries?unit=96&asOf={asOf}");
            var geometry = map.GetProperty("features").EnumerateArray().Single(f => Api.Str(f.GetProperty("properties"), "code") == Unit).GetProperty("geometry");
            var c = geometry.GetProperty("coordinates");
            while (c[0].ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                c = c[0];
            }

            return c[0].GetDouble();
        }

        var official = await FirstLongitudeAsync(d1);
        var preview = await Api.ReadAsync(await admin.PostAsJsonAsync("/api/v1/reorganisations", Reshape(d1, Unit, square, preview: true)));
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var replaced = Assert.Single(preview.Json.GetProperty("consequences").EnumerateArray(), c => Api.Str(c, "what") == "boundary-replaced");
        Assert.Equal(Unit, Api.Str(replaced, "subject"));
        Assert.Equal(official, await FirstLongitudeAsync(d1));

        foreach (var (on, shape) in new[] { (d1, square), (d2, feature) })
        {
            using var recorded = await admin.PostAsJsonAsync("/api/v1/reorganisations", Reshape(on, Unit, shape));
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        Assert.Equal(official, await FirstLongitudeAsync(app.InDays(-31)));
        Assert.NotEqual(104.7, official);
        Assert.Equal(104.7, await FirstLongitudeAsync(d1));
        Assert.Equal(104.7, await FirstLongitudeAsync(app.InDays(-11)));
        Assert.Equal(104.9, await FirstLongitudeAsync(d2));
        Assert.Equal(104.9, await FirstLongitudeAsync(app.InDays(0)));

        // The audit trail: one reshape entry per recorded change, before and after as digests of the shapes, not the GeoJSON.
        var trail = Api.Items(await Api.GetOkAsync(admin, "/api/v1/audit?entity=OrgUnitBoundary&pageSize=100"))
            .Where(e => Api.Str(e, "action") == "reshape" && Api.Str(e, "key") == Unit).ToList();
        Assert.Equal(2, trail.Count);
        Assert.All(trail, e => Assert.DoesNotContain("104.", e.GetProperty("before").GetRawText() + e.GetProperty("after").GetRawText(), StringComparison.Ordinal));
        Assert.Contains(trail, e => e.GetProperty("after").GetRawText().Contains("5 points", StringComparison.Ordinal));
    }
}
