using Lodestar.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Common;

/// <summary>RFC 7807 answers with messages in the request's language.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string vi, string en) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: T("Không tìm thấy", "Not found"), detail: T(vi, en));

    /// <summary>
    /// An evidence file that does not exist or that the reader may not see: one answer for both, so that trying
    /// identifiers does not reveal which files exist.
    /// </summary>
    public static ProblemHttpResult EvidenceNotFound() => NotFound("Không tìm thấy tệp minh chứng.", "Evidence file not found.");

    public static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: T("Không có quyền", "Forbidden"),
            detail: T("Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", "This unit is outside your account's scope."));

    public static ProblemHttpResult Forbidden(string vi, string en) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: T("Không có quyền", "Forbidden"), detail: T(vi, en));

    /// <summary>A change to something the account does not manage: another province's, or a national one (<see cref="Lodestar.Accounts.AccessScope.MayManageAsync"/>).</summary>
    public static ProblemHttpResult NotManaged() =>
        Forbidden("Chỉ Văn phòng chuyển đổi số của tỉnh sở hữu mục này được thay đổi nó; mục quốc gia chỉ quản trị hệ thống.",
            "Only the DX office of the province that owns this may change it; national items only system administrators.");

    public static ValidationProblem Invalid(string field, string vi, string en) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [T(vi, en)] },
            title: T("Dữ liệu không hợp lệ", "Invalid input"));

    public static ValidationProblem Invalid(IEnumerable<Problem> problems) =>
        TypedResults.ValidationProblem(
            problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message.ToString()).ToArray()),
            title: T("Dữ liệu không hợp lệ", "Invalid input"));

    /// <summary>An optional year parameter outside the years Lodestar knows (e.g. -5, 2147483647) is a 400 naming it.</summary>
    public static bool TryYear(int? year, out ValidationProblem? problem)
    {
        problem = year is { } y && !Dates.IsKnownYear(y)
            ? Invalid("year", $"Năm {y} nằm ngoài khoảng {Dates.FirstYear}–{Dates.LastYear}.", $"The year {y} is outside {Dates.FirstYear}–{Dates.LastYear}.")
            : null;
        return problem is null;
    }

    /// <summary>Reads an optional yyyy-MM-dd parameter; null text means today in Vietnam.</summary>
    public static bool TryDate(string? text, string field, DateOnly fallback, out DateOnly date, out ValidationProblem? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            date = fallback;
            return true;
        }

        if (Dates.TryParseIso(text.Trim(), out date))
        {
            return true;
        }

        problem = Invalid(field, $"'{text}' không phải ngày dạng yyyy-MM-dd (ví dụ 2025-07-01).", $"'{text}' is not a date of the form yyyy-MM-dd (e.g. 2025-07-01).");
        return false;
    }

    public static bool TryPaging(int? page, int? pageSize, out int p, out int size, out ValidationProblem? problem)
    {
        p = page ?? 1;
        size = pageSize ?? 50;
        problem = null;
        if (p < 1)
        {
            problem = Invalid("page", "Trang phải từ 1 trở lên.", "page must be 1 or more.");
        }
        else if (size is < 1 or > 1000)
        {
            problem = Invalid("pageSize", "Cỡ trang phải từ 1 đến 1000.", "pageSize must be between 1 and 1000.");
        }

        return problem is null;
    }
}
