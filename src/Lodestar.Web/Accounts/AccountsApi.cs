using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Web.Auth;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Lodestar.Web.Accounts;

public sealed record AccountDto(string UserName, string FullName, string? Email, string Role, string? Scope, string? ScopeName, bool Locked)
{
    public static AccountDto Of(AccountItem a) => new(a.UserName, a.FullName, a.Email, a.Role, a.ScopeCode, a.ScopeName, a.LockedOut);
}

public sealed record NewAccountRequest(string? UserName, string? FullName, string? Email, string? Role, string? Scope, string? Password);

/// <summary>The answer to a creation: the password only when Lodestar generated it (shown this once); a chosen one is never echoed.</summary>
public sealed record AccountCreated(string UserName, string? Password);

public sealed record PasswordRequest(string? Password);

public sealed record RoleRequest(string? Role, string? Scope);

public sealed record OwnPasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// Accounts for administrators and the DX office (within its province), and every user's own password. The rules of who
/// manages whom are <see cref="AccountService"/>'s; this file only turns its answers into HTTP.
/// </summary>
public static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Accounts").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/accounts", ListAsync)
            .WithSummary("The accounts the caller manages (administrator: all; DX office: those scoped inside its province), by user name, optionally found by user or full name (q, accents optional): { items: [{ userName, fullName, email, role, scope, scopeName, locked }], total }.");
        api.MapPost("/accounts", CreateAsync)
            .WithSummary("Create an account { userName, fullName, email, role, scope, password? }; without a password a strong one is generated and answered once.");
        api.MapPost("/accounts/{userName}/lock", (string userName, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
                AnswerAsync(accounts.LockAsync(userName, locked: true, user, ct)))
            .WithSummary("Lock the account: every cookie and token it has stops at once; it cannot sign in until unlocked.");
        api.MapPost("/accounts/{userName}/unlock", (string userName, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
                AnswerAsync(accounts.LockAsync(userName, locked: false, user, ct)))
            .WithSummary("Unlock the account (its earlier sessions stay ended).");
        api.MapPost("/accounts/{userName}/role", (string userName, RoleRequest request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
                AnswerAsync(accounts.ChangeRoleAsync(userName, request.Role, request.Scope, user, ct)))
            .WithSummary("Give the account a new role and scope { role, scope }: every cookie and token it has stops at once.");
        api.MapPost("/accounts/{userName}/password", (string userName, PasswordRequest request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
                AnswerAsync(accounts.SetPasswordAsync(userName, request.Password, user, ct)))
            .WithSummary("Set a new password { password } (Identity's rules, no common password, not the user name); every session and token of the account ends.");
        api.MapGet("/accounts/template.xlsx", () => TypedResults.File(AccountSheets.Template(Common.Text.IsEnglish), Lodestar.Spreadsheets.XlsxWriter.ContentType, "tai-khoan-mau.xlsx"))
            .WithSummary("The .xlsx template for creating accounts at once: user name, full name, e-mail, role, unit code.");
        api.MapPost("/accounts/import", ImportAsync).DisableAntiforgery()
            .WithSummary("Create every account of an .xlsx (multipart field 'file'), or none: each problem names sheet, row and column; answers each generated password once.");
        api.MapPost("/account/password", ChangeOwnAsync)
            .WithSummary("Change the caller's own password { currentPassword, newPassword }; every other session and token ends, a browser's own cookie is renewed.");
    }

    private static async Task<Results<Ok<Page<AccountDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? q, int? page, int? pageSize, ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        if (!AccountService.MayManageAccounts(user))
        {
            return Refusal(AccountAccess.Forbidden, []);
        }

        if (!ApiProblems.TryPaging(page, pageSize, out var p, out var size, out var problem))
        {
            return problem!;
        }

        var words = TextFold.Words(q);
        var all = (await accounts.ListAsync(user, ct))
            .Where(a => TextFold.HasAll(words, $"{a.FullName} {a.UserName}"))
            .ToList();
        return TypedResults.Ok(new Page<AccountDto>(all.Skip((p - 1) * size).Take(size).Select(AccountDto.Of).ToList(), all.Count));
    }

    private static async Task<Results<Created<AccountCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewAccountRequest request, ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        var change = await accounts.CreateAsync(
            new NewAccount(request.UserName ?? "", request.FullName ?? "", request.Email, request.Role ?? "", request.Scope, request.Password), user, ct);
        return change.Access != AccountAccess.Allowed ? Refusal(change.Access, change.Outcome.Problems)
            : change.Outcome.Value is { } created ? TypedResults.Created("/api/v1/accounts", new AccountCreated(created.User.UserName!, created.GeneratedPassword))
            : ApiProblems.Invalid(change.Outcome.Problems);
    }

    private static async Task<Results<Created<List<CreatedLogin>>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        IFormFile? file, ClaimsPrincipal user, AccountSheets sheets, CancellationToken ct)
    {
        if (!AccountService.MayManageAccounts(user))
        {
            return Refusal(AccountAccess.Forbidden, []);
        }

        if (file is null)
        {
            return ApiProblems.Invalid("file", "Chọn tệp .xlsx danh sách tài khoản.", "Choose the .xlsx list of accounts.");
        }

        await using var stream = file.OpenReadStream();
        var outcome = await sheets.ImportAsync(stream, user, ct);
        return outcome.Succeeded ? TypedResults.Created("/api/v1/accounts", outcome.Value) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<AccountDto>, ValidationProblem, ProblemHttpResult>> AnswerAsync(Task<AccountChange<AccountItem>> work)
    {
        var change = await work;
        return change.Access != AccountAccess.Allowed ? Refusal(change.Access, change.Outcome.Problems)
            : change.Outcome.Value is { } account ? TypedResults.Ok(AccountDto.Of(account))
            : ApiProblems.Invalid(change.Outcome.Problems);
    }

    private static ProblemHttpResult Refusal(AccountAccess access, IReadOnlyList<Problem> problems)
    {
        var (vi, en) = problems.Count > 0 ? (problems[0].Message.Vi, problems[0].Message.En)
            : ("Chỉ quản trị hệ thống và Văn phòng chuyển đổi số quản lý tài khoản.", "Only administrators and the DX office manage accounts.");
        return access == AccountAccess.NotFound ? ApiProblems.NotFound(vi, en) : ApiProblems.Forbidden(vi, en);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeOwnAsync(
        OwnPasswordRequest request, HttpContext http, AccountService accounts, SignInManager<LodestarUser> signIn, SignInGuard guard)
    {
        var (problems, retryAfter) = await ChangeOwnPasswordAsync(http, request.CurrentPassword, request.NewPassword, accounts, signIn, guard);
        if (retryAfter is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: Text.T("Tạm dừng", "Paused"), detail: problems[0].Message.ToString());
        }

        return problems.Count == 0 ? TypedResults.NoContent() : ApiProblems.Invalid(problems);
    }

    /// <summary>
    /// The change behind the API and the page <c>/account/password</c>: a new stamp ends every other session and token;
    /// a browser that asked keeps its sign-in with a cookie re-issued under the new stamp (a bearer token simply ends).
    /// Wrong current passwords count with the sign-in guard's failures of the name; while it pauses nothing is checked and
    /// the answer says how long to wait (sets Retry-After).
    /// </summary>
    public static async Task<(IReadOnlyList<Problem> Problems, TimeSpan? RetryAfter)> ChangeOwnPasswordAsync(
        HttpContext http, string? currentPassword, string? newPassword, AccountService accounts, SignInManager<LodestarUser> signIn, SignInGuard guard)
    {
        var name = http.User.Identity?.Name ?? string.Empty;
        var from = http.Connection.RemoteIpAddress;
        var wait = guard.PausedFor(name, from);
        if (wait is null)
        {
            var outcome = await accounts.ChangeOwnPasswordAsync(http.User, currentPassword, newPassword);
            if (outcome.Value is { } user && http.User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme)
            {
                await signIn.RefreshSignInAsync(user);
            }

            if (!outcome.Problems.Any(p => p.Field == "currentPassword"))
            {
                return (outcome.Problems, null);
            }

            wait = await guard.CountWrongPasswordAsync(name, from);
            if (wait is null)
            {
                return (outcome.Problems, null);
            }
        }

        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = SignInGuard.PauseMessage(wait.Value);
        return ([new Problem("currentPassword", new Msg(message, message))], wait);
    }
}
