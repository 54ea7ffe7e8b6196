using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.OrgUnits;

/// <summary>/units: the search form (name, level, date) and the table of results.</summary>
public sealed class UnitsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Đơn vị", Exact = true, Level = 1 });

    public ILocator Query => page.GetByLabel("Tìm đơn vị");

    public ILocator AsOf => page.GetByLabel("Tại ngày");

    public ILocator SearchButton => page.GetByRole(AriaRole.Button, new() { Name = "Tìm", Exact = true });

    public ILocator Results => page.GetByRole(AriaRole.Table);

    public async Task GotoAsync() => await page.GotoAsync("/units");

    public async Task SearchAsync(string query, string? asOf = null)
    {
        await Query.FillAsync(query);
        if (asOf is not null)
        {
            await AsOf.FillAsync(asOf);
        }

        await SearchButton.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>The result link of a unit; the code tells apart units of the same name.</summary>
    public ILocator ResultLink(string fullName, string code) =>
        Results.GetByRole(AriaRole.Row).Filter(new() { HasText = code })
            .GetByRole(AriaRole.Link, new() { Name = fullName, Exact = true });

    public async Task OpenAsync(string fullName, string code) => await ResultLink(fullName, code).ClickAsync();
}
