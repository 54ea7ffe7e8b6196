using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Scorecards;
using Lodestar.Spreadsheets;
using Lodestar.Web.Common;

namespace Lodestar.Web.Scorecards;

public sealed record PartDto(string Part, string Name, double? Score, double Weight, double EffectiveWeight, double Contribution);

public sealed record ScorecardDto(
    string OrgUnit, string UnitName, OrgUnitLevel Level, int Year, string Person, string PersonUid, string Position,
    DateOnly From, DateOnly To, DateOnly TermFrom, DateOnly? TermTo,
    double? Composite, Rating? Rating, string? RatingLabel, string? RatingNote, IReadOnlyList<PartDto> Parts,
    object Targets, object Tasks, object Reporting, DtiLine? Dti, NoteView? Explanation);

public static class ScorecardsApi
{
    public static void MapScorecardsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/scorecards").RequireAuthorization(WebServices.ApiPolicy).WithTags("Scorecards");
        api.MapGet("/", async Task<IResult> (string? level, int? year, int? page, int? pageSize, ClaimsPrincipal user, ScorecardLoader loader, CancellationToken ct) =>
        {
            if (!ScorecardLoader.TryLevel(level, out var l))
            {
                return ApiProblems.Invalid("level", "Cấp phải là province, agency hoặc commune.", "The level must be province, agency or commune.");
            }

            if (!ApiProblems.TryYear(year, out var badYear))
            {
                return badYear!;
            }

            if (!ApiProblems.TryPaging(page, pageSize, out var p, out var size, out var badPage))
            {
                return badPage!;
            }

            var cards = await loader.ListAsync(user, l, year, ct);
            return TypedResults.Ok(new Page<ScorecardDto>([.. cards.Skip((p - 1) * size).Take(size).Select(Dto)], cards.Count));
        }).WithSummary("The comparison table: every head of units of a level (province, agency, commune) in a year, one row per holder and part of the year, by unit code, a page at a time.");
        api.MapGet("/{orgUnitCode}", async Task<IResult> (string orgUnitCode, int? year, ClaimsPrincipal user, ScorecardLoader loader, CancellationToken ct) =>
        {
            var (unit, cards, problem) = await loader.ForUnitAsync(user, orgUnitCode, year, ct);
            return unit is null ? problem! : TypedResults.Ok(cards.Select(Dto).ToList());
        }).WithSummary("The scorecards of a unit's heads in a year (two when the head changed), with the items behind every number.");

        // The comparison as .xlsx for pages (cookie sign-in).
        app.MapGet("/scorecards/export.xlsx", async Task<IResult> (string? level, int? year, ClaimsPrincipal user, ScorecardLoader loader, CancellationToken ct) =>
        {
            ScorecardLoader.TryLevel(level, out var l);
            var cards = await loader.ListAsync(user, l, year, ct);
            return TypedResults.File(ScorecardSheets.Export(cards, Text.IsEnglish), XlsxWriter.ContentType, $"bang-diem-{l.ToApi()}-{cards.FirstOrDefault()?.Year}.xlsx");
        }).RequireAuthorization().ExcludeFromDescription();
    }

    public static ScorecardDto Dto(Scorecard c) => new(
        c.UnitCode, c.UnitName, c.Level, c.Year, c.Person, c.PersonUid, c.Position, c.From, c.To, c.TermFrom, c.TermTo,
        c.Composition.Composite, c.Composition.Rating, c.Composition.Rating?.Label().ToString(), c.Composition.Why?.ToString(),
        c.Composition.Parts.Select(p => new PartDto(p.Part.ToString().ToLowerInvariant(), p.Part.Label().ToString(), p.Score, p.Weight, p.EffectiveWeight, p.Contribution)).ToList(),
        // A target's status is spelled by its enum name here (OnTrack), as this API has always answered.
        new { c.Input.Achieved, c.Input.OnTrack, c.Input.AtRisk, c.Input.OffTrack, Items = c.Targets.Select(t => new { t.Code, t.Name, Status = t.Status.ToString(), t.Actual, t.Expected, t.Unit }) },
        new { OnTime = c.Input.TasksOnTime, Late = c.Input.TasksLate, Overdue = c.Input.TasksOverdue, Open = c.TasksOpen, Items = c.Tasks },
        new { Due = c.Input.ReportsDue, OnTime = c.Input.ReportsOnTime, c.Quality, Items = c.Reports },
        c.Dti, c.Note);
}

/// <summary>Loads scorecards within the reader's scope for pages and the API alike.</summary>
public sealed class ScorecardLoader(ScorecardService scorecards, AccessScope access, OrgUnitQueries units, TimeProvider clock)
{
    public static bool TryLevel(string? text, out OrgUnitLevel level)
    {
        level = OrgUnitLevel.Agency;
        switch ((text ?? "agency").Trim().ToLowerInvariant())
        {
            case "agency": return true;
            case "commune": level = OrgUnitLevel.Commune; return true;
            case "province": level = OrgUnitLevel.Province; return true;
            default: return false;
        }
    }

    public ScorecardRules Rules => scorecards.Rules;

    public int Year(int? year) => year is >= 2000 and <= 2100 ? year.Value : Dates.Today(clock).Year;

    public async Task<List<Scorecard>> ListAsync(ClaimsPrincipal user, OrgUnitLevel level, int? year, CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        return await scorecards.ListAsync(level, Year(year), today, await access.VisibleIdsAsync(user, today, ct), ct);
    }

    public async Task<(OrgUnit? Unit, List<Scorecard> Cards, IResult? Problem)> ForUnitAsync(ClaimsPrincipal user, string code, int? year, CancellationToken ct = default)
    {
        var today = Dates.Today(clock);
        var y = Year(year);
        var asOf = new DateOnly(y, 12, 31) < today ? new DateOnly(y, 12, 31) : today;
        var unit = await units.FindAsync(code, asOf, ct) ?? await units.FindAsync(code, today, ct);
        if (unit is null)
        {
            return (null, [], ApiProblems.NotFound($"Không có đơn vị mã '{code}'.", $"No unit with code '{code}'."));
        }

        if (!await access.CanSeeAsync(user, unit.Id, asOf, ct))
        {
            return (null, [], ApiProblems.Forbidden());
        }

        return (unit, await scorecards.ForUnitAsync(unit, y, today, ct), null);
    }

    /// <summary>The head of the unit (a unit-head account scoped to it) or an administrator may write the explanation.</summary>
    public static bool CanExplain(ClaimsPrincipal user, OrgUnit unit) =>
        AccessScope.IsAdmin(user) || (user.IsInRole(Roles.UnitHead) && AccessScope.ScopeUnitId(user) == unit.Id);
}
