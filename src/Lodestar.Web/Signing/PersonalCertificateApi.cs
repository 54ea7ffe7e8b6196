using System.Security.Claims;
using Lodestar.Signing;
using Lodestar.Web.Common;
using Lodestar.Web.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Signing;

/// <summary>What the caller keeps for personal signatures: whether the deployment has them on, and their certificate (never its key or password).</summary>
public sealed record PersonalCertificateDto(bool Enabled, PersonalCertificateInfo? Certificate);

/// <summary>The caller's own signing certificate (issue 20 item 3), as the page /account/signing: see, upload or replace, remove.</summary>
public static class PersonalCertificateApi
{
    public static void MapPersonalCertificateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/me").WithTags("Signing").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/signing-certificate", GetAsync)
            .WithSummary("The caller's personal signing certificate: { enabled (LODESTAR_SIGNING_PERSONAL), certificate: { subject, issuer, thumbprint, notBefore, notAfter, uploadedAt } or null }.");
        api.MapPut("/signing-certificate", PutAsync).DisableAntiforgery()
            .WithSummary("Keep the caller's own PKCS#12 (multipart: file, password) to sign what they approve or issue; replaces the one kept. 400 keyed file or password when it does not open, holds no private key, is not valid today or does not chain to a trusted root; nothing is kept then.");
        api.MapDelete("/signing-certificate", DeleteAsync)
            .WithSummary("Remove the caller's personal certificate: the organisation signs alone again, naming them in the reason. 404 when there is none.");
    }

    private static async Task<Results<Ok<PersonalCertificateDto>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, PersonalCertificateService personal, CancellationToken ct) =>
        NotificationsPage.UserId(user) is not (> 0 and var id) ? NoAccount()
            : TypedResults.Ok(new PersonalCertificateDto(personal.Enabled, await personal.OfAsync(id, ct)));

    private static async Task<Results<Ok<PersonalCertificateDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpRequest request, ClaimsPrincipal user, PersonalCertificateService personal, CancellationToken ct)
    {
        if (NotificationsPage.UserId(user) is not (> 0 and var id))
        {
            return NoAccount();
        }

        if (!request.HasFormContentType)
        {
            return ApiProblems.Invalid("file", "Gửi tệp PKCS#12 (multipart: file, password).", "Send the PKCS#12 file (multipart: file, password).");
        }

        var form = await request.ReadFormAsync(ct);
        var outcome = await personal.UploadAsync(id, await ReadAsync(form.Files.GetFile("file"), ct), form["password"].ToString(), ct);
        return outcome.Value is { } info ? TypedResults.Ok(new PersonalCertificateDto(true, info)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ClaimsPrincipal user, PersonalCertificateService personal, CancellationToken ct) =>
        NotificationsPage.UserId(user) is not (> 0 and var id) ? NoAccount()
            : await personal.RemoveAsync(id, ct) ? TypedResults.NoContent()
            : ApiProblems.NotFound("Tài khoản chưa có chứng thư số cá nhân.", "The account keeps no personal certificate.");

    /// <summary>The bytes of the uploaded file; null when there is none or it is larger than a PKCS#12 can be (the service says so).</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is not { Length: > 0 and <= PersonalCertificateService.MaxBytes })
        {
            return null;
        }

        using var bytes = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(bytes, ct);
        }

        return bytes.ToArray();
    }

    /// <summary>An API key is another system, not a person: it has no personal certificate.</summary>
    private static ProblemHttpResult NoAccount() =>
        ApiProblems.Forbidden("Khóa API không có chứng thư số cá nhân; hãy dùng tài khoản người dùng.", "An API key has no personal certificate; use a user account.");
}
