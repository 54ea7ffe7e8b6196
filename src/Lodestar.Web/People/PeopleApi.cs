using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.People;

/// <summary>People found by name for the fields that ask for one (Components/SearchField.razor): only those who hold or held a post in the reader's scope.</summary>
public static class PeopleApi
{
    public static void MapPeopleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/people", ListAsync).WithTags("People").RequireAuthorization(WebServices.ApiPolicy)
            .WithSummary("People who hold or held a post in a unit of the reader's scope (inPost=true: who hold one today), found by name (accents optional): { items: [{ uid, fullName, position, positionUid, unitCode, unitName, inPost }], total }.");
        app.MapGet("/api/v1/teams/template.xlsx", () => TypedResults.File(DigitalTeamSheets.Template(Text.IsEnglish), Lodestar.Spreadsheets.XlsxWriter.ContentType, "to-cong-nghe-so-mau.xlsx"))
            .WithTags("People").RequireAuthorization(WebServices.ApiPolicy)
            .WithSummary("The .xlsx template of community digital technology teams and their members (one member a row), imported on /teams.");
    }

    private static async Task<Results<Ok<Page<PersonItem>>, ValidationProblem>> ListAsync(
        string? q, bool? inPost, int? page, int? pageSize, ClaimsPrincipal user, PeopleService people, AccessScope scope, TimeProvider clock, CancellationToken ct)
    {
        if (!ApiProblems.TryPaging(page, pageSize, out var p, out var size, out var bad))
        {
            return bad!;
        }

        var today = Dates.Today(clock);
        var within = await scope.VisibleIdsAsync(user, today, ct);
        return TypedResults.Ok(await people.SearchAsync(q, within, today, p, size, inPost ?? false, ct));
    }
}
