using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Dti;

public sealed record ItemInput(string? Node, double? A, double? B, string? Note);

public sealed record SelfAssessmentRequest(IReadOnlyList<ItemInput>? Items, bool Submit);

/// <summary>A published row as printed: the unit by code (on 31/12 of the year) or name, rank (a shared range: rank–rankTo), score 0–1; what was not printed is left out.</summary>
public sealed record PublishedRow(string? OrgUnit, string? Name, int? Rank, int? RankTo, double? Score, IReadOnlyDictionary<string, double>? MainIndexes, string? Source);

/// <summary>
/// Published rows; <paramref name="UnitsOn"/> is the date whose units the table is on: empty for 31/12 of the year, a later date
/// for a table republished on later units (2025-07-01: the 34 provinces).
/// </summary>
public sealed record PublishedRequest(IReadOnlyList<PublishedRow>? Results, DateOnly? UnitsOn = null);

public sealed record ReviewInput(string? Node, string? Decision, double? A, double? B, string? Reason);

public sealed record ReviewRequest(IReadOnlyList<ReviewInput>? Items);

public sealed record ItemDto(string Node, double? A, double? B, string? Note, ItemReview Review, double? VerifiedA, double? VerifiedB, string? ReviewReason, IReadOnlyList<string> Evidence);

/// <summary>The council's decision confirming a year: its document (number, date), meeting, signatory and members ("Họ tên — chức vụ").</summary>
public sealed record ConfirmYearRequest(string? DocumentNumber, DateOnly? DocumentDate, DateOnly? MeetingDate, string? SignedBy, IReadOnlyList<string?>? Members)
{
    public CouncilDecision Decision => new(DocumentNumber, DocumentDate, MeetingDate, SignedBy, Members);
}

/// <summary>A revision: its reason and the document that decided it (a meeting, signatory and members may be given).</summary>
public sealed record ReviseRequest(string? Reason, string? DocumentNumber, DateOnly? DocumentDate, DateOnly? MeetingDate, string? SignedBy, IReadOnlyList<string?>? Members)
{
    public CouncilDecision Decision => new(DocumentNumber, DocumentDate, MeetingDate, SignedBy, Members);
}

/// <summary>
/// One revision of a confirmed year: 1 is the council's confirmation; later ones carry their reason. The decision behind it
/// (document, meeting, signatory, members) is null/empty for revisions recorded before issue 16; at/by say who recorded it.
/// </summary>
public sealed record YearRevisionDto(string Framework, int Year, int Revision, string? Reason, DateTime At, string By, string? DocumentNumber,
    DateOnly? DocumentDate, DateOnly? MeetingDate, string? SignedBy, IReadOnlyList<string> Members);

public sealed record AssessmentDto(string Framework, int Year, string OrgUnit, AssessmentState State, IReadOnlyList<ItemDto> Items);

