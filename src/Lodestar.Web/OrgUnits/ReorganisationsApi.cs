using System.Security.Claims;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.OrgUnits;
using Lodestar.Reorganisations;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.OrgUnits;

public sealed record ConsequenceDto(string What, string Subject, string? From, string? To, string Text, string TextEn);

public sealed record ReorganisationDto(
    int? Id, DateOnly EffectiveOn, string Basis, IReadOnlyList<object> Changes, IReadOnlyList<ConsequenceDto> Consequences, DateTime RecordedAt,
    string RecordedBy, bool Preview);

/// <summary>
/// Changes of the administrative map (issue 17): recorded by system administrators for any unit, by the DX office for its
/// province's agencies and villages; listed to every signed-in account (the map is public knowledge).
/// </summary>
internal static class ReorganisationsApi
{
    public static void MapReorganisationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reorganisations").WithTags("Org units").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/", ListAsync).WithSummary("The reorganisations recorded, newest effective date first: national ones and those of the caller's province.");
        api.MapGet("/template.xlsx", () => TypedResults.File(ReorganisationSheet.Template(Text.IsEnglish), Lodestar.Spreadsheets.XlsxWriter.ContentType, "sap-xep-don-vi-mau.xlsx"))
            .WithSummary("The .xlsx template of a reorganisation's changes (one a row; a split one row per part with its share), imported on /org-units/reorganisations.");
        api.MapPost("/", RecordAsync).WithSummary(
            "Records a reorganisation { effectiveOn, basis, preview, accounts, changes: [...] } (docs/api.md), all or nothing; codes are read on the day before effectiveOn. With preview: true, answers 200 with its consequences and writes nothing.");
    }

    private static async Task<Ok<Page<ReorganisationDto>>> ListAsync(ClaimsPrincipal user, AccessScope scope, ReorganisationService reorganisations, CancellationToken ct)
    {
        var province = await scope.ScopeProvinceIdAsync(user, scope.Today, ct);
        var items = (await reorganisations.ListAsync(province, ct)).ConvertAll(Dto);
        return TypedResults.Ok(new Page<ReorganisationDto>(items, items.Count));
    }

    private static async Task<Results<Created<ReorganisationDto>, Ok<ReorganisationDto>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        JsonElement body, ClaimsPrincipal user, AccessScope scope, ReorganisationService reorganisations, CancellationToken ct)
    {
        if (await ProvinceOfRecorderAsync(user, scope, ct) is not { } who)
        {
            return ApiProblems.Forbidden("Chỉ quản trị hệ thống và Văn phòng chuyển đổi số (cho cơ quan, thôn, bản của tỉnh) được ghi nhận sắp xếp đơn vị.",
                "Only administrators, and the DX office for its province's agencies and villages, may record a reorganisation.");
        }

        var read = ReorganisationJson.Read(body);
        if (!read.Succeeded)
        {
            return ApiProblems.Invalid(read.Problems);
        }

        var (input, preview) = read.Value;
        var outcome = await reorganisations.RecordAsync(input, who.ProvinceId, preview, ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Invalid(outcome.Problems);
        }

        var dto = Dto(outcome.Value!);
        return preview ? TypedResults.Ok(dto) : TypedResults.Created("/api/v1/reorganisations", dto);
    }

    /// <summary>Who may record, and within what: an administrator anything (no province), the DX office its province; null: nobody.</summary>
    internal static async Task<Recorder?> ProvinceOfRecorderAsync(ClaimsPrincipal user, AccessScope scope, CancellationToken ct) =>
        AccessScope.IsAdmin(user) ? new Recorder(null)
        : AccessScope.CanEditOrganisation(user) && await scope.ScopeProvinceIdAsync(user, scope.Today, ct) is { } province ? new Recorder(province)
        : null;

    internal sealed record Recorder(int? ProvinceId);

    private static ReorganisationDto Dto(ReorganisationResult r) => new(
        r.Preview ? null : r.Id, r.EffectiveOn, r.Basis, [.. r.Changes.Select(ReorganisationJson.Write)],
        [.. r.Consequences.Select(c => new ConsequenceDto(c.What, c.Subject, c.From, c.To, c.Text.Vi, c.Text.En))], r.RecordedAt, r.RecordedBy, r.Preview);
}
