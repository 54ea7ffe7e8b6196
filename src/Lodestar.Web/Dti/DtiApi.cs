using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Dti;

public sealed record NodeScoreDto(string Code, string Name, NodeKind Kind, double Points, double Max);

/// <summary>A unit's score; <paramref name="Rank"/> and <paramref name="Normalised"/> are null when a published ranking did not print them, <paramref name="RankTo"/> ends a shared rank printed as a range (32–34).</summary>
public sealed record UnitScoreDto(string OrgUnit, string Name, int? Rank, int? RankTo, int? RankBefore, double Total, double Max, double? Normalised,
    double? NormalisedBefore, AssessmentState State, bool Provisional, AssessmentOrigin Origin, bool Demo, string? Source, IReadOnlyList<NodeScoreDto> MainIndexes,
    string PeerGroup, string? Derived, string? DerivedBefore);

/// <summary>A year's scores; <paramref name="Revision"/> is the council's latest revision when the year is confirmed (figures frozen), else null (computed now).</summary>
public sealed record ScoresResponse(string Framework, int Year, OrgUnitLevel Level, int Count, int RankedAmong, int? Revision, IReadOnlyList<UnitScoreDto> Units);

public sealed record RankingRow(int? Rank, int? RankTo, int? RankBefore, string OrgUnit, string Name, double? Normalised, double Total, bool Provisional, string PeerGroup, string? Derived);

/// <summary>A printed row; <paramref name="Rank"/> and <paramref name="Normalised"/> are null when not printed; <paramref name="Merged"/> names the units a merged unit's figure is of.</summary>
public sealed record PublishedRankDto(int? Rank, int? RankTo, string OrgUnit, string Name, double? Normalised, string Source, string? Merged);

/// <summary>A published ranking kept as printed, on the units valid on <paramref name="UnitsOn"/> (yyyy-MM-dd), ranks out of <paramref name="RankedAmong"/>.</summary>
public sealed record PublishedRankingDto(int Year, string UnitsOn, int RankedAmong, IReadOnlyList<PublishedRankDto> Units);

public sealed record ContributionDto(string Code, string Name, double Before, double After, double Change);

public sealed record WhatIfDto(string Code, string Name, double Points, double Max, double Gain, int RankAfter);

/// <summary>
/// A unit's explanation. <paramref name="Scale"/> is "points", or "index" when this year's or last year's figure is an
/// imported published result (its index 0–1 and rank only): total, totalBefore and change are then on the index, nothing is
/// broken down and there is no what-if; an index the publication did not print is null (never 0), and so is the change.
/// <paramref name="PeerMedian"/> is empty when the unit has no peers.
/// </summary>
public sealed record ExplainResponse(
    string OrgUnit, string Name, int Year, int Rank, int RankedAmong, int? RankBefore, string Scale, double? Total, double? TotalBefore, double? Change,
    IReadOnlyList<ContributionDto> MainIndexes, IReadOnlyList<ContributionDto> Components,
    IReadOnlyList<string> Passed, IReadOnlyList<string> FellBehind, IReadOnlyList<WhatIfDto> WhatIfToMax, IReadOnlyList<WhatIfDto> WhatIfPlusTen,
    IReadOnlyDictionary<string, double> PeerMedian, string Sentence);

