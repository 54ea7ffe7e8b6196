using System.Diagnostics;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Lodestar.Steering;

namespace Lodestar.Tests.Steering;

/// <summary>The exported pack in the Decree 30/2020 layout: the .docx read back with the OpenXML SDK, the .pdf through poppler.</summary>
public sealed class PackDocumentTests
{
    private static PackDocument Document(int paragraphs = 12) => new(
        "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "41/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
        "Tình hình chuyển đổi số quý III năm 2026 phục vụ cuộc họp Ban Chỉ đạo chuyển đổi số quý III năm 2026",
        [.. BriefingText.Paragraphs(BriefingTextTests.Example()), .. Enumerable.Range(1, paragraphs).Select(i => $"Đoạn {i}: các đơn vị tiếp tục đẩy mạnh chuyển đổi số, bảo đảm tiến độ các nhiệm vụ được giao, báo cáo đầy đủ, đúng hạn và chịu trách nhiệm về chất lượng số liệu.")],
        PackDocument.TablesOf(BriefingTextTests.Example()),
        ["- Ban Chỉ đạo chuyển đổi số tỉnh;", "- Lưu: VT, BCĐ."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Hùng", Draft: false);

    [Fact]
    public void Docx_OpensWithTheSdk_WithTheHeaderMarginsFontsAndPageNumbersFromPageTwo()
    {
        var bytes = PackDocx.Write(Document());

        using var stream = new MemoryStream(bytes);
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var header = body.Elements<Table>().First();
        var cells = header.Descendants<TableCell>().Select(c => c.InnerText).ToList();
        Assert.Equal("UBND TỈNH LẠNG SƠNBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐSố: 41/BC-BCĐ", cells[0]);
        Assert.Equal("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc", cells[1]);
        var slogan = header.Descendants<Run>().Single(r => r.InnerText == "Độc lập - Tự do - Hạnh phúc");
        Assert.NotNull(slogan.RunProperties!.Underline);
        Assert.NotNull(slogan.RunProperties.Bold);
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "Lạng Sơn, ngày 08 tháng 10 năm 2026" && p.Descendants<Italic>().Any());
        Assert.Contains(body.Descendants<Paragraph>(), p => p.InnerText == "Nơi nhận:");

        var section = body.Elements<SectionProperties>().Single();
        var size = section.GetFirstChild<PageSize>()!;
        Assert.Equal((11906u, 16838u), (size.Width!.Value, size.Height!.Value)); // A4
        var margin = section.GetFirstChild<PageMargin>()!;
        static double Mm(double twips) => twips / 1440 * 25.4;
        Assert.InRange(Mm(margin.Top!.Value), 20, 25);
        Assert.InRange(Mm(margin.Bottom!.Value), 20, 25);
        Assert.InRange(Mm(margin.Left!.Value), 30, 35);
        Assert.InRange(Mm(margin.Right!.Value), 15, 20);

        var fonts = body.Descendants<RunFonts>().Select(f => f.Ascii?.Value).Distinct().ToList();
        Assert.Equal(["Times New Roman"], fonts);
        var sizes = body.Descendants<Paragraph>().Where(p => p.InnerText.StartsWith("Đoạn", StringComparison.Ordinal))
            .SelectMany(p => p.Descendants<FontSize>()).Select(s => int.Parse(s.Val!.Value!, System.Globalization.CultureInfo.InvariantCulture) / 2.0).Distinct().ToList();
        Assert.All(sizes, s => Assert.InRange(s, 13, 14));

        // Page numbers from page 2: a distinct (empty) first-page header, the PAGE field in the default one.
        Assert.NotNull(section.GetFirstChild<TitlePage>());
        var refs = section.Elements<HeaderReference>().ToDictionary(r => r.Type!.Value, r => r.Id!.Value!);
        var first = (HeaderPart)word.MainDocumentPart.GetPartById(refs[HeaderFooterValues.First]);
        var other = (HeaderPart)word.MainDocumentPart.GetPartById(refs[HeaderFooterValues.Default]);
        Assert.Empty(first.Header!.InnerText);
        Assert.Contains(other.Header!.Descendants<FieldCode>(), f => f.Text.Trim() == "PAGE");
    }

    [Fact]
    public async Task Pdf_RendersWithPoppler_AndPageOneShowsTheNationalMottoWithVietnameseText()
    {
        var pdftoppm = Tool("pdftoppm");
        var pdftotext = Tool("pdftotext");
        var dir = Directory.CreateTempSubdirectory("lodestar-pack-");
        try
        {
            var file = Path.Combine(dir.FullName, "pack.pdf");
            await File.WriteAllBytesAsync(file, PackPdf.Write(Document(paragraphs: 30)));

            await RunAsync(pdftoppm, "-r", "40", "-png", file, Path.Combine(dir.FullName, "page"));
            var images = dir.GetFiles("page*.png");
            Assert.True(images.Length >= 2, $"a long pack runs to several pages; got {images.Length}");
            Assert.All(images, i => Assert.True(i.Length > 1000));

            var page1 = await RunAsync(pdftotext, "-f", "1", "-l", "1", "-layout", file, "-");
            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", page1, StringComparison.Ordinal);
            Assert.Contains("Độc lập - Tự do - Hạnh phúc", page1, StringComparison.Ordinal);
            Assert.Contains("Số: 41/BC-BCĐ", page1, StringComparison.Ordinal);
            Assert.Contains("Lạng Sơn, ngày 08 tháng 10 năm 2026", page1, StringComparison.Ordinal);
            Assert.Contains("chưa hoàn thành quá hạn", page1, StringComparison.Ordinal);

            // Page 1 has no number; page 2 starts with its number, centred at the top.
            var page2 = await RunAsync(pdftotext, "-f", "2", "-l", "2", file, "-");
            Assert.Equal("2", page2.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
            Assert.DoesNotMatch(@"^\s*1\s*$", page1.Split('\n')[0]);

            var fonts = await RunAsync(Tool("pdffonts"), file);
            Assert.True(fonts.Contains("Liberation Serif", StringComparison.Ordinal), fonts);
            // Embedded (emb = yes), so the PDF reads the same on a machine without the font.
            Assert.All(fonts.Split('\n').Where(l => l.Contains("Liberation Serif", StringComparison.Ordinal)), l => Assert.Contains(" yes ", l, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>poppler-utils must be there: ./test.sh installs it; a missing tool fails the test rather than skipping it.</summary>
    private static readonly string[] ToolDirs = ["/usr/bin", "/usr/local/bin", "/bin"];

    private static string Tool(string name)
    {
        var path = ToolDirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{name} is missing: install Debian's poppler-utils (./test.sh does it).");
        return path!;
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {error}");
        return output;
    }
}