/// <summary>
/// Self-assessment → review → council confirmation. A unit (unit head or reporting officer in scope) fills and submits its
/// own; the DX office accepts, adjusts with a reason or returns each item; the appraisal council (steering members) alone
/// confirms the year, which locks it.
/// </summary>
public static class DtiWorkflowApi
{
    public static void MapDtiWorkflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/dti/{framework}/{year:int:range(1900,2100)}/units/{code}").RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI");
        api.MapGet("/self-assessment", GetAsync).WithSummary("A unit's assessment for a year with every item, its inputs and review (drafts only to the unit and the DX office).");
        api.MapPut("/self-assessment", SaveAsync).WithSummary("Saves the unit's inputs (all or nothing, bad items named); submit: true sends it for review.");
        api.MapPost("/review", ReviewAsync).WithSummary("DX office: accept, adjust (with inputs and a reason) or return each item.");
        app.MapPost("/api/v1/dti/{framework}/{year:int:range(1900,2100)}/published", ImportPublishedAsync).RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI")
            .WithSummary("Imports published results (unit, rank, normalised score, main indexes 0–1, source): all or nothing, bad rows named; they are then ranked and explained like any other scores.");
        api.MapPost("/confirm", ConfirmAsync).WithSummary("Appraisal council: confirms a reviewed assessment; it is then locked.");
        var year = app.MapGroup("/api/v1/dti/{framework}/{year:int:range(1900,2100)}").RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI");
        year.MapGet("/revisions", RevisionsAsync).WithSummary("The revisions of a confirmed year: 1 is the council's confirmation, each later one a recomputation with its reason and author.");
        year.MapPost("/confirm", ConfirmYearAsync).WithSummary("Appraisal council: confirms the year; the scores and ranks of the confirmed assessments are frozen as revision 1 and never recomputed silently.");
        year.MapPost("/revise", ReviseYearAsync).WithSummary("DX office or appraisal council: recomputes a confirmed year from the confirmed assessments as revision N+1 with its reason; earlier revisions stay visible.");
        api.MapPost("/publish", PublishAsync).WithSummary("DX office: publishes a confirmed assessment.");
        api.MapPost("/items/{node}/evidence", AttachAsync).DisableAntiforgery()
            .WithSummary("Evidence files for one component (multipart 'files'): at most 5 of 10 MB, PDF/Word/Excel/OpenDocument/JPG/PNG/TXT, while the item may still be changed.");
        app.MapGet("/dti/evidence/{id:int}", EvidenceFileAsync).RequireAuthorization().ExcludeFromDescription();
    }


    private static async Task<(DtiFramework? F, OrgUnit? Unit, DtiAssessment? A, IResult? Problem)> LoadAsync(
        string framework, int year, string code, ClaimsPrincipal user, LodestarDbContext db, DtiQueries q, AccessScope scope, bool create, CancellationToken ct)
    {
        var f = await q.FrameworkAsync(framework, ct);
        if (f is null || !f.AppliesTo(year))
        {
            return (null, null, null, ApiProblems.NotFound($"Bộ chỉ số '{framework}' không áp dụng cho năm {year}.", $"Framework '{framework}' does not apply to {year}."));
        }

        var unit = await q.UnitAsync(f, year, code, ct);
        if (unit is null)
        {
            return (f, null, null, ApiProblems.NotFound($"Không có đơn vị '{code}' thuộc cấp của bộ chỉ số.", $"No unit '{code}' at the framework's level."));
        }

        if (!await scope.CanSeeAsync(user, unit.Id, scope.Today, ct))
        {
            return (f, unit, null, ApiProblems.Forbidden());
        }

        var a = await db.DtiAssessments.Include(x => x.Items).ThenInclude(i => i.Evidence).SingleOrDefaultAsync(x => x.FrameworkId == f.Id && x.Year == year && x.OrgUnitId == unit.Id, ct);
        if (a is null && create)
        {
            a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = unit.Id, Year = year, State = AssessmentState.Draft };
            db.DtiAssessments.Add(a);
        }

        return (f, unit, a, null);
    }

    private static AssessmentDto Dto(DtiFramework f, OrgUnit unit, DtiAssessment a) => new(f.Code, a.Year, unit.Code, a.State,
        [.. a.Items.OrderBy(i => i.NodeCode, StringComparer.Ordinal).Select(i => new ItemDto(i.NodeCode, i.A, i.B, i.Note, i.Review, i.VerifiedA, i.VerifiedB, i.ReviewReason, [.. i.Evidence.Select(e => e.FileName)]))]);

    private static bool IsOffice(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice);

    private static async Task<IResult> GetAsync(string framework, int year, string code, ClaimsPrincipal user, LodestarDbContext db, DtiQueries q, AccessScope scope, CancellationToken ct)
    {
        var (f, unit, a, problem) = await LoadAsync(framework, year, code, user, db, q, scope, false, ct);
        if (problem is not null)
        {
            return problem;
        }

        // A draft is the unit's own business: people above it (other than the DX office) see it once submitted.
        var own = AccessScope.ScopeUnitId(user) == unit!.Id;
        if (a is null || (a.State == AssessmentState.Draft && !own && !IsOffice(user)))
        {
            return ApiProblems.NotFound($"Đơn vị {code} chưa nộp bản tự đánh giá năm {year}.", $"Unit {code} has not submitted a self-assessment for {year}.");
        }

        return TypedResults.Ok(Dto(f!, unit, a));
    }

    private static Task<IResult> SaveAsync(string framework, int year, string code, SelfAssessmentRequest request, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, DtiWorkflow workflow, CancellationToken ct) =>
        WriteAsync(MayFill(user), framework, year, code, user, db, q, scope, async (f, unit) =>
            Answer(f, unit, await workflow.SaveAsync(f, year, unit.Id, [.. (request.Items ?? []).Select(i => new ItemEntry(i.Node, i.A, i.B, i.Note))], request.Submit, ct)), ct);

    /// <summary>Who may fill a unit's self-assessment (within scope): its head and reporting officers, and the DX office.</summary>
    public static bool MayFill(ClaimsPrincipal user) => user.IsInRole(Roles.UnitHead) || user.IsInRole(Roles.ReportingOfficer) || IsOffice(user);

    private static Task<IResult> ReviewAsync(string framework, int year, string code, ReviewRequest request, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, DtiWorkflow workflow, CancellationToken ct) =>
        WriteAsync(IsOffice(user), framework, year, code, user, db, q, scope, async (f, unit) =>
            AccessScope.ScopeUnitId(user) == unit.Id ? ApiProblems.Forbidden(OwnReview.Vi, OwnReview.En)
            : !await scope.MayManageAsync(user, f.ProvinceId, scope.Today, ct) ? ApiProblems.NotManaged()
            : Answer(f, unit, await workflow.ReviewAsync(f, year, unit.Id, [.. (request.Items ?? []).Select(i => new ReviewEntry(i.Node, i.Decision, i.A, i.B, i.Reason))], ct)), ct);

    /// <summary>Separation of duties: a unit's self-assessment is reviewed by the DX office above it, never by the unit itself.</summary>
    public static readonly Msg OwnReview = new("Không được thẩm tra bản tự đánh giá của chính đơn vị mình: việc thẩm tra do Văn phòng chuyển đổi số cấp trên thực hiện.",
        "You may not review your own unit's self-assessment: the DX office above the unit reviews it.");

    private static Task<IResult> PublishAsync(string framework, int year, string code, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, DtiWorkflow workflow, CancellationToken ct) =>
        WriteAsync(IsOffice(user), framework, year, code, user, db, q, scope, async (f, unit) =>
            await scope.MayManageAsync(user, f.ProvinceId, scope.Today, ct) ? Answer(f, unit, await workflow.PublishAsync(f, year, unit.Id, ct)) : ApiProblems.NotManaged(), ct);

    private static Task<IResult> AttachAsync(string framework, int year, string code, string node, IFormFileCollection? files, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, DtiWorkflow workflow, CancellationToken ct) =>
        WriteAsync(MayFill(user), framework, year, code, user, db, q, scope, async (f, unit) =>
        {
            var outcome = await workflow.AttachAsync(f, year, unit.Id, node, await Tasks.TasksApi.UploadsAsync(files, ct), ct);
            return outcome.Succeeded ? TypedResults.Ok(new { attached = outcome.Value }) : ApiProblems.Invalid(outcome.Problems);
        }, ct);

    /// <summary>An evidence file: to whoever may see the unit, and a draft's files only to the unit itself and the DX office.</summary>
    public static async Task<IResult> EvidenceFileAsync(int id, ClaimsPrincipal user, AccessScope scope, DtiWorkflow workflow, CancellationToken ct)
    {
        if (await workflow.EvidenceAsync(id, ct) is not { } found)
        {
            return ApiProblems.EvidenceNotFound();
        }

        var own = AccessScope.ScopeUnitId(user) == found.UnitId;
        return await scope.CanSeeAsync(user, found.UnitId, scope.Today, ct) && (own || IsOffice(user) || found.State != AssessmentState.Draft)
            ? TypedResults.File(File.OpenRead(found.Path), EvidenceFiles.ContentTypeOf(found.Evidence.FileName), found.Evidence.FileName)
            : ApiProblems.EvidenceNotFound();
    }

    private static async Task<IResult> ImportPublishedAsync(string framework, int year, PublishedRequest request, ClaimsPrincipal user,
        DtiQueries q, AccessScope scope, DtiPublishedImport import, CancellationToken ct)
    {
        var (target, problem) = await PublishedTargetAsync(framework, year, request.UnitsOn, user, q, scope, ct);
        if (problem is not null)
        {
            return problem;
        }

        var entries = (request.Results ?? []).Select((r, i) => r is null ? null
            : new PublishedEntry(i + 1, r.OrgUnit, r.Name, r.Rank, r.RankTo, r.Score, r.MainIndexes, r.Source)).ToList();
        var checkedRows = await import.CheckAsync(target!, entries, await scope.VisibleIdsAsync(user, target!.UnitsOn, ct), ct);
        if (!checkedRows.Succeeded)
        {
            return ApiProblems.Invalid(checkedRows.Problems);
        }

        await import.SaveAsync(target, checkedRows.Value!, ct);
        return TypedResults.Ok(new { imported = checkedRows.Value!.Count });
    }

    /// <summary>
    /// Where the published results of <paramref name="year"/> the caller may import go, or the problem: the import replaces
    /// assessments (council-confirmed ones too), so only whoever manages the framework (the DX office of its province;
    /// administrators for a national one). The framework names the ranking (its level and issuer): for a year no version of it
    /// applies to (2020, 2021 before QĐ 922), the table is kept as printed without a framework; a year another version applies
    /// to is that version's. The page checks the same way.
    /// </summary>
    public static async Task<(PublishedTarget? Target, ProblemHttpResult? Problem)> PublishedTargetAsync(string framework, int year, DateOnly? unitsOn,
        ClaimsPrincipal user, DtiQueries q, AccessScope scope, CancellationToken ct)
    {
        if (!IsOffice(user))
        {
            return (null, ApiProblems.Forbidden());
        }

        var (f, applying, problem) = await RankingAsync(framework, year, q, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        return await scope.MayManageAsync(user, f!.ProvinceId, scope.Today, ct)
            ? (new PublishedTarget(f.Level, f.ProvinceId, year, unitsOn ?? PublishedTarget.YearEnd(year), applying), null)
            : (null, ApiProblems.NotManaged());
    }

    /// <summary>
    /// The framework named and the version that applies to <paramref name="year"/> (null: none does, the year has only published
    /// rankings), or the problem: an unknown framework, or a year another version applies to.
    /// </summary>
    public static async Task<(DtiFramework? F, DtiFramework? Applying, ProblemHttpResult? Problem)> RankingAsync(string framework, int year, DtiQueries q, CancellationToken ct)
    {
        var f = await q.FrameworkAsync(framework, ct);
        var applying = f is null ? null : f.AppliesTo(year) ? f : await q.ForYearAsync(f, year, ct);
        return f is null || (applying is not null && applying.Id != f.Id)
            ? (null, null, ApiProblems.NotFound($"Bộ chỉ số '{framework}' không áp dụng cho năm {year}" + (applying is null ? "." : $"; năm {year} dùng {applying.Code}."),
                $"Framework '{framework}' does not apply to {year}" + (applying is null ? "." : $"; {year} uses {applying.Code}.")))
            : (f, applying, null);
    }

    private static async Task<IResult> ConfirmAsync(string framework, int year, string code, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, DtiWorkflow workflow, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.SteeringMember))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: T("Không có quyền", "Forbidden"),
                detail: T("Chỉ Hội đồng thẩm định (thành viên Ban Chỉ đạo) xác nhận kết quả.", "Only the appraisal council (steering members) confirms results."));
        }

        return await WriteAsync(true, framework, year, code, user, db, q, scope, async (f, unit) => Answer(f, unit, await workflow.ConfirmAsync(f, year, unit.Id, ct)), ct);
    }

    /// <summary>Runs a write on a unit's assessment: forbidden without the right, the unit's problem when it cannot be reached, else <paramref name="write"/>.</summary>
    private static async Task<IResult> WriteAsync(bool allowed, string framework, int year, string code, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, Func<DtiFramework, OrgUnit, Task<IResult>> write, CancellationToken ct)
    {
        if (!allowed)
        {
            return ApiProblems.Forbidden();
        }

        var (f, unit, _, problem) = await LoadAsync(framework, year, code, user, db, q, scope, false, ct);
        return problem ?? await write(f!, unit!);
    }

    /// <summary>
    /// Who confirms a year of a framework: the appraisal council (steering members) of the framework's province; a
    /// national framework's results are not a province council's to freeze.
    /// </summary>
    public static async Task<bool> MayConfirmAsync(ClaimsPrincipal user, DtiFramework f, AccessScope scope, CancellationToken ct = default) =>
        user.IsInRole(Roles.SteeringMember) && f.ProvinceId is { } province && await scope.CanSeeAsync(user, province, scope.Today, ct);

    /// <summary>Who may ask for a revision of a confirmed year: the DX office that manages the framework, and its province's council.</summary>
    public static async Task<bool> MayReviseAsync(ClaimsPrincipal user, DtiFramework f, AccessScope scope, CancellationToken ct = default) =>
        await scope.MayManageAsync(user, f.ProvinceId, scope.Today, ct) || await MayConfirmAsync(user, f, scope, ct);

    private static async Task<Results<Ok<List<YearRevisionDto>>, ProblemHttpResult>> RevisionsAsync(string framework, int year, DtiQueries q, CancellationToken ct)
    {
        var f = await q.FrameworkAsync(framework, ct);
        if (f is null)
        {
            return ApiProblems.NotFound($"Không có bộ chỉ số '{framework}'.", $"No framework '{framework}'.");
        }

        return TypedResults.Ok((await q.RevisionsAsync(f, year, ct)).ConvertAll(r => Dto(f, r)));
    }

    private static Task<Results<Ok<YearRevisionDto>, ValidationProblem, ProblemHttpResult>> ConfirmYearAsync(string framework, int year, ConfirmYearRequest? request,
        ClaimsPrincipal user, AccessScope scope, DtiQueries q, DtiYearConfirmation confirmation, CancellationToken ct) =>
        FreezeAsync(f => MayConfirmAsync(user, f, scope, ct), framework, year, q,
            f => confirmation.ConfirmAsync(f, year, (request ?? new ConfirmYearRequest(null, null, null, null, null)).Decision, ct), ct);

    private static Task<Results<Ok<YearRevisionDto>, ValidationProblem, ProblemHttpResult>> ReviseYearAsync(string framework, int year, ReviseRequest request,
        ClaimsPrincipal user, AccessScope scope, DtiQueries q, DtiYearConfirmation confirmation, CancellationToken ct) =>
        FreezeAsync(f => MayReviseAsync(user, f, scope, ct), framework, year, q, f => confirmation.ReviseAsync(f, year, request.Reason, request.Decision, ct), ct);

    private static async Task<Results<Ok<YearRevisionDto>, ValidationProblem, ProblemHttpResult>> FreezeAsync(Func<DtiFramework, Task<bool>> allowed, string framework,
        int year, DtiQueries q, Func<DtiFramework, Task<Outcome<DtiYearRevision>>> freeze, CancellationToken ct)
    {
        var f = await q.FrameworkAsync(framework, ct);
        if (f is null || !f.AppliesTo(year))
        {
            return ApiProblems.NotFound($"Bộ chỉ số '{framework}' không áp dụng cho năm {year}.", $"Framework '{framework}' does not apply to {year}.");
        }

        if (!await allowed(f))
        {
            return ApiProblems.Forbidden();
        }

        var outcome = await freeze(f);
        return outcome.Succeeded ? TypedResults.Ok(Dto(f, outcome.Value!)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static YearRevisionDto Dto(DtiFramework f, DtiYearRevision r) => new(f.Code, r.Year, r.Number, r.Reason, r.At, r.By, r.DocumentNumber, r.DocumentDate,
        r.MeetingDate, r.SignedBy, CouncilDecision.MembersOf(r));

    private static IResult Answer(DtiFramework f, OrgUnit unit, Outcome<DtiAssessment> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(Dto(f, unit, outcome.Value!))
        : outcome.Problems.FirstOrDefault(p => p.Field == DtiWorkflow.ReviewerField) is { } own ? ApiProblems.Forbidden(own.Message.Vi, own.Message.En)
        : ApiProblems.Invalid(outcome.Problems);
}
