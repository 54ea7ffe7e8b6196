using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.OrgUnits;

/// <summary>/units/{code}: details, the head and the head history, reorganisation lineage, units below.</summary>
public sealed class UnitPage(IPage page)
{
    public ILocator Title => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator HeadHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Người đứng đầu", Exact = true });

    /// <summary>The head-history table is labelled by the section's heading.</summary>
    public ILocator HeadHistory => page.GetByRole(AriaRole.Table, new() { Name = "Người đứng đầu", Exact = true });

    public ILocator HeadHistoryRows(string position) =>
        HeadHistory.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = position, Exact = true }) });

    public ILocator Lineage => page.GetByRole(AriaRole.Region, new() { Name = "Lịch sử sắp xếp đơn vị", Exact = true });

    public ILocator LineageEntry(string unitName) =>
        Lineage.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = unitName, Exact = true }) });
}
