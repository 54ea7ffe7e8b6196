using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Microsoft.EntityFrameworkCore;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Dti;

public sealed record ItemInput(string? Node, double? A, double? B, string? Note);

public sealed record SelfAssessmentRequest(IReadOnlyList<ItemInput>? Items, bool Submit);

public sealed record PublishedRow(string? OrgUnit, int? Rank, double? Score, IReadOnlyDictionary<string, double>? MainIndexes, string? Source);

public sealed record PublishedRequest(IReadOnlyList<PublishedRow>? Results);

public sealed record ReviewInput(string? Node, string? Decision, double? A, double? B, string? Reason);

public sealed record ReviewRequest(IReadOnlyList<ReviewInput>? Items);

public sealed record ItemDto(string Node, double? A, double? B, string? Note, string Review, double? VerifiedA, double? VerifiedB, string? ReviewReason);

public sealed record AssessmentDto(string Framework, int Year, string OrgUnit, string State, IReadOnlyList<ItemDto> Items);

/// <summary>
/// Self-assessment → review → council confirmation. A unit (unit head or reporting officer in scope) fills and submits its
/// own; the DX office accepts, adjusts with a reason or returns each item; the appraisal council (steering members) alone
/// confirms the year, which locks it.
/// </summary>
public static class DtiWorkflowApi
{
    public static void MapDtiWorkflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/dti/{framework}/{year:int}/units/{code}").RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI");
        api.MapGet("/self-assessment", GetAsync).WithSummary("A unit's assessment for a year with every item, its inputs and review (drafts only to the unit and the DX office).");
        api.MapPut("/self-assessment", SaveAsync).WithSummary("Saves the unit's inputs (all or nothing, bad items named); submit: true sends it for review.");
        api.MapPost("/review", ReviewAsync).WithSummary("DX office: accept, adjust (with inputs and a reason) or return each item.");
        app.MapPost("/api/v1/dti/{framework}/{year:int}/published", ImportPublishedAsync).RequireAuthorization(WebServices.ApiPolicy).WithTags("DTI")
            .WithSummary("Imports published results (unit, rank, normalised score, main indexes 0–1, source): all or nothing, bad rows named; they are then ranked and explained like any other scores.");
        api.MapPost("/confirm", ConfirmAsync).WithSummary("Appraisal council: confirms a reviewed assessment; it is then locked.");
    }

    private static DateOnly Today => Dates.Today(TimeProvider.System);

    private static async Task<(DtiFramework? F, OrgUnit? Unit, DtiAssessment? A, IResult? Problem)> LoadAsync(
        string framework, int year, string code, ClaimsPrincipal user, LodestarDbContext db, DtiQueries q, AccessScope scope, bool create, CancellationToken ct)
    {
        var f = await q.FrameworkAsync(framework, ct);
        if (f is null || !f.AppliesTo(year))
        {
            return (null, null, null, ApiProblems.NotFound($"Bộ chỉ số '{framework}' không áp dụng cho năm {year}.", $"Framework '{framework}' does not apply to {year}."));
        }

        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.Code == code && u.Level == f.Level).OrderByDescending(u => u.ValidFrom).FirstOrDefaultAsync(ct);
        if (unit is null)
        {
            return (f, null, null, ApiProblems.NotFound($"Không có đơn vị '{code}' thuộc cấp của bộ chỉ số.", $"No unit '{code}' at the framework's level."));
        }

        if (!await scope.CanSeeAsync(user, unit.Id, Today, ct))
        {
            return (f, unit, null, ApiProblems.Forbidden());
        }

        var a = await db.DtiAssessments.Include(x => x.Items).SingleOrDefaultAsync(x => x.FrameworkId == f.Id && x.Year == year && x.OrgUnitId == unit.Id, ct);
        if (a is null && create)
        {
            a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = unit.Id, Year = year, State = AssessmentState.Draft };
            db.DtiAssessments.Add(a);
        }

        return (f, unit, a, null);
    }

    private static AssessmentDto Dto(DtiFramework f, OrgUnit unit, DtiAssessment a) => new(f.Code, a.Year, unit.Code, a.State.ToString(),
        [.. a.Items.OrderBy(i => i.NodeCode, StringComparer.Ordinal).Select(i => new ItemDto(i.NodeCode, i.A, i.B, i.Note, i.Review.ToString(), i.VerifiedA, i.VerifiedB, i.ReviewReason))]);

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

    private static async Task<IResult> SaveAsync(string framework, int year, string code, SelfAssessmentRequest request, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.UnitHead) && !user.IsInRole(Roles.ReportingOfficer) && !IsOffice(user))
        {
            return ApiProblems.Forbidden();
        }

        var (f, unit, a, problem) = await LoadAsync(framework, year, code, user, db, q, scope, true, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (a!.State != AssessmentState.Draft && !a.Items.Any(i => i.Review == ItemReview.Returned))
        {
            return ApiProblems.Invalid("state", $"Bản tự đánh giá đang ở trạng thái {a.State}: không sửa được.", $"The self-assessment is {a.State}: it cannot be changed.");
        }

        var leaves = f!.Nodes.Where(n => n.Kind == NodeKind.Component).ToDictionary(n => n.Code);
        var problems = new List<Problem>();
        foreach (var (item, row) in (request.Items ?? []).Select((x, i) => (x, i + 1)))
        {
            if (item.Node is null || !leaves.TryGetValue(item.Node, out var node))
            {
                problems.Add(new Problem($"items[{row}].node", new Msg($"Dòng {row}: '{item.Node}' không phải chỉ số thành phần của {f.Code}.", $"Row {row}: '{item.Node}' is not a component of {f.Code}.")));
                continue;
            }

            if (item.A is < 0 || item.B is < 0 || (node.Rule == RuleKind.Ratio && item.A is not null && item.B is null))
            {
                problems.Add(new Problem($"items[{row}].a", new Msg($"Dòng {row} ({item.Node}): giá trị âm, hoặc tỷ lệ thiếu mẫu số b.", $"Row {row} ({item.Node}): a negative value, or a ratio without its denominator b.")));
                continue;
            }

            var existing = a.Items.FirstOrDefault(i => i.NodeCode == node.Code);
            if (existing is not null && a.State != AssessmentState.Draft && existing.Review != ItemReview.Returned)
            {
                problems.Add(new Problem($"items[{row}].node", new Msg($"Dòng {row} ({item.Node}): mục đã được thẩm tra.", $"Row {row} ({item.Node}): the item has been reviewed.")));
                continue;
            }

            if (existing is null)
            {
                a.Items.Add(existing = new DtiItem { NodeCode = node.Code });
            }

            (existing.A, existing.B, existing.Note, existing.Review) = (item.A, item.B, item.Note, ItemReview.Pending);
        }

        if (problems.Count > 0)
        {
            return ApiProblems.Invalid(problems);
        }

        if (request.Submit)
        {
            a.State = AssessmentState.Submitted;
            a.SubmittedAt = DateTime.UtcNow;
            a.SubmittedBy = user.Identity?.Name;
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Dto(f, unit!, a));
    }

    private static async Task<IResult> ReviewAsync(string framework, int year, string code, ReviewRequest request, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, CancellationToken ct)
    {
        if (!IsOffice(user))
        {
            return ApiProblems.Forbidden();
        }

        var (f, unit, a, problem) = await LoadAsync(framework, year, code, user, db, q, scope, false, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (a is null || a.State is not (AssessmentState.Submitted or AssessmentState.Reviewed))
        {
            return ApiProblems.Invalid("state", "Chỉ thẩm tra được bản đã nộp và chưa được Hội đồng xác nhận.", "Only a submitted assessment not yet confirmed can be reviewed.");
        }

        var problems = new List<Problem>();
        foreach (var (r, row) in (request.Items ?? []).Select((x, i) => (x, i + 1)))
        {
            var item = a.Items.FirstOrDefault(i => i.NodeCode == r.Node);
            var decision = r.Decision?.Trim().ToLowerInvariant() switch
            {
                "accept" => ItemReview.Accepted,
                "adjust" => ItemReview.Adjusted,
                "return" => ItemReview.Returned,
                _ => (ItemReview?)null,
            };
            if (item is null || decision is null)
            {
                problems.Add(new Problem($"items[{row}]", new Msg($"Dòng {row}: mục '{r.Node}' không có hoặc quyết định '{r.Decision}' không phải accept/adjust/return.",
                    $"Row {row}: no item '{r.Node}' or decision '{r.Decision}' is not accept/adjust/return.")));
                continue;
            }

            if (decision != ItemReview.Accepted && string.IsNullOrWhiteSpace(r.Reason))
            {
                problems.Add(new Problem($"items[{row}].reason", new Msg($"Dòng {row} ({r.Node}): điều chỉnh hoặc trả lại phải nêu lý do.", $"Row {row} ({r.Node}): adjusting or returning needs a reason.")));
                continue;
            }

            if (decision == ItemReview.Adjusted && r.A is null)
            {
                problems.Add(new Problem($"items[{row}].a", new Msg($"Dòng {row} ({r.Node}): điều chỉnh phải có giá trị a.", $"Row {row} ({r.Node}): an adjustment needs the value a.")));
                continue;
            }

            (item.Review, item.VerifiedA, item.VerifiedB, item.ReviewReason, item.ReviewedBy, item.ReviewedAt) =
                (decision.Value, r.A, r.B, r.Reason, user.Identity?.Name, DateTime.UtcNow);
        }

        if (problems.Count > 0)
        {
            return ApiProblems.Invalid(problems);
        }

        a.State = a.Items.All(i => i.Review is ItemReview.Accepted or ItemReview.Adjusted) ? AssessmentState.Reviewed : AssessmentState.Submitted;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Dto(f!, unit!, a));
    }

    private static async Task<IResult> ImportPublishedAsync(string framework, int year, PublishedRequest request, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, CancellationToken ct)
    {
        if (!IsOffice(user))
        {
            return ApiProblems.Forbidden();
        }

        var f = await q.FrameworkAsync(framework, ct);
        if (f is null || !f.AppliesTo(year))
        {
            return ApiProblems.NotFound($"Bộ chỉ số '{framework}' không áp dụng cho năm {year}.", $"Framework '{framework}' does not apply to {year}.");
        }

        var yearEnd = new DateOnly(year, 12, 31);
        var mains = f.Nodes.Where(n => n.Kind == NodeKind.Main).ToDictionary(n => n.Code);
        var problems = new List<Problem>();
        var rows = new List<(int UnitId, PublishedRow Row)>();
        foreach (var (r, i) in (request.Results ?? []).Select((x, i) => (x, i + 1)))
        {
            var unit = r.OrgUnit is null ? null : await db.OrgUnits.ValidOn(yearEnd).FirstOrDefaultAsync(u => u.Code == r.OrgUnit && u.Level == f.Level, ct);
            var badMain = r.MainIndexes?.Keys.FirstOrDefault(k => !mains.ContainsKey(k));
            if (unit is null || r.Rank is not > 0 || r.Score is not (>= 0 and <= 1) || badMain is not null || string.IsNullOrWhiteSpace(r.Source))
            {
                problems.Add(new Problem($"results[{i}]", new Msg(
                    $"Dòng {i}: cần đơn vị tồn tại năm {year} ('{r.OrgUnit}'), hạng > 0, điểm 0–1, nguồn" + (badMain is null ? "." : $"; '{badMain}' không phải chỉ số chính."),
                    $"Row {i}: needs a unit existing in {year} ('{r.OrgUnit}'), rank > 0, a score 0–1 and a source" + (badMain is null ? "." : $"; '{badMain}' is not a main index."))));
                continue;
            }

            rows.Add((unit.Id, r));
        }

        if (problems.Count > 0)
        {
            return ApiProblems.Invalid(problems);
        }

        foreach (var (unitId, r) in rows)
        {
            var a = await db.DtiAssessments.Include(x => x.Items).SingleOrDefaultAsync(x => x.FrameworkId == f.Id && x.Year == year && x.OrgUnitId == unitId, ct);
            if (a is null)
            {
                db.DtiAssessments.Add(a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = unitId, Year = year });
            }

            (a.Origin, a.State, a.PublishedRank, a.PublishedScore, a.Source, a.IsDemo) = (AssessmentOrigin.Published, AssessmentState.Published, r.Rank, r.Score, r.Source, false);
            a.Items.Clear();
            foreach (var (code, value) in r.MainIndexes ?? new Dictionary<string, double>())
            {
                a.Items.Add(new DtiItem { NodeCode = code, A = value * mains[code].MaxPoints, Review = ItemReview.Accepted });
            }
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new { imported = rows.Count });
    }

    private static async Task<IResult> ConfirmAsync(string framework, int year, string code, ClaimsPrincipal user,
        LodestarDbContext db, DtiQueries q, AccessScope scope, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.SteeringMember))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: T("Không có quyền", "Forbidden"),
                detail: T("Chỉ Hội đồng thẩm định (thành viên Ban Chỉ đạo) xác nhận kết quả.", "Only the appraisal council (steering members) confirms results."));
        }

        var (f, unit, a, problem) = await LoadAsync(framework, year, code, user, db, q, scope, false, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (a is null || a.State != AssessmentState.Reviewed)
        {
            return ApiProblems.Invalid("state", "Chỉ xác nhận được bản đã thẩm tra xong mọi mục.", "Only an assessment whose every item is reviewed can be confirmed.");
        }

        (a.State, a.ConfirmedAt, a.ConfirmedBy) = (AssessmentState.Confirmed, DateTime.UtcNow, user.Identity?.Name);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Dto(f!, unit!, a));
    }
}
