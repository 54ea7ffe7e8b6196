using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lodestar.Accounts;
using Lodestar.Values;
using Lodestar.Web.Common;
using Lodestar.Web.Programmes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Connectors;

/// <summary>One value as DHIS2 sends it; <c>categoryOptionCombo</c> and <c>attributeOptionCombo</c> may only be DHIS2's default (Lodestar has no disaggregations).</summary>
public sealed record Dhis2DataValueIn(
    string? DataElement, string? Period, string? OrgUnit, string? CategoryOptionCombo, string? AttributeOptionCombo, JsonElement? Value, string? Comment);

/// <summary>DHIS2's dataValueSet as posted: a period and org unit at the top apply to every value that gives none.</summary>
public sealed record Dhis2DataValueSetIn(string? DataSet, string? Period, string? OrgUnit, IReadOnlyList<Dhis2DataValueIn?>? DataValues);

public sealed record Dhis2ImportCount(int Imported, int Updated, int Ignored, int Deleted);

/// <summary>A conflict as DHIS2 names one: the object (the code or field at fault), the message, the property and the values' indexes (from 0).</summary>
public sealed record Dhis2Conflict([property: System.Text.Json.Serialization.JsonPropertyName("object")] string Culprit, string Value, string? Property, IReadOnlyList<int> Indexes);

/// <summary>DHIS2's import summary: status SUCCESS or ERROR, a description, the counts and the conflicts.</summary>
public sealed record Dhis2ImportSummary(string ResponseType, string Status, string Description, Dhis2ImportCount ImportCount, IReadOnlyList<Dhis2Conflict> Conflicts);

/// <summary>
/// <c>POST /api/v1/dataValueSets</c> (Connectors/README.md "Lodestar as a source"): systems that speak DHIS2 push values in
/// its shape and read its import summary. It is <c>POST /api/v1/data-values</c> under another shape: the same
/// <see cref="DataValueService.SaveAsync"/>, the same scope check and the same approval rule (a value waits for the DX
/// office unless the writer may approve; a value a report form collects goes to that report), all or nothing.
/// </summary>
internal static partial class Dhis2ImportApi
{
    /// <summary>DHIS2's default category option combo (its uid in every DHIS2, and its name).</summary>
    private static readonly string[] DefaultCombos = ["HllvX50cXC0", "default"];

    public static void MapDhis2ImportApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/dataValueSets", ImportAsync).WithTags("Connectors").RequireAuthorization(WebServices.ApiPolicy)
            .WithSummary("Import values in DHIS2's dataValueSets shape { period, orgUnit, dataValues: [{ dataElement, period, orgUnit, categoryOptionCombo, value, comment }] } with Lodestar's codes, "
                + "through the same checks, scope and approval rules as POST /api/v1/data-values (all or nothing; values wait for approval unless the writer may approve). "
                + "Answers DHIS2's import summary { responseType, status (SUCCESS, ERROR), description, importCount: { imported, updated, ignored (unchanged values; every value when refused), deleted }, conflicts: [{ object, value, property, indexes }] }: 200, or 409 when refused.");

