using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Lodestar.Steering;
using Lodestar.Tests.Common.Pdf;

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
    public void Docx_NationalMotto_FitsOnOneLineOfItsHeaderColumn()
    {
        using var stream = new MemoryStream(PackDocx.Write(Document()));
        using var word = WordprocessingDocument.Open(stream, false);
        var right = word.MainDocumentPart!.Document!.Body!.Elements<Table>().First().Descendants<TableCell>().ElementAt(1);
        var run = right.Descendants<Run>().Single(r => r.InnerText == PackDocument.Motto);

        // Liberation Serif is metric-compatible with Times New Roman: the width Word lays the motto out in.
        using var resource = typeof(PackDocx).Assembly.GetManifestResourceStream("Lodestar.Steering.Fonts.LiberationSerif-Bold.ttf")!;
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        var size = int.Parse(run.RunProperties!.FontSize!.Val!.Value!, System.Globalization.CultureInfo.InvariantCulture) / 2.0;
        var needed = Lodestar.Common.Pdf.TrueTypeFont.Parse(bytes.ToArray()).Width(PackDocument.Motto, size);
        var room = (int.Parse(right.TableCellProperties!.TableCellWidth!.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture) - (2 * 108)) / 20.0;

        Assert.True(needed <= room, $"the motto needs {needed:0.#} pt at {size} pt, its column holds {room:0.#} pt");
        Assert.InRange(size, 12, 13);
    }

    [Theory]
    [InlineData("20", "Lạng Sơn", "Tỉnh Lạng Sơn", true, "UBND TỈNH LẠNG SƠN", "tỉnh", "Tỉnh ủy")]
    [InlineData("01", "Hà Nội", "Thành phố Hà Nội", true, "UBND THÀNH PHỐ HÀ NỘI", "thành phố", "Thành ủy")]
    [InlineData("01", "Hà Nội", "Thành phố Hà Nội", false, "UBND THÀNH PHỐ HÀ NỘI", "thành phố", "Thành ủy")] // a pack whose figures could not be read: the meeting's province
    public void Of_APack_IsHeadedByTheUnitsOwnTitle_AndAddressesItsOwnCommittee(
        string code, string name, string fullName, bool withFigures, string parentBody, string kind, string party)
    {
        var data = withFigures ? BriefingTextTests.Example() with { Unit = new DashUnit(1, code, fullName, IsProvince: true) } : null;
        var pack = new PackView("41/BC-BCĐ", "issued", "Đoạn một.\n\nĐoạn hai.", "One.", false, new DateTime(2026, 10, 6, 2, 0, 0, DateTimeKind.Utc), "dxoffice",
            new DateTime(2026, 10, 8, 2, 0, 0, DateTimeKind.Utc), "dxoffice", 1, data);
        var meeting = new MeetingDetail("m1", "2026Q3", "Họp", new DateOnly(2026, 10, 10), null, null, null, [], null, code, name, fullName, 1, pack, []);

        var doc = PackDocument.Of(meeting, new DateOnly(2026, 10, 9), null);

        Assert.Equal(parentBody, doc.ParentBody);
        Assert.EndsWith($"Ban Chỉ đạo chuyển đổi số {kind})", doc.Summary, StringComparison.Ordinal);
        Assert.Equal([$"- Ban Chỉ đạo chuyển đổi số {kind};", $"- Thường trực {party}, HĐND {kind} (b/c);"], doc.Recipients.Take(2));
    }

    [Theory]
    [InlineData("Giám đốc Sở", "Sở Nội vụ", "Giám đốc Sở Nội vụ")]
    [InlineData("Giám đốc Trung tâm", "Trung tâm Phục vụ hành chính công tỉnh", "Giám đốc Trung tâm Phục vụ hành chính công tỉnh")]
    [InlineData("Chánh Văn phòng", "Văn phòng UBND tỉnh", "Chánh Văn phòng UBND tỉnh")]
    [InlineData("Chỉ huy trưởng", "Bộ Chỉ huy Quân sự tỉnh", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh")]
    [InlineData("Chủ tịch UBND tỉnh", "Tỉnh Lạng Sơn", "Chủ tịch UBND tỉnh")]
    public void SeatName_SaysTheUnitOnce(string title, string unit, string seat) =>
        Assert.Equal(seat, DashboardQueries.SeatName(title, unit));

    [Fact]
    public void TablesOf_Members_IsATableOfMembersAndTheirIndexesByName()
    {
        var data = BriefingTextTests.Example() with
        {
            Members =
            [
                new MemberIndex("Member", "Giám đốc Sở Khoa học và Công nghệ", "Hoàng Văn Hùng", "P405", "P405.3", "Hạ tầng số", 2025, 0.625, 0.5),
                new MemberIndex("Member", "Giám đốc Sở Khoa học và Công nghệ", "Hoàng Văn Hùng", "LS-XA", "3", "Nhân lực số", 2026, null, null),
                new MemberIndex("Member", "Giám đốc Sở Nội vụ", null, "P405", "P405.2", "Chính quyền số", 2025, 0.7, null),
            ],
        };

        var members = PackDocument.TablesOf(data).Single(t => t.Caption.Contains("thành viên Ban Chỉ đạo", StringComparison.Ordinal));

        Assert.Equal(
            [["Hoàng Văn Hùng, Giám đốc Sở Khoa học và Công nghệ", "Hạ tầng số", "62,5%", "50%"], ["", "Nhân lực số", "—", "—"], ["Giám đốc Sở Nội vụ", "Chính quyền số", "70%", "—"]],
            members.Rows.Select(r => r.ToArray()).ToArray());
    }

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
        var dir = Directory.CreateTempSubdirectory("lodestar-pack-");
        try
        {
            var file = Path.Combine(dir.FullName, "pack.pdf");
            await File.WriteAllBytesAsync(file, PackPdf.Write(Document(paragraphs: 30)));

            var info = await PdfTools.CheckAsync(file);
            Assert.Equal("595.276 x 841.89 pts (A4)", PdfTools.Info(info, "Page size:"));
            var pages = int.Parse(PdfTools.Info(info, "Pages:"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(pages >= 3, $"a long pack runs to several pages; got {pages}");

            await PdfTools.RunAsync("pdftoppm", "-r", "40", "-png", file, Path.Combine(dir.FullName, "page"));
            var images = dir.GetFiles("page*.png");
            Assert.Equal(pages, images.Length);
            Assert.All(images, i => Assert.True(i.Length > 1000));

            var page1 = await PdfTools.TextAsync("pdftotext", "-f", "1", "-l", "1", "-layout", file, "-");
            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", page1, StringComparison.Ordinal);
            Assert.Contains("Độc lập - Tự do - Hạnh phúc", page1, StringComparison.Ordinal);
            Assert.Contains("Số: 41/BC-BCĐ", page1, StringComparison.Ordinal);
            Assert.Contains("Lạng Sơn, ngày 08 tháng 10 năm 2026", page1, StringComparison.Ordinal);
            Assert.Contains("chưa hoàn thành quá hạn", page1, StringComparison.Ordinal);

            // A justified paragraph (its words placed one by one) reads back as its text, diacritics and all.
            var all = string.Join(' ', (await PdfTools.TextAsync("pdftotext", file, "-")).Split((char[])[' ', '\n', '\f'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("Đoạn 1: các đơn vị tiếp tục đẩy mạnh chuyển đổi số, bảo đảm tiến độ các nhiệm vụ được giao, báo cáo đầy đủ, đúng hạn và chịu trách nhiệm về chất lượng số liệu. Đoạn 2:", all, StringComparison.Ordinal);

            // Page 1 has no number; every later page starts with its number, centred at the top.
            Assert.DoesNotMatch(@"^\s*1\s*$", page1.Split('\n')[0]);
            for (var p = 2; p <= pages; p++)
            {
                var text = await PdfTools.TextAsync("pdftotext", "-f", $"{p}", "-l", $"{p}", file, "-");
                Assert.Equal($"{p}", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
            }

            // Liberation Serif in its four faces, embedded (so the PDF reads the same without the font), Identity-H.
            var fonts = (await PdfTools.TextAsync("pdffonts", file)).Split('\n').Skip(2).Where(l => l.Length > 0).ToList();
            Assert.Equal(["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"], fonts.Select(l => l.Split(' ')[0][7..]));
            Assert.All(fonts, l => Assert.Matches(@" CID TrueType +Identity-H +yes yes yes ", l));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryCharacterOfThePack_HasAGlyphInEveryFace()
    {
        var doc = Document();
        var text = string.Concat(new[] { doc.ParentBody, doc.Body, doc.Number, doc.PlaceAndDate, doc.Title, doc.Summary, PackDocument.Motto, PackDocument.Slogan, doc.SignerCapacity, doc.SignerTitle, doc.SignerName, "Số: (Dự thảo) Nơi nhận:" }
            .Concat(doc.Paragraphs).Concat(doc.Recipients).Concat(doc.Tables.SelectMany(t => t.Rows.SelectMany(r => r).Concat(t.Header).Append(t.Caption))));

        foreach (var face in new[] { "Regular", "Bold", "Italic", "BoldItalic" })
        {
            var font = TrueTypeFontTests.Font(face);
            Assert.Empty(text.Normalize().Where(c => font.GlyphOf(c) == 0).Distinct());
        }
    }
}
