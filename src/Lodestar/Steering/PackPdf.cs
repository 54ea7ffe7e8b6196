using System.Globalization;
using Lodestar.Common;
using Lodestar.Common.Pdf;

namespace Lodestar.Steering;

/// <summary>
/// The pack as a PDF in the same Decree 30/2020 layout as <see cref="PackDocx"/>. Times New Roman is not free, so the
/// PDF embeds Liberation Serif (metric-compatible, with Vietnamese glyphs, SIL OFL 1.1; the files travel in
/// Steering/Fonts). A small line-layout of its own: wrap, justify, break pages, number pages from page 2; drawn with
/// our own PDF writer (Common/Pdf, docs/adr/0008).
/// </summary>
public static class PackPdf
{
    public const string ContentType = "application/pdf";

    private const double Mm = 72 / 25.4;
    private const double PageW = PdfDocument.A4Width, PageH = PdfDocument.A4Height;
    private static readonly double MTop = 20 * Mm, MBottom = 20 * Mm, MLeft = 30 * Mm, MRight = 18 * Mm;
    private static readonly double TextW = PageW - MLeft - MRight;

    /// <summary>The faces in the order of <see cref="LiberationSerif.All"/>.</summary>
    private enum Face { Regular, Bold, Italic, BoldItalic }

    private readonly record struct Font(Face Face, double Size);

    public static byte[] Write(PackDocument doc)
    {
        var pdf = new PdfDocument { Title = $"{doc.Title} {doc.Summary}", Author = doc.Body, Created = new DateTimeOffset(Dates.UtcAt(doc.Date), TimeSpan.Zero) };
        var w = new Writer(pdf);

        // Header: two columns (40 % / 60 %).
        var leftW = TextW * 0.4;
        var rightX = MLeft + leftW;
        var rightW = TextW - leftW;
        var y0 = w.Y;
        w.Centered(doc.ParentBody, F(13), MLeft, leftW);
        w.Centered(doc.Body, F(13, Face.Bold), MLeft, leftW);
        w.Rule(MLeft + (leftW * 0.3), MLeft + (leftW * 0.7));
        w.Space(4);
        w.Centered($"Số: {doc.Number}", F(13), MLeft, leftW);
        var yLeft = w.Y;
        w.Y = y0;
        w.Centered(PackDocument.Motto, F(12.5, Face.Bold), rightX, rightW);
        var slogan = F(13.5, Face.Bold);
        w.Centered(PackDocument.Slogan, slogan, rightX, rightW);
        var sw = w.Measure(PackDocument.Slogan, slogan);
        w.Rule(rightX + ((rightW - sw) / 2), rightX + ((rightW + sw) / 2));
        w.Space(4);
        w.Right(doc.PlaceAndDate, F(14, Face.Italic), rightX, rightW);
        w.Y = Math.Max(w.Y, yLeft) + 16;

        w.Centered(doc.Title, F(14, Face.Bold), MLeft, TextW);
        w.Paragraph(doc.Summary, F(14, Face.Bold), center: true);
        if (doc.Draft)
        {
            w.Centered("(Dự thảo)", F(13, Face.Italic), MLeft, TextW);
        }

        w.Space(10);
        foreach (var p in doc.Paragraphs)
        {
            if (p.StartsWith("# ", StringComparison.Ordinal))
            {
                w.Space(4);
                w.Paragraph(p[2..], F(14, Face.Bold));
            }
            else
            {
                w.Paragraph(p, F(14), indent: 10 * Mm);
            }

            w.Space(6);
        }

        foreach (var t in doc.Tables)
        {
            w.Space(6);
            w.Table(t, F(13, Face.Bold), F(12), F(12, Face.Bold));
        }

        // Recipients left, signature right.
        w.Space(14);
        w.NeedRoom(130);
        var top = w.Y;
        var half = TextW * 0.45;
        w.Left("Nơi nhận:", F(12, Face.BoldItalic), MLeft);
        foreach (var r in doc.Recipients)
        {
            w.Left(r, F(11), MLeft);
        }

        w.Y = top;
        w.Centered(doc.SignerCapacity, F(14, Face.Bold), MLeft + half, TextW - half);
        w.Centered(doc.SignerTitle, F(14, Face.Bold), MLeft + half, TextW - half);
        w.Space(60);
        if (doc.SignerName is { } name)
        {
            w.Centered(name, F(14, Face.Bold), MLeft + half, TextW - half);
        }

        return pdf.ToArray();
    }

    private static Font F(double size, Face face = Face.Regular) => new(face, size);

    /// <summary>Lines, pages and page numbers.</summary>
    private sealed class Writer
    {
        private readonly PdfDocument _pdf;
        private readonly PdfFont[] _faces;
        private PdfPage _g = null!;
        private int _page;

        public Writer(PdfDocument pdf)
        {
            _pdf = pdf;
            _faces = [.. LiberationSerif.All.Select(pdf.AddFont)];
            NewPage();
        }

        public double Y { get; set; }

        private static double Bottom => PageH - MBottom;

