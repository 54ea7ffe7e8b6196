using System.Security.Claims;
using Lodestar.Signing;
using Lodestar.Web.Common;
using Lodestar.Web.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Signing;

/// <summary>What the caller keeps for personal signatures: whether the deployment has them on, and their certificate (never its key or password).</summary>
public sealed record PersonalCertificateDto(bool Enabled, PersonalCertificateInfo? Certificate);

/// <summary>A key on the deployment's PKCS#11 module: the token's label, the label of the certificate and key on it, the PIN.</summary>
public sealed record TokenKeyInput(string? Token, string? Label, string? Pin);

/// <summary>The caller's own signing certificate (issue 20 item 3), as the page /account/signing: see, upload or replace, remove.</summary>
public static class PersonalCertificateApi
{
    public static void MapPersonalCertificateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/me").WithTags("Signing").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/signing-certificate", GetAsync)
            .WithSummary("The caller's personal signing certificate: { enabled (LODESTAR_SIGNING_PERSONAL), certificate: { subject, issuer, thumbprint, notBefore, notAfter, uploadedAt } or null }.");
        api.MapPut("/signing-certificate", PutAsync).DisableAntiforgery()
            .WithSummary("Keep the caller's own PKCS#12 (multipart: file, password) to sign what they approve or issue; replaces the one kept. 400 keyed file or password when it does not open, holds no private key, is not valid today or does not chain to a trusted root; nothing is kept then. "
                + "Or, as JSON { token, label, pin }, a key on the deployment's PKCS#11 module (LODESTAR_SIGNING_PKCS11): 400 keyed token, label or pin when the token is not there or is the organisation's, no certificate with a key has that label, the PIN is wrong, or the certificate is not the caller's (its common name is not their full name), not valid today or not trusted.");
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

        Lodestar.Common.Outcome<PersonalCertificateInfo> outcome;
        if (request.HasJsonContentType())
        {
            var input = await ReadJsonAsync(request, ct);
            outcome = await personal.UseTokenKeyAsync(id, input?.Token, input?.Label, input?.Pin, ct);
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            outcome = await personal.UploadAsync(id, await ReadAsync(form.Files.GetFile("file"), ct), form["password"].ToString(), ct);
        }
        else
        {
            return ApiProblems.Invalid("file", "Gửi tệp PKCS#12 (multipart: file, password) hoặc khóa trên thiết bị (JSON: token, label, pin).",
                "Send the PKCS#12 file (multipart: file, password) or a key on the token (JSON: token, label, pin).");
        }

        return outcome.Value is { } info ? TypedResults.Ok(new PersonalCertificateDto(true, info)) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(ClaimsPrincipal user, PersonalCertificateService personal, CancellationToken ct) =>
        NotificationsPage.UserId(user) is not (> 0 and var id) ? NoAccount()
            : await personal.RemoveAsync(id, ct) ? TypedResults.NoContent()
            : ApiProblems.NotFound("Tài khoản chưa có chứng thư số cá nhân.", "The account keeps no personal certificate.");

    /// <summary>The JSON body; null when it is not a JSON object of those fields (the service then asks for each).</summary>
    private static async Task<TokenKeyInput?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await request.ReadFromJsonAsync<TokenKeyInput>(ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

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
