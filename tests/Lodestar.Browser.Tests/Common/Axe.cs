using System.Text.Json;
using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Common;

/// <summary>axe-core (vendored under Publishing/axe) run on the page as it stands.</summary>
public static class Axe
{
    private static readonly string ScriptPath = Path.Combine(AppContext.BaseDirectory, "Publishing", "axe", "axe.min.js");

    /// <summary>The serious and critical violations on the page, each naming its rule and up to four elements; empty when clean.</summary>
    public static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated through the debugging protocol: the page's Content-Security-Policy (rightly) refuses an injected script tag.
        await page.EvaluateAsync(await File.ReadAllTextAsync(ScriptPath));
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ')) }))");
        return violations.EnumerateArray().Where(v => v.GetProperty("impact").GetString() is "serious" or "critical").Select(v => v.ToString()).ToList();
    }

    /// <summary>Fails on any serious or critical violation, naming the page, the rule and the elements.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var bad = await SeriousViolationsAsync(page);
        Assert.True(bad.Count == 0, $"{name}: " + string.Join("\n", bad));
    }
}
