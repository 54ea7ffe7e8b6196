using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Values;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Programmes;

public sealed record MilestoneDto(int Year, double Value);

public sealed record ForecastPointDto(int Year, double Value, double? Low, double? High);

public sealed record ForecastDto(string Quality, double? PacePerYear, IReadOnlyList<ForecastPointDto> Points, string Sentence);

public sealed record ProgressResponse(
    string Target, string OrgUnit, string OrgUnitName, string Period, string? AsOf, string Source,
    double? Actual, double? Expected, double? Percent, double? PercentOfExpected, ProgressStatus Status, MilestoneDto? Milestone, ForecastDto Forecast);

public sealed record DataValueRow(string? DataElement, string? OrgUnit, string? Period, JsonElement? Value, string? Comment);

public sealed record DataValueBatchRequest(IReadOnlyList<DataValueRow>? DataValues);

/// <summary>One row's outcome; once saved, <c>Approved</c> says whether the value counts in official figures now or after approval.</summary>
public sealed record RowResult(int Row, string Status, bool? Approved = null);

public sealed record DataValueBatchResponse(int Created, int Updated, int Unchanged, IReadOnlyList<RowResult> Rows);

public static class ProgrammesApi
{
    public static void MapProgrammesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/programmes", async (ProgrammeQueries q, CancellationToken ct) =>
        {
            var items = await q.ListAsync(ct);
            return TypedResults.Ok(new Page<ProgrammeItem>(items, items.Count));
        }).WithTags("Programmes").WithSummary("Programmes (resolutions, plans) with their document, province and years.");
        api.MapGet("/targets", async (string? programme, string? q, ProgrammeQueries queries, CancellationToken ct) =>
        {
            var items = await queries.TargetsAsync(string.IsNullOrWhiteSpace(programme) ? null : programme.Trim(), q, ct);
            return TypedResults.Ok(new Page<TargetItem>(items, items.Count));
        }).WithTags("Programmes").WithSummary("Targets, optionally of one programme, and found by name or code (q, accents optional).");
        api.MapGet("/targets/{code}/progress", ProgressAsync).WithTags("Programmes")
            .WithSummary("A target's progress at a unit for a period: actual, expected, percent, status and the forecast to the milestone years ahead.");
        api.MapGet("/data-values", ListValuesAsync).WithTags("Data values").WithSummary("Reported values, filtered by element, unit and period.");
        api.MapPost("/data-values", PostValuesAsync).WithTags("Data values")
            .WithSummary("Saves a batch of values: all or nothing; the answer gives each row's status or names each bad row.");
        RevisionsApi.Map(api);
    }

    private static async Task<Results<Ok<ProgressResponse>, ValidationProblem, ProblemHttpResult>> ProgressAsync(
        string code, string? orgUnit, string? period, ClaimsPrincipal user, ProgressService progress, OrgUnitQueries units,
        AccessScope scope, TimeProvider clock, Lodestar.Data.LodestarDbContext db, CancellationToken ct)
    {
        var target = await progress.TargetAsync(code, ct);
        if (target is null)
        {
            return ApiProblems.NotFound($"Không có chỉ tiêu mã {code}.", $"No target has code {code}.");
        }

        var today = Dates.Today(clock);
        var p = Period.OfYear(today.Year);
        if (!string.IsNullOrWhiteSpace(period) && !Period.TryParse(period.Trim(), out p))
        {
            return ApiProblems.Invalid("period", $"Kỳ '{period}' không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.",
                $"Period '{period}' is not valid; use 2025, 2025S1, 2025Q3 or 202507.");
        }

        OrgUnit? unit;
        if (string.IsNullOrWhiteSpace(orgUnit))
        {
            unit = target.ProgrammeProvinceId is { } provinceId ? await db.OrgUnits.FindAsync([provinceId], ct) : null;
            if (unit is null)
            {
                return ApiProblems.Invalid("orgUnit", "Chỉ tiêu quốc gia: hãy chọn đơn vị (orgUnit).", "A national target: give the unit (orgUnit).");
            }
        }
        else
        {
            unit = await units.FindAsync(orgUnit.Trim(), p.End, ct);
            if (unit is null)
            {
                return ApiProblems.NotFound($"Không có đơn vị mã {orgUnit} vào ngày {p.End.ToDisplay()}.", $"No unit has code {orgUnit} on {p.End.ToDisplay()}.");
            }
        }

        if (!await scope.CanSeeAsync(user, unit.Id, p.End, ct))
        {
            return ApiProblems.Forbidden();
        }

        var table = await progress.TableAsync(target, unit, p, ct);
        var outlook = await progress.OutlookAsync(target, unit, today, ct);
        var r = table.Root.Result;
        var f = outlook.Forecast;
        return TypedResults.Ok(new ProgressResponse(
            target.Code, unit.Code, unit.Name, p.Code, table.Root.AsOf?.Code, table.Root.Source.ToString().ToLowerInvariant(),
            r.Actual, r.Expected, r.PercentOfWay, r.PercentOfExpected, r.Status,
            r.Milestone is { } m ? new MilestoneDto(m.Year, m.Value) : null,
            new ForecastDto(f.Quality.ToString().ToLowerInvariant(), f.PacePerYear,
                [.. f.Points.Select(x => new ForecastPointDto(x.Year, x.Value, x.Low, x.High))], outlook.Sentence.ToString())));
    }

    private static async Task<Results<Ok<Page<DataValueItem>>, ValidationProblem, ProblemHttpResult>> ListValuesAsync(
        string? dataElement, string? orgUnit, string? period, bool? children, int? page, int? pageSize,
        ClaimsPrincipal user, DataValueQueries values, OrgUnitQueries units, AccessScope scope, TimeProvider clock,
        Lodestar.Data.LodestarDbContext db, CancellationToken ct)
    {
        if (!ApiProblems.TryPaging(page, pageSize, out var pg, out var size, out var bad))
        {
            return bad!;
        }

        Period? p = null;
        if (!string.IsNullOrWhiteSpace(period))
        {
            if (!Period.TryParse(period.Trim(), out var parsed))
            {
                return ApiProblems.Invalid("period", $"Kỳ '{period}' không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.",
                    $"Period '{period}' is not valid; use 2025, 2025S1, 2025Q3 or 202507.");
            }

            p = parsed;
        }

        var (elementIds, unknown) = await ValueFilters.ElementsAsync(db, dataElement, ct);
        if (unknown is not null)
        {
            return unknown;
        }

        var date = p?.End ?? Dates.Today(clock);
        var (unitIds, refused) = await ValueFilters.UnitsAsync(scope, units, user, orgUnit, children, date, ct);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Ok(await values.ListAsync(new DataValueFilter(elementIds, unitIds, p?.Code, null, null, pg, size), ct));
    }

    private static async Task<Results<Ok<DataValueBatchResponse>, ValidationProblem, ProblemHttpResult>> PostValuesAsync(
        DataValueBatchRequest request, ClaimsPrincipal user, DataValueService service, AccessScope scope, CancellationToken ct)
    {
        if (!AccessScope.CanEnterData(user))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.T("Không có quyền", "Forbidden"),
                detail: Text.T("Vai trò của bạn không được nhập số liệu.", "Your role may not enter data."));
        }

        var rows = (request.DataValues ?? []).Select(r => new DataValueInput(r?.DataElement, r?.OrgUnit, r?.Period, ValueText(r?.Value), r?.Comment)).ToList();
        var batch = await service.SaveAsync(rows, (unitId, date, c) => scope.CanSeeAsync(user, unitId, date, c), AccessScope.CanApproveValues(user), ct);
        var results = batch.Rows.Select((s, i) => new RowResult(i + 1, s.ToString().ToLowerInvariant(), batch.Approved?[i])).ToList();
        if (batch.Forbidden)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.T("Không có quyền", "Forbidden"),
                detail: string.Join(" ", batch.Problems.Where(p => p.Field.EndsWith(".orgUnit", StringComparison.Ordinal)).Select(p => p.Message.ToString())),
                extensions: new Dictionary<string, object?> { ["rows"] = results });
        }

        if (!batch.Saved)
        {
            return TypedResults.ValidationProblem(
                batch.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message.ToString()).ToArray()),
                title: Text.T("Không lưu dòng nào: có dòng không hợp lệ", "Nothing was saved: some rows are invalid"),
                extensions: new Dictionary<string, object?> { ["rows"] = results });
        }

        return TypedResults.Ok(new DataValueBatchResponse(batch.Count(RowStatus.Created), batch.Count(RowStatus.Updated), batch.Count(RowStatus.Unchanged), results));
    }

    // JSON numbers are taken as written; strings are read as invariant numbers ("12.5"); anything else is not a number.
    internal static string? ValueText(JsonElement? value)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
    }

    internal static string Fmt(double? v, string format = "#,##0.#") =>
        v?.ToString(format, CultureInfo.CurrentCulture) ?? "—";
}
