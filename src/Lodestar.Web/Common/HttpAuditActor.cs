using Lodestar.Audit;

namespace Lodestar.Web.Common;

/// <summary>
/// The audit trail's "who" on the web: the signed-in user's name; "anonymous" for a request without a sign-in; "system"
/// outside any request (the database's preparation at start, the demo's seeding, background jobs).
/// </summary>
internal sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public string Name => http.HttpContext switch
    {
        null => "system",
        { User.Identity: { IsAuthenticated: true, Name: { } name } } => name,
        _ => "anonymous",
    };
}
