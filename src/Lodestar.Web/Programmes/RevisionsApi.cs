using System.Globalization;
using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Programmes;

/// <summary>
/// One change of a revision, flat like a reorganisation's: <c>kind</c> is <c>rename-pillar</c> (<c>pillar</c>: its current
/// name, <c>name</c>, <c>nameEn</c>), <c>change-path</c> (<c>target</c>, <c>milestones</c>), <c>retire-target</c>
/// (<c>target</c>) or <c>add-target</c> (<c>target</c>: the new code, <c>name</c>, <c>nameEn</c>, <c>indicator</c>,
/// <c>milestones</c>, and optionally <c>pillar</c>, <c>unit</c>, <c>comparator</c>, <c>baselineValue</c>,
/// <c>baselineYear</c>, <c>pathShape</c>, <c>responsibleUnit</c>, <c>dataSource</c>, <c>notes</c>).
/// </summary>
public sealed record RevisionChangeRequest(
    string? Kind, string? Pillar, string? Target, string? Name, string? NameEn, IReadOnlyList<MilestoneDto>? Milestones,
    string? Indicator, string? Unit, string? Comparator, double? BaselineValue, int? BaselineYear, string? PathShape,
    string? ResponsibleUnit, string? DataSource, string? Notes);

/// <summary>A revision to record; with <c>preview: true</c> it is checked the same way and answered as it would be recorded, and nothing is stored.</summary>
public sealed record RevisionRequest(string? DecisionNumber, DateOnly? DecidedOn, string? Note, IReadOnlyList<RevisionChangeRequest?>? Changes, bool Preview = false);

/// <summary>A change as answered: a renamed pillar's name before (<c>pillar</c>) and after (<c>name</c>), or the target concerned and its new path.</summary>
public sealed record RevisionChangeDto(string Kind, string? Pillar, string? Target, string? Name, string? NameEn, IReadOnlyList<MilestoneDto> Milestones);

public sealed record RevisionDto(
    int Id, string DecisionNumber, DateOnly DecidedOn, string? Note, DateTime RecordedAt, string RecordedBy, IReadOnlyList<RevisionChangeDto> Changes);

