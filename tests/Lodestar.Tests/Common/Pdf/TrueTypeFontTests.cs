using System.Text;
using Lodestar.Common.Pdf;
using Lodestar.Steering;

namespace Lodestar.Tests.Common.Pdf;

/// <summary>
/// The TrueType reader against Liberation Serif 2.1.5 as shipped in Steering/Fonts. Expected values were read from the
/// font files' tables by hand (a struct-level dump of head, hhea, OS/2, post, cmap and hmtx), not by this reader.
/// </summary>
public sealed class TrueTypeFontTests
{
    private static readonly Dictionary<string, TrueTypeFont> Cache = [];

    internal static TrueTypeFont Font(string face = "Regular")
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(face, out var font))
            {
                using var stream = typeof(PackPdf).Assembly.GetManifestResourceStream($"Lodestar.Steering.Fonts.LiberationSerif-{face}.ttf")!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Cache[face] = font = TrueTypeFont.Parse(copy.ToArray());
            }

            return font;
        }
    }

    public static TheoryData<string> Faces => new("Regular", "Bold", "Italic", "BoldItalic");

    [Fact]
    public void Regular_HeadHheaOs2AndPost_HaveTheValuesOfTheFile()
    {
        var f = Font();

        Assert.Equal("LiberationSerif", f.PostScriptName);
        Assert.Equal(2048, f.UnitsPerEm);
        Assert.Equal(new TrueTypeFont.GlyphBox(-1114, -621, 2618, 2010), f.BoundingBox);
        Assert.Equal((1825, -443, 87), (f.Ascender, f.Descender, f.LineGap));
        Assert.Equal(1341, f.CapHeight);
        Assert.Equal(400, f.WeightClass);
        Assert.Equal(2602, f.GlyphCount);
        Assert.Equal(0, f.ItalicAngle);
        Assert.False(f.IsBold);
        Assert.False(f.IsItalic);
    }

    [Fact]
    public void Styles_ComeFromMacStyleAndPost()
    {
        Assert.Equal(("LiberationSerif-Bold", true, false, 700), (Font("Bold").PostScriptName, Font("Bold").IsBold, Font("Bold").IsItalic, Font("Bold").WeightClass));
        var italic = Font("Italic");
        Assert.Equal(("LiberationSerif-Italic", false, true), (italic.PostScriptName, italic.IsBold, italic.IsItalic));
        Assert.Equal(-16.333, italic.ItalicAngle, 3); // post.italicAngle 0xFFEFAAB0 as 16.16 fixed
        Assert.Equal(3, Font("BoldItalic").MacStyle);
    }

    [Theory]
    [InlineData("Regular", 'A', 36, 1479)]
    [InlineData("Regular", 'a', 68, 909)]
    [InlineData("Regular", ' ', 3, 512)]
    [InlineData("Regular", 'Đ', 210, 1479)]
    [InlineData("Regular", 'Ố', 1722, 1479)]
    [InlineData("Regular", 'ữ', 1753, 1110)]
    [InlineData("Bold", 'a', 68, 1024)]
    [InlineData("Bold", 'Ố', 1722, 1593)]
    [InlineData("Italic", 'A', 36, 1251)]
    [InlineData("BoldItalic", 'A', 36, 1366)]
    public void GlyphAndAdvance_OfACharacter_AreThoseOfCmapAndHmtx(string face, char c, int glyph, int advance)
    {
        var f = Font(face);

        Assert.Equal(glyph, f.GlyphOf(c));
        Assert.Equal(advance, f.AdvanceOf((ushort)glyph));
    }

    [Fact]
    public void Width_OfTheDocumentNumber_IsTheSumOfTheHmtxAdvances()
    {
        // S 1139 + ố 1024 + : 569 + space 512 + 4 1024 + 1 1024 + / 569 + B 1366 + C 1366 + - 682 + B 1366 + C 1366 + Đ 1479
        // = 13486 units; at 13 pt: 13486 × 13 / 2048 = 85.604 pt.
        var f = Font();

        Assert.Equal(13486, f.AdvanceOf("Số: 41/BC-BCĐ"));
        Assert.Equal(85.604, f.Width("Số: 41/BC-BCĐ", 13), 3);
    }

    [Fact]
    public void Width_OfDecomposedVietnamese_IsThatOfItsPrecomposedForm()
    {
        var decomposed = "Ðe\u0302\u0301 Hu\u031B\u0303u".Normalize(NormalizationForm.FormD);
        Assert.NotEqual("Đế Hữu", decomposed);

        Assert.Equal(Font().AdvanceOf("Đế Hữu"), Font().AdvanceOf(decomposed));
    }

    [Fact]
    public void MissingCharacters_FallBackToNotdef_WithItsAdvance()
    {
        var f = Font();

        Assert.Equal(0, f.GlyphOf('中'));
        Assert.Equal(0, f.GlyphOf(0x1F600)); // beyond the BMP: cmap format 4 cannot map it
        Assert.Equal(1593, f.AdvanceOf(0));
        Assert.Equal(1593 + 909, f.AdvanceOf("中a"));
    }

    /// <summary>Every letter of Vietnamese (12 vowels × 6 tones, đ, the other consonants), both cases, and common
    /// punctuation, in each of the four faces.</summary>
    [Theory]
    [MemberData(nameof(Faces))]
    public void EveryVietnameseLetterAndThePacksPunctuation_HaveAGlyph(string face)
    {
        string[] tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
        var letters = from vowel in "aăâeêioôơuưy"
                      from tone in tones
                      select (vowel + tone).Normalize(NormalizationForm.FormC);
        var text = string.Concat(letters) + "đbcdghklmnpqrstvx" + "0123456789 .,;:!?%()/-–—…“”\"'";
        var f = Font(face);

        Assert.Equal(72, letters.Distinct().Count());
        Assert.All(letters, l => Assert.Equal(1, l.Length)); // each toned vowel is one precomposed code point
        var missing = (text + text.ToUpperInvariant()).Where(c => f.GlyphOf(c) == 0).Distinct().ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Parse_OfSomethingElse_SaysWhatIsWrong()
    {
        var e = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse("OTTO and more bytes"u8.ToArray()));
        Assert.Contains("TrueType", e.Message, StringComparison.Ordinal);
    }
}
