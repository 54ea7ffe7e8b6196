using System.Text.RegularExpressions;
using Lodestar.Data;
using Lodestar.Operations;

namespace Lodestar.Web.Common;

/// <summary>
/// An API write with an <c>Idempotency-Key</c> header (letters, digits, '-' and '_', at most 100) runs once per account:
/// sent again — a phone's outbox whose first try reached the server but lost the answer — it gets the first answer
/// (with <c>Idempotent-Replayed: true</c>) and changes nothing. The same key for another method or address is refused
/// (422), and while the first request still runs, a second waits for nothing and is told so (409). ADR 0021.
/// </summary>
public static partial class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex Valid();

    public static void UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || !request.Headers.TryGetValue(Header, out var values) || context.User.Identity is not { IsAuthenticated: true, Name: { } actor })
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (!Valid().IsMatch(key))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, Text.T("Idempotency-Key không hợp lệ", "Invalid Idempotency-Key"),
                Text.T("Khóa chỉ gồm chữ, số, '-' và '_', tối đa 100 ký tự.", "A key has letters, digits, '-' and '_' only, at most 100."));
            return;
        }

        var db = context.RequestServices.GetRequiredService<LodestarDbContext>();
        var path = request.Path.Value ?? "";
        var (first, earlier) = await IdempotentRequests.ClaimAsync(db, actor, key, request.Method, path, context.RequestAborted);
        if (!first)
        {
            if (earlier is null || earlier.Method != request.Method || earlier.Path != path)
            {
                await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, Text.T("Khóa đã dùng cho yêu cầu khác", "Key used for another request"),
                    Text.T("Idempotency-Key này đã dùng cho một yêu cầu khác; mỗi thay đổi một khóa mới.", "This Idempotency-Key was used for another request; use a new key for each change."));
            }
            else if (earlier.Status == 0)
            {
                await ProblemAsync(context, StatusCodes.Status409Conflict, Text.T("Yêu cầu đang được xử lý", "The request is still running"),
                    Text.T("Yêu cầu cùng khóa này đang được xử lý; hãy thử lại sau ít giây.", "The request with this key is still running; try again in a few seconds."));
            }
            else
            {
                context.Response.StatusCode = earlier.Status;
                context.Response.ContentType = earlier.ContentType;
                context.Response.Headers["Idempotent-Replayed"] = "true";
                await context.Response.Body.WriteAsync(earlier.Body ?? [], context.RequestAborted);
            }

            return;
        }

        // The answer is kept as it is written, then passed on.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            context.Response.Body = original;
            await IdempotentRequests.CompleteAsync(db, actor, key, status, context.Response.ContentType, buffer.ToArray());
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    });

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail }, options: null, contentType: "application/problem+json");
    }
}
