using System.Net;
using System.Text.RegularExpressions;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Components;

/// <summary>
/// Every main page of the demo, signed in as the administrator in Vietnamese: no leftover English or internal words, no
/// source-file paths, no markup printed as text.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class VietnamesePagesTests(LodestarFactory app)
{
    /// <summary>Words a Vietnamese page never shows: enum names, period types, internal actors, placeholders.</summary>
    private static readonly string[] EnglishWords =
    [
        "Year", "Quarter", "Month", "Half", "Min", "Max", "anonymous", "system", "null", "undefined", "NaN",
        "Achieved", "OnTrack", "AtRisk", "OffTrack", "NoData", "Draft", "Submitted", "Approved", "Returned", "Overdue",
        "Pending", "Unknown", "True", "False", "Exception", "Error", "Agency", "Commune", "Province", "Village",
    ];

    /// <summary>Pages the navigation does not link to directly: a detail page of each kind and the public portal's.</summary>
    private static readonly string[] DetailPages =
    [
        "/reports/forms", "/scorecards/20.SKHCN?year=2026", "/scorecards?level=commune&year=2026", "/units/20",
        "/cong-khai", "/cong-khai/dti", "/cong-khai/tim-kiem", "/cong-khai/du-lieu", "/cong-khai/api", "/khong-co-trang-nay",
    ];

    private static readonly string[] DoublyEncoded = ["&amp;#", "&amp;lt;", "&amp;gt;", "&amp;amp;", "&amp;nbsp;"];

    private static readonly string[] Entities = ["&#", "&lt;", "&gt;", "&amp;"];

    [GeneratedRegex(@"\bsrc/|\b[\w/]+\.(cs|md|razor)\b")]
    private static partial Regex SourcePath();

    [Fact]
    public async Task MainPages_InVietnamese_HaveNoEnglishWordsNoSourcePathsAndNoMarkupAsText()
    {
        var client = await app.SignInAsAdminAsync();
        var home = await Html.GetPageAsync(client, "/");
        var pages = home.QuerySelectorAll("nav.side a[href^='/']").Select(a => a.GetAttribute("href")!)
            .Concat(["/"]).Concat(DetailPages).ToList();
        var meetings = await Html.GetPageAsync(client, "/meetings");
        pages.AddRange(meetings.QuerySelectorAll("a[href^='/meetings/']").Select(a => a.GetAttribute("href")!).Take(1));
        Assert.True(pages.Count > 15, $"{pages.Count} pages");

        var found = new List<string>();
        foreach (var url in pages.Distinct())
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();

            // Markup encoded twice shows as "&#10;" or "&lt;" on screen.
            foreach (var raw in DoublyEncoded)
            {
                if (html.Contains(raw, StringComparison.Ordinal))
                {
                    found.Add($"{url}: markup printed as text ({raw})");
                }
            }

            var page = await Html.ParseAsync(response);
            foreach (var skip in page.QuerySelectorAll("script, style, [lang=en], code, pre").ToList())
            {
                skip.Remove();
            }

            var texts = new List<string> { page.Title ?? string.Empty, page.Body!.TextContent };
            texts.AddRange(page.QuerySelectorAll("[placeholder], [title], [aria-label]")
                .SelectMany(e => new[] { e.GetAttribute("placeholder"), e.GetAttribute("title"), e.GetAttribute("aria-label") })
                .OfType<string>());
            var text = string.Join("\n", texts);
            found.AddRange(EnglishWords.Where(w => Regex.IsMatch(text, $@"(?<![\w-]){w}(?![\w-])")).Select(w => $"{url}: English word \"{w}\" in {Around(text, w)}"));
            found.AddRange(SourcePath().Matches(text).Select(m => $"{url}: source path \"{m.Value}\""));
            found.AddRange(Entities.Where(e => text.Contains(e, StringComparison.Ordinal)).Select(e => $"{url}: entity \"{e}\" shown as text"));
        }

        Assert.True(found.Count == 0, string.Join("\n", found.Distinct()));
    }

    private static string Around(string text, string word)
    {
        var at = Regex.Match(text, $@"(?<![\w-]){word}(?![\w-])").Index;
        var from = Math.Max(0, at - 40);
        return "«" + text[from..Math.Min(text.Length, at + word.Length + 40)].ReplaceLineEndings(" ") + "»";
    }
}
