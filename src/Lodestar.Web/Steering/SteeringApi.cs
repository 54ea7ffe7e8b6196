using System.Security.Claims;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Steering;
using Lodestar.Tasks;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Steering;

public sealed record NewMeetingRequest(string? OrgUnit, string? Quarter, string? MeetsOn, string? Title, string? Place);

public sealed record PackEditRequest(string? Text, string? TextEn, int? Version);

public sealed record PackIssueRequest(string? Number);

public sealed record ConclusionRequest(string? Text, TaskInput? Task);

public sealed record MeetingCreated(string Uid);

public static class SteeringApi
{
    public static void MapSteeringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Steering").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/dashboard", DashboardAsync).Produces<Dashboard>()
            .WithSummary("The province at a glance for a unit (orgUnit, default: the reader's scope, else the deployment's home province; none in a national deployment) and period (default: this year): targets by pillar and status, the targets furthest behind, tasks by official state and overdue by unit, reporting completeness and data quality, DTI rank and score by year, biggest movers, what changed since the last meeting, the members' indexes.");
        api.MapGet("/meetings", ListAsync).WithSummary("The steering committee's meetings within the reader's scope, latest first: {items,total}.");
        api.MapGet("/meetings/{uid}", GetAsync).WithSummary("One meeting: record, attendees, the briefing pack (state, text, frozen figures) and conclusions with the tasks they assigned.");
        api.MapGet("/meetings/{uid}/pack", PackAsync).WithSummary("The meeting's briefing pack: number, state (draft/issued), text, who generated and issued it, the figures it was written from.");
        api.MapPost("/meetings", CreateAsync).WithSummary("Plan a meeting for a quarter (DX office, administrator): orgUnit (province), quarter (2026Q4), meetsOn, title, place.");
        api.MapPost("/meetings/{uid}/pack", GenerateAsync).WithSummary("Generate (or regenerate, while a draft) the pack from today's dashboard of the meeting's province and quarter's year.");
        api.MapPut("/meetings/{uid}/pack", EditAsync).WithSummary("Save the edited text of a draft pack (version from the last read guards against lost edits).");
        api.MapPost("/meetings/{uid}/pack/issue", IssueAsync).WithSummary("Issue the pack under a number (e.g. 45/BC-BCĐ): frozen from then on, with who and when.");
        api.MapPost("/meetings/{uid}/record", RecordAsync).WithSummary("Keep the record: heldOn, chair, attendees (one per line), conclusionNumber (the conclusion notice).");
        api.MapPost("/meetings/{uid}/conclusions", ConcludeAsync)
            .WithSummary("Add a conclusion; with 'task' (ownerUnit, deadline, …, as POST /api/v1/tasks) it assigns work and becomes a task of the register linked to the meeting.");
        api.MapGet("/meetings/{uid}/pack.docx", DocxAsync).WithSummary("The pack as .docx in the Decree 30/2020 layout.");
        api.MapGet("/meetings/{uid}/pack.pdf", PdfAsync).WithSummary("The pack as .pdf in the Decree 30/2020 layout; an issued pack carries the organisation's digital signature (PAdES) when the deployment has a signing key (LODESTAR_SIGNING_*), the same signed file at every download.");

        // The same downloads for pages (cookie sign-in).
        app.MapGet("/meetings/{uid}/pack.docx", DocxAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/meetings/{uid}/pack.pdf", PdfAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> DashboardAsync(string? orgUnit, string? period, ClaimsPrincipal user, SteeringAccess access, KeptJson json, CancellationToken ct)
    {
        var (data, query) = await access.DashboardAsync(user, orgUnit, period, ct);
        return data is null
            ? ApiProblems.Invalid(string.IsNullOrWhiteSpace(period) || query.Unit is null ? "orgUnit" : "period", query.Error ?? Text.T("Chọn một đơn vị.", "Choose a unit."), query.Error ?? "Choose a unit.")
            : TypedResults.Bytes(json.Of(data, "dashboard", () => data), "application/json; charset=utf-8");
    }

    private static async Task<Ok<Page<MeetingItem>>> ListAsync(ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct)
    {
        var items = await meetings.ListAsync(await access.WithinAsync(user, ct), ct);
        return TypedResults.Ok(new Page<MeetingItem>(items, items.Count));
    }

    private static async Task<Results<Ok<MeetingDetail>, ProblemHttpResult>> GetAsync(string uid, ClaimsPrincipal user, SteeringAccess access, CancellationToken ct) =>
        await access.MeetingAsync(user, uid, ct) is { } m ? TypedResults.Ok(m) : NotFound();

    private static async Task<Results<Ok<PackView>, ProblemHttpResult>> PackAsync(string uid, ClaimsPrincipal user, SteeringAccess access, CancellationToken ct) =>
        await access.MeetingAsync(user, uid, ct) is { Pack: { } p } ? TypedResults.Ok(p) : ApiProblems.NotFound("Cuộc họp không có hoặc chưa có báo cáo.", "No such meeting, or it has no pack yet.");

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound("Không tìm thấy cuộc họp.", "Meeting not found.");

    private static async Task<Results<Created<MeetingCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewMeetingRequest request, ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct)
    {
        if (!SteeringAccess.CanPrepare(user))
        {
            return ApiProblems.Forbidden();
        }

        if (await access.ProvinceAsync(user, request.OrgUnit, ct) is not { } province)
        {
            var why = SteeringAccess.NoProvince(request.OrgUnit);
            return ApiProblems.Invalid("orgUnit", why.Vi, why.En);
        }

        var outcome = await meetings.CreateAsync(province, new NewMeeting(request.Quarter, request.MeetsOn, request.Title, request.Place), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/meetings/{outcome.Value!.Uid}", new MeetingCreated(outcome.Value.Uid))
            : ApiProblems.Invalid(outcome.Problems);
    }

    /// <summary>Runs a write on a meeting the reader may see and prepare; answers the meeting as it is afterwards.</summary>
    private static async Task<Results<Ok<MeetingDetail>, ValidationProblem, ProblemHttpResult>> WriteAsync<T>(
        string uid, ClaimsPrincipal user, SteeringAccess access, Func<IReadOnlySet<int>?, Task<Outcome<T>>> write, bool assigns, CancellationToken ct)
    {
        if (await access.MeetingAsync(user, uid, ct) is null)
        {
            return NotFound();
        }

        if (!(assigns ? TaskRights.CanAssign(user) : SteeringAccess.CanPrepare(user)))
        {
            return ApiProblems.Forbidden();
        }

        var outcome = await write(await access.WithinAsync(user, ct));
        return outcome.Succeeded ? TypedResults.Ok((await access.MeetingAsync(user, uid, ct))!) : ApiProblems.Invalid(outcome.Problems);
    }

    private static Task<Results<Ok<MeetingDetail>, ValidationProblem, ProblemHttpResult>> GenerateAsync(string uid, ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct) =>
        WriteAsync(uid, user, access, _ => meetings.GenerateAsync(uid, null, ct), false, ct);

    private static Task<Results<Ok<MeetingDetail>, ValidationProblem, ProblemHttpResult>> EditAsync(string uid, PackEditRequest request, ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct) =>
        WriteAsync(uid, user, access, _ => meetings.EditAsync(uid, request.Text, request.TextEn, request.Version, ct), false, ct);

    private static Task<Results<Ok<MeetingDetail>, ValidationProblem, ProblemHttpResult>> IssueAsync(string uid, PackIssueRequest request, ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct) =>
        WriteAsync(uid, user, access, _ => meetings.IssueAsync(uid, request.Number, ct), false, ct);

    private static Task<Results<Ok<MeetingDetail>, ValidationProblem, ProblemHttpResult>> RecordAsync(string uid, MeetingRecord request, ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct) =>
        WriteAsync(uid, user, access, _ => meetings.RecordAsync(uid, request, ct), false, ct);

    private static Task<Results<Ok<MeetingDetail>, ValidationProblem, ProblemHttpResult>> ConcludeAsync(string uid, ConclusionRequest request, ClaimsPrincipal user, SteeringAccess access, MeetingService meetings, CancellationToken ct) =>
        WriteAsync(uid, user, access, within => meetings.ConcludeAsync(uid, new NewConclusion(request.Text, request.Task), within, ct), true, ct);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DocxAsync(string uid, ClaimsPrincipal user, SteeringAccess access, PackFiles files, CancellationToken ct) =>
        await access.MeetingAsync(user, uid, ct) is { Pack: not null } m
            ? TypedResults.File(PackDocx.Write((await access.DocumentAsync(m, ct)) with { SignedOriginalNote = await files.IsSignedAsync(m, ct) ? PackDocument.SignedOriginal : null }),
                PackDocx.ContentType, $"bao-cao-bcd-{m.Quarter}.docx")
            : ApiProblems.NotFound("Cuộc họp không có hoặc chưa có báo cáo.", "No such meeting, or it has no pack yet.");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(string uid, ClaimsPrincipal user, SteeringAccess access, PackFiles files, CancellationToken ct) =>
        await access.MeetingAsync(user, uid, ct) is { Pack: not null } m
            ? TypedResults.File(await files.PdfAsync(m, ct), PackPdf.ContentType, $"bao-cao-bcd-{m.Quarter}.pdf")
            : ApiProblems.NotFound("Cuộc họp không có hoặc chưa có báo cáo.", "No such meeting, or it has no pack yet.");
}
