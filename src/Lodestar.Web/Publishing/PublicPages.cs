using Microsoft.AspNetCore.Diagnostics;

namespace Lodestar.Web.Publishing;

public static class PublicPages
{
    /// <summary>
    /// Answers 404 with the page's own explanation: the status-code-pages middleware would otherwise replace the
    /// rendered page by a bare problem document.
    /// </summary>
    public static void NotFound(HttpContext? http)
    {
        if (http is null)
        {
            return;
        }

        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
