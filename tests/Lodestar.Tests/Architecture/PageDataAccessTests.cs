using System.Text.RegularExpressions;

namespace Lodestar.Tests.Architecture;

/// <summary>
/// Pages get their data from the query classes of their feature, which the API and the CLI use too (issue 24 item 7): a
/// Razor component that queries the DbContext repeats their scope checks and sort orders, and drifts from them. Read as
/// text, so an injected context, a context passed along and a context named in code all count.
/// </summary>
public sealed partial class PageDataAccessTests
{
    [Fact]
    public void NoRazorComponent_InjectsOrNamesTheDbContext()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Lodestar.Web");
        var pages = Directory.GetFiles(web, "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
            .ToList();

        var offenders = pages.Where(f => DbContext().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(web, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal).ToList();

        Assert.True(pages.Count > 50, $"expected the pages of src/Lodestar.Web under {web}, found {pages.Count}");
        Assert.True(offenders.Count == 0,
            "These components use the DbContext; move their queries to the feature's query class: " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"\bLodestarDbContext\b|@inject\s+\S*DbContext\b")]
    private static partial Regex DbContext();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lodestar.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Lodestar.slnx not found above " + AppContext.BaseDirectory);
    }
}
