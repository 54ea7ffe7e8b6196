using System.Security.Claims;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Spreadsheets;
using Lodestar.Tasks;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lodestar.Web.Tasks;

public sealed record DecisionRequest(bool Accept, string? Reason);

public sealed record ExtensionDecisionRequest(bool Approve, string? Reason);

public sealed record ExtensionRequest(string? NewDeadline, string? Reason);

public sealed record CancelRequest(string? Reason);

public sealed record UnitSummaryItem(string Code, string Name, int Total, int NotStarted, int InProgress, int Overdue, int CompletedOnTime, int CompletedLate, int Cancelled, double OverdueShare);

public sealed record Created(string Uid);

public sealed record ImportResult(int Created);

public static class TasksApi
{
    public static void MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tasks").WithTags("Tasks").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/", ListAsync).WithSummary("The task register within the reader's scope: filter by unit (its subtree), state, pillar (name), source, deadline range, text and accountable person; paged {items,total}.");
        api.MapGet("/summary", SummaryAsync).WithSummary("Counts of tasks per state for each owner unit (groupBy=orgUnit), with the share of overdue tasks.");
        api.MapGet("/accountability", AccountabilityAsync).WithSummary("For a unit and period: each head's tasks due in his term, done on time, late, overdue now — counted against the holder at the deadline.");
        api.MapGet("/{uid}", GetAsync).WithSummary("One task with its state, co-operating units, sub-tasks, reports with evidence and extension requests.");
        api.MapGet("/evidence/{uid}", EvidenceAsync).WithSummary("Download an evidence file.");
        api.MapPost("/", CreateAsync).WithSummary("Create a task (DX office, steering member, administrator). Dates yyyy-MM-dd or dd/MM/yyyy.");
        api.MapPost("/{uid}/progress", ProgressAsync).DisableAntiforgery()
            .WithSummary("The owner unit reports progress: multipart form with percent, narrative, expectedOn and evidence files.");
        api.MapPost("/{uid}/completion", CompletionAsync).DisableAntiforgery()
            .WithSummary("The owner unit reports completion: multipart form with narrative and at least one evidence file.");
        api.MapPost("/{uid}/completion/{reportUid}/decision", DecideCompletionAsync).WithSummary("The assigner accepts or returns (with a reason) a completion report.");
        api.MapPost("/{uid}/extensions", RequestExtensionAsync).WithSummary("The owner unit asks to move the deadline, with a reason.");
        api.MapPost("/{uid}/extensions/{extensionUid}/decision", DecideExtensionAsync).WithSummary("The assigner approves or refuses (with a reason) an extension request.");
        api.MapPost("/{uid}/cancel", CancelAsync).WithSummary("The assigner cancels a task, with a reason.");
        api.MapGet("/export.xlsx", ExportAsync).WithSummary("The register (same filters as the list, every page) as an .xlsx workbook.");
        api.MapGet("/template.xlsx", () => TypedResults.File(TaskSheets.Template(Text.IsEnglish), XlsxWriter.ContentType, "ke-hoach-nhiem-vu.xlsx"))
            .WithSummary("The .xlsx plan template for bulk creation: one task per row.");
        api.MapPost("/import", ImportAsync).DisableAntiforgery()
            .WithSummary("Create every task of an .xlsx plan (multipart field 'file'), or none: each problem names sheet, row and column.");

        // The same export for pages (cookie sign-in), linked from the register.
        app.MapGet("/tasks/export.xlsx", ExportAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        string? orgUnit, string? state, string? pillar, string? source, string? dueFrom, string? dueTo, string? q, string? accountable,
        ClaimsPrincipal user, TaskAccess access, TaskQueries tasks, CancellationToken ct)
    {
        var (filter, _, problems) = await access.FilterAsync(user, orgUnit, state, pillar, source, dueFrom, dueTo, q, accountable, 1, int.MaxValue, ct);
        if (filter is null)
        {
            return ApiProblems.Invalid(problems);
        }

        var page = await tasks.ListAsync(filter, ct);
        return TypedResults.File(TaskSheets.Export(page.Items, Text.IsEnglish), XlsxWriter.ContentType, $"nhiem-vu-{access.Today.ToIso()}.xlsx");
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        IFormFile? file, ClaimsPrincipal user, TaskAccess access, TaskService service, CancellationToken ct)
    {
        if (!TaskRights.CanAssign(user))
        {
            return ApiProblems.Forbidden();
        }

        if (file is null)
        {
            return ApiProblems.Invalid("file", "Chọn tệp .xlsx kế hoạch.", "Choose the .xlsx plan file.");
        }

        await using var stream = file.OpenReadStream();
        var outcome = await TaskSheets.ImportAsync(stream, service, await access.WithinAsync(user, ct), ct);
        return outcome.Succeeded ? TypedResults.Ok(new ImportResult(outcome.Value)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<Page<TaskItem>>, ValidationProblem>> ListAsync(
        string? orgUnit, string? state, string? pillar, string? source, string? dueFrom, string? dueTo, string? q, string? accountable, int? page, int? pageSize,
        ClaimsPrincipal user, TaskAccess access, TaskQueries tasks, CancellationToken ct)
    {
        if (!ApiProblems.TryPaging(page, pageSize, out var p, out var size, out var bad))
        {
            return bad!;
        }

        var (filter, _, problems) = await access.FilterAsync(user, orgUnit, state, pillar, source, dueFrom, dueTo, q, accountable, p, size, ct);
        return filter is null ? ApiProblems.Invalid(problems) : TypedResults.Ok(await tasks.ListAsync(filter, ct));
    }

    private static async Task<Results<Ok<Page<UnitSummaryItem>>, ValidationProblem>> SummaryAsync(
        string? groupBy, string? orgUnit, string? pillar, string? source, string? dueFrom, string? dueTo,
        ClaimsPrincipal user, TaskAccess access, TaskQueries tasks, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(groupBy) && groupBy != "orgUnit")
        {
            return ApiProblems.Invalid("groupBy", "Chỉ hỗ trợ groupBy=orgUnit.", "Only groupBy=orgUnit is supported.");
        }

        var (filter, _, problems) = await access.FilterAsync(user, orgUnit, null, pillar, source, dueFrom, dueTo, null, null, 1, 1, ct);
        if (filter is null)
        {
            return ApiProblems.Invalid(problems);
        }

        var items = (await tasks.SummaryByUnitAsync(filter, ct)).Select(s => new UnitSummaryItem(s.Code, s.Name, s.Counts.Total, s.Counts.NotStarted, s.Counts.InProgress,
            s.Counts.Overdue, s.Counts.CompletedOnTime, s.Counts.CompletedLate, s.Counts.Cancelled, Math.Round(s.Counts.OverdueShare, 4))).ToList();
        return TypedResults.Ok(new Page<UnitSummaryItem>(items, items.Count));
    }

    private static async Task<Results<Ok<Page<HeadAccount>>, ValidationProblem, ProblemHttpResult>> AccountabilityAsync(
        string? orgUnit, string? from, string? to, ClaimsPrincipal user, TaskAccess access, TaskQueries tasks, CancellationToken ct)
    {
        var today = access.Today;
        if (string.IsNullOrWhiteSpace(orgUnit))
        {
            return ApiProblems.Invalid("orgUnit", "Nhập mã đơn vị.", "Give the unit code.");
        }

        if (!ApiProblems.TryDate(from, "from", new DateOnly(today.Year, 1, 1), out var f, out var bad)
            || !ApiProblems.TryDate(to, "to", new DateOnly(today.Year, 12, 31), out var t, out bad))
        {
            return bad!;
        }

        if (t < f)
        {
            return ApiProblems.Invalid("to", "Ngày kết thúc phải từ ngày bắt đầu trở đi.", "'to' must not be before 'from'.");
        }

        var unit = await access.FindUnitAsync(orgUnit, ct);
        if (unit is null)
        {
            return ApiProblems.NotFound($"Không có đơn vị mã {orgUnit}.", $"No unit has code {orgUnit}.");
        }

        if (!await access.CanSeeUnitAsync(user, unit.Id, ct))
        {
            return ApiProblems.Forbidden();
        }

        var items = await tasks.AccountabilityAsync(unit.Id, f, t, today, ct);
        return TypedResults.Ok(new Page<HeadAccount>(items, items.Count));
    }

    private static async Task<Results<Ok<TaskDetail>, ProblemHttpResult>> GetAsync(
        string uid, ClaimsPrincipal user, TaskAccess access, CancellationToken ct)
    {
        var (task, _, problem) = await ResolveAsync(uid, user, access, ct);
        return problem ?? (Results<Ok<TaskDetail>, ProblemHttpResult>)TypedResults.Ok(task!);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> EvidenceAsync(
        string uid, ClaimsPrincipal user, TaskAccess access, TaskQueries tasks, TaskReportService service, CancellationToken ct)
    {
        var found = await tasks.EvidenceAsync(uid, ct);
        if (found is not { } e || service.EvidencePath(e.Evidence) is not { } path)
        {
            return ApiProblems.EvidenceNotFound();
        }

        var visible = false;
        foreach (var id in e.UnitIds)
        {
            visible = visible || await access.CanSeeUnitAsync(user, id, ct);
        }

        return visible
            ? TypedResults.File(File.OpenRead(path), EvidenceFiles.ContentTypeOf(e.Evidence.FileName), e.Evidence.FileName)
            : ApiProblems.EvidenceNotFound();
    }

    private static async Task<Results<Created<TaskDetail>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TaskInput input, ClaimsPrincipal user, TaskAccess access, TaskService service, CancellationToken ct)
    {
        if (!TaskRights.CanAssign(user))
        {
            return ApiProblems.Forbidden();
        }

        var outcome = await service.CreateAsync(input, await access.WithinAsync(user, ct), ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Invalid(outcome.Problems);
        }

        var detail = await access.DetailAsync(user, outcome.Value!.Uid, ct);
        return TypedResults.Created($"/api/v1/tasks/{detail!.Task.Uid}", detail);
    }

    private static async Task<Results<Created<Created>, ValidationProblem, ProblemHttpResult>> ProgressAsync(
        string uid, [FromForm] int? percent, [FromForm] string? narrative, [FromForm] string? expectedOn, IFormFileCollection? files,
        ClaimsPrincipal user, TaskAccess access, TaskReportService service, CancellationToken ct)
    {
        var (_, rights, problem) = await ResolveAsync(uid, user, access, ct);
        if (problem is not null || !rights!.CanReport)
        {
            return problem ?? ApiProblems.Forbidden();
        }

        if (percent is null)
        {
            return ApiProblems.Invalid("percent", "Nhập tiến độ (%).", "Give the percent done.");
        }

        var outcome = await service.ReportProgressAsync(uid, percent.Value, narrative, expectedOn, await UploadsAsync(files, ct), ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/tasks/{uid}", new Created(outcome.Value!.Uid)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Created<Created>, ValidationProblem, ProblemHttpResult>> CompletionAsync(
        string uid, [FromForm] string? narrative, IFormFileCollection? files,
        ClaimsPrincipal user, TaskAccess access, TaskReportService service, CancellationToken ct)
    {
        var (_, rights, problem) = await ResolveAsync(uid, user, access, ct);
        if (problem is not null || !rights!.CanReport)
        {
            return problem ?? ApiProblems.Forbidden();
        }

        var outcome = await service.ReportCompletionAsync(uid, narrative, await UploadsAsync(files, ct), ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/tasks/{uid}", new Created(outcome.Value!.Uid)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<TaskDetail>, ValidationProblem, ProblemHttpResult>> DecideCompletionAsync(
        string uid, string reportUid, DecisionRequest request, ClaimsPrincipal user, TaskAccess access, TaskReportService service, CancellationToken ct)
    {
        var (task, rights, problem) = await ResolveAsync(uid, user, access, ct);
        if (problem is not null || !rights!.CanDecide)
        {
            return problem ?? ApiProblems.Forbidden();
        }

        if (task!.Reports.All(r => r.Uid != reportUid))
        {
            return ApiProblems.NotFound("Không có báo cáo này trong nhiệm vụ.", "This task has no such report.");
        }

        var outcome = await service.DecideCompletionAsync(reportUid, request.Accept, request.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok((await access.DetailAsync(user, uid, ct))!) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Created<Created>, ValidationProblem, ProblemHttpResult>> RequestExtensionAsync(
        string uid, ExtensionRequest request, ClaimsPrincipal user, TaskAccess access, TaskExtensionService service, CancellationToken ct)
    {
        var (_, rights, problem) = await ResolveAsync(uid, user, access, ct);
        if (problem is not null || !rights!.CanReport)
        {
            return problem ?? ApiProblems.Forbidden();
        }

        var outcome = await service.RequestExtensionAsync(uid, request.NewDeadline, request.Reason, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/tasks/{uid}", new Created(outcome.Value!.Uid)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<TaskDetail>, ValidationProblem, ProblemHttpResult>> DecideExtensionAsync(
        string uid, string extensionUid, ExtensionDecisionRequest request, ClaimsPrincipal user, TaskAccess access, TaskExtensionService service, CancellationToken ct)
    {
        var (task, rights, problem) = await ResolveAsync(uid, user, access, ct);
        if (problem is not null || !rights!.CanDecide)
        {
            return problem ?? ApiProblems.Forbidden();
        }

        if (task!.Extensions.All(x => x.Uid != extensionUid))
        {
            return ApiProblems.NotFound("Không có đề nghị gia hạn này trong nhiệm vụ.", "This task has no such extension request.");
        }

        var outcome = await service.DecideExtensionAsync(extensionUid, request.Approve, request.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok((await access.DetailAsync(user, uid, ct))!) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<TaskDetail>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string uid, CancelRequest request, ClaimsPrincipal user, TaskAccess access, TaskService service, CancellationToken ct)
    {
        var (_, rights, problem) = await ResolveAsync(uid, user, access, ct);
        if (problem is not null || !rights!.CanDecide)
        {
            return problem ?? ApiProblems.Forbidden();
        }

        var outcome = await service.CancelAsync(uid, request.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok((await access.DetailAsync(user, uid, ct))!) : ApiProblems.Invalid(outcome.Problems);
    }

    /// <summary>
    /// The task and the reader's rights on it, or 404: a task the reader may not see answers as one that does not exist,
    /// so trying identifiers reveals nothing. 403 is kept for steps on a visible task the reader may not take.
    /// </summary>
    private static async Task<(TaskDetail? Task, TaskRightsOnTask? Rights, ProblemHttpResult? Problem)> ResolveAsync(
        string uid, ClaimsPrincipal user, TaskAccess access, CancellationToken ct)
    {
        var task = await access.DetailAsync(user, uid, ct);
        var rights = task is null ? null : await access.RightsAsync(user, task, ct);
        return rights is { CanSee: true }
            ? (task, rights, null)
            : (null, null, ApiProblems.NotFound($"Không có nhiệm vụ {uid}.", $"No task {uid}."));
    }

    /// <summary>Reads uploaded files into memory; the service checks their number, type and size.</summary>
    public static async Task<List<EvidenceUpload>> UploadsAsync(IEnumerable<IFormFile>? files, CancellationToken ct)
    {
        var list = new List<EvidenceUpload>();
        foreach (var file in (files ?? []).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            if (file.Length > EvidenceFiles.MaxBytes)
            {
                // Too big to read: hand the service an oversized marker so it names the file.
                list.Add(new EvidenceUpload(file.FileName, file.ContentType, new byte[EvidenceFiles.MaxBytes + 1]));
                continue;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            list.Add(new EvidenceUpload(file.FileName, file.ContentType, buffer.ToArray()));
        }

        return list;
    }
}