    private static async Task<Results<Ok<Dhis2ImportSummary>, Conflict<Dhis2ImportSummary>, ProblemHttpResult>> ImportAsync(
        Dhis2DataValueSetIn set, string? importStrategy, ClaimsPrincipal user, DataValueService service, AccessScope scope, CancellationToken ct)
    {
        if (!AccessScope.CanEnterData(user))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.T("Không có quyền", "Forbidden"),
                detail: Text.T("Vai trò của bạn không được nhập số liệu.", "Your role may not enter data."));
        }

        var values = set.DataValues ?? [];
        if (importStrategy is { Length: > 0 } strategy && !string.Equals(strategy, "CREATE_AND_UPDATE", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Conflict(Refused(values.Count, [new Dhis2Conflict(strategy, Text.T(
                "Lodestar chỉ nhận importStrategy=CREATE_AND_UPDATE; giá trị không được xoá qua đây.", "Lodestar takes importStrategy=CREATE_AND_UPDATE only; values are not deleted here."), "importStrategy", [])]));
        }

        // Lodestar has no disaggregations: a value of another category option combo would be a second value for the same cell.
        var combos = values.Select((v, i) => (v, i))
            .Where(x => (x.v?.CategoryOptionCombo ?? x.v?.AttributeOptionCombo) is { Length: > 0 } && !(IsDefault(x.v!.CategoryOptionCombo) && IsDefault(x.v.AttributeOptionCombo)))
            .Select(x => new Dhis2Conflict(x.v!.CategoryOptionCombo ?? x.v.AttributeOptionCombo!, Text.T(
                "Lodestar không có phân tổ: chỉ nhận categoryOptionCombo mặc định (HllvX50cXC0) hoặc để trống.",
                "Lodestar has no disaggregations: only the default categoryOptionCombo (HllvX50cXC0) or none is taken."), "categoryOptionCombo", [x.i]))
            .ToList();
        if (combos.Count > 0)
        {
            return TypedResults.Conflict(Refused(values.Count, combos));
        }

        var rows = values.Select(v => new DataValueInput(v?.DataElement, v?.OrgUnit ?? set.OrgUnit, v?.Period ?? set.Period, ProgrammesApi.ValueText(v?.Value), v?.Comment)).ToList();
        var batch = await service.SaveAsync(rows, (unitId, date, c) => scope.CanSeeAsync(user, unitId, date, c), AccessScope.CanApproveValues(user), ct);
        if (batch.Forbidden)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: Text.T("Không có quyền", "Forbidden"),
                detail: string.Join(" ", batch.Problems.Where(p => p.Field.EndsWith(".orgUnit", StringComparison.Ordinal)).Select(p => p.Message.ToString())));
        }

        if (!batch.Saved)
        {
            return TypedResults.Conflict(Refused(values.Count, batch.Problems.Select(p => Conflict(p, rows)).ToList()));
        }

        var (created, updated, unchanged) = (batch.Count(RowStatus.Created), batch.Count(RowStatus.Updated), batch.Count(RowStatus.Unchanged));
        var waiting = batch.Approved?.Count(a => !a) ?? 0;
        return TypedResults.Ok(new Dhis2ImportSummary("ImportSummary", "SUCCESS", Text.T(
                $"Đã nhập: {created} mới, {updated} cập nhật, {unchanged} không đổi; {waiting} giá trị chờ duyệt.",
                $"Import done: {created} new, {updated} updated, {unchanged} unchanged; {waiting} values wait for approval."),
            new Dhis2ImportCount(created, updated, unchanged, 0), []));
    }

    private static bool IsDefault(string? combo) => combo is null or "" || DefaultCombos.Contains(combo, StringComparer.Ordinal);

    private static Dhis2ImportSummary Refused(int count, IReadOnlyList<Dhis2Conflict> conflicts) => new("ImportSummary", "ERROR", Text.T(
            "Không nhập giá trị nào: có giá trị không hợp lệ (Lodestar nhận cả lô hoặc không nhận gì).",
            "Nothing was imported: some values are invalid (Lodestar takes the whole set or nothing)."),
        new Dhis2ImportCount(0, 0, count, 0), conflicts);

    /// <summary>A problem keyed dataValues[i].field as DHIS2 names a conflict: the value of the field at fault, the message, the field and the index.</summary>
    private static Dhis2Conflict Conflict(Lodestar.Common.Problem p, List<DataValueInput> rows)
    {
        var m = RowField().Match(p.Field);
        if (!m.Success)
        {
            return new Dhis2Conflict(p.Field, p.Message.ToString(), null, []);
        }

        var i = int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var field = m.Groups["field"].Value;
        var row = i < rows.Count ? rows[i] : null;
        var culprit = field switch
        {
            "dataElement" => row?.DataElement,
            "orgUnit" => row?.OrgUnit,
            "period" => row?.Period,
            "value" => row?.Value,
            "comment" => row?.Comment,
            _ => null,
        };
        return new Dhis2Conflict(culprit ?? field, p.Message.ToString(), field.Length == 0 ? null : field, [i]);
    }

    [GeneratedRegex(@"^dataValues\[(?<i>\d+)\]\.?(?<field>\w*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RowField();
}