        private void NewPage()
        {
            _g = _pdf.AddPage(PageW, PageH);
            _page++;
            Y = MTop;
            if (_page >= 2)
            {
                // Decree 30: page numbers in Arabic figures, centred in the top margin, from the second page.
                var f = F(13);
                var text = _page.ToString(CultureInfo.InvariantCulture);
                Draw(text, f, MLeft + ((TextW - Measure(text, f)) / 2), (MTop / 2) + 4);
            }
        }

        public void NeedRoom(double height)
        {
            if (Y + height > Bottom)
            {
                NewPage();
            }
        }

        public void Space(double points) => Y += points;

        public double Measure(string text, Font f) => _faces[(int)f.Face].Width(text, f.Size);

        private void Draw(string text, Font f, double x, double baseline) => _g.Text(text, _faces[(int)f.Face], f.Size, x, baseline);

        private static double LineHeight(Font f) => f.Size * 1.3;

        private void Line(string text, Font f, double x)
        {
            NeedRoom(LineHeight(f));
            Draw(text, f, x, Y + f.Size);
            Y += LineHeight(f);
        }

        public void Left(string text, Font f, double x) => Line(text, f, x);

        public void Centered(string text, Font f, double x, double width)
        {
            foreach (var line in Wrap(text, f, width, 0))
            {
                Line(line, f, x + ((width - Measure(line, f)) / 2));
            }
        }

        public void Right(string text, Font f, double x, double width) => Line(text, f, x + width - Measure(text, f));

        public void Rule(double from, double to)
        {
            _g.Line(from, Y + 1, to, Y + 1, 0.6);
            Y += 2;
        }

        /// <summary>A justified paragraph with a first-line indent (or centred lines).</summary>
        public void Paragraph(string text, Font f, double indent = 0, bool center = false)
        {
            var lines = Wrap(text, f, TextW, indent);
            for (var i = 0; i < lines.Count; i++)
            {
                NeedRoom(LineHeight(f));
                var x = MLeft + (i == 0 ? indent : 0);
                var width = TextW - (i == 0 ? indent : 0);
                if (center)
                {
                    Draw(lines[i], f, MLeft + ((TextW - Measure(lines[i], f)) / 2), Y + f.Size);
                }
                else if (i < lines.Count - 1)
                {
                    Justify(lines[i], f, x, width);
                }
                else
                {
                    Draw(lines[i], f, x, Y + f.Size);
                }

                Y += LineHeight(f);
            }
        }

        private void Justify(string line, Font f, double x, double width)
        {
            var words = line.Split(' ');
            var total = words.Sum(word => Measure(word, f));
            var gap = words.Length > 1 ? (width - total) / (words.Length - 1) : 0;
            foreach (var word in words)
            {
                Draw(word, f, x, Y + f.Size);
                x += Measure(word, f) + gap;
            }
        }

        public List<string> Wrap(string text, Font f, double width, double firstIndent)
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                var room = width - (lines.Count == 0 ? firstIndent : 0);
                if (current.Length > 0 && Measure(candidate, f) > room)
                {
                    lines.Add(current);
                    current = word;
                }
                else
                {
                    current = candidate;
                }
            }

            if (current.Length > 0 || lines.Count == 0)
            {
                lines.Add(current);
            }

            return lines;
        }

        /// <summary>A captioned table; the caption stays on the page of the header and the first row.</summary>
        public void Table(PackTable t, Font caption, Font f, Font bold)
        {
            var total = t.Widths.Sum();
            var widths = t.Widths.Select(w => TextW * w / total).ToArray();
            List<List<string>> Cells(IReadOnlyList<string> cells, Font font) => [.. cells.Select((c, i) => Wrap(c, font, widths[i] - 6, 0))];
            double Height(List<List<string>> wrapped, Font font) => (wrapped.Max(l => l.Count) * LineHeight(font)) + 4;

            NeedRoom((Wrap(t.Caption, caption, TextW, 0).Count * LineHeight(caption)) + Height(Cells(t.Header, bold), bold)
                + (t.Rows.Count > 0 ? Height(Cells(t.Rows[0], f), f) : 0));
            Paragraph(t.Caption, caption);

            void Row(IReadOnlyList<string> cells, Font font, bool header)
            {
                var wrapped = Cells(cells, font);
                var height = Height(wrapped, font);
                NeedRoom(height);
                var x = MLeft;
                for (var i = 0; i < cells.Count; i++)
                {
                    _g.Rectangle(x, Y, widths[i], height, 0.5);
                    var ly = Y + 2;
                    foreach (var line in wrapped[i])
                    {
                        var lx = header ? x + ((widths[i] - Measure(line, font)) / 2) : i == 0 ? x + 3 : x + widths[i] - 3 - Measure(line, font);
                        Draw(line, font, lx, ly + font.Size);
                        ly += LineHeight(font);
                    }

                    x += widths[i];
                }

                Y += height;
            }

            Row(t.Header, bold, true);
            foreach (var r in t.Rows)
            {
                Row(r, f, false);
            }
        }
    }
}
