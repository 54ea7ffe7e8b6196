using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Tasks;

/// <summary>/tasks/new: the form that assigns one task.</summary>
public sealed class NewTaskPage(IPage page)
{
    public async Task GotoAsync() => await page.GotoAsync("/tasks/new");

    /// <summary>The owner unit field: a combobox that finds units by name (Components/SearchField.razor, js/search-field.js) and posts the code.</summary>
    public ILocator OwnerUnit => page.GetByRole(AriaRole.Combobox, new() { Name = "Đơn vị chủ trì", Exact = true });

    public ILocator OwnerUnitChosen => page.Locator("#owner-hint");

    public ILocator UnitOption(string name) => page.GetByRole(AriaRole.Option, new() { Name = name });

    public async Task AssignAsync(string title, string ownerUnit, string deadline)
    {
        await page.GetByLabel("Tên nhiệm vụ", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Đơn vị chủ trì", new() { Exact = true }).FillAsync(ownerUnit);
        await page.GetByLabel("Thời hạn", new() { Exact = true }).FillAsync(deadline);
        await page.GetByRole(AriaRole.Button, new() { Name = "Giao nhiệm vụ", Exact = true }).ClickAsync();
    }
}

/// <summary>/tasks/{uid}: details, history, and the forms of the owner unit and the assigner.</summary>
public sealed class TaskPage(IPage page)
{
    public ILocator Title => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator State => page.Locator("h1 + p .state");

    public ILocator History => page.Locator("ol.reports");

    public ILocator Deadline => page.Locator("#deadline");

    public ILocator ExtendedTo => page.Locator("#extended");

    public async Task ReportProgressAsync(int percent, string narrative, FilePayload evidence)
    {
        await page.GetByLabel("Tiến độ (%)", new() { Exact = true }).FillAsync(percent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Nội dung", new() { Exact = true }).FillAsync(narrative);
        await page.GetByLabel("Tệp minh chứng", new() { Exact = true }).SetInputFilesAsync(evidence);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi báo cáo tiến độ", Exact = true }).ClickAsync();
    }

    public async Task RequestExtensionAsync(string newDeadline, string reason)
    {
        await page.GetByLabel("Thời hạn mới", new() { Exact = true }).FillAsync(newDeadline);
        await page.GetByLabel("Lý do", new() { Exact = true }).FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đề nghị gia hạn", Exact = true }).ClickAsync();
    }

    public async Task ApproveExtensionAsync() =>
        await page.GetByRole(AriaRole.Button, new() { Name = "Đồng ý gia hạn", Exact = true }).ClickAsync();

    public async Task ReportCompletionAsync(string result, FilePayload evidence)
    {
        await page.GetByLabel("Kết quả", new() { Exact = true }).FillAsync(result);
        await page.GetByLabel("Tệp minh chứng (bắt buộc)", new() { Exact = true }).SetInputFilesAsync(evidence);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi báo cáo hoàn thành", Exact = true }).ClickAsync();
    }

    public async Task AcceptCompletionAsync() =>
        await page.GetByRole(AriaRole.Button, new() { Name = "Chấp nhận hoàn thành", Exact = true }).ClickAsync();
}

/// <summary>/tasks/heatmap: units coloured by their share of overdue tasks.</summary>
public sealed class HeatMapPage(IPage page)
{
    public ILocator Title => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Units => page.Locator("ul.heatmap > li");

    public ILocator RedUnits => page.Locator("ul.heatmap > li.heat-red");

    public async Task GotoAsync() => await page.GotoAsync("/tasks/heatmap");
}
