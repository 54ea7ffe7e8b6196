using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Auth;

/// <summary>
/// Issue 15: two-factor sign-in with an authenticator app (TOTP, RFC 6238). A user turns it on by confirming a code;
/// then the sign-in page and the token endpoint ask for the code after the right password; recovery codes work once;
/// with LODESTAR_TWO_FACTOR=required administrators and the DX office must set it up before anything else.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class TwoFactorTests(LodestarFactory app)
{
    /// <summary>The code an authenticator app shows for the key now (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits).</summary>
    private static string Code(string key, int stepOffset = 0)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant().Select(c => Convert.ToString(Alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        var secret = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30) + stepOffset;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; this computes what the phone shows
        var hash = HMACSHA1.HashData(secret, message);
#pragma warning restore CA5350
        var at = hash[^1] & 0x0F;
        var number = ((hash[at] & 0x7F) << 24) | (hash[at + 1] << 16) | (hash[at + 2] << 8) | hash[at + 3];
        return (number % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string form, Dictionary<string, string> values) =>
        await SubmitAsync(client, FormNamed(await GetPageAsync(client, url), form), url, values);

    /// <summary>Signs in with the password; answers the page the browser lands on (the code step, or a redirect).</summary>
    private static async Task<HttpResponseMessage> PasswordAsync(HttpClient client, string userName) =>
        await PostFormAsync(client, "/login", "login", new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = LodestarFactory.UserPassword });

    private static async Task<string> TurnOnAsync(HttpClient client)
    {
        var page = await GetPageAsync(client, "/account/two-factor");
        var key = Text(page.QuerySelector("#shared-key")!);
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector("#qr")!.GetAttribute("src"), StringComparison.Ordinal);
        using var wrong = await SubmitAsync(client, FormNamed(page, "on"), "/account/two-factor", new Dictionary<string, string> { ["On.Code"] = Code(key, 40) });
        Assert.Contains("Mã không đúng", Text((await ParseAsync(wrong)).QuerySelector("ul.error")!), StringComparison.Ordinal);
        using var on = await SubmitAsync(client, FormNamed(await GetPageAsync(client, "/account/two-factor"), "on"), "/account/two-factor", new Dictionary<string, string> { ["On.Code"] = Code(key) });
        var done = await ParseAsync(on);
        Assert.Equal(10, done.QuerySelectorAll("#recovery-codes li").Length);
        return key + "|" + Text(done.QuerySelectorAll("#recovery-codes li")[0]);
    }

    [Fact]
    public async Task OnceTurnedOn_ThePageAndTheTokenAskTheCode_AfterTheRightPassword()
    {
        var user = await app.CreateUserAsync("t.hai-lop.xem", Roles.Viewer, DemoUnits.Province);
        var browser = app.CreatePageClient();
        using (var signedIn = await PasswordAsync(browser, user))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var parts = (await TurnOnAsync(browser)).Split('|');
        var (key, recovery) = (parts[0], parts[1]);

        // The page: the right password leads to the code step, not in; a wrong code is named; the right one signs in.
        var next = app.CreatePageClient();
        using (var step = await PasswordAsync(next, user))
        {
            Assert.Equal(HttpStatusCode.OK, step.StatusCode);
            var page = await ParseAsync(step);
            using var wrong = await SubmitAsync(next, FormNamed(page, "code"), "/login", new Dictionary<string, string> { ["Code.Value"] = "000000" == Code(key) ? "111111" : "000000" });
            var again = await ParseAsync(wrong);
            Assert.True(again.QuerySelector("[role=alert]") is not null, $"{(int)wrong.StatusCode} {again.Body?.TextContent}");
            Assert.Contains("Mã xác thực không đúng", Text(again.QuerySelector("[role=alert]")!), StringComparison.Ordinal);
            using var right = await SubmitAsync(next, FormNamed(again, "code"), "/login", new Dictionary<string, string> { ["Code.Value"] = Code(key) });
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        }

        using (var home = await next.GetAsync(new Uri("/tasks", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        }

        // The token endpoint: without the code 401 saying a code is needed; with the code, or a recovery code once, a token.
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        using (var bare = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = LodestarFactory.UserPassword }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
            Assert.Contains("\"twoFactorRequired\":true", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var coded = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = LodestarFactory.UserPassword, twoFactorCode = Code(key) }))
        {
            Assert.Equal(HttpStatusCode.OK, coded.StatusCode);
        }

        using (var once = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = LodestarFactory.UserPassword, twoFactorCode = recovery }))
        {
            Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        }

        using var twice = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = LodestarFactory.UserPassword, twoFactorCode = recovery });
        Assert.Equal(HttpStatusCode.Unauthorized, twice.StatusCode);
    }

    [Fact]
    public async Task WhenRequired_TheDxOffice_SetsItUpBeforeAnythingElse()
    {
        var user = await app.CreateUserAsync("t.hai-lop.vp", Roles.DxOffice, DemoUnits.Province);
        using var required = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_TWO_FACTOR", "required"));
        var browser = required.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

        using (var client = required.CreateClient(LodestarFactory.NoRedirects))
        using (var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = LodestarFactory.UserPassword }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
            Assert.Contains("/account/two-factor", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var signedIn = await PasswordAsync(browser, user))
        {
            Assert.EndsWith("/account/two-factor", signedIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using (var elsewhere = await browser.GetAsync(new Uri("/tasks", UriKind.Relative)))
        {
            Assert.EndsWith("/account/two-factor", elsewhere.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var key = (await TurnOnAsync(browser)).Split('|')[0];
        using (var now = await browser.GetAsync(new Uri("/tasks", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        }

        // Required for the role: the page offers no way to turn it off.
        Assert.Null((await GetPageAsync(browser, "/account/two-factor")).QuerySelector("form[name=off], input[name='Off.Code']"));
        using var coded = await required.CreateClient(LodestarFactory.NoRedirects).PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = LodestarFactory.UserPassword, twoFactorCode = Code(key) });
        Assert.Equal(HttpStatusCode.OK, coded.StatusCode);
    }
}
