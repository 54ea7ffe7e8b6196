using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lodestar.Common;

/// <summary>
/// Every enum in JSON as its <see cref="ApiCodes"/> spelling (<c>completed-on-time</c>), as a value or a dictionary key;
/// read back as <see cref="ApiCodes.Parse{T}"/> reads it (the code or the name, case ignored) and never as a number, so a
/// reordered enum cannot change what a stored or sent document means. Used by the API and every JSON Lodestar keeps.
/// </summary>
public sealed class ApiCodeJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString())
            : throw new JsonException($"{typeof(T).Name} is written as one of {ApiCodes.Codes<T>()}, not as {(reader.TokenType == JsonTokenType.Number ? "a number" : reader.TokenType.ToString().ToLowerInvariant())}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(ApiCodes.Code(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(ApiCodes.Code(value));

        private static T Parse(string? text) =>
            ApiCodes.Parse<T>(text) ?? throw new JsonException($"'{text}' is not a {typeof(T).Name}; use one of {ApiCodes.Codes<T>()}.");
    }
}
