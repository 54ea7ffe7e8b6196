using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Reorganisations;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>
/// Issue 17 on the page: the DX office splits a village with each part's share, and records a decision from an .xlsx
/// (upload, the same preview as the form, then record the very file previewed; a bad row is named and changes nothing).
/// Its villages are its own (codes after the demo's .T01…), so what other tests read stays as it was.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ReorganisationsPageTests(LodestarFactory app)
{
    private const string Url = "/org-units/reorganisations";

    private async Task<(HttpClient Api, HttpClient Browser, string Commune)> OfficeWithVillagesAsync(string userName, params string[] codes)
    {
        var units = await app.DemoUnitsAsync();
        var api = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        using var created = await api.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = "2026-03-01",
            basis = "Quyết định số 11/QĐ-UBND ngày 20/02/2026",
            changes = codes.Select(code => new
            {
                kind = "create",
                unit = new { code = $"{units.Commune}.{code}", name = $"Rẫy {code}", fullName = $"Thôn Rẫy {code}", type = "Thôn", level = "village", parent = units.Commune },
            }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await app.CreateUserAsync(userName, Roles.DxOffice, DemoUnits.Province);
        return (api, await app.SignInAsync(userName, LodestarFactory.UserPassword), units.Commune);
    }

    [Fact]
    public async Task DxOffice_SplitsAVillageOnThePage_WithEachPartsShare_PreviewFirst()
    {
        var (api, browser, commune) = await OfficeWithVillagesAsync("t.cds.chiatach", "Z3");
        var values = new Dictionary<string, string>
        {
            ["Form.EffectiveOn"] = "01/10/2026",
            ["Form.Basis"] = "Nghị quyết số 31/NQ-HĐND ngày 20/09/2026",
            ["Form.Kind"] = "split",
            ["Form.Units"] = $"{commune}.Z3",
            ["Form.Parts[0].Code"] = $"{commune}.Z31",
            ["Form.Parts[0].Name"] = "Rẫy Đông",
            ["Form.Parts[0].FullName"] = "Thôn Rẫy Đông",
            ["Form.Parts[0].Share"] = "62,5",
            ["Form.Parts[1].Code"] = $"{commune}.Z32",
            ["Form.Parts[1].Name"] = "Rẫy Tây",
            ["Form.Parts[1].FullName"] = "Thôn Rẫy Tây",
            ["Form.Parts[1].Share"] = "37,5",
            ["Form.Action"] = "preview",
        };

        using (var preview = await Html.SubmitAsync(browser, Html.FormNamed(await Html.GetPageAsync(browser, Url), "reorganise"), Url, values))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var rows = (await Html.ParseAsync(preview)).QuerySelectorAll("#preview tr[data-what=unit-opened] td.code").Select(Html.Text).ToList();
            Assert.Contains($"{commune}.Z31", rows);
            Assert.Contains($"{commune}.Z32", rows);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(api, $"/api/v1/org-units/{commune}.Z31?asOf=2026-10-01")).Status);
        values["Form.Action"] = "record";
        using (var recorded = await Html.SubmitAsync(browser, Html.FormNamed(await Html.GetPageAsync(browser, Url), "reorganise"), Url, values))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        var lineage = await Api.GetOkAsync(api, $"/api/v1/org-units/{commune}.Z31/lineage");
        var from = Assert.Single(lineage.GetProperty("predecessors").EnumerateArray());
        Assert.Equal(($"{commune}.Z3", 0.625), (Api.Str(from, "code"), from.GetProperty("share").GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(api, $"/api/v1/org-units/{commune}.Z3?asOf=2026-10-01")).Status);
    }

    [Fact]
    public async Task DxOffice_SplitsAVillage_WithABoundaryForEachPart_ABadFileIsNamed_TheGoodOnesAreCarriedToTheRecord()
    {
        var (_, browser, commune) = await OfficeWithVillagesAsync("t.cds.ranhgioi", "Z6");
        static byte[] Shape(string type, double x) => System.Text.Encoding.UTF8.GetBytes(type == "Polygon"
            ? FormattableString.Invariant($"{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{x},21.8],[{x + 0.01},21.8],[{x + 0.01},21.81],[{x},21.8]]]}}}}")
            : FormattableString.Invariant($"{{\"type\":\"LineString\",\"coordinates\":[[{x},21.8],[{x + 0.01},21.8]]}}"));
        var values = new Dictionary<string, string>
        {
            ["Form.EffectiveOn"] = "01/10/2026",
            ["Form.Basis"] = "Nghị quyết số 33/NQ-HĐND ngày 20/09/2026",
            ["Form.Kind"] = "split",
            ["Form.Units"] = $"{commune}.Z6",
            ["Form.Parts[0].Code"] = $"{commune}.Z61",
            ["Form.Parts[0].Name"] = "Rẫy Sáu Đông",
            ["Form.Parts[0].FullName"] = "Thôn Rẫy Sáu Đông",
            ["Form.Parts[0].Share"] = "50",
            ["Form.Parts[1].Code"] = $"{commune}.Z62",
            ["Form.Parts[1].Name"] = "Rẫy Sáu Tây",
            ["Form.Parts[1].FullName"] = "Thôn Rẫy Sáu Tây",
            ["Form.Parts[1].Share"] = "50",
            ["Form.Action"] = "preview",
        };
        async Task<HttpResponseMessage> PostAsync(params (string, string, byte[])[] files) =>
            await Html.UploadAsync(browser, Html.FormNamed(await Html.GetPageAsync(browser, Url), "reorganise"), Url, values, files);

        using (var refused = await PostAsync(("partBoundary0", "dong.geojson", Shape("Polygon", 106.7)), ("partBoundary1", "tay.geojson", Shape("LineString", 106.71))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("Phần 2 (tay.geojson) — Ranh giới: hình kiểu 'LineString' không dùng được; cần Polygon hoặc MultiPolygon.",
                Html.Text((await Html.ParseAsync(refused)).QuerySelector("ul.error li")!));
        }

        IReadOnlyDictionary<string, string> carried;
        using (var preview = await PostAsync(("partBoundary0", "dong.geojson", Shape("Polygon", 106.7)), ("partBoundary1", "tay.geojson", Shape("Polygon", 106.71))))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var page = await Html.ParseAsync(preview);
            carried = page.QuerySelectorAll("input[type=hidden][name$='.Boundary']").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
            Assert.Equal(["Form.Parts[0].Boundary", "Form.Parts[1].Boundary"], carried.Keys.Order(StringComparer.Ordinal));
        }

        // Recorded without choosing the files again: the geometries checked at the preview come back with the form.
        values["Form.Action"] = "record";
        foreach (var (name, value) in carried)
        {
            values[name] = value;
        }

        using (var recorded = await PostAsync())
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Lodestar.Data.LodestarDbContext>();
        var shapes = await db.OrgUnitBoundaries.Join(db.OrgUnits, b => b.OrgUnitId, u => u.Id, (b, u) => new { u.Code, b.GeoJson })
            .Where(s => s.Code.StartsWith(commune + ".Z6")).ToListAsync();
        Assert.Equal([$"{commune}.Z61", $"{commune}.Z62"], shapes.Select(s => s.Code).Order(StringComparer.Ordinal));
        Assert.All(shapes, s => Assert.StartsWith("{\"type\":\"Polygon\"", s.GeoJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DxOffice_ReshapesAVillageWithAFile_PreviewListsIt_TheRecordKeepsTheOldShapeUntilTheDayBefore()
    {
        var (_, browser, commune) = await OfficeWithVillagesAsync("t.cds.thayranh", "Z8");
        var values = new Dictionary<string, string>
        {
            ["Form.EffectiveOn"] = "01/10/2026",
            ["Form.Basis"] = "Nghị quyết số 35/NQ-HĐND ngày 20/09/2026",
            ["Form.Kind"] = "reshape",
            ["Form.Units"] = $"{commune}.Z8",
            ["Form.Action"] = "preview",
        };
        var shape = """{"type":"Polygon","coordinates":[[[106.8,21.8],[106.81,21.8],[106.81,21.81],[106.8,21.8]]]}"""u8.ToArray();
        string carried;
        using (var preview = await Html.UploadAsync(browser, Html.FormNamed(await Html.GetPageAsync(browser, Url), "reorganise"), Url, values, ("unitBoundary", "z8.geojson", shape)))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var page = await Html.ParseAsync(preview);
            Assert.Contains("trước chưa có ranh giới, sau 4 điểm", Html.Text(page.QuerySelector("#preview tr[data-what=boundary-replaced]")!), StringComparison.Ordinal);
            carried = page.QuerySelector("input[type=hidden][name='Form.UnitBoundary']")!.GetAttribute("value")!;
        }

        values["Form.Action"] = "record";
        values["Form.UnitBoundary"] = carried;
        using (var recorded = await Html.UploadAsync(browser, Html.FormNamed(await Html.GetPageAsync(browser, Url), "reorganise"), Url, values))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Lodestar.Data.LodestarDbContext>();
        var village = await db.OrgUnits.SingleAsync(u => u.Code == commune + ".Z8");
        Assert.Contains("106.81", (await db.OrgUnitBoundaries.SingleAsync(b => b.OrgUnitId == village.Id)).GeoJson, StringComparison.Ordinal);
        var past = await db.OrgUnitPastBoundaries.SingleAsync(b => b.OrgUnitId == village.Id);
        Assert.Equal((new DateOnly(2026, 9, 30), (string?)null), (past.ValidTo, past.GeoJson));
    }

    [Fact]
    public async Task DxOffice_ImportsADecisionFromTheTemplate_ABadRowIsNamed_ThenPreviewAndRecordTheFile()
    {
        var (api, browser, commune) = await OfficeWithVillagesAsync("t.cds.nhaptep", "Z4", "Z5");
        using (var template = await browser.GetAsync(new Uri("/api/v1/reorganisations/template.xlsx", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, template.StatusCode);
            var header = XlsxReader.Read(await template.Content.ReadAsStreamAsync()).Value![0].Rows[0];
            Assert.Equal(ReorganisationSheet.Columns.Select(c => c.Vi), header.Cells);
        }

        byte[] File(params object?[][] rows)
        {
            var sheet = new XlsxSheet("Thay doi", [.. ReorganisationSheet.Columns.Select(c => new XlsxColumn(c.Vi))]);
            foreach (var row in rows)
            {
                sheet.Add(row);
            }

            return XlsxWriter.Write(sheet);
        }

        object?[] merge = ["merge", $"{commune}.Z4, {commune}.Z5", $"{commune}.Z45", "Rẫy Chung", "Thôn Rẫy Chung", null, null, null, null, null];
        var values = new Dictionary<string, string>
        {
            ["ImportInput.EffectiveOn"] = "01/10/2026",
            ["ImportInput.Basis"] = "Nghị quyết số 32/NQ-HĐND ngày 20/09/2026",
            ["ImportInput.Action"] = "preview",
        };
        async Task<HttpResponseMessage> UploadAsync(byte[]? file) =>
            await Html.UploadAsync(browser, Html.FormNamed(await Html.GetPageAsync(browser, Url), "import"), Url, values, file is null ? [] : [("file", "sap-xep.xlsx", file)]);

        using (var refused = await UploadAsync(File(merge, ["rename", $"{commune}.Z9", null, "Chín", "Thôn Chín", null, null, null, null, null])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = Html.Text((await Html.ParseAsync(refused)).QuerySelector("ul.error")!);
            Assert.Contains("Trang 'Thay doi', dòng 3, cột B (Mã đơn vị", error, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(api, $"/api/v1/org-units/{commune}.Z45?asOf=2026-10-01")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(api, $"/api/v1/org-units/{commune}.Z4?asOf=2026-10-01")).Status);

        string carried;
        using (var preview = await UploadAsync(File(merge)))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var page = await Html.ParseAsync(preview);
            Assert.Contains($"{commune}.Z45", page.QuerySelectorAll("#import-preview tr[data-what=unit-opened] td.code").Select(Html.Text));
            carried = page.QuerySelector("input[name='ImportInput.File']")!.GetAttribute("value")!;
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(api, $"/api/v1/org-units/{commune}.Z45?asOf=2026-10-01")).Status);

        // Record: the file previewed is carried by the page; no file is chosen again.
        values["ImportInput.Action"] = "record";
        values["ImportInput.File"] = carried;
        using (var recorded = await UploadAsync(null))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        var merged = await Api.GetOkAsync(api, $"/api/v1/org-units/{commune}.Z45?asOf=2026-10-01");
        Assert.Equal("Thôn Rẫy Chung", Api.Str(merged, "fullName"));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(api, $"/api/v1/org-units/{commune}.Z4?asOf=2026-10-01")).Status);
    }
}
