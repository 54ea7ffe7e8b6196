namespace Lodestar.Testing;

/// <summary>
/// Typed numbers and what they must mean (src/Lodestar/Common/NumberText.cs): the domain test checks the C# reader
/// against the hand-written values, the browser test checks number-input.js against the C# reader, message included,
/// so the two readers cannot drift. Expected null with Refused false: an empty field.
/// </summary>
public static class NumberCases
{
    public sealed record NumberCase(string Text, bool English, bool WholeNumbers, double? Expected, bool Refused);

    private static NumberCase Vi(string text, double? expected) => new(text, false, false, expected, false);

    private static NumberCase ViNo(string text) => new(text, false, false, null, true);

    private static NumberCase En(string text, double? expected) => new(text, true, false, expected, false);

    private static NumberCase EnNo(string text) => new(text, true, false, null, true);

    public static readonly IReadOnlyList<NumberCase> All =
    [
        // Vietnamese page: "." groups thousands, "," separates the decimals.
        Vi("", null), Vi("   ", null), Vi("\u00A0", null),
        Vi("3029", 3029), Vi("3029,5", 3029.5), Vi("3.029,5", 3029.5), Vi("30.295", 30295), Vi("1.234.567", 1234567),
        Vi("1.234.567,25", 1234567.25), Vi(" 42 ", 42), Vi("\u00A042\u00A0", 42), Vi("1 234 567", 1234567), Vi("1\u00A0234,5", 1234.5),
        Vi("1\u202F234", 1234), Vi("-12,5", -12.5), Vi("\u221212,5", -12.5), Vi("+7", 7), Vi(",5", 0.5), Vi("0,25", 0.25),
        Vi("3029,500", 3029.5), Vi("3,0290", 3.029), Vi("12,3456", 12.3456), Vi("0", 0), Vi("007", 7),
        ViNo("3029.5"), ViNo("3,029"), ViNo("1,234"), ViNo("999,000"), ViNo("-3,029"), ViNo("1,234,567"), ViNo("1,234.5"), ViNo("12.34"),
        ViNo("1.2.3"), ViNo("3.5"), ViNo(".5"), ViNo("5,"), ViNo("5."), ViNo("1.234 567"), ViNo("12 34"), ViNo("1e5"), ViNo("1E5"),
        ViNo("abc"), ViNo("12a"), ViNo("--5"), ViNo("5-"), ViNo("(5)"), ViNo("50%"), ViNo("1,2,3"), ViNo("+-5"), ViNo("- 5"), ViNo(","),
        ViNo("-"), ViNo("1.234,5,6"), ViNo("1.23,5"), ViNo("12\u00A034"),

        // English page: "," groups thousands, "." separates the decimals.
        En("3029", 3029), En("3029.5", 3029.5), En("3,029.5", 3029.5), En("30,295", 30295), En("1,234,567.25", 1234567.25),
        En(".5", 0.5), En("-0.75", -0.75), En("3.0290", 3.029), En("1 234.5", 1234.5),
        EnNo("3.029"), EnNo("3029,5"), EnNo("3,5"), EnNo("1.234,5"), EnNo("1.234.567"), EnNo("12,34"), EnNo("1e3"), EnNo("5."),

        // Integer elements (counts): a decimal part is refused, not rounded; "5,0" is 5.
        new("12", false, true, 12, false), new("1.234", false, true, 1234, false), new("5,0", false, true, 5, false),
        new("12,5", false, true, null, true), new("3029.5", false, true, null, true), new("3,029", false, true, null, true),
        new("0,001", false, true, null, true), new("12.5", true, true, null, true), new("1,234", true, true, 1234, false),
    ];
}
