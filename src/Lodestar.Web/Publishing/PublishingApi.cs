using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Publishing;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lodestar.Web.Publishing;

public sealed record PublishRequest(string? Kind, string? Key, string? Note);

public sealed record WithdrawRequest(string? Kind, string? Key, string? Reason);

public sealed record PublishableDto(string Kind, string Key, string Name, string? Parent, bool Published, DateTime? PublishedAt, DateTime? UpdatedAt,
    int PendingCorrections, int Confirmed, int Assessed);

/// <summary>The DX office's publishing decisions (admin, dx-office): what is public, re-publication with a correction note, withdrawal.</summary>
public static class PublishingApi
{
    public static void MapPublishingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/publishing").RequireAuthorization(WebServices.ApiPolicy).WithTags("Publishing");
        api.MapGet("", async Task<Results<Ok<IReadOnlyList<PublishableDto>>, ProblemHttpResult>> (ClaimsPrincipal user, PublishingService service, CancellationToken ct) =>
        {
            if (!IsOffice(user))
            {
                return Forbidden();
            }

            var items = (await service.OverviewAsync(ct)).ConvertAll(i => new PublishableDto(Kind(i.Kind), i.Key, i.Name, i.Parent, i.Published, i.PublishedAt, i.UpdatedAt,
                i.Pending, i.Confirmed, i.Assessed));
            return TypedResults.Ok<IReadOnlyList<PublishableDto>>(items);
        }).WithSummary("Programmes, targets, DTI years and maps with their publication state and the published figures that now differ from the approved store.");
        api.MapPost("", async Task<Results<Ok<PublishSummary>, ValidationProblem, ProblemHttpResult>> (PublishRequest body, ClaimsPrincipal user, PublishingService service, CancellationToken ct) =>
        {
            if (!IsOffice(user))
            {
                return Forbidden();
            }

            var outcome = await PublishAsync(service, body.Kind, body.Key, body.Note, ct);
            return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ApiProblems.Invalid(outcome.Problems);
        }).WithSummary("Publishes (or re-publishes) an item: kind programme, target, dti (key framework/year) or map (key target code); a correction of a published figure needs a note.");
        api.MapPost("/withdraw", async Task<Results<Ok<PublishSummary>, ValidationProblem, ProblemHttpResult>> (WithdrawRequest body, ClaimsPrincipal user, PublishingService service, CancellationToken ct) =>
        {
            if (!IsOffice(user))
            {
                return Forbidden();
            }

            if (ParseKind(body.Kind) is not { } kind)
            {
                return ApiProblems.Invalid("kind", "Loại phải là programme, target, dti hoặc map.", "kind must be programme, target, dti or map.");
            }

            var outcome = await service.WithdrawAsync(kind, body.Key?.Trim() ?? "", body.Reason, ct);
            return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ApiProblems.Invalid(outcome.Problems);
        }).WithSummary("Takes an item off the public side with a reason; its published history is kept.");
    }

    /// <summary>The publishing page's plain form posts (cookie and antiforgery), answered with a redirect carrying the outcome.</summary>
    public static void MapPublishingForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/publishing").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.DxOffice)).ExcludeFromDescription();
        forms.MapPost("/decide", async ([FromForm] string? kind, [FromForm] string? key, [FromForm] string? note, PublishingService service, CancellationToken ct) =>
        {
            var outcome = await PublishAsync(service, kind, key, note, ct);
            return Back(outcome, s => Text.T($"Đã công bố {s.Key}: {s.Added} số liệu mới, {s.Revised} đính chính, {s.Removed} rút.", $"Published {s.Key}: {s.Added} new figures, {s.Revised} corrected, {s.Removed} withdrawn."));
        });
        forms.MapPost("/withdraw", async ([FromForm] string? kind, [FromForm] string? key, [FromForm] string? reason, PublishingService service, CancellationToken ct) =>
        {
            var outcome = ParseKind(kind) is { } k
                ? await service.WithdrawAsync(k, key?.Trim() ?? "", reason, ct)
                : Lodestar.Common.Outcome<PublishSummary>.Fail("kind", "Loại không hợp lệ.", "Unknown kind.");
            return Back(outcome, s => Text.T($"Đã thu hồi {s.Key} khỏi cổng công khai.", $"Withdrew {s.Key} from the public portal."));
        });
    }

    private static RedirectHttpResult Back(Lodestar.Common.Outcome<PublishSummary> outcome, Func<PublishSummary, string> ok) =>
        TypedResults.Redirect(outcome.Succeeded
            ? "/publishing?ok=" + Uri.EscapeDataString(ok(outcome.Value!))
            : "/publishing?error=" + Uri.EscapeDataString(string.Join(" ", outcome.Problems.Select(p => p.Message.ToString()))));

    public static bool IsOffice(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    public static string Kind(PublicationKind kind) => kind.ToString().ToLowerInvariant();

    public static PublicationKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "programme" => PublicationKind.Programme,
        "target" => PublicationKind.Target,
        "dti" => PublicationKind.Dti,
        "map" => PublicationKind.Map,
        _ => null,
    };

    public static async Task<Lodestar.Common.Outcome<PublishSummary>> PublishAsync(PublishingService service, string? kindText, string? keyText, string? note, CancellationToken ct)
    {
        var key = keyText?.Trim() ?? "";
        switch (ParseKind(kindText))
        {
            case PublicationKind.Programme:
                return await service.PublishProgrammeAsync(key, ct);
            case PublicationKind.Target:
                return await service.PublishTargetAsync(key, note, ct);
            case PublicationKind.Map:
                return await service.PublishMapAsync(key, ct);
            case PublicationKind.Dti when PublishingService.ParseDtiKey(key) is { } k:
                return await service.PublishDtiAsync(k.Framework, k.Year, note, ct);
            case PublicationKind.Dti:
                return Lodestar.Common.Outcome<PublishSummary>.Fail("key", $"'{key}' không đúng dạng bộ chỉ số/năm (ví dụ LS-XA/2025).", $"'{key}' is not framework/year (e.g. LS-XA/2025).");
            case null:
            default:
                return Lodestar.Common.Outcome<PublishSummary>.Fail("kind", "Loại phải là programme, target, dti hoặc map.", "kind must be programme, target, dti or map.");
        }
    }

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.T("Không có quyền", "Forbidden"),
            detail: Text.T("Chỉ Văn phòng chuyển đổi số và quản trị viên quyết định công bố.", "Only the DX office and administrators decide what is published."));
}
