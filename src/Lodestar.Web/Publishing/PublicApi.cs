using System.Globalization;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Publishing;
using Lodestar.Web.Common;
using Lodestar.Web.Programmes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Publishing;

public sealed record PublicFigureDto(string UnitCode, string UnitName, string UnitLevel, string Period, double? Value, int Revision, string? Note, DateTime PublishedAt);

public sealed record PublicValueDto(string Target, string UnitCode, string UnitName, string UnitLevel, string Period, double Value, int Revision, string? Note, DateTime PublishedAt);

/// <summary>A published target; <paramref name="Retired"/>: the programme revision after which it is no longer followed (null while it is).</summary>
public sealed record PublicIndicatorDto(
    string Target, string Programme, string? Pillar, string Name, string? NameEn, string Unit, string Indicator, string Definition, double? BaselineValue,
    int? BaselineYear, IReadOnlyList<MilestoneDto> Milestones, string Comparator, string? ResponsibleUnit, string? Source, ProgressStatus Status, double? LatestValue,
    string? LatestPeriod, string Forecast, DateTime PublishedAt, DateTime UpdatedAt, string Url, PublicRetiredDto? Retired = null);

/// <summary>When a programme revision stopped following a target (<paramref name="On"/>, the decision's date) and that decision's number.</summary>
public sealed record PublicRetiredDto(DateOnly On, string Decision);

public sealed record PublicTargetDto(PublicIndicatorDto Indicator, IReadOnlyList<PublicFigureDto> Values, IReadOnlyList<PublicFigureDto> History);

public sealed record PublicProgrammeDto(string Code, string Name, string? NameEn, string? DocumentNumber, DateOnly? IssuedOn, string? Issuer, string ProvinceCode,
    string ProvinceName, int StartYear, int EndYear, IReadOnlyList<string> Pillars, IReadOnlyList<string> Targets, DateTime PublishedAt, DateTime UpdatedAt, string Url);

/// <summary>A published rank: <paramref name="RankedAmong"/> is how many units it is out of; <paramref name="Tied"/> when it is shared.</summary>
/// <summary>A published DTI result; <paramref name="Rank"/>, <paramref name="Score"/> and <paramref name="Points"/> are null when the published ranking did not print them.</summary>
public sealed record PublicRankDto(int? Rank, int RankedAmong, bool Tied, string UnitCode, string UnitName, double? Score, double? Points, int? RankBefore, double? ScoreBefore);

/// <summary>A published DTI year: its council-confirmed results (<paramref name="Units"/>) and its rankings kept as printed (<paramref name="Printed"/>).</summary>
public sealed record PublicRankingDto(string Framework, string Name, OrgUnitLevel Level, int Year, double MaxPoints, bool Demo, DateTime PublishedAt, DateTime UpdatedAt,
    IReadOnlyList<PublicRankDto> Units, IReadOnlyList<PublicPrintedRankingDto> Printed);

/// <summary>A ranking kept as printed: its units' date (yyyy-MM-dd), population and label (source and basis, Vietnamese and English).</summary>
public sealed record PublicPrintedRankingDto(string UnitsOn, int RankedAmong, string Label, string LabelEn, IReadOnlyList<PublicPrintedRankDto> Units);

/// <summary>A printed row: <paramref name="Rank"/>, <paramref name="RankTo"/> (end of a shared range) and <paramref name="Score"/> are null when not printed.</summary>
public sealed record PublicPrintedRankDto(int? Rank, int? RankTo, string RankText, string UnitCode, string UnitName, double? Score);

/// <summary>A published DTI year in the list; <paramref name="Printed"/> counts its rankings kept as printed.</summary>
public sealed record PublicRankingYearDto(string Framework, string Name, OrgUnitLevel Level, int Year, int Units, bool Demo, DateTime UpdatedAt, string Url, int Printed);

public sealed record DatasetDto(string Name, string Title, string TitleEn, string Description, string Licence, string LicenceUrl, string Contact, DateTime? LastUpdate,
    int Rows, string Csv, string CsvUtf8, string Json);

/// <summary>
/// The read-only open API: no sign-in, published and approved figures only, CORS for any origin, rate limited per
/// client (429 with Retry-After). Every answer comes from <see cref="PublicData"/>, never from the live store.
/// </summary>
public static class PublicApi
{
    public const string Prefix = "/api/v1/public";

