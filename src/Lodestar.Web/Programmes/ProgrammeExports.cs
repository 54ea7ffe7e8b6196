using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Spreadsheets;
using Lodestar.Values;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Programmes;

/// <summary>The tables of the programme and target pages as .xlsx files, with the same unit and period as the page.</summary>
public static class ProgrammeExports
{
    public static void MapProgrammeExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/programmes/export.xlsx", ProgrammesAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/programmes/{code}/export.xlsx", ProgrammeAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/programmes/{code}/revisions.xlsx", RevisionsAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/targets/{code}/export.xlsx", TargetAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/targets/{code}/history.xlsx", HistoryAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/indicators/export.xlsx", IndicatorsAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> ProgrammeAsync(
        string code, string? unit, string? period, ClaimsPrincipal user, ProgrammeQueries programmes, ProgressService progress,
        OrgUnitQueries units, AccessScope scope, TimeProvider clock)
    {
        var programme = await programmes.GetAsync(code);
        if (programme is null)
        {
            return Results.NotFound();
        }

        var q = await ProgressQuery.ResolveAsync(unit, period, programme.ProvinceId, user, units, scope, clock);
        if (q.Unit is null)
        {
            return Results.BadRequest(q.Error ?? T("Hãy chọn đơn vị.", "Choose a unit."));
        }

        var rows = await progress.AtUnitAsync(await progress.TargetsOfProgrammeAsync(programme.Id), q.Unit.Id, q.Period);
        var sheet = new XlsxSheet(programme.Code, Columns(T("Trụ cột", "Pillar"), T("Mã", "Code"), T("Chỉ tiêu", "Target")));
        foreach (var (target, result, asOf) in rows)
        {
            sheet.Add([target.PillarName ?? T("Chỉ tiêu chung", "Overall"), target.Code, ProgressView.Name(target),
                .. Cells(target, result, asOf)]);
        }

        return File($"{programme.Code}_{q.Unit.Code}_{q.Period.Code}.xlsx", sheet);
    }

    private static async Task<IResult> TargetAsync(
        string code, string? unit, string? period, ClaimsPrincipal user, ProgressService progress,
        OrgUnitQueries units, AccessScope scope, TimeProvider clock)
    {
        var (target, q, problem) = await ResolveTargetAsync(code, unit, period, user, progress, units, scope, clock);
        if (problem is not null)
        {
            return problem;
        }

        var table = await progress.TableAsync(target, q.Unit!, q.Period);
        var sheet = new XlsxSheet(target.Code, Columns(T("Mã đơn vị", "Unit code"), T("Đơn vị", "Unit"), T("Cấp", "Level")));
        foreach (var r in (IEnumerable<UnitProgress>)[table.Root, .. table.Children])
        {
            sheet.Add([r.Code, r.Name, Level(r.Level), .. Cells(target, r.Result, r.AsOf)]);
        }

        return File($"{target.Code}_{q.Unit!.Code}_{q.Period.Code}.xlsx", sheet);
    }

    private static async Task<IResult> ProgrammesAsync(ProgrammeQueries programmes)
    {
        var sheet = new XlsxSheet(T("Chương trình", "Programmes"), [
            new(T("Mã", "Code"), Width: 14), new(T("Chương trình", "Programme"), Width: 60), new(T("Số văn bản", "Document")),
            new(T("Ngày ban hành", "Issued on"), XlsxKind.Date), new(T("Cơ quan ban hành", "Issuer"), Width: 30), new(T("Phạm vi", "Scope"), Width: 20),
            new(T("Từ năm", "From"), XlsxKind.WholeNumber), new(T("Đến năm", "To"), XlsxKind.WholeNumber), new(T("Số chỉ tiêu", "Targets"), XlsxKind.WholeNumber),
        ]);
        foreach (var p in await programmes.ListAsync())
        {
            sheet.Add(p.Code, p.Name, p.DocumentNumber, p.IssuedOn, p.Issuer, p.ProvinceName ?? T("Toàn quốc", "National"), p.StartYear, p.EndYear, p.Targets);
        }

        return File("programmes.xlsx", sheet);
    }

    // The programme page's list of revisions, one row per change.
    private static async Task<IResult> RevisionsAsync(string code, ProgrammeQueries programmes)
    {
        if (await programmes.GetAsync(code) is not { } programme)
        {
            return Results.NotFound();
        }

        var sheet = new XlsxSheet(T("Điều chỉnh", "Revisions"), [
            new(T("Quyết định", "Decision"), Width: 24), new(T("Ngày (hiệu lực từ)", "Date (in force from)"), XlsxKind.Date),
            new(T("Thay đổi", "Change"), Width: 80), new(T("Ghi chú", "Note"), Width: 40), new(T("Người ghi nhận", "Recorded by"), Width: 20),
        ]);
        foreach (var r in await programmes.RevisionsAsync(programme.Code))
        {
            foreach (var c in r.Changes)
            {
                sheet.Add(r.DecisionNumber, r.DecidedOn, RevisionView.Describe(c), r.Note, r.RecordedBy);
            }
        }

        return File($"{programme.Code}_revisions.xlsx", sheet);
    }

