using System.Reflection;

namespace Lodestar.Common.Pdf;

/// <summary>
/// Liberation Serif 2.1.5 (SIL OFL 1.1), metric-compatible with Times New Roman (the Decree 30 typeface), with the
/// Vietnamese glyphs: the four faces are embedded in Lodestar (the files travel in Steering/Fonts) and parsed once.
/// </summary>
public static class LiberationSerif
{
    private static readonly Lazy<TrueTypeFont[]> Faces = new(() =>
        [.. new[] { "Regular", "Bold", "Italic", "BoldItalic" }.Select(face => TrueTypeFont.Parse(Resource($"LiberationSerif-{face}.ttf")))]);

    /// <summary>Regular, Bold, Italic, BoldItalic, in that order.</summary>
    public static IReadOnlyList<TrueTypeFont> All => Faces.Value;

    public static TrueTypeFont Regular => Faces.Value[0];

    public static TrueTypeFont Bold => Faces.Value[1];

    private static byte[] Resource(string file)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Lodestar.Steering.Fonts.{file}")
            ?? throw new InvalidOperationException($"The font {file} is not embedded in Lodestar.");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
