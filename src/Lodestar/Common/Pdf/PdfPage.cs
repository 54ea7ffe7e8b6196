namespace Lodestar.Common.Pdf;

/// <summary>
/// One page to draw on, in points with the origin at the top-left corner and y growing downwards (as on screen);
/// the page turns them into PDF's bottom-up coordinates. Text is black, placed by its baseline. Only the newest
/// page of a document can be drawn on: the previous one is compressed when the next is added.
/// </summary>
public sealed class PdfPage
{
    private readonly PdfBuffer _content;
    private PdfFont? _font;
    private double _fontSize, _lineWidth = 1;

    internal PdfPage(double width, double height, PdfBuffer content)
    {
        Width = width;
        Height = height;
        _content = content;
        _content.Clear();
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>The Flate-compressed content stream once the page is finished.</summary>
    internal byte[]? Content { get; private set; }

    internal void Finish() => Content ??= _content.Compress();

    private PdfBuffer Draw => Content is null ? _content : throw new InvalidOperationException("This page is finished: draw on the newest page.");

    /// <summary>A text on one line, its baseline starting at (x, baseline).</summary>
    public void Text(string text, PdfFont font, double size, double x, double baseline)
    {
        var o = Draw;
        if (font != _font || size != _fontSize)
        {
            // Text state lives in the graphics state, outside text objects too: set it only when it changes.
            o.Name(font.ResourceName).Raw(" "u8).Number(size).Raw(" Tf\n"u8);
            (_font, _fontSize) = (font, size);
        }

        o.Raw("BT "u8).Number(x).Raw(" "u8).Number(Height - baseline).Raw(" Td "u8);
        font.Encode(text, o);
        o.Raw(" Tj ET\n"u8);
    }

    public void Line(double x1, double y1, double x2, double y2, double lineWidth)
    {
        LineWidth(lineWidth).Number(x1).Raw(" "u8).Number(Height - y1).Raw(" m "u8)
            .Number(x2).Raw(" "u8).Number(Height - y2).Raw(" l S\n"u8);
    }

    /// <summary>The outline of a rectangle whose top-left corner is (x, y).</summary>
    public void Rectangle(double x, double y, double width, double height, double lineWidth) =>
        Box(LineWidth(lineWidth), x, y, width, height).Raw(" re S\n"u8);

    /// <summary>A filled rectangle in a grey from 0 (black) to 1 (white); text drawn later goes back to black.</summary>
    public void FillRectangle(double x, double y, double width, double height, double gray) =>
        Box(Draw.Raw("q "u8).Number(Math.Clamp(gray, 0, 1)).Raw(" g "u8), x, y, width, height).Raw(" re f Q\n"u8);

    private PdfBuffer Box(PdfBuffer o, double x, double y, double width, double height) =>
        o.Number(x).Raw(" "u8).Number(Height - y - height).Raw(" "u8).Number(width).Raw(" "u8).Number(height);

    private PdfBuffer LineWidth(double width)
    {
        var o = Draw;
        if (width != _lineWidth)
        {
            o.Number(width).Raw(" w\n"u8);
            _lineWidth = width;
        }

        return o;
    }
}
