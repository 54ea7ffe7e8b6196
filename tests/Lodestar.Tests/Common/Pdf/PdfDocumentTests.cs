using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lodestar.Common.Pdf;
using static Lodestar.Tests.Common.Pdf.PdfTools;

namespace Lodestar.Tests.Common.Pdf;

/// <summary>Our PDF writer read back by qpdf and poppler: structure, page size, fonts, extracted text, positions.</summary>
public sealed partial class PdfDocumentTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lodestar-pdf-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static readonly DateTimeOffset Created = new(2026, 10, 8, 2, 30, 0, TimeSpan.Zero);

    /// <summary>Lines dense in diacritics (every tone on several vowels, đ/Đ, upper case).</summary>
    private static readonly string[] Vietnamese =
    [
        "Độc lập - Tự do - Hạnh phúc",
        "Ủy ban nhân dân tỉnh Lạng Sơn chỉ đạo đẩy mạnh chuyển đổi số,",
        "bảo đảm tiến độ, chất lượng; những nhiệm vụ chậm trễ phải được",
        "giải quyết dứt điểm trước ngày 31/12/2026 — ưu tiên hồ sơ trực tuyến toàn trình…",
        "ĐỒNG Ý VỚI ĐỀ XUẤT CỦA SỞ KHOA HỌC VÀ CÔNG NGHỆ;",
    ];

    private async Task<string> SaveAsync(PdfDocument doc, string name = "doc.pdf")
    {
        var file = Path.Combine(_dir.FullName, name);
        await File.WriteAllBytesAsync(file, doc.ToArray());
        return file;
    }

    private static PdfDocument Sample(bool subset = true)
    {
        var doc = new PdfDocument { Title = "Báo cáo thử nghiệm", Author = "Ban Chỉ đạo", Created = Created, SubsetFonts = subset };
        var regular = doc.AddFont(TrueTypeFontTests.Font());
        var bold = doc.AddFont(TrueTypeFontTests.Font("Bold"));
        var page = doc.AddPage();
        page.Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 13, 200, 60);
        var y = 100.0;
        foreach (var line in Vietnamese)
        {
            // One line handed over decomposed (as some keyboards type it): drawn and extracted in NFC all the same.
            page.Text(line == Vietnamese[2] ? line.Normalize(NormalizationForm.FormD) : line, regular, 14, 85, y);
            y += 18;
        }

        page.Line(85, y, 300, y, 0.6);
        page.Rectangle(85, y + 10, 200, 40, 0.5);
        page.FillRectangle(300, y + 10, 100, 40, 0.85);
        doc.AddPage().Text("Trang hai", regular, 13, 85, 80);
        return doc;
    }

    [Fact]
    public async Task Sample_PassesQpdf_IsA4WithTwoPages_AndExtractsItsVietnameseTextExactly()
    {
        var file = await SaveAsync(Sample());

        var info = await CheckAsync(file);
        Assert.Equal("2", Info(info, "Pages:"));
        Assert.Equal("595.276 x 841.89 pts (A4)", Info(info, "Page size:"));
        Assert.Equal("Báo cáo thử nghiệm", Info(info, "Title:"));
        Assert.Equal("Lodestar", Info(info, "Producer:"));
        Assert.Equal("1.7", Info(info, "PDF version:"));

        var page1 = (await TextAsync("pdftotext", "-f", "1", "-l", "1", file, "-")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", .. Vietnamese], page1.Where(l => l != "\f"));
        Assert.All(page1, l => Assert.True(l.IsNormalized(NormalizationForm.FormC)));
        Assert.Equal("Trang hai", (await TextAsync("pdftotext", "-f", "2", "-l", "2", file, "-")).Trim());
    }

    [Fact]
    public async Task Fonts_AreEmbeddedSubsetsOfTypeCidTrueType_InIdentityH_WithAUnicodeMap()
    {
        var file = await SaveAsync(Sample());

        var fonts = (await TextAsync("pdffonts", file)).Split('\n').Skip(2).Where(l => l.Length > 0).ToList();

        Assert.Equal(2, fonts.Count);
        Assert.Matches(FontLine("LiberationSerif"), fonts[0]);
        Assert.Matches(FontLine("LiberationSerif-Bold"), fonts[1]);
    }

    // name, type, encoding, emb, sub, uni: "ABCDEF+LiberationSerif  CID TrueType  Identity-H  yes yes yes  4  0"
    private static Regex FontLine(string name) => new($@"^[A-Z]{{6}}\+{name} +CID TrueType +Identity-H +yes yes yes ");

    [Fact]
    public async Task TextWidth_MeasuredByTheWriter_IsWhereViewersEndTheWord()
    {
        // Regular "Hạnh": H 1479 + ạ 909 + n 1024 + h 1024 = 4436 units of 2048 per em; at 20 pt: 43.320 pt.
        var doc = new PdfDocument { Created = Created };
        var font = doc.AddFont(TrueTypeFontTests.Font());
        doc.AddPage().Text("Hạnh", font, 20, 100, 200);
        Assert.Equal(43.320, font.Width("Hạnh", 20), 3);
        var file = await SaveAsync(doc);

        var bbox = await TextAsync("pdftotext", "-bbox", file, "-");

        var word = WordBox().Match(bbox);
        Assert.True(word.Success, bbox);
        double At(string group) => double.Parse(word.Groups[group].Value, CultureInfo.InvariantCulture);
        Assert.Equal(100, At("x0"), 2);
        Assert.Equal(100 + 43.320, At("x1"), 2);
    }

    [GeneratedRegex("""<word xMin="(?<x0>[\d.]+)" yMin="[\d.]+" xMax="(?<x1>[\d.]+)" yMax="[\d.]+">Hạnh</word>""")]
    private static partial Regex WordBox();

    [Fact]
    public async Task ACharacterWithoutGlyph_IsDrawnAsNotdef_AndTheRestOfTheLineStillExtracts()
    {
        var doc = new PdfDocument { Created = Created };
        var font = doc.AddFont(TrueTypeFontTests.Font());
        doc.AddPage().Text("Mã 中 số", font, 12, 100, 100);
        var file = await SaveAsync(doc);

        await CheckAsync(file);

        Assert.Equal("Mã \uFFFD số", (await TextAsync("pdftotext", file, "-")).Trim());
    }

    [Fact]
    public async Task SubsetFonts_MakeTheFileSmallerThanWholeFonts_AndBothAreValid()
    {
        var subset = await SaveAsync(Sample(), "subset.pdf");
        var whole = await SaveAsync(Sample(subset: false), "whole.pdf");

        await CheckAsync(subset);
        await CheckAsync(whole);

        Assert.True(new FileInfo(subset).Length * 5 < new FileInfo(whole).Length, $"{new FileInfo(subset).Length} vs {new FileInfo(whole).Length}");
        Assert.Equal(
            (await TextAsync("pdftotext", subset, "-")).Trim(),
            (await TextAsync("pdftotext", whole, "-")).Trim());
        Assert.Contains(" yes no  yes ", await TextAsync("pdffonts", whole), StringComparison.Ordinal);
    }

    [Fact]
    public void SameDocument_GivesTheSameBytes()
    {
        Assert.Equal(Sample().ToArray(), Sample().ToArray());
    }

    [Fact]
    public void APage_CannotBeDrawnOnOnceTheNextIsAdded()
    {
        var doc = new PdfDocument { Created = Created };
        var font = doc.AddFont(TrueTypeFontTests.Font());
        var first = doc.AddPage();
        doc.AddPage();

        Assert.Throws<InvalidOperationException>(() => first.Text("muộn", font, 12, 10, 10));
        Assert.Throws<InvalidOperationException>(() => new PdfDocument { Created = Created }.ToArray());
    }
}
