using System.Globalization;
using System.Security.Claims;
using Lodestar.Common;
using Lodestar.Connectors;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Connectors;

/// <summary>How the connector signs in to its source: kind none, basic (name = user name), bearer, api-key (name = header, X-API-Key by default).</summary>
public sealed record ConnectorAuthRequest(string? Kind, string? Name, string? Secret);

/// <summary>api.md: create <c>{ code, name, kind, url, schedule, auth, mapping, approve }</c> (and <c>scope</c>, the province, for administrators).</summary>
public sealed record ConnectorRequest(
    string? Code, string? Name, string? Kind, string? Url, string? Schedule, ConnectorAuthRequest? Auth, ConnectorMapping? Mapping, bool? Approve, string? Scope);

/// <summary>The authentication as answered: never the secret, only whether one is kept.</summary>
public sealed record ConnectorAuthDto(ConnectorAuth Kind, string? Name, bool HasSecret);

public sealed record RunProblemDto(int? Row, string? Field, string Message);

public sealed record ConnectorRunDto(
    long Id, ConnectorRunStatus Status, DateTime StartedAt, DateTime FinishedAt, int DurationMs, string By, int Attempts, int? HttpStatus,
    int Read, int Created, int Updated, int Unchanged, int Refused, IReadOnlyList<RunProblemDto> Problems)
{
    public static ConnectorRunDto Of(ConnectorRunItem r) => new(
        r.Id, r.Status, r.StartedAt, r.FinishedAt, r.DurationMs, r.By, r.Attempts, r.HttpStatus, r.Read, r.Created, r.Updated, r.Unchanged, r.Refused,
        r.Problems.Select(p => new RunProblemDto(p.Row, p.Field, p.Message.ToString())).ToList());
}

public sealed record ConnectorDto(
    string Code, string Name, ConnectorKind Kind, string Url, string? Schedule, DateTime? NextRunAt, ConnectorAuthDto Auth, ConnectorMapping Mapping,
    bool Approve, string Scope, string ScopeName, DateTime CreatedAt, string CreatedBy, ConnectorRunDto? LastRun, bool Paused, DateTime? RetiredAt)
{
    public static ConnectorDto Of(ConnectorItem c) => new(
        c.Code, c.Name, c.Kind, c.Url, c.Schedule, c.NextRunAt, new ConnectorAuthDto(c.Auth, c.AuthName, c.HasSecret), c.Mapping, c.Approve, c.Scope, c.ScopeName,
        c.CreatedAt, c.CreatedBy, c.LastRun is { } r ? ConnectorRunDto.Of(r) : null, c.Paused, c.RetiredAt);
}

