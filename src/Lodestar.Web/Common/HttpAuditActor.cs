using Lodestar.Audit;

namespace Lodestar.Web.Common;

/// <summary>The audit trail's "who" on the web: the signed-in user's name, else "anonymous".</summary>
internal sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public string Name => http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";
}
