using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Reporting;

/// <summary>
/// A phone's outbox sends a write again when the first answer was lost (ADR 0021): with the same Idempotency-Key the
/// server answers as the first time and acts once — one draft save, one evidence file — and refuses the key elsewhere.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class IdempotencyKeyTests(LodestarFactory app)
{
    // A 1 × 1 PNG.
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task AWriteSentTwiceWithOneKey_ActsOnce_AndAnswersTheSame()
    {
        // Draft saves and files only: the report stays editable, as the tests that pick editable reports expect.
        var (unit, period) = (await DemoReports.EditableAsync(app))[^14];
        var url = $"/api/v1/reports/{DemoReports.Form}/{unit}/{period}";
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, unit);
        var before = await Api.GetOkAsync(officer, url);
        var version = before.GetProperty("version").GetInt32();
        var values = (await DemoReports.PlausibleValuesAsync(officer, unit, period)).Select(v => new { dataElement = v.Key, value = v.Value, comment = "Gửi lại từ điện thoại" }).ToArray();

        var saveKey = Guid.NewGuid().ToString("N");
        using var first = await SendAsync(officer, HttpMethod.Put, url, JsonContent.Create(new { version, submit = false, values }), saveKey);
        using var again = await SendAsync(officer, HttpMethod.Put, url, JsonContent.Create(new { version, submit = false, values }), saveKey);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Content.Headers.ContentType?.MediaType, again.Content.Headers.ContentType?.MediaType);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        var saved = (await Api.ReadAsync(first)).Json.GetProperty("version").GetInt32();
        Assert.True(saved > version);
        Assert.Equal(saved, (await Api.GetOkAsync(officer, url)).GetProperty("version").GetInt32());

        // Without the key the same stale save is what it is: a conflict.
        using var stale = await SendAsync(officer, HttpMethod.Put, url, JsonContent.Create(new { version, submit = false, values }), key: null);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var fileKey = Guid.NewGuid().ToString("N");
        var name = $"anh-{fileKey[..8]}.png";
        for (var i = 0; i < 2; i++)
        {
            using var attached = await SendAsync(officer, HttpMethod.Post, $"{url}/evidence", Files(name), fileKey);
            Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        }

        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), $"/reports/{DemoReports.Form}/{unit}/{period}");
        Assert.Single(page.QuerySelectorAll("#evidence-list a"), a => a.TextContent == name);

        // The key names one write: used for another address it is refused, and nothing runs.
        using var elsewhere = await SendAsync(officer, HttpMethod.Post, $"{url}/evidence", Files("khac.png"), saveKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere.StatusCode);
        using var malformed = await SendAsync(officer, HttpMethod.Post, $"{url}/evidence", Files("khac.png"), "khóa có dấu");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private static MultipartFormDataContent Files(string name)
    {
        var file = new ByteArrayContent(Photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "files", name } };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, HttpContent content, string? key)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }
}