/// <summary>Connectors (Connectors/README.md) for the DX office and administrators, each within its scope.</summary>
public static class ConnectorsApi
{
    public static void MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/connectors").WithTags("Connectors").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/", ListAsync)
            .WithSummary("The connectors the caller manages (administrator: all; DX office: those of its province): { items: [{ code, name, kind, url, schedule, nextRunAt, auth: { kind, name, hasSecret }, mapping, approve, scope, scopeName, lastRun, paused, retiredAt }], total }. Deleted (retired) ones only with retired=true. Secrets are never answered.");
        api.MapPost("/", CreateAsync)
            .WithSummary("Create a connector { code, name, kind (csv-http, json-http, dhis2), url, schedule ('daily 06:30', 'weekly mon 06:30', 'monthly 5 06:30' or a 5-field cron such as '0 6 * * 1-5', Vietnam time; empty: on demand), auth: { kind (none, basic, bearer, api-key), name, secret }, mapping, approve (default false: pulled values wait for approval), scope (province code; default the caller's) }.");
        api.MapPut("/{code}", UpdateAsync)
            .WithSummary("Change a connector: the body of the create, without code and scope (they do not change); a field left out keeps its value, schedule '' means on demand only, an empty auth.secret keeps the stored one. A new schedule moves the next run.");
        api.MapPost("/{code}/pause", PauseAsync)
            .WithSummary("Pause the connector: the scheduler leaves it (nextRunAt null) until resumed; run-now still works. Answers the connector.");
        api.MapPost("/{code}/resume", ResumeAsync)
            .WithSummary("Resume a paused connector: its next run is worked out from now. Answers the connector.");
        api.MapDelete("/{code}", DeleteAsync)
            .WithSummary("Delete (retire) the connector: it runs no more and its secret is dropped; its runs, their answers and the values' history stay, its code stays taken. 204; a deleted connector answers 409 to changes and runs.");
        api.MapGet("/mapping-template.xlsx", (ClaimsPrincipal user) => ConnectorService.MayManage(user)
                ? Results.File(ConnectorMappingSheet.Write(Text.IsEnglish, null), Lodestar.Spreadsheets.XlsxWriter.ContentType, "bang-ma-ket-noi-mau.xlsx")
                : Refused(ConnectorAccess.Forbidden, string.Empty))
            .WithSummary("The .xlsx template of a connector's code tables: sheet 'Don vi' (source unit code → Lodestar unit code) and sheet 'Ky' (source period → Lodestar period), with example rows.");
        api.MapGet("/{code}/mapping.xlsx", TablesAsync)
            .WithSummary("The connector's unit and period code tables as an .xlsx (the template's sheets, filled with the tables as they are), to change and upload again.");
        api.MapPost("/{code}/mapping.xlsx", UploadTablesAsync).DisableAntiforgery()
            .WithSummary("Replace the connector's unit and period code tables by an uploaded .xlsx (multipart field 'file'): a sheet left out keeps its table, a sheet with only its header empties it; every bad row is named by sheet, row and column, and one bad row changes nothing. Answers the connector.");
        api.MapPost("/{code}/run", RunAsync)
            .WithSummary("Run the connector now: { id, status (succeeded, refused, failed), read, created, updated, unchanged, refused, problems: [{ row, field, message }] }; nothing is stored unless every row passes. 409 while another run of it is under way.");
        api.MapPost("/{code}/approve", ApproveAsync)
            .WithSummary("Approve what the connector pulled: every value it wrote that still waits (and nobody changed since) counts from now on, kept in the value's history with who and when → { approved }.");
        api.MapGet("/{code}/runs", RunsAsync).WithSummary("The connector's last 100 runs, latest first: { items, total }.");
        api.MapGet("/{code}/runs/{id:long}/raw", RawAsync).WithSummary("The source's answer a run kept (the first million characters), as text, for inspection.");

        app.MapGet("/api/v1/dataValueSets", DataValueSetAsync).WithTags("Connectors").RequireAuthorization(WebServices.ApiPolicy)
            .WithSummary("Approved values in DHIS2's dataValueSets shape, for other systems and dhis2 connectors: { dataValues: [{ dataElement, period, orgUnit, value, comment, storedBy, lastUpdated }] }. "
                + "Filters: orgUnit (code; children=true adds its subtree; default every unit of the reader's scope), dataElement and period (comma-separated codes). At most 100,000 values: more answers 400.");
    }

    private static async Task<Results<Ok<Dhis2DataValueSet>, ValidationProblem, ProblemHttpResult>> DataValueSetAsync(
        string? dataElement, string? orgUnit, string? period, bool? children, ClaimsPrincipal user, Dhis2Export export, OrgUnitQueries units,
        Lodestar.Accounts.AccessScope scope, TimeProvider clock, Lodestar.Data.LodestarDbContext db, CancellationToken ct)
    {
        var periods = period?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var p in periods ?? [])
        {
            if (!Lodestar.Values.Period.TryParse(p, out _))
            {
                return ApiProblems.Invalid("period", $"Kỳ '{p}' không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.", $"Period '{p}' is not valid; use 2025, 2025S1, 2025Q3 or 202507.");
            }
        }

        var (elementIds, unknown) = await ValueFilters.ElementsAsync(db, dataElement, ct);
        if (unknown is not null)
        {
            return unknown;
        }

        // Units as on the one period's last day, else today (codes were reused by the reform).
        var date = periods is [var only] && Lodestar.Values.Period.TryParse(only, out var one) ? one.End : Lodestar.Common.Dates.Today(clock);
        var (unitIds, refused) = await ValueFilters.UnitsAsync(scope, units, user, orgUnit, children, date, ct);
        if (refused is not null)
        {
            return refused;
        }

        return await export.ReadAsync(elementIds, unitIds, periods, ct) is { } set
            ? TypedResults.Ok(set)
            : ApiProblems.Invalid("orgUnit", $"Hơn {Dhis2Export.MaxValues:N0} giá trị khớp; hãy lọc theo đơn vị, chỉ số hoặc kỳ.", $"More than {Dhis2Export.MaxValues:N0} values match; filter by unit, element or period.");
    }

    private static ProblemHttpResult Refused(ConnectorAccess access, string code) => Refused(access,
        new Msg($"Không có kết nối mã {code}.", $"There is no connector with code {code}."),
        new Msg($"Kết nối {code} đã bị xoá: các lượt chạy của nó vẫn xem được, nhưng nó không được sửa hay chạy nữa.",
            $"Connector {code} was deleted: its runs can still be read, but it is not changed or run any more."),
        new Msg("Chỉ Văn phòng chuyển đổi số của tỉnh sở hữu kết nối và quản trị hệ thống quản lý nó.", "Only the DX office of the province that owns the connector and administrators manage it."));

    /// <summary>A refused call on a connector or a webhook: 404 not found, 409 deleted (retired), else 403.</summary>
    internal static ProblemHttpResult Refused(ConnectorAccess access, Msg notFound, Msg retired, Msg forbidden) => access switch
    {
        ConnectorAccess.NotFound => ApiProblems.NotFound(notFound.Vi, notFound.En),
        ConnectorAccess.Retired => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Text.T("Đã xoá", "Deleted"), detail: Text.T(retired.Vi, retired.En)),
        ConnectorAccess.Allowed or ConnectorAccess.Forbidden or _ => ApiProblems.Forbidden(forbidden.Vi, forbidden.En),
    };

    private static async Task<Results<Ok<Page<ConnectorDto>>, ProblemHttpResult>> ListAsync(bool? retired, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        if (!ConnectorService.MayManage(user))
        {
            return Refused(ConnectorAccess.Forbidden, string.Empty);
        }

        var items = await connectors.ListAsync(user, retired ?? false, ct);
        return TypedResults.Ok(new Page<ConnectorDto>(items.Select(ConnectorDto.Of).ToList(), items.Count));
    }

    private static async Task<Results<Created<ConnectorDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ConnectorRequest request, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var (access, outcome) = await connectors.CreateAsync(
            new NewConnector(request.Code, request.Name, request.Kind, request.Url, request.Schedule, request.Auth?.Kind, request.Auth?.Name, request.Auth?.Secret,
                request.Mapping, request.Approve ?? false, request.Scope), user, ct);
        if (access != ConnectorAccess.Allowed)
        {
            return ApiProblems.Forbidden(outcome.Problems[0].Message.Vi, outcome.Problems[0].Message.En);
        }

        return outcome.Value is { } created
            ? TypedResults.Created($"/api/v1/connectors/{Uri.EscapeDataString(created.Code)}", ConnectorDto.Of(created))
            : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<ConnectorDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, ConnectorRequest request, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        // The code and the province stay: a body that asks to change them is refused rather than half applied.
        if ((request.Code is { Length: > 0 } other && other != code) || !string.IsNullOrWhiteSpace(request.Scope))
        {
            var (found, _) = await connectors.FindActiveAsync(code, user, ct);
            return found != ConnectorAccess.Allowed ? Refused(found, code) : ApiProblems.Invalid(request.Code is { Length: > 0 } c && c != code ? "code" : "scope",
                "Mã và tỉnh của kết nối không đổi được; hãy xoá kết nối và tạo kết nối mới.", "A connector's code and province do not change; delete it and create a new one.");
        }

        var (access, outcome) = await connectors.UpdateAsync(code,
            new NewConnector(null, request.Name, request.Kind, request.Url, request.Schedule, request.Auth?.Kind, request.Auth?.Name, request.Auth?.Secret,
                request.Mapping, request.Approve ?? false)
            { ApproveSet = request.Approve is not null }, user, ct);
        if (access != ConnectorAccess.Allowed)
        {
            return Refused(access, code);
        }

        return outcome.Value is { } changed ? TypedResults.Ok(ConnectorDto.Of(changed)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static Task<Results<Ok<ConnectorDto>, ProblemHttpResult>> PauseAsync(string code, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct) =>
        PausedAsync(code, true, user, connectors, ct);

    private static Task<Results<Ok<ConnectorDto>, ProblemHttpResult>> ResumeAsync(string code, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct) =>
        PausedAsync(code, false, user, connectors, ct);

    private static async Task<Results<Ok<ConnectorDto>, ProblemHttpResult>> PausedAsync(string code, bool paused, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var (access, item) = await connectors.PauseAsync(code, paused, user, ct);
        return item is null ? Refused(access, code) : TypedResults.Ok(ConnectorDto.Of(item));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string code, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var access = await connectors.RetireAsync(code, user, ct);
        return access == ConnectorAccess.Allowed ? TypedResults.NoContent() : Refused(access, code);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TablesAsync(string code, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var (access, connector) = await connectors.FindAsync(code, user, ct);
        return connector is null
            ? Refused(access, code)
            : TypedResults.File(ConnectorMappingSheet.Write(Text.IsEnglish, ConnectorMapping.FromJson(connector.Mapping)), Lodestar.Spreadsheets.XlsxWriter.ContentType, $"bang-ma-{connector.Code}.xlsx");
    }

    private static async Task<Results<Ok<ConnectorDto>, ValidationProblem, ProblemHttpResult>> UploadTablesAsync(
        string code, IFormFile? file, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        if (file is null)
        {
            var (access, _) = await connectors.FindActiveAsync(code, user, ct);
            return access != ConnectorAccess.Allowed ? Refused(access, code) : ApiProblems.Invalid("file", "Chọn tệp .xlsx bảng mã (tải tệp mẫu để xem cách điền).", "Choose the .xlsx code tables (download the template to see how).");
        }

        await using var stream = file.OpenReadStream();
        var (found, outcome) = await connectors.UploadTablesAsync(code, stream, user, ct);
        return found != ConnectorAccess.Allowed ? Refused(found, code)
            : outcome.Value is { } item ? TypedResults.Ok(ConnectorDto.Of(item))
            : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<ConnectorRunDto>, ProblemHttpResult>> RunAsync(
        string code, ClaimsPrincipal user, ConnectorService connectors, ConnectorRunner runner, CancellationToken ct)
    {
        var (access, connector) = await connectors.FindActiveAsync(code, user, ct);
        if (connector is null)
        {
            return Refused(access, code);
        }

        // The run goes on if the caller hangs up: it holds a lease and records itself either way.
        var run = await runner.RunAsync(connector, user.Identity?.Name ?? "api", CancellationToken.None);
        return run is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Text.T("Đang chạy", "Running"),
                detail: Text.T($"Kết nối {code} đang chạy; hãy xem kết quả trong danh sách lượt chạy.", $"Connector {code} is running; see its result in the list of runs."))
            : TypedResults.Ok(ConnectorRunDto.Of(run));
    }

    public sealed record ApprovedValues(int Approved);

    private static async Task<Results<Ok<ApprovedValues>, ProblemHttpResult>> ApproveAsync(string code, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var (access, approved) = await connectors.ApproveAsync(code, user, ct);
        return access != ConnectorAccess.Allowed ? Refused(access, code) : TypedResults.Ok(new ApprovedValues(approved));
    }

    private static async Task<Results<Ok<Page<ConnectorRunDto>>, ProblemHttpResult>> RunsAsync(string code, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var (access, runs) = await connectors.RunsAsync(code, user, ct);
        return access != ConnectorAccess.Allowed ? Refused(access, code) : TypedResults.Ok(new Page<ConnectorRunDto>(runs.Select(ConnectorRunDto.Of).ToList(), runs.Count));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> RawAsync(string code, long id, ClaimsPrincipal user, ConnectorService connectors, CancellationToken ct)
    {
        var (access, raw) = await connectors.RawAsync(code, id, user, ct);
        return access != ConnectorAccess.Allowed
            ? Refused(access, code)
            : TypedResults.Text(raw!, "text/plain; charset=utf-8", statusCode: StatusCodes.Status200OK);
    }

    internal static string Duration(int ms) => ms < 1000
        ? ms.ToString(CultureInfo.InvariantCulture) + " ms"
        : (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
