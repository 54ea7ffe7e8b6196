using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Maps;

/// <summary>/maps: the choropleth of a province's communes with its legend and table.</summary>
public sealed class MapsPage(IPage page)
{
    public async Task GotoAsync(string query) => await page.GotoAsync("/maps?" + query);

    public ILocator Map => page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Bản đồ:") });

    /// <summary>A drawn unit: an SVG path Leaflet made, labelled with the unit's name.</summary>
    public ILocator Unit(string code) => page.Locator($"path[data-code='{code}']");

    public ILocator Tooltip => page.Locator(".leaflet-tooltip");

    public ILocator Table => page.GetByRole(AriaRole.Table, new() { Name = "Bảng số liệu của bản đồ" });

    public ILocator SortByUnit => page.GetByRole(AriaRole.Button, new() { Name = "Đơn vị", Exact = true });
}

/// <summary>/scorecards and /scorecards/{code}.</summary>
public sealed class ScorecardPages(IPage page)
{
    public async Task GotoListAsync(string query) => await page.GotoAsync("/scorecards?" + query);

    public ILocator Rows => page.Locator("table tbody tr");

    public ILocator Cards => page.Locator("section.scorecard");

    public ILocator Explanation => page.GetByLabel("Giải trình (người đánh giá sẽ thấy)");
}