/// <summary>The revisions of a programme (issue 23 item 13): read by every signed-in account, recorded by those who may change the programme.</summary>
internal static class RevisionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/programmes/{code}/revisions", ListAsync).WithTags("Programmes")
            .WithSummary("A programme's revisions in the order they took effect: each decision (number, date, note) and its changes.");
        api.MapPost("/programmes/{code}/revisions", ReviseAsync).WithTags("Programmes")
            .WithSummary("Records a revision: a decision and its changes (rename-pillar, change-path, add-target, retire-target), all or nothing, in force from the decision's date. With preview: true, answers 200 with what would be recorded and stores nothing.");
    }

    private static async Task<Results<Ok<Page<RevisionDto>>, ProblemHttpResult>> ListAsync(string code, ProgrammeQueries programmes, CancellationToken ct)
    {
        if (await programmes.GetAsync(code, ct) is null)
        {
            return NotFound(code);
        }

        var items = (await programmes.RevisionsAsync(code, ct)).ConvertAll(Dto);
        return TypedResults.Ok(new Page<RevisionDto>(items, items.Count));
    }

    private static async Task<Results<Created<RevisionDto>, Ok<RevisionDto>, ValidationProblem, ProblemHttpResult>> ReviseAsync(
        string code, RevisionRequest request, ClaimsPrincipal user, ProgrammeQueries programmes, RevisionService revisions, AccessScope scope,
        CancellationToken ct)
    {
        if (!AccessScope.CanEditProgrammes(user))
        {
            return ApiProblems.Forbidden("Chỉ Văn phòng chuyển đổi số và quản trị hệ thống được điều chỉnh chương trình.",
                "Only the DX office and administrators may revise a programme.");
        }

        var programme = await programmes.GetAsync(code, ct);
        if (programme is null)
        {
            return NotFound(code);
        }

        if (!await scope.MayManageAsync(user, programme.ProvinceId, scope.Today, ct))
        {
            return ApiProblems.NotManaged();
        }

        var problems = new List<Problem>();
        var changes = (request.Changes ?? []).Select((c, i) => Change(c, $"changes[{i}]", problems)).ToList();
        if (problems.Count > 0)
        {
            return ApiProblems.Invalid(problems);
        }

        var input = new RevisionInput(request.DecisionNumber, request.DecidedOn, request.Note, [.. changes.OfType<RevisionChangeInput>()]);
        if (request.Preview)
        {
            var preview = await revisions.PreviewAsync(programme.Code, input, ct);
            return preview.Value is { } item ? TypedResults.Ok(Dto(item)) : ApiProblems.Invalid(preview.Problems);
        }

        var outcome = await revisions.ReviseAsync(programme.Code, input, ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Invalid(outcome.Problems);
        }

        var recorded = (await programmes.RevisionsAsync(programme.Code, ct)).Single(r => r.Id == outcome.Value!.Id);
        return TypedResults.Created($"/api/v1/programmes/{Uri.EscapeDataString(programme.Code)}/revisions", Dto(recorded));
    }

    // The JSON change as the service's input; an unknown kind, comparator or path shape is named here.
    private static RevisionChangeInput? Change(RevisionChangeRequest? c, string field, List<Problem> problems)
    {
        if (c is null || ApiCodes.Parse<RevisionKind>(c.Kind) is not { } kind)
        {
            problems.Add(new($"{field}.kind", new($"Loại thay đổi '{c?.Kind}' không hợp lệ; dùng {ApiCodes.Codes<RevisionKind>()}.",
                $"Change kind '{c?.Kind}' is not valid; use {ApiCodes.Codes<RevisionKind>()}.")));
            return null;
        }

        var milestones = c.Milestones is null ? null
            : string.Join("; ", c.Milestones.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Year}: {m.Value:R}")));
        if (kind != RevisionKind.AddTarget)
        {
            return new RevisionChangeInput(kind, c.Pillar, c.Target, c.Name, c.NameEn, milestones);
        }

        var comparator = Parse(c.Comparator, Comparator.AtLeast, $"{field}.comparator", problems);
        var shape = Parse(c.PathShape, PathShape.Linear, $"{field}.pathShape", problems);
        return new RevisionChangeInput(kind, c.Pillar, NewTarget: new TargetInput(
            c.Target, c.Name, c.NameEn, c.Unit, comparator, null, c.BaselineValue, c.BaselineYear, milestones, shape, c.Indicator, null,
            c.ResponsibleUnit, c.DataSource, c.Notes));
    }

    // "at-least", "atLeast" and "AtLeast" are one comparator; numbers are not names.
    private static T Parse<T>(string? text, T fallback, string field, List<Problem> problems)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (ApiCodes.Parse<T>(text) is { } value)
        {
            return value;
        }

        problems.Add(new(field, new($"'{text}' không hợp lệ; dùng {ApiCodes.Codes<T>()}.", $"'{text}' is not valid; use {ApiCodes.Codes<T>()}.")));
        return fallback;
    }

    private static RevisionDto Dto(RevisionItem r) => new(r.Id, r.DecisionNumber, r.DecidedOn, r.Note, r.RecordedAt, r.RecordedBy,
        [.. r.Changes.Select(c => new RevisionChangeDto(ApiCodes.Code(c.Kind), c.Pillar, c.Target, c.NewName ?? c.TargetName, c.NewNameEn,
            [.. c.Milestones.Select(m => new MilestoneDto(m.Year, m.Value))]))]);

    private static ProblemHttpResult NotFound(string code) => ApiProblems.NotFound($"Không có chương trình mã {code}.", $"No programme has code {code}.");
}
