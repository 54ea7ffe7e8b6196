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
    int PendingCorrections, int Confirmed, int Assessed, int Printed);

/// <summary>The DX office's publishing decisions (admin, dx-office): what is public, re-publication with a correction note, withdrawal.</summary>
public static class PublishingApi
{
    public static void MapPublishingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/publishing").RequireAuthorization(WebServices.ApiPolicy).WithTags("Publishing");
        api.MapGet("", async Task<Results<Ok<IReadOnlyList<PublishableDto>>, ProblemHttpResult>> (ClaimsPrincipal user, PublishingService service, AccessScope scope, CancellationToken ct) =>
        {
            if (!IsOffice(user))
            {
                return Forbidden();
            }

            var items = (await ManagedAsync(user, await service.OverviewAsync(ct), scope, ct)).ConvertAll(i => new PublishableDto(Kind(i.Kind), i.Key, i.Name, i.Parent, i.Published, i.PublishedAt, i.UpdatedAt,
                i.Pending, i.Confirmed, i.Assessed, i.Printed));
            return TypedResults.Ok<IReadOnlyList<PublishableDto>>(items);
        }).WithSummary("Programmes, targets, DTI years and maps the reader decides on (his province's; national ones for administrators) with their publication state and the published figures that now differ from the approved store.");
        api.MapPost("", async Task<Results<Ok<PublishSummary>, ValidationProblem, ProblemHttpResult>> (PublishRequest body, ClaimsPrincipal user, PublishingService service, AccessScope scope,
            CancellationToken ct) =>
        {
            if (!IsOffice(user))
            {
                return Forbidden();
            }

            if (!await MayDecideAsync(user, body.Kind, body.Key, service, scope, ct))
            {
                return ApiProblems.NotManaged();
            }

            var outcome = await PublishAsync(service, body.Kind, body.Key, body.Note, ct);
            return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ApiProblems.Invalid(outcome.Problems);
        }).WithSummary("Publishes (or re-publishes) an item: kind programme, target, dti (key framework/year) or map (key target code); a correction of a published figure needs a note.");
        api.MapPost("/withdraw", async Task<Results<Ok<PublishSummary>, ValidationProblem, ProblemHttpResult>> (WithdrawRequest body, ClaimsPrincipal user, PublishingService service, AccessScope scope,
            CancellationToken ct) =>
        {
            if (!IsOffice(user))
            {
                return Forbidden();
            }

            if (!await MayDecideAsync(user, body.Kind, body.Key, service, scope, ct))
            {
                return ApiProblems.NotManaged();
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
        forms.MapPost("/decide", async ([FromForm] string? kind, [FromForm] string? key, [FromForm] string? note, ClaimsPrincipal user, PublishingService service, AccessScope scope,
            CancellationToken ct) =>
        {
            var outcome = await MayDecideAsync(user, kind, key, service, scope, ct)
                ? await PublishAsync(service, kind, key, note, ct)
                : NotManaged();
            return Back(outcome, s => Text.T($"Đã công bố {s.Key}: {s.Added} số liệu mới, {s.Revised} đính chính, {s.Removed} rút.", $"Published {s.Key}: {s.Added} new figures, {s.Revised} corrected, {s.Removed} withdrawn."));
        });
        forms.MapPost("/withdraw", async ([FromForm] string? kind, [FromForm] string? key, [FromForm] string? reason, ClaimsPrincipal user, PublishingService service, AccessScope scope,
            CancellationToken ct) =>
        {
            var outcome = !await MayDecideAsync(user, kind, key, service, scope, ct) ? NotManaged()
                : ParseKind(kind) is { } k ? await service.WithdrawAsync(k, key?.Trim() ?? "", reason, ct)
                : Lodestar.Common.Outcome<PublishSummary>.Fail("kind", "Loại không hợp lệ.", "Unknown kind.");
            return Back(outcome, s => Text.T($"Đã thu hồi {s.Key} khỏi cổng công khai.", $"Withdrew {s.Key} from the public portal."));
        });
    }

    private static RedirectHttpResult Back(Lodestar.Common.Outcome<PublishSummary> outcome, Func<PublishSummary, string> ok) =>
        TypedResults.Redirect(outcome.Succeeded
            ? "/publishing?ok=" + Uri.EscapeDataString(ok(outcome.Value!))
            : "/publishing?error=" + Uri.EscapeDataString(string.Join(" ", outcome.Problems.Select(p => p.Message.ToString()))));

    public static bool IsOffice(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    /// <summary>
    /// Whether the account decides on the item's publication: the DX office of the province that owns it (national items:
    /// administrators). An unknown kind or item passes, for the publishing step to name.
    /// </summary>
    public static async Task<bool> MayDecideAsync(ClaimsPrincipal user, string? kindText, string? keyText, PublishingService service, AccessScope scope, CancellationToken ct)
    {
        if (ParseKind(kindText) is not { } kind)
        {
            return true;
        }

        var (exists, province) = await service.OwnerAsync(kind, keyText?.Trim() ?? "", ct);
        return !exists || await scope.MayManageAsync(user, province, scope.Today, ct);
    }

    /// <summary>The items whose publication the account decides on (<see cref="MayDecideAsync"/>).</summary>
    public static async Task<List<PublishableItem>> ManagedAsync(ClaimsPrincipal user, List<PublishableItem> items, AccessScope scope, CancellationToken ct)
    {
        var managed = new List<int?>();
        foreach (var province in items.Select(i => i.ProvinceId).Distinct())
        {
            if (await scope.MayManageAsync(user, province, scope.Today, ct))
            {
                managed.Add(province);
            }
        }

        return items.FindAll(i => managed.Contains(i.ProvinceId));
    }

    private static Lodestar.Common.Outcome<PublishSummary> NotManaged() =>
        Lodestar.Common.Outcome<PublishSummary>.Fail("key", "Chỉ Văn phòng chuyển đổi số của tỉnh sở hữu mục này quyết định công bố nó; mục quốc gia chỉ quản trị hệ thống.",
            "Only the DX office of the province that owns this item decides on its publication; national items only system administrators.");

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
