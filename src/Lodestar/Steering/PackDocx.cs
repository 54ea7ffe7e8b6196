using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Lodestar.Steering;

/// <summary>
/// The pack as a Word document in the Decree 30/2020 layout: A4, margins 20/20/30/15 mm (top, bottom, left, right),
/// Times New Roman 14 pt, the two-column header, page numbers centred at the top from page 2.
/// </summary>
public static class PackDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public const string Font = "Times New Roman";

    // Twentieths of a point: 1 mm = 56.7 twips.
    public const int PageWidth = 11906, PageHeight = 16838, Top = 1134, Bottom = 1134, Left = 1701, Right = 1021;

    private const int TextWidth = PageWidth - Left - Right;

    public static byte[] Write(PackDocument doc)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            main.Document = new Document(body);

            body.Append(HeaderTable(doc));
            body.Append(Para(doc.PlaceAndDate, JustificationValues.Right, italic: true, size: 28, before: 120));
            body.Append(Para(doc.Title, JustificationValues.Center, bold: true, size: 28, before: 240));
            body.Append(Para(doc.Summary, JustificationValues.Center, bold: true, size: 28, after: 240));
            if (doc.Draft)
            {
                body.Append(Para("(Dự thảo)", JustificationValues.Center, italic: true, size: 26, after: 120));
            }

            if (doc.SignedOriginalNote is { } note)
            {
                body.Append(Para(note, JustificationValues.Center, italic: true, size: 24, after: 120));
            }

            foreach (var p in doc.Paragraphs)
            {
                body.Append(p.StartsWith("# ", StringComparison.Ordinal)
                    ? Para(p[2..], JustificationValues.Both, bold: true, size: 28, before: 120, after: 60)
                    : Para(p, JustificationValues.Both, size: 28, after: 120, indent: 567));
            }

            foreach (var t in doc.Tables)
            {
                body.Append(Para(t.Caption, JustificationValues.Left, bold: true, size: 26, before: 180, after: 60));
                body.Append(Grid(t));
            }

            body.Append(Para("", JustificationValues.Left, size: 28));
            body.Append(SignatureTable(doc));
            body.Append(Sections(main));
        }

        return stream.ToArray();
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                new FontSize { Val = "28" }, new FontSizeComplexScript { Val = "28" }, new Languages { Val = "vi-VN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "276", LineRule = LineSpacingRuleValues.Auto }))));
    }

    /// <summary>A4, the margins, a title page whose header is empty, and a default header with the page number.</summary>
    private static SectionProperties Sections(MainDocumentPart main)
    {
        var first = main.AddNewPart<HeaderPart>();
        first.Header = new Header(new Paragraph());
        var numbered = main.AddNewPart<HeaderPart>();
        numbered.Header = new Header(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(new Text("2")),
            new Run(new FieldChar { FieldCharType = FieldCharValues.End })));
        return new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(numbered) },
            new HeaderReference { Type = HeaderFooterValues.First, Id = main.GetIdOfPart(first) },
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = Top, Bottom = Bottom, Left = Left, Right = Right, Header = 567, Footer = 567, Gutter = 0 },
            new TitlePage());
    }

    private static Paragraph Para(string text, JustificationValues align, bool bold = false, bool italic = false, bool underline = false, int size = 28,
        int before = 0, int after = 0, int indent = 0)
    {
        var pp = new ParagraphProperties(new SpacingBetweenLines { Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture), After = after.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new Justification { Val = align });
        if (indent > 0)
        {
            pp.Append(new Indentation { FirstLine = indent.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new Paragraph(pp, TextRun(text, bold, italic, underline, size));
    }

    private static Run TextRun(string text, bool bold, bool italic, bool underline, int size)
    {
        var rp = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font });
        if (bold)
        {
            rp.Append(new Bold());
        }

        if (italic)
        {
            rp.Append(new Italic());
        }

        if (underline)
        {
            rp.Append(new Underline { Val = UnderlineValues.Single });
        }

        var s = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        rp.Append(new FontSize { Val = s }, new FontSizeComplexScript { Val = s });
        return new Run(rp, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Table Borderless(params int[] widths)
    {
        var table = new Table(new TableProperties(
            new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableBorders(new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None },
                new RightBorder { Val = BorderValues.None }, new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        return table;
    }

    private static TableCell Cell(int width, params Paragraph[] paragraphs)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
        cell.Append(paragraphs);
        return cell;
    }

    /// <summary>The header's columns (twips): the right one holds the national motto on one line at <see cref="MottoSize"/>.</summary>
    public const int HeaderLeft = 3500, HeaderRight = TextWidth - HeaderLeft;

    /// <summary>The motto's size in half-points (12 pt; Decree 30 allows 12–13).</summary>
    public const int MottoSize = 24;

    /// <summary>Left: the parent body, the issuing body in bold, "Số: …"; right: the national motto, the slogan underlined.</summary>
    private static Table HeaderTable(PackDocument doc)
    {
        const int left = HeaderLeft;
        const int right = HeaderRight;
        var table = Borderless(left, right);
        table.Append(new TableRow(
            Cell(left,
                Para(doc.ParentBody, JustificationValues.Center, size: 26),
                Para(doc.Body, JustificationValues.Center, bold: true, underline: true, size: 26),
                Para($"Số: {doc.Number}", JustificationValues.Center, size: 26, before: 120)),
            Cell(right,
                Para(PackDocument.Motto, JustificationValues.Center, bold: true, size: MottoSize),
                Para(PackDocument.Slogan, JustificationValues.Center, bold: true, underline: true, size: 28))));
        return table;
    }

    private static Table SignatureTable(PackDocument doc)
    {
        const int left = 4300;
        const int right = TextWidth - left;
        var table = Borderless(left, right);
        var recipients = new List<Paragraph> { Para("Nơi nhận:", JustificationValues.Left, bold: true, italic: true, size: 24) };
        recipients.AddRange(doc.Recipients.Select(r => Para(r, JustificationValues.Left, size: 22)));
        var sign = new List<Paragraph>
        {
            Para(doc.SignerCapacity, JustificationValues.Center, bold: true, size: 28),
            Para(doc.SignerTitle, JustificationValues.Center, bold: true, size: 28),
            Para("", JustificationValues.Center, size: 28, after: 1200),
        };
        if (doc.SignerName is { } name)
        {
            sign.Add(Para(name, JustificationValues.Center, bold: true, size: 28));
        }

        table.Append(new TableRow(Cell(left, [.. recipients]), Cell(right, [.. sign])));
        return table;
    }

    private static Table Grid(PackTable t)
    {
        var total = t.Widths.Sum();
        var widths = t.Widths.Select(w => (int)(TextWidth * w / total)).ToArray();
        var table = new Table(new TableProperties(
            new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(new TableRow(t.Header.Select((h, i) => Cell(widths[i], Para(h, JustificationValues.Center, bold: true, size: 24)))));
        foreach (var row in t.Rows)
        {
            table.Append(new TableRow(row.Select((c, i) => Cell(widths[i], Para(c, i == 0 ? JustificationValues.Left : JustificationValues.Right, size: 24)))));
        }

        return table;
    }
}