    public static void MapPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AllowAnonymous().RequireCors(PublicSetup.Policy).RequireRateLimiting(PublicSetup.Policy).WithTags("Public open data");
        api.MapGet("/programmes", async (PublicData data, CancellationToken ct) =>
        {
            var items = (await data.ProgrammesAsync(ct)).ConvertAll(p => new PublicProgrammeDto(p.Code, p.Name, p.NameEn, p.DocumentNumber, p.IssuedOn, p.Issuer,
                p.ProvinceCode, p.ProvinceName, p.StartYear, p.EndYear, [.. p.Pillars.Select(x => x.Name)], [.. p.Pillars.SelectMany(x => x.Targets).Select(t => t.Code)],
                p.PublishedAt, p.UpdatedAt, PublicUrls.Programme(p.Code)));
            return TypedResults.Ok(new Page<PublicProgrammeDto>(items, items.Count));
        }).WithSummary("Published programmes with their pillars and published targets.");
        api.MapGet("/indicators", async (PublicData data, CancellationToken ct) =>
        {
            var items = (await data.TargetsAsync(ct)).ConvertAll(Indicator);
            return TypedResults.Ok(new Page<PublicIndicatorDto>(items, items.Count));
        }).WithSummary("Published targets with their indicator's definition, source, responsible unit, status, latest figure and forecast sentence.");
        api.MapGet("/indicators/{code}", async Task<Results<Ok<PublicTargetDto>, ProblemHttpResult>> (string code, PublicData data, CancellationToken ct) =>
            await data.TargetAsync(code, ct) is { } t
                ? TypedResults.Ok(new PublicTargetDto(Indicator(t), [.. t.Current.Select(Figure)], [.. t.History.Select(Figure)]))
                : ApiProblems.NotFound($"Không có chỉ tiêu công khai mã {code}.", $"There is no published target {code}."))
            .WithSummary("One published target: its current figures (latest revision) and the full history of publications and corrections.");
        api.MapGet("/values", ValuesAsync)
            .WithSummary("Published figures (latest revisions), filtered by target, unit code and period (2025, 2026Q3); paged with page and pageSize.");
        api.MapGet("/rankings", async (PublicData data, CancellationToken ct) =>
        {
            var items = (await data.DtiYearsAsync(ct)).ConvertAll(y => new PublicRankingYearDto(y.Framework, y.Name, y.Level, y.Year, y.Units, y.IsDemo, y.UpdatedAt,
                PublicUrls.Dti(y.Framework, y.Year), y.Printed));
            return TypedResults.Ok(new Page<PublicRankingYearDto>(items, items.Count));
        }).WithSummary("The published DTI rankings (framework and year).");
        api.MapGet("/rankings/{framework}/{year:int:range(1900,2100)}", async Task<Results<Ok<PublicRankingDto>, ProblemHttpResult>> (string framework, int year, PublicData data, CancellationToken ct) =>
            await data.DtiYearAsync(framework, year, ct) is { } y
                ? TypedResults.Ok(new PublicRankingDto(y.Framework, y.Name, y.Level, y.Year, y.MaxPoints, y.IsDemo, y.PublishedAt, y.UpdatedAt,
                    [.. y.Units.Select(u => new PublicRankDto(u.Rank, u.RankedAmong, u.Tied, u.UnitCode, u.UnitName, u.Score, u.Points, u.RankBefore, u.ScoreBefore))],
                    [.. y.Printed.Select(p => new PublicPrintedRankingDto(p.UnitsOn.ToIso(), p.RankedAmong, p.Label.Vi, p.Label.En,
                        [.. p.Units.Select(u => new PublicPrintedRankDto(u.Rank, u.RankTo, u.RankText, u.UnitCode, u.UnitName, u.Score))]))]))
                : ApiProblems.NotFound($"Không có xếp hạng công khai {framework} năm {year}.", $"There is no published ranking {framework} {year}."))
            .WithSummary("One published DTI year: council-confirmed results ranked among themselves, with last year's published rank, and the year's rankings kept as printed (rank, range, index; null when not printed).");
        api.MapGet("/datasets", DatasetsAsync).WithSummary("Every open dataset with its licence, last update, contact and download links.");
        api.MapGet("/datasets/{file}", FileAsync)
            .WithSummary("A dataset as name.csv (UTF-8 with BOM, for Excel), name.utf8.csv (plain UTF-8) or name.json; all.zip is every dataset with the data dictionary. Filters: target, unit, period, framework, year.");
    }

    private static async Task<Results<Ok<Page<PublicValueDto>>, ValidationProblem>> ValuesAsync(
        string? target, string? unit, string? period, int? page, int? pageSize, PublicData data, CancellationToken ct)
    {
        if (!ApiProblems.TryPaging(page, pageSize, out var p, out var size, out var problem))
        {
            return problem!;
        }

        if (!string.IsNullOrWhiteSpace(period) && !Lodestar.Values.Period.TryParse(period.Trim(), out _))
        {
            return ApiProblems.Invalid("period", $"'{period}' không phải mã kỳ (2025, 2025S1, 2025Q3, 202507).", $"'{period}' is not a period code (2025, 2025S1, 2025Q3, 202507).");
        }

        var rows = await data.ValuesAsync(Trim(target), Trim(unit), Trim(period), ct);
        var items = rows.Skip((p - 1) * size).Take(size)
            .Select(r => new PublicValueDto(r.Target.Info.Code, r.Figure.UnitCode, r.Figure.UnitName, r.Figure.UnitLevel, r.Figure.Period, r.Figure.Value!.Value,
                r.Figure.Revision, r.Figure.Note, r.Figure.PublishedAt)).ToList();
        return TypedResults.Ok(new Page<PublicValueDto>(items, rows.Count));
    }

    private static async Task<Ok<Page<DatasetDto>>> DatasetsAsync(PublicDatasets sets, PublicOptions options, CancellationToken ct)
    {
        var items = new List<DatasetDto>();
        foreach (var name in PublicDatasets.Names)
        {
            var d = (await sets.BuildAsync(name, new DatasetFilter(), ct))!;
            items.Add(new DatasetDto(d.Name, d.TitleVi, d.TitleEn, d.DescriptionVi, options.Licence, options.LicenceUrl, d.Contact, d.LastUpdate, d.Rows.Count,
                $"{Prefix}/datasets/{d.Name}.csv", $"{Prefix}/datasets/{d.Name}.utf8.csv", $"{Prefix}/datasets/{d.Name}.json"));
        }

        return TypedResults.Ok(new Page<DatasetDto>(items, items.Count));
    }

    private static async Task<IResult> FileAsync(
        string file, string? target, string? unit, string? period, string? framework, int? year, PublicDatasets sets, CancellationToken ct)
    {
        if (file == "all.zip")
        {
            return TypedResults.File(await sets.ArchiveAsync(ct), "application/zip", "du-lieu-mo-chuyen-doi-so.zip");
        }

        var (name, format) = file.EndsWith(".utf8.csv", StringComparison.Ordinal) ? (file[..^9], "utf8")
            : file.EndsWith(".csv", StringComparison.Ordinal) ? (file[..^4], "csv")
            : file.EndsWith(".json", StringComparison.Ordinal) ? (file[..^5], "json")
            : (file, "");
        var d = format.Length == 0 ? null : await sets.BuildAsync(name, new DatasetFilter(Trim(target), Trim(unit), Trim(period), Trim(framework), year), ct);
        if (d is null)
        {
            return ApiProblems.NotFound($"Không có tệp dữ liệu {file}; xem {Prefix}/datasets.", $"There is no data file {file}; see {Prefix}/datasets.");
        }

        var suffix = string.Concat(new[] { target, unit, period, framework, year?.ToString(CultureInfo.InvariantCulture) }.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => "-" + x!.Trim()));
        return format switch
        {
            "json" => TypedResults.File(sets.Json(d), "application/json; charset=utf-8"),
            "utf8" => TypedResults.File(PublicDatasets.Csv(d, bom: false), "text/csv; charset=utf-8", $"{d.Name}{suffix}.utf8.csv"),
            _ => TypedResults.File(PublicDatasets.Csv(d, bom: true), "text/csv; charset=utf-8", $"{d.Name}{suffix}.csv"),
        };
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static PublicFigureDto Figure(PublicFigure f) => new(f.UnitCode, f.UnitName, f.UnitLevel, f.Period, f.Value, f.Revision, f.Note, f.PublishedAt);

    private static PublicIndicatorDto Indicator(PublicTarget t) => new(
        t.Info.Code, t.Info.ProgrammeCode, t.Info.PillarName, t.Info.Name, t.Info.NameEn ?? t.Info.Indicator.NameEn, t.Info.Unit, t.Info.Indicator.Code,
        t.Definition.ToString(), t.Info.BaselineValue, t.Info.BaselineYear, [.. t.Info.Milestones.Select(m => new MilestoneDto(m.Year, m.Value))],
        ForecastText.Op(t.Info.Comparator), t.ResponsibleUnit, t.Info.DataSource, t.Status.Status, t.Latest?.Value, t.Latest?.Period, t.Sentence.ToString(),
        t.PublishedAt, t.UpdatedAt, PublicUrls.Target(t.Info.Code), t.Info.Retired is { } r ? new PublicRetiredDto(r.On, r.Decision) : null);
}
