using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Auth;

/// <summary>
/// Sign-ins do not outlive what their account may do: locking, demoting, re-scoping and signing out end every cookie and
/// bearer token of the account at its next request, copies included.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class SessionRevocationTests(LodestarFactory app)
{
    public enum Change
    {
        Lock,
        Demote,
        Rescope,
    }

    /// <summary>Signs in through the login form and answers the Cookie header a browser would send afterwards.</summary>
    private async Task<string> SignInCookiesAsync(string userName)
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        using var login = await client.GetAsync(new Uri("/login", UriKind.Relative));
        var cookies = CookiesOf(login);
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        var form = Html.FormNamed(await Html.ParseAsync(login), "login");
        using var response = await Html.SubmitAsync(client, form, "/login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = LodestarFactory.UserPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies + "; " + CookiesOf(response);
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

    private HttpClient ClientWithCookies(string cookies)
    {
        var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return client;
    }

    private async Task<(HttpClient Cookie, HttpClient Bearer)> SignInBothWaysAsync(string userName)
    {
        var cookie = ClientWithCookies(await SignInCookiesAsync(userName));
        var bearer = app.CreateClient(LodestarFactory.NoRedirects);
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(userName, LodestarFactory.UserPassword));
        return (cookie, bearer);
    }

    private static async Task AssertSignedInAsync(HttpClient cookie, HttpClient bearer, string unit)
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(bearer, $"/api/v1/org-units/{unit}")).Status);
        using var page = await cookie.GetAsync(new Uri("/reports", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task AssertSignedOutAsync(HttpClient cookie, HttpClient bearer, string unit)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync(bearer, $"/api/v1/org-units/{unit}")).Status);
        using var page = await cookie.GetAsync(new Uri("/reports", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Change.Lock)]
    [InlineData(Change.Demote)]
    [InlineData(Change.Rescope)]
    public async Task AChangeOfTheAccount_EndsItsCookiesAndTokensAtOnce(Change change)
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync($"t.revoke.{change.ToString().ToLowerInvariant()}", Roles.ReportingOfficer, units.Commune);
        var (cookie, bearer) = await SignInBothWaysAsync(userName);
        using (cookie)
        using (bearer)
        {
            await AssertSignedInAsync(cookie, bearer, units.Commune);

            await using (var scope = app.Services.CreateAsyncScope())
            {
                var user = (await scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>().FindByNameAsync(userName))!;
                var outcome = await scope.ServiceProvider.GetRequiredService<AccountService>().UpdateAsync(user.Id,
                    change == Change.Demote ? Roles.Viewer : Roles.ReportingOfficer,
                    change == Change.Rescope ? units.OtherCommune : units.Commune,
                    locked: change == Change.Lock);
                Assert.True(outcome.Succeeded);
            }

            await AssertSignedOutAsync(cookie, bearer, units.Commune);
        }
    }

    [Fact]
    public async Task SigningOut_EndsEveryCopyOfTheCookieAndTheTokens_AndNeedsTheAntiforgeryToken()
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync("t.revoke.signout", Roles.ReportingOfficer, units.Commune);
        var cookies = await SignInCookiesAsync(userName);
        using var cookie = ClientWithCookies(cookies);
        using var copy = ClientWithCookies(cookies);
        using var bearer = app.CreateClient(LodestarFactory.NoRedirects);
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(userName, LodestarFactory.UserPassword));
        {
            var home = await Html.GetPageAsync(cookie, "/reports");
            var signOut = home.Forms.OfType<IHtmlFormElement>().Single(f => f.GetAttribute("action") == "/logout");

            // Without the antiforgery token a cross-site page cannot sign the user out.
            using (var forged = await cookie.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent([])))
            {
                Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            }

            await AssertSignedInAsync(copy, bearer, units.Commune);
            using (var response = await Html.SubmitAsync(cookie, signOut, "/reports", new Dictionary<string, string>()))
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }

            await AssertSignedOutAsync(copy, bearer, units.Commune);
        }
    }
}
