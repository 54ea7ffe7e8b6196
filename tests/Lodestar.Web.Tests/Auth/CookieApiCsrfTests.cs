using System.Net;
using System.Net.Http.Headers;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Auth;

/// <summary>
/// Another site's page can make the browser post a form or a multipart file with the user's sign-in cookie (CSRF): the
/// API takes writes signed in by the cookie only with the antiforgery token; scripts use bearer tokens.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class CookieApiCsrfTests(LodestarFactory app)
{
    private static MultipartFormDataContent Upload()
    {
        var file = new ByteArrayContent("Mã biểu mẫu,Mã đơn vị\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", "bao-cao.csv" } };
    }

    [Theory]
    [InlineData("/api/v1/reports/import")]
    [InlineData("/api/v1/tasks/import")]
    [InlineData("/api/v1/accounts/import")]
    public async Task MultipartPost_WithTheCookieAlone_IsRefused_WithABearerTokenItIsJudgedOnItsContent(string url)
    {
        using var cookie = await app.SignInAsAdminAsync();
        using (var forged = await cookie.PostAsync(new Uri(url, UriKind.Relative), Upload()))
        {
            var answer = await Api.ReadAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("Thiếu mã chống giả mạo", Api.Str(answer.Json, "title"));
        }

        // The same file from a script with a bearer token reaches the import, which judges (and here refuses) its content.
        var script = await app.AdminClientAsync(); // shared by the suite: not disposed here
        using var real = await script.PostAsync(new Uri(url, UriKind.Relative), Upload());
        var judged = await Api.ReadAsync(real);
        Assert.Equal(HttpStatusCode.BadRequest, judged.Status);
        Assert.NotEqual("Thiếu mã chống giả mạo", Api.Str(judged.Json, "title"));
    }
}
