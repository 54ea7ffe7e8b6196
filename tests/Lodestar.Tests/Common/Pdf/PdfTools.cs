using System.Diagnostics;

namespace Lodestar.Tests.Common.Pdf;

/// <summary>
/// The command-line PDF readers the tests check our PDFs with: poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm)
/// and qpdf. ./test.sh installs them; a missing tool fails the test rather than skipping it.
/// </summary>
internal static class PdfTools
{
    private static readonly string[] ToolDirs = ["/usr/bin", "/usr/local/bin", "/bin"];

    public sealed record Run(string Output, string Error);

    public static string Tool(string name)
    {
        var path = ToolDirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{name} is missing: install Debian's poppler-utils and qpdf (./test.sh does it).");
        return path!;
    }

    /// <summary>Runs a tool to its end; a non-zero exit fails the test with the tool's error output.</summary>
    public static async Task<Run> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(Tool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {await error}");
        return new Run(await output, await error);
    }

    public static async Task<string> TextAsync(string tool, params string[] args) => (await RunAsync(tool, args)).Output;

    /// <summary>
    /// qpdf's structural check (cross-reference offsets, objects, Flate streams), then pdfinfo and pdftoppm (which
    /// loads the embedded fonts to draw every page) without a complaint. Returns pdfinfo's report.
    /// </summary>
    public static async Task<string> CheckAsync(string file)
    {
        var qpdf = await RunAsync("qpdf", "--check", file);
        Assert.Contains("No syntax or stream encoding errors found", qpdf.Output, StringComparison.Ordinal);
        Assert.Equal("", qpdf.Error);
        var info = await RunAsync("pdfinfo", file);
        Assert.Equal("", info.Error);
        var render = await RunAsync("pdftoppm", "-r", "30", "-png", file, file + "-page");
        Assert.Equal("", render.Error);
        return info.Output;
    }

    /// <summary>The line of pdfinfo's output that starts with a key ("Pages:", "Page size:").</summary>
    public static string Info(string pdfinfo, string key) =>
        pdfinfo.Split('\n').Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();
}