public static class DtiApi
{
    public static void MapDtiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/dti").RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI");
        api.MapGet("/frameworks", async (DtiQueries q, CancellationToken ct) =>
        {
            var items = await q.FrameworksAsync(ct);
            return TypedResults.Ok(new Page<FrameworkItem>(items, items.Count));
        }).WithSummary("Index frameworks with their version, the years they apply to, points and source.");
        api.MapGet("/frameworks/{code}", async Task<IResult> (string code, DtiQueries q, CancellationToken ct) =>
            await q.FrameworkAsync(code, ct) is { } f
                ? TypedResults.Ok(f.Nodes.OrderBy(n => n.SortOrder).Select(n => new NodeInfo(n.Code, n.ParentCode, n.Kind, n.Name, n.MaxPoints,
                    n.Rule, n.RuleParameters, n.RuleText, n.Evidence, n.DataSource, n.Verifier)).ToList())
                : ApiProblems.NotFound($"Không có bộ chỉ số '{code}'.", $"No framework '{code}'."))
            .WithSummary("A framework's tree: groups, main indexes and components with points, rule and evidence.");
        api.MapGet("/{framework}/{year:int:range(1900,2100)}/scores", async Task<IResult> (string framework, int year, string? level, string? peerGroup, string? asOf,
            int? page, int? pageSize, System.Security.Claims.ClaimsPrincipal user, AccessScope scope, DtiQueries q, KeptJson json, CancellationToken ct) =>
        {
            // Without page or pageSize every unit, as before paging was offered; the country's component scores are 7 MB.
            var paged = page is not null || pageSize is not null;
            if (!ApiProblems.TryPaging(page, pageSize, out var pg, out var size, out var badPage))
            {
                return badPage!;
            }

            NodeKind? kind = level?.Trim().ToLowerInvariant() switch
            {
                null or "" or "main" => NodeKind.Main,
                "group" => NodeKind.Group,
                "component" => NodeKind.Component,
                _ => null,
            };
            if (kind is null)
            {
                return ApiProblems.Invalid("level", $"level '{level}' phải là group, main hoặc component.", $"level '{level}' must be group, main or component.");
            }

            var (scores, kept, problem) = await LoadKeptAsync(framework, year, user, scope, q, peerGroup, asOf, ct);
            if (scores is null)
            {
                return problem!;
            }

            return TypedResults.Bytes(json.Of(kept!.Figures, $"scores|{framework}|{kind}|{kept.Key}|{(paged ? $"{pg}|{size}" : "all")}", () =>
            {
                var units = (paged ? scores.Units.Skip((pg - 1) * size).Take(size) : scores.Units).Select(u => Dto(u, scores.Before?.Of(u.UnitId), kind.Value)).ToList();
                return new ScoresResponse(framework, year, scores.Framework.Level, scores.Units.Count, scores.RankedAmong, scores.Revision?.Number, units);
            }), "application/json; charset=utf-8");
        }).WithSummary("Points per node (level = group, main (default) or component), total, normalised value (0–1) and rank of every assessed unit of a year in the reader's scope (drafts left out; ranks are among all units); peerGroup ranks one type of unit among itself (xa, phuong, dac khu…); asOf sees the year through the units valid on that date (derived along the lineage, with the rule named); page and pageSize (optional, 1–1000) give one page of the units in rank order, count still counting them all.");
        api.MapGet("/{framework}/{year:int:range(1900,2100)}/ranking", async Task<IResult> (string framework, int year, string? peerGroup, string? asOf,
            System.Security.Claims.ClaimsPrincipal user, AccessScope scope, DtiQueries q, KeptJson json, CancellationToken ct) =>
        {
            var (scores, kept, problem) = await LoadKeptAsync(framework, year, user, scope, q, peerGroup, asOf, ct);
            return scores is null
                ? problem!
                : TypedResults.Bytes(json.Of(kept!.Figures, $"ranking|{framework}|{kept.Key}", () => scores.Units.Select(u => new RankingRow(u.ShownRank, u.RankTo, u.RankBefore,
                    u.UnitCode, u.UnitName, Round4(u.Score), Math.Round(u.Total, 2), u.Provisional, u.PeerGroup, u.Derived?.Note.ToString())).ToList()), "application/json; charset=utf-8");
        }).WithSummary("The ranking of a year within the peer group (ties share a rank: 1, 2, 2, 4) with last year's rank, for the units in the reader's scope; peerGroup and asOf as for scores.");
        api.MapGet("/{framework}/{year:int:range(1900,2100)}/units/{code}/explain", async Task<IResult> (string framework, int year, string code,
            System.Security.Claims.ClaimsPrincipal user, AccessScope scope, DtiQueries q, CancellationToken ct) =>
        {
            var (scores, problem) = await LoadAsync(framework, year, user, scope, q, ct);
            if (scores is null)
            {
                return problem!;
            }

            var e = await q.ExplainAsync(scores.Framework, year, code, ct);
            return e is null
                ? ApiProblems.NotFound($"Đơn vị '{code}' không có kết quả năm {year} theo bộ chỉ số này.", $"Unit '{code}' has no result for {year} under this framework.")
                : scores.Units.All(u => u.UnitId != e.Unit.UnitId) ? ApiProblems.Forbidden()
                : TypedResults.Ok(Explain(e));
        }).WithSummary("Why the unit's score and rank changed since last year (contributions sum to the change), peers passed or fallen behind, and what-if; scale 'index' when a year's figure is an imported published result (the change is then on the 0–1 index, not broken down, without what-if); peerMedian is empty without peers.");
        api.MapGet("/{framework}/{year:int:range(1900,2100)}/published", async Task<Results<Ok<List<PublishedRankingDto>>, ProblemHttpResult>> (
            string framework, int year, DtiQueries q, CancellationToken ct) =>
        {
            // Published rankings are public figures: every reader sees them whole, as the portal does.
            var (f, _, problem) = await DtiWorkflowApi.RankingAsync(framework, year, q, ct);
            return problem is not null ? problem
                : TypedResults.Ok((await q.PublishedRankingsAsync(f!, year, ct)).Select(r => new PublishedRankingDto(r.Year,
                    r.UnitsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.RankedAmong,
                    [.. r.Units.Select(u => new PublishedRankDto(u.Printed.Rank, u.Printed.RankTo, u.UnitCode, u.UnitName, Round4(u.Printed.Score), u.Source, u.Merged?.Note.ToString()))])).ToList());
        }).WithSummary("The published rankings of a year kept as printed (rank, index 0–1, source; null when not printed), one per date of units: a year without a framework in Lodestar (2020, 2021), or a year republished on later units (2024 on the 34 provinces of 2025-07-01, each merged province naming the units its figure is the mean of).");
    }

    /// <summary>
    /// The steering committee: members with their role, position, holder and owned nodes with this year's and last year's
    /// score; and the indexes a seat may answer for, found by name (the committee page's search field).
    /// </summary>
    public static void MapCommitteeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dti/indexes", IndexesAsync).RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI")
            .WithSummary("The indexes of the reader's province's frameworks and the national ones, found by name or code (q, accents optional): { items: [{ key, framework, code, name, nameEn }], total }; key (FRAMEWORK:CODE) is what a committee seat's indexes are written as.");
        app.MapGet("/api/v1/dti/committee", async Task<IResult> (int? year, System.Security.Claims.ClaimsPrincipal user, HomeProvince home,
            SteeringCommitteeQueries committee, TimeProvider clock, CancellationToken ct) =>
        {
            var today = Lodestar.Common.Dates.Today(clock);
            var province = await home.ProvinceOfAsync(user, ct);
            if (province is null)
            {
                return ApiProblems.NotFound("Chưa có Ban Chỉ đạo.", "No steering committee yet.");
            }

            var y = year ?? today.Year - 1;
            var members = await committee.MembersAsync(province.Id, y, ct);
            return TypedResults.Ok(members.Select(m => new
            {
                m.Id, role = m.Role, roleName = SteeringCommitteeQueries.RoleName(m.Role).ToString(), m.Position, m.Unit, m.Holder,
                owns = m.Owns.Select(o => new
                {
                    o.Framework, o.Code, o.Name, kind = o.Kind, score = Round(o.Score), scoreBefore = Round(o.ScoreBefore),
                    laggards = o.Laggards.Select(l => new { orgUnit = l.Code, l.Name, share = Math.Round(l.Share, 4) })
                }),
            }).ToList());
        }).RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI")
            .WithSummary("The province's steering committee in a year: members (role, position, holder) and the indexes each answers for with their score (0–1) this year and last, and the units pulling them down.");
    }

    private static async Task<Results<Ok<Page<IndexItem>>, ValidationProblem>> IndexesAsync(string? q, int? pageSize, System.Security.Claims.ClaimsPrincipal user,
        HomeProvince home, SteeringCommitteeQueries committee, CancellationToken ct)
    {
        if (!ApiProblems.TryPaging(1, pageSize, out _, out var size, out var bad))
        {
            return bad!;
        }

        var province = await home.ProvinceOfAsync(user, ct);
        var items = province is null ? [] : await committee.IndexesAsync(province.Id, q, size, ct);
        return TypedResults.Ok(new Page<IndexItem>(items, items.Count));
    }

    /// <summary>
    /// A new framework from an .xlsx in the published layout: national for level Province (administrators only), else the
    /// caller's province's (its DX office). All or nothing; each problem names the sheet, row and field.
    /// </summary>
    public static void MapFrameworkUpload(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/dti/frameworks", async Task<IResult> (IFormFile? file, [Microsoft.AspNetCore.Mvc.FromForm] string? code, [Microsoft.AspNetCore.Mvc.FromForm] string? name,
            [Microsoft.AspNetCore.Mvc.FromForm] string? level, [Microsoft.AspNetCore.Mvc.FromForm] int? firstYear, [Microsoft.AspNetCore.Mvc.FromForm] int? lastYear,
            [Microsoft.AspNetCore.Mvc.FromForm] string? derivation, System.Security.Claims.ClaimsPrincipal user, HomeProvince home, AccessScope scope,
            DtiFrameworkImport import, TimeProvider clock, CancellationToken ct) =>
        {
            if (!AccessScope.CanEditProgrammes(user))
            {
                return ApiProblems.Forbidden();
            }

            var outcome = await UploadAsync(file, code, name, level, firstYear, lastYear, derivation, user, home, scope, import, Lodestar.Common.Dates.Today(clock), ct);
            return outcome is null ? ApiProblems.NotManaged()
                : outcome.Succeeded ? TypedResults.Ok(new { code = outcome.Value }) : ApiProblems.Invalid(outcome.Problems);
        }).DisableAntiforgery().RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI")
            .WithSummary("A new framework (multipart: file .xlsx in the layout STT | chỉ số | điểm tối đa | cách tính điểm | tài liệu kiểm chứng | nguồn dữ liệu | đơn vị xác minh [| quy tắc | tham số], code, name, level Agency|Commune|Province, firstYear, lastYear, derivation Mean|Sum|WeightedMean); all or nothing, problems name sheet, row and field.");

    /// <summary>
    /// Shared by the API and the ranking page's upload form; null when the account may not add a framework of that level
    /// (a new one closes the open framework of the same level and owner, so only that owner may add it).
    /// </summary>
    public static async Task<Lodestar.Common.Outcome<string>?> UploadAsync(IFormFile? file, string? code, string? name, string? level, int? firstYear, int? lastYear, string? derivation,
        System.Security.Claims.ClaimsPrincipal user, HomeProvince home, AccessScope scope, DtiFrameworkImport import, DateOnly today, CancellationToken ct)
    {
        if (!Enum.TryParse<OrgUnitLevel>(level, true, out var l) || l is not (OrgUnitLevel.Agency or OrgUnitLevel.Commune or OrgUnitLevel.Province))
        {
            return Lodestar.Common.Outcome<string>.Fail("level", $"Cấp '{level}' phải là Agency (sở, ngành), Commune (xã) hoặc Province (tỉnh).", $"Level '{level}' must be Agency, Commune or Province.");
        }

        var province = l == OrgUnitLevel.Province ? null : await home.ProvinceOfAsync(user, ct);
        if (!await scope.MayManageAsync(user, province?.Id, today, ct))
        {
            return null;
        }

        if (file is null || file.Length == 0)
        {
            return Lodestar.Common.Outcome<string>.Fail("file", "Chọn tệp .xlsx của bộ chỉ số.", "Choose the framework's .xlsx file.");
        }

        var rule = Enum.TryParse<DerivationRule>(derivation, true, out var d) ? d : DerivationRule.Mean;
        await using var stream = file.OpenReadStream();
        return await import.ImportAsync(new FrameworkUpload(code, name, l, province?.Id, firstYear, lastYear, rule, null), stream, ct);
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 4) : null;

    /// <summary>The framework as a workbook in the layout provinces publish (page link, not part of the v1 API).</summary>
    public static void MapDtiExports(this IEndpointRouteBuilder app) =>
        app.MapGet("/dti/frameworks/{code}/export.xlsx", async Task<IResult> (string code, DtiQueries q, CancellationToken ct) =>
            await q.FrameworkAsync(code, ct) is { } f
                ? Results.File(Lodestar.Spreadsheets.XlsxWriter.Write(DtiSheets.Export(f)), Lodestar.Spreadsheets.XlsxWriter.ContentType, $"bo-chi-so-{f.Code}.xlsx")
                : Results.NotFound()).RequireAuthorization().ExcludeFromDescription();

    /// <summary>A year's scores of the units the reader may see (ranked among every unit); unconfirmed results are internal, so a scope sees only its own.</summary>
    internal static async Task<(YearScores? Scores, IResult? Problem)> LoadAsync(string framework, int year, System.Security.Claims.ClaimsPrincipal user, AccessScope scope,
        DtiQueries q, CancellationToken ct, string? peerGroup = null, string? asOf = null)
    {
        var (scores, _, problem) = await LoadKeptAsync(framework, year, user, scope, q, peerGroup, asOf, ct);
        return (scores, problem);
    }

    /// <summary>The figures the reader's answer is made from as kept for every reader, and what else it depends on (peer group, scope, date of units).</summary>
    private sealed record Kept(YearScores Figures, string Key);

    private static async Task<(YearScores? Scores, Kept? Kept, IResult? Problem)> LoadKeptAsync(string framework, int year, System.Security.Claims.ClaimsPrincipal user, AccessScope scope,
        DtiQueries q, string? peerGroup, string? asOf, CancellationToken ct)
    {
        DateOnly? on = null;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            {
                return (null, null, ApiProblems.Invalid("asOf", $"asOf '{asOf}' phải có dạng yyyy-MM-dd.", $"asOf '{asOf}' must be yyyy-MM-dd."));
            }

            on = d;
        }

        var f = await q.FrameworkAsync(framework, ct);
        if (f is null)
        {
            return (null, null, ApiProblems.NotFound($"Không có bộ chỉ số '{framework}'.", $"No framework '{framework}'."));
        }

        if (!f.AppliesTo(year))
        {
            var right = await q.ForYearAsync(f, year, ct);
            return (null, null, ApiProblems.NotFound(
                $"Bộ chỉ số {f.Code} áp dụng cho các năm {f.FirstYear}–{f.LastYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nay"}" + (right is null ? "." : $"; năm {year} dùng {right.Code}."),
                $"Framework {f.Code} applies to {f.FirstYear}–{f.LastYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "now"}" + (right is null ? "." : $"; {year} uses {right.Code}.")));
        }

        var all = await q.ScoresAsync(f, year, unitsOn: on, ct: ct);
        var scores = all.InPeerGroup(peerGroup);
        if (scores.Units.Count == 0 && !string.IsNullOrWhiteSpace(peerGroup))
        {
            return (null, null, ApiProblems.NotFound($"Không có đơn vị nào thuộc nhóm '{peerGroup}' năm {year}.", $"No unit of peer group '{peerGroup}' in {year}."));
        }

        var visible = await scope.VisibleIdsAsync(user, on ?? new DateOnly(year, 12, 31), ct);
        return (visible is null ? scores : scores with { Units = [.. scores.Units.Where(u => visible.Contains(u.UnitId))] },
            new Kept(all, $"{TextFold.Fold(peerGroup ?? "")}|{FigureCache.KeyOf(visible)}"), null);
    }

    private static double? Round4(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static UnitScoreDto Dto(UnitScore u, UnitScore? lastYear, NodeKind level) => new(u.UnitCode, u.UnitName, u.ShownRank, u.RankTo, u.RankBefore, Math.Round(u.Total, 2), u.Max,
        Round4(u.Score), Round4(u.NormalisedBefore), u.State, u.Provisional, u.Origin, u.IsDemo, u.Source,
        [.. u.Nodes.Where(n => n.Kind == level).Select(n => new NodeScoreDto(n.Code, n.Name, n.Kind, Math.Round(n.Points, 2), n.Max))],
        u.PeerGroup, u.Derived?.Note.ToString(), lastYear?.Derived?.Note.ToString());

    private static ContributionDto C(Contribution c) => new(c.Code, c.Name, Math.Round(c.Before, 2), Math.Round(c.After, 2), Math.Round(c.Change, 2));

    private static WhatIfDto W(WhatIf w) => new(w.Code, w.Name, Math.Round(w.Points, 2), w.Max, Math.Round(w.Gain, 2), w.RankAfter);

    internal static ExplainResponse Explain(ExplainResult e)
    {
        var ch = e.Change;
        var digits = e.OnIndex ? 4 : 2;
        string Name(string code) => e.UnitNames.TryGetValue(code, out var n) ? n : code;
        return new ExplainResponse(e.Unit.UnitCode, e.Unit.UnitName, e.Year.Year, e.Unit.Rank, e.Year.RankedAmong, e.Unit.RankBefore, e.OnIndex ? "index" : "points",
            e.OnIndex ? Known(e.Unit.Score, digits) : Math.Round(e.Unit.Total, digits), Known(ch?.TotalBefore, digits), Known(ch?.Change, digits),
            ch is null ? [] : [.. ch.Mains.Select(C)], ch is null ? [] : [.. ch.Components.Select(C)],
            ch is null ? [] : [.. ch.Peers.Where(p => p.Passed).Select(p => Name(p.UnitKey))],
            ch is null ? [] : [.. ch.Peers.Where(p => !p.Passed).Select(p => Name(p.UnitKey))],
            [.. e.ToMax.Take(5).Select(W)], [.. e.ByTen.Take(5).Select(W)],
            e.PeerMedian.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 2)), Sentence(e));
    }

    /// <summary>A figure rounded, or null when it is unknown (not printed: null or NaN).</summary>
    private static double? Known(double? v, int digits) => v is { } x && !double.IsNaN(x) ? Math.Round(x, digits) : null;

    /// <summary>The explanation in one sentence, in the reader's language.</summary>
    public static string Sentence(ExplainResult e)
    {
        var ch = e.Change;
        var derived = e.Year.Before?.Units.FirstOrDefault(u => u.UnitId == e.Unit.UnitId)?.Derived is { } d
            ? T($" Điểm năm {e.Year.Year - 1} được {d.Note.Vi}.", $" The {e.Year.Year - 1} score is {d.Note.En}.") : "";
        var best = (e.ToMax.Count > 0 ? e.ToMax[0] : null);
        var what = best is null ? ""
            : best.RankAfter < e.Unit.Rank ? T($" Nâng “{best.Name}” lên tối đa (+{P(best.Gain)} điểm) sẽ đưa đơn vị lên hạng {best.RankAfter}.",
                $" Raising “{best.Name}” to its maximum (+{P(best.Gain)} points) would lift the unit to rank {best.RankAfter}.")
            : T($" Nâng “{best.Name}” lên tối đa (+{P(best.Gain)} điểm): đơn vị vẫn giữ hạng {e.Unit.Rank}.",
                $" Raising “{best.Name}” to its maximum (+{P(best.Gain)} points): the unit would keep rank {e.Unit.Rank}.");
        var rank = Rank(e.Unit.Rank, e.Year.RankedAmong);
        var scale = e.OnIndex ? T(" (chỉ số 0–1 theo kết quả công bố: kết quả công bố không có điểm thành phần)", " (the 0–1 index of the published results: they have no component points)") : "";
        if (e.OnIndex && (e.Unit.Score is null || (ch is not null && double.IsNaN(ch.TotalBefore))))
        {
            return Unprinted(e, rank, scale) + derived;
        }

        if (ch is null)
        {
            return e.OnIndex
                ? T($"Năm {e.Year.Year} {e.Unit.UnitName} đạt chỉ số {I(e.Unit.Normalised)}, hạng {rank}{scale}; chưa có kết quả năm trước để so sánh.",
                    $"In {e.Year.Year} {e.Unit.UnitName} reached an index of {I(e.Unit.Normalised)}, rank {rank}{scale}; there is no result of the year before to compare.")
                : T($"Năm {e.Year.Year} {e.Unit.UnitName} đạt {P(e.Unit.Total)} điểm, hạng {rank}; chưa có kết quả năm trước để so sánh.",
                    $"In {e.Year.Year} {e.Unit.UnitName} scored {P(e.Unit.Total)} points, rank {rank}; there is no result of the year before to compare.") + what;
        }

        var top = (ch.Mains.Count > 0 ? ch.Mains[0] : null);
        var moved = Moved(ch);
        if (e.OnIndex)
        {
            return T($"{e.Unit.UnitName} {moved}; chỉ số {WithSign(ch.Change, I)} ({I(ch.TotalBefore)} → {I(ch.TotalAfter)}){scale}.",
                $"{e.Unit.UnitName} {moved}; index {WithSign(ch.Change, I)} ({I(ch.TotalBefore)} → {I(ch.TotalAfter)}){scale}.") + derived;
        }

        var main = top is null ? "" : T($" Đóng góp lớn nhất: “{top.Name}” ({WithSign(top.Change)} điểm).", $" Largest contribution: “{top.Name}” ({WithSign(top.Change)} points).");
        return T($"{e.Unit.UnitName} {moved}; tổng điểm {WithSign(ch.Change)} ({P(ch.TotalBefore)} → {P(ch.TotalAfter)}).",
            $"{e.Unit.UnitName} {moved}; total {WithSign(ch.Change)} ({P(ch.TotalBefore)} → {P(ch.TotalAfter)}).") + main + derived + what;
    }

    /// <summary>
    /// A published result whose index was not printed this year or last: the publication gave a rank only, so only the ranks are
    /// compared and the sentence says which index is missing instead of comparing with 0.
    /// </summary>
    private static string Unprinted(ExplainResult e, string rank, string scale)
    {
        var ch = e.Change;
        var years = string.Join(T(" và ", " and "), new[] { (e.Year.Year - 1, ch is not null && double.IsNaN(ch.TotalBefore)), (e.Year.Year, e.Unit.Score is null) }
            .Where(y => y.Item2).Select(y => y.Item1.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var missing = T($"chỉ số năm {years} không được công bố", $"the {years} index was not published");
        if (ch is null)
        {
            return T($"Năm {e.Year.Year} {e.Unit.UnitName} xếp hạng {rank}{scale}; {missing}; chưa có kết quả năm trước để so sánh.",
                $"In {e.Year.Year} {e.Unit.UnitName} ranked {rank}{scale}; {missing}; there is no result of the year before to compare.");
        }

        return T($"{e.Unit.UnitName} {Moved(ch)}; {missing}, nên chỉ so sánh thứ hạng{scale}.", $"{e.Unit.UnitName} {Moved(ch)}; {missing}, so only the ranks are compared{scale}.");
    }

    /// <summary>"tăng từ hạng 31 lên hạng 27" / "rose from rank 31 to 27", or that the rank fell or was kept.</summary>
    private static string Moved(Explanation ch) =>
        ch.RankAfter < ch.RankBefore ? T($"tăng từ hạng {ch.RankBefore} lên hạng {ch.RankAfter}", $"rose from rank {ch.RankBefore} to {ch.RankAfter}")
        : ch.RankAfter > ch.RankBefore ? T($"giảm từ hạng {ch.RankBefore} xuống hạng {ch.RankAfter}", $"fell from rank {ch.RankBefore} to {ch.RankAfter}")
        : T($"giữ hạng {ch.RankAfter}", $"kept rank {ch.RankAfter}");

    /// <summary>"27/34": a rank out of the units ranked.</summary>
    public static string Rank(int rank, int of) => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{rank}/{of}");

    /// <summary>An index 0–1 with four decimals, as published (vi-VN: 0,5630).</summary>
    public static string I(double v) => v.ToString("0.0000", System.Globalization.CultureInfo.CurrentCulture);

    public static string P(double v) => v.ToString("#,##0.##", System.Globalization.CultureInfo.CurrentCulture);

    public static string WithSign(double v) => WithSign(v, P);

    public static string WithSign(double v, Func<double, string> format) => (v > 0 ? "+" : v < 0 ? "−" : "") + format(Math.Abs(v));
}