    private static async Task<IResult> IndicatorsAsync(ProgrammeQueries programmes)
    {
        var sheet = new XlsxSheet(T("Chỉ số đo", "Indicators"), [
            new(T("Mã", "Code"), Width: 20), new(T("Tên", "Name"), Width: 60), new(T("Đơn vị tính", "Unit")),
            new(T("Tử số", "Numerator"), Width: 16), new(T("Mẫu số", "Denominator"), Width: 16), new(T("Hệ số", "Factor"), XlsxKind.Number), new(T("Tổng hợp", "Roll-up"), Width: 16),
        ]);
        foreach (var i in await programmes.IndicatorsWithFormulaAsync())
        {
            sheet.Add(i.Code, IsEnglish ? i.NameEn ?? i.Name : i.Name, i.Unit, i.Element.Code, i.Denominator?.Code, i.Factor, i.Aggregation.ToString());
        }

        return File("indicators.xlsx", sheet);
    }

    private static async Task<IResult> HistoryAsync(
        string code, string? unit, string? period, ClaimsPrincipal user, ProgressService progress, DataValueQueries values,
        OrgUnitQueries units, AccessScope scope, TimeProvider clock, Lodestar.Connectors.ConnectorService connectors)
    {
        var (target, q, problem) = await ResolveTargetAsync(code, unit, period, user, progress, units, scope, clock);
        if (problem is not null)
        {
            return problem;
        }

        var elements = target.Indicator.DenominatorId is { } d ? new[] { target.Indicator.ElementId, d } : [target.Indicator.ElementId];
        var sheet = new XlsxSheet(T("Lịch sử", "History"), [
            new(T("Lúc", "When"), Width: 20), new(T("Người", "Who"), Width: 24), new(T("Chỉ số dữ liệu", "Data element"), Width: 16), new(T("Kỳ", "Period")),
            new(T("Trước", "Before"), XlsxKind.Number), new(T("Sau", "After"), XlsxKind.Number), new(T("Ghi chú", "Comment"), Width: 50),
        ]);
        var history = await values.HistoryAsync(elements, q.Unit!.Id, 10_000);
        var sources = await connectors.SourcesAsync(history.Select(h => h.By));
        foreach (var h in history)
        {
            sheet.Add(Instant(h.At), Connectors.PulledFrom.Writer(h.By, h.At, sources), h.DataElement, h.Period, h.OldValue, h.NewValue, h.Comment);
        }

        return File($"{target.Code}_{q.Unit!.Code}_history.xlsx", sheet);
    }

    /// <summary>The target and the unit and period asked for, or the answer to give instead (404, or 400 naming the problem).</summary>
    private static async Task<(TargetInfo Target, ProgressQuery Query, IResult? Problem)> ResolveTargetAsync(
        string code, string? unit, string? period, ClaimsPrincipal user, ProgressService progress,
        OrgUnitQueries units, AccessScope scope, TimeProvider clock)
    {
        var target = await progress.TargetAsync(code);
        if (target is null)
        {
            return (null!, null!, Results.NotFound());
        }

        var q = await ProgressQuery.ResolveAsync(unit, period, target.ProgrammeProvinceId, user, units, scope, clock);
        return q.Unit is null
            ? (target, q, Results.BadRequest(q.Error ?? T("Hãy chọn đơn vị.", "Choose a unit.")))
            : (target, q, null);
    }

    private static List<XlsxColumn> Columns(string a, string b, string c) =>
    [
        new(a, Width: 16), new(b, Width: 14), new(c, Width: 50),
        new(T("Đơn vị tính", "Unit of measure")), new(T("Thực tế", "Actual"), XlsxKind.Number), new(T("Kỳ số liệu", "Data period")),
        new(T("Kỳ vọng", "Expected"), XlsxKind.Number), new(T("Mốc", "Milestone year"), XlsxKind.WholeNumber), new(T("Mục tiêu", "Goal"), XlsxKind.Number),
        new(T("% chặng đường", "% of the way"), XlsxKind.Number), new(T("Trạng thái", "Status"), Width: 18),
    ];

    private static object?[] Cells(TargetInfo target, ProgressResult r, Lodestar.Values.Period? asOf) =>
    [
        target.Unit, Round(r.Actual), asOf?.Code, Round(r.Expected), r.Milestone?.Year, r.Milestone?.Value, Round(r.PercentOfWay), ProgressView.Label(r.Status),
    ];

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 2) : null;

    private static IResult File(string name, XlsxSheet sheet) =>
        Results.File(XlsxWriter.Write(sheet), XlsxWriter.ContentType, name);
}
