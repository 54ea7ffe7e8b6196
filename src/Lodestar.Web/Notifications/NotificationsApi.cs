using System.Security.Claims;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Notifications;

/// <summary>One kind of notice and how it reaches the caller: <c>delivery</c> (his choice) and <c>default</c> are <c>in-app</c>, <c>email</c> or <c>daily-summary</c>.</summary>
public sealed record NotificationPreferenceDto(NoticeKind Kind, string Name, string Covers, NoticeDelivery Delivery, NoticeDelivery Default)
{
    public static NotificationPreferenceDto Of(PreferenceItem p) => new(p.Kind.Kind, p.Kind.Name.ToString(), p.Kind.Covers.ToString(), p.Delivery, p.Kind.Default);
}

/// <summary>The choices to change: <c>{ items: [{ kind, delivery }] }</c>; kinds not named keep theirs.</summary>
public sealed record NotificationPreferencesRequest(List<PreferenceChange>? Items);

public static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/me").WithTags("Notifications").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/notification-preferences", ListAsync)
            .WithSummary("How each kind of notice reaches the caller: { items: [{ kind, name, covers, delivery, default }], total }; delivery in-app, email (at once) or daily-summary.");
        api.MapPut("/notification-preferences", SetAsync)
            .WithSummary("Choose how kinds of notice reach the caller { items: [{ kind, delivery }] } (kinds not named keep their choice); answers all of them as GET does.");
    }

    private static async Task<Results<Ok<Page<NotificationPreferenceDto>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, NotificationPreferenceService preferences, CancellationToken ct) =>
        NotificationsPage.UserId(user) is not (> 0 and var id) ? NoAccount()
            : TypedResults.Ok(Answer(await preferences.ListAsync(id, ct)));

    private static async Task<Results<Ok<Page<NotificationPreferenceDto>>, ValidationProblem, ProblemHttpResult>> SetAsync(
        NotificationPreferencesRequest request, ClaimsPrincipal user, NotificationPreferenceService preferences, CancellationToken ct)
    {
        if (NotificationsPage.UserId(user) is not (> 0 and var id))
        {
            return NoAccount();
        }

        var outcome = await preferences.SetAsync(id, request.Items, ct);
        return outcome.Value is { } items ? TypedResults.Ok(Answer(items)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static Page<NotificationPreferenceDto> Answer(List<PreferenceItem> items) => new(items.ConvertAll(NotificationPreferenceDto.Of), items.Count);

    /// <summary>An API key is another system, not a person: it receives no notices.</summary>
    private static ProblemHttpResult NoAccount() =>
        ApiProblems.Forbidden("Khóa API không nhận thông báo; hãy dùng tài khoản người dùng.", "An API key receives no notifications; use a user account.");
}
