using System.Text.Json;

namespace Lodestar.Common;

/// <summary>
/// How enum values are spelled in URLs, forms and JSON: kebab-case (<c>report-returned</c>, <c>at-least</c>), as the API's
/// JSON converter writes them; read back in that spelling or as the name itself, case ignored, never as a number.
/// </summary>
public static class ApiCodes
{
    public static string Code<T>(T value)
        where T : struct, Enum => Spelling<T>.Of.TryGetValue(value, out var code) ? code : Code((Enum)value);

    /// <summary>The code of a value whose type is known only at run time (the OpenAPI document's enums).</summary>
    public static string Code(Enum value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>The API spelling of an enum value (<c>TaskState.CompletedOnTime</c> → <c>completed-on-time</c>): the one
    /// converter for statuses, levels and kinds in JSON, URLs and CSS classes.</summary>
    public static string ToApi<T>(this T value)
        where T : struct, Enum => Code(value);

    /// <summary>The value spelled <paramref name="text"/> (<c>at-least</c>, <c>atLeast</c>, <c>AtLeast</c>), or null.</summary>
    public static T? Parse<T>(string? text)
        where T : struct, Enum
    {
        var name = text?.Trim().Replace("-", "", StringComparison.Ordinal);
        return string.IsNullOrEmpty(name) ? null
            : Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => string.Equals(v!.Value.ToString(), name, StringComparison.OrdinalIgnoreCase));
    }

    // Spelled once per value: statuses are written for every row of national lists.
    private static class Spelling<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Of = Enum.GetValues<T>()
            .ToDictionary(v => v, v => Code((Enum)v));
    }

    /// <summary>The codes of every value, for messages that say what is allowed.</summary>
    public static string Codes<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Code(v)));
}
