using Lodestar.Signing;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestar.Web.Signing;

public static class SigningApi
{
    /// <summary>A signed PDF that is larger than this is refused: evidence uploads are at most 10 MB too.</summary>
    public const long MaxPdfBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Every signed-in account may check a file: verification reads only the uploaded bytes and the deployment's trusted
    /// roots, shows nothing of anyone's data, and communes check the documents they receive as much as the DX office does.
    /// </summary>
    public static void MapSigningApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/signatures/verify", VerifyAsync).DisableAntiforgery().RequireAuthorization(WebServices.ApiPolicy).WithTags("Signing")
            .WithSummary("Check the digital signatures of a PDF (multipart: file): who signed (certificate's common name and organisation), when (the timestamp's time, else the time the signer claims), whether the signed bytes are intact, whether the certificate was valid then, whether it chains to a root the deployment trusts (LODESTAR_SIGNING_TRUSTED_ROOTS), the reason.");
    }

    private static async Task<Results<Ok<SignatureReport>, ValidationProblem>> VerifyAsync(IFormFile? file, SignatureVerifier verifier, CancellationToken ct)
    {
        if (await ReadAsync(file, ct) is not { } pdf)
        {
            return ApiProblems.Invalid("file", NotAPdf.Vi, NotAPdf.En);
        }

        return TypedResults.Ok(verifier.Verify(pdf));
    }

    public static readonly Lodestar.Common.Msg NotAPdf = new("Chọn một tệp PDF (tối đa 10 MB).", "Choose a PDF file (at most 10 MB).");

    /// <summary>The bytes of an uploaded PDF, or null when there is none, it is too large or it has no PDF header in its first 1024 bytes.</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is not { Length: > 0 and <= MaxPdfBytes })
        {
            return null;
        }

        using var bytes = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(bytes, ct);
        }

        var pdf = bytes.ToArray();
        return pdf.AsSpan(0, Math.Min(1024, pdf.Length)).IndexOf("%PDF-"u8) >= 0 ? pdf : null;
    }
}
