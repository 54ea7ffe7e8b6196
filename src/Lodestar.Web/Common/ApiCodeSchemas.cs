using System.Text.Json.Nodes;
using Lodestar.Common;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lodestar.Web.Common;

/// <summary>
/// The OpenAPI document's enums as <see cref="ApiCodeJsonConverter"/> writes them: a string, one of the ApiCodes spellings.
/// The generator knows only the built-in enum converter; without this it would describe our enums as anything at all.
/// </summary>
public static class ApiCodeSchemas
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = [.. Enum.GetValues(underlying).Cast<Enum>().Select(v => (JsonNode)ApiCodes.Code(v))];
        }

        return Task.CompletedTask;
    }
}
