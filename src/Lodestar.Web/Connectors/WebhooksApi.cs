using System.Security.Claims;
using Lodestar.Common;
using Lodestar.Connectors;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Connectors;

/// <summary>api.md: create <c>{ code, name, url, events, scope }</c>.</summary>
public sealed record WebhookRequest(string? Code, string? Name, string? Url, IReadOnlyList<string>? Events, string? Scope);

/// <summary>api.md: change <c>{ name, url, events, secret }</c>; a field left out keeps its value, an empty secret keeps the stored one.</summary>
public sealed record WebhookChangeRequest(string? Name, string? Url, IReadOnlyList<string>? Events, string? Secret);

public sealed record WebhookDto(
    string Code, string Name, string Url, IReadOnlyList<string> Events, bool Paused, string Scope, string ScopeName, DateTime CreatedAt, string CreatedBy, int Pending, int Failed,
    DateTime? RetiredAt)
{
    public static WebhookDto Of(WebhookItem w) => new(w.Code, w.Name, w.Url, w.Events, w.Paused, w.Scope, w.ScopeName, w.CreatedAt, w.CreatedBy, w.Pending, w.Failed, w.RetiredAt);
}

/// <summary>A webhook just created: its secret, shown this once.</summary>
public sealed record CreatedWebhookDto(WebhookDto Webhook, string Secret);

public sealed record WebhookDeliveryDto(
    string Id, string Event, DateTime OccurredAt, WebhookDeliveryStatus Status, int Attempts, DateTime? NextAttemptAt, int? LastStatusCode, string? LastError, DateTime? LastAttemptAt,
    DateTime? DeliveredAt, string Payload)
{
    public static WebhookDeliveryDto Of(WebhookDeliveryItem d) => new(
        d.Id, d.Event, d.OccurredAt, d.Status, d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.LastAttemptAt, d.DeliveredAt, d.Payload);
}

/// <summary>Webhooks out (Connectors/README.md "Webhooks") for the DX office and administrators, each within its scope.</summary>
public static class WebhooksApi
{
    public static void MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/", ListAsync)
            .WithSummary("The webhooks the caller manages (administrator: all; DX office: those of its province): { items: [{ code, name, url, events, paused, scope, scopeName, createdAt, createdBy, pending, failed, retiredAt }], total }. Deleted (retired) ones only with retired=true. The secret is never answered.");
        api.MapPost("/", CreateAsync)
            .WithSummary("Create a webhook { code, name, url (https), events: [report.approved, publication.published, task.overdue], scope (province code; default the caller's) } → 201 { webhook, secret }: the signing secret is shown this once.");
        api.MapPut("/{code}", UpdateAsync)
            .WithSummary("Change a webhook { name, url, events, secret }: a field left out keeps its value; a secret given (24–200 printable ASCII characters) becomes the signing secret, an empty one keeps the stored one. Code and scope do not change. Answers the webhook (never its secret); a deleted webhook answers 409.");
        api.MapPost("/{code}/pause", (string code, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct) => PausedAsync(code, true, user, hooks, ct))
            .WithSummary("Pause the webhook: no new deliveries are queued for it, queued ones wait. Answers the webhook.");
        api.MapPost("/{code}/resume", (string code, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct) => PausedAsync(code, false, user, hooks, ct))
            .WithSummary("Resume a paused webhook. Answers the webhook.");
        api.MapDelete("/{code}", DeleteAsync)
            .WithSummary("Delete (retire) the webhook: nothing more is queued or sent to it, its secret is dropped and deliveries still waiting end as failed; its delivery log stays readable and its code stays taken. 204; a deleted webhook answers 409 to changes.");
        api.MapGet("/{code}/deliveries", DeliveriesAsync)
            .WithSummary("The webhook's last 100 deliveries, latest first: { items: [{ id, event, occurredAt, status (pending, delivered, failed), attempts, nextAttemptAt, lastStatusCode, lastError, lastAttemptAt, deliveredAt, payload }], total }.");
    }

    private static ProblemHttpResult Refused(ConnectorAccess access, string code) => ConnectorsApi.Refused(access,
        new Msg($"Không có webhook mã {code}.", $"There is no webhook with code {code}."),
        new Msg($"Webhook {code} đã bị xoá: nhật ký gửi của nó vẫn xem được, nhưng nó không được sửa hay gửi nữa.",
            $"Webhook {code} was deleted: its delivery log can still be read, but it is not changed or sent to any more."),
        new Msg("Chỉ Văn phòng chuyển đổi số của tỉnh sở hữu webhook và quản trị hệ thống quản lý nó.", "Only the DX office of the province that owns the webhook and administrators manage it."));

    private static async Task<Results<Ok<Page<WebhookDto>>, ProblemHttpResult>> ListAsync(bool? retired, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct)
    {
        if (!ConnectorService.MayManage(user))
        {
            return Refused(ConnectorAccess.Forbidden, string.Empty);
        }

        var items = await hooks.ListAsync(user, retired ?? false, ct);
        return TypedResults.Ok(new Page<WebhookDto>(items.Select(WebhookDto.Of).ToList(), items.Count));
    }

    private static async Task<Results<Created<CreatedWebhookDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        WebhookRequest request, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct)
    {
        var (access, outcome) = await hooks.CreateAsync(new NewWebhook(request.Code, request.Name, request.Url, request.Events, request.Scope), user, ct);
        if (access != ConnectorAccess.Allowed)
        {
            return ApiProblems.Forbidden(outcome.Problems[0].Message.Vi, outcome.Problems[0].Message.En);
        }

        return outcome.Value is { } created
            ? TypedResults.Created($"/api/v1/webhooks/{Uri.EscapeDataString(created.Webhook.Code)}", new CreatedWebhookDto(WebhookDto.Of(created.Webhook), created.Secret))
            : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<WebhookDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, WebhookChangeRequest request, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct)
    {
        var (access, outcome) = await hooks.UpdateAsync(code, new WebhookChange(request.Name, request.Url, request.Events, request.Secret), user, ct);
        if (access != ConnectorAccess.Allowed)
        {
            return Refused(access, code);
        }

        return outcome.Value is { } item ? TypedResults.Ok(WebhookDto.Of(item)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> PausedAsync(string code, bool paused, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct)
    {
        var (access, item) = await hooks.PauseAsync(code, paused, user, ct);
        return item is null ? Refused(access, code) : TypedResults.Ok(WebhookDto.Of(item));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string code, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct)
    {
        var access = await hooks.RetireAsync(code, user, ct);
        return access == ConnectorAccess.Allowed ? TypedResults.NoContent() : Refused(access, code);
    }

    private static async Task<Results<Ok<Page<WebhookDeliveryDto>>, ProblemHttpResult>> DeliveriesAsync(string code, ClaimsPrincipal user, WebhookService hooks, CancellationToken ct)
    {
        var (access, items) = await hooks.DeliveriesAsync(code, user, ct);
        return access != ConnectorAccess.Allowed ? Refused(access, code) : TypedResults.Ok(new Page<WebhookDeliveryDto>(items.Select(WebhookDeliveryDto.Of).ToList(), items.Count));
    }
}
