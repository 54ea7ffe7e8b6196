using System.Text.Json;
using Lodestar.Common;
using Microsoft.AspNetCore.Http.Json;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Common;

/// <summary>
/// A JSON body that cannot be read (cut off, broken syntax, a list where a number belongs, nested too deep, a missing
/// body) is answered like any other invalid input: 400 with a problem keyed by the field it stopped at
/// (<c>dataValues[3].value</c>, or <c>body</c>) and a message in the caller's language naming the line and position —
/// rather than the framework's bare 400 (or, in development, an exception page). Nothing has been written then: the
/// body is read before the endpoint runs.
/// </summary>
public static class UnreadableBody
{
    /// <summary>Endpoints throw on a body they cannot bind (in every environment), so that the middleware below answers.</summary>
    public static IServiceCollection AddUnreadableBodyAnswers(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = 32);
        return services;
    }

    public static void UseUnreadableBodyAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var (field, message) = Describe(ex);
            context.Response.Clear();
            var problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message.ToString()] },
                title: T("Dữ liệu không đọc được", "Unreadable input"));
            await problem.ExecuteAsync(context);
        }
    });

    /// <summary>The field (a JSON path without its "$.", or "body"/"request") and the message for an unreadable request.</summary>
    public static (string Field, Msg Message) Describe(BadHttpRequestException ex)
    {
        if (ex.InnerException is JsonException json)
        {
            var path = json.Path ?? "$";
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            var line = (json.LineNumber ?? 0) + 1;
            var position = (json.BytePositionInLine ?? 0) + 1;
            var where = new Msg($"Dòng {line}, vị trí {position}, trường '{field}'", $"Line {line}, position {position}, field '{field}'");
            var text = json.Message;
            var what = text.Contains("could not be converted", StringComparison.Ordinal)
                ? new Msg("giá trị có kiểu sai (ví dụ chữ ở chỗ cần số, một danh sách ở chỗ cần một giá trị, hoặc số quá lớn).",
                    "the value has the wrong type (e.g. text where a number belongs, a list where one value belongs, or a number too large).")
                : text.Contains("depth", StringComparison.OrdinalIgnoreCase)
                    ? new Msg("dữ liệu lồng nhau quá sâu (tối đa 32 cấp).", "the data is nested too deeply (at most 32 levels).")
                    : new Msg("JSON không hợp lệ hoặc bị cắt ngang (thiếu dấu ngoặc, dấu phẩy hay dấu nháy).",
                        "the JSON is invalid or cut off (a missing bracket, comma or quote).");
            return (field, new Msg($"{where.Vi}: {what.Vi}", $"{where.En}: {what.En}"));
        }

        if (ex.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return ("body", new Msg("Thiếu nội dung: gửi một đối tượng JSON (Content-Type: application/json).",
                "The body is missing: send a JSON object (Content-Type: application/json)."));
        }

        return ("request", new Msg($"Yêu cầu không hợp lệ: {ex.Message}", $"The request is invalid: {ex.Message}"));
    }
}
