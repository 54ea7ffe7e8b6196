using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Common;

/// <summary>Full-page screenshots named by step, kept as test artefacts for people to look at.</summary>
public static class Screenshots
{
    public static async Task<string> SaveAsync(IPage page, string step)
    {
        Directory.CreateDirectory(BrowserFixture.ArtifactsDirectory);
        var path = Path.Combine(BrowserFixture.ArtifactsDirectory, step + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
