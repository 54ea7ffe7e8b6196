namespace Lodestar.Web.Common;

public static class PageStatus
{
    /// <summary>
    /// Answers 404 with the page's own explanation. A component that sets 404 while rendering gets no body at all (.NET 10's
    /// component endpoint leaves a 404 to the router's not-found page), and the status-code-pages middleware then answers a
    /// bare English problem document. So the page renders as usual and the status is set as the answer starts.
    /// </summary>
    public static void NotFound(HttpContext? http) => Answer(http, StatusCodes.Status404NotFound);

    /// <summary>Answers <paramref name="status"/> with the page as rendered (an error page, the access-denied page).</summary>
    public static void Answer(HttpContext? http, int status)
    {
        http?.Response.OnStarting(() =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        });
    }
}
