using Microsoft.AspNetCore.Diagnostics;

namespace Lodestar.Web.Common;

/// <summary>
/// An unexpected failure of an API request answers problem+json (status 500); a page's is re-executed to the error page
/// (WebServices.UseLodestarPipeline), so this handler leaves it alone.
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The request's path is the error page's by now; the feature keeps the one that failed.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (path is null || !new PathString(path).StartsWithSegments(WebServices.ApiPrefix))
        {
            return false;
        }

        await TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError,
            title: Text.T("Lỗi hệ thống", "An error occurred while processing your request.")).ExecuteAsync(httpContext);
        return true;
    }
}
