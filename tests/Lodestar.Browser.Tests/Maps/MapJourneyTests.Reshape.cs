using System.Globalization;
using System.Text.Json;
using Lodestar.Browser.Tests.Common;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Maps;

/// <summary>Issue 17, boundaries: a commune redrawn on the reorganisation page keeps its old shape on the maps of earlier days.</summary>
public sealed partial class MapJourneyTests
{
    [Fact]
    public async Task Admin_ReshapesACommuneWithAFile_TheMapOfTheDayBeforeDrawsTheOldShape_FromTheDayTheNew()
    {
        var day = Dates.Today(browser.Clock).AddDays(-10);
        string code;
        string official;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            // Lạng Sơn's last commune by code: the hover test takes the highest value, whose place on the map this must not cover.
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var commune = await db.OrgUnitParents.Where(l => l.Parent.Code == "20" && l.Child.Level == OrgUnitLevel.Commune && l.ValidTo == null && l.Child.ValidTo == null)
                .OrderByDescending(l => l.Child.Code).Select(l => new { l.Child.Id, l.Child.Code }).FirstAsync();
            code = commune.Code;
            official = await db.OrgUnitBoundaries.Where(b => b.OrgUnitId == commune.Id).Select(b => b.GeoJson).SingleAsync();
        }

        await SignInAsync();
        await _page.GotoAsync("/org-units/reorganisations");
        var form = _page.Locator("#reorganise");
        await form.Locator("[name='Form.EffectiveOn']").FillAsync(day.ToDisplay());
        await form.Locator("[name='Form.Basis']").FillAsync("Quyết định số 52/QĐ-UBND về đo đạc lại địa giới");
        await form.Locator("[name='Form.Kind']").SelectOptionAsync("reshape");
        await form.Locator("[name='Form.Units']").FillAsync(code);
        await form.Locator("input[name='unitBoundary']").SetInputFilesAsync(new FilePayload
        {
            Name = "dia-gioi-moi.geojson", MimeType = "application/geo+json", Buffer = System.Text.Encoding.UTF8.GetBytes(InnerSquare(official)),
        });
        await _page.GetByRole(AriaRole.Button, new() { Name = "Xem trước hệ quả" }).ClickAsync();
        await Expect(_page.Locator("#preview tr[data-what='boundary-replaced']")).ToContainTextAsync("sau 5 điểm");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận", Exact = true }).ClickAsync();
        await Expect(_page.Locator("#recorded")).ToHaveTextAsync("Đã ghi nhận sắp xếp đơn vị.");

        var maps = new MapsPage(_page);
        async Task<string> DrawnAsync(DateOnly asOf)
        {
            await maps.GotoAsync($"unit=20&layer=dti&year=2025&asOf={asOf.ToDisplay()}");
            await Expect(maps.Unit(code)).ToBeVisibleAsync();
            return (await maps.Unit(code).GetAttributeAsync("d"))!;
        }

        var before = await DrawnAsync(day.AddDays(-1));
        var after = await DrawnAsync(day);
        await Screenshots.SaveAsync(_page, "maps-05-reshaped-commune");
        Assert.NotEqual(before, after);
        Assert.Equal(before, await DrawnAsync(day.AddDays(-1)));
    }

    /// <summary>A square on the middle third of the shape's bounding box: inside the commune, covering none of its neighbours.</summary>
    private static string InnerSquare(string geoJson)
    {
        using var doc = JsonDocument.Parse(geoJson);
        var points = new List<(double X, double Y)>();
        void Collect(JsonElement e)
        {
            if (e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
            {
                points.Add((e[0].GetDouble(), e[1].GetDouble()));
                return;
            }

            foreach (var child in e.EnumerateArray())
            {
                Collect(child);
            }
        }

        Collect(doc.RootElement.GetProperty("coordinates"));
        var (x0, x1, y0, y1) = (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
        var (w, h) = ((x1 - x0) / 3, (y1 - y0) / 3);
        var (a, b, c, d) = (x0 + w, x1 - w, y0 + h, y1 - h);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Polygon","coordinates":[[[{{a}},{{c}}],[{{b}},{{c}}],[{{b}},{{d}}],[{{a}},{{d}}],[{{a}},{{c}}]]]}""");
    }
}
