using System.Text.Json;
using Lodestar.Common;

namespace Lodestar.Steering;

/// <summary>The dashboard frozen in a pack: written and read as camelCase JSON, the API's own shape.</summary>
public static class PackData
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new ApiCodeJsonConverter() } };

    public static string Write(Dashboard d) => JsonSerializer.Serialize(d, Json);

    public static Dashboard? Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Dashboard>(json, Json);
}
