using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Accounts;

/// <summary>
/// Every signed-in user changes his own password (page /account/password and POST /api/v1/account/password): the current
/// password must be right, the new one follows the rules; every other session and token of the account ends, the
/// browser that made the change stays signed in.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PasswordChangeTests(LodestarFactory app)
{
    private const string NewPassword = "Doi-Mat-Khau-Moi-2026";

    [Fact]
    public async Task ChangeOnThePage_KeepsThisBrowserSignedIn_AndEndsEveryOtherSessionAndToken()
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync("t.pw.page", Roles.ReportingOfficer, units.Commune);
        using var browser = await app.SignInAsync(userName, LodestarFactory.UserPassword);
        using var otherBrowser = await app.SignInAsync(userName, LodestarFactory.UserPassword);
        using var token = Bearer(await app.TokenAsync(userName, LodestarFactory.UserPassword));

        var home = await Html.GetPageAsync(browser, "/reports");
        Assert.NotNull(home.QuerySelector("header a[href='/account/password']")); // the layout links it next to the user name
        var page = await Html.GetPageAsync(browser, "/account/password");
        using var response = await Html.SubmitAsync(browser, Html.FormNamed(page, "password"), "/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = LodestarFactory.UserPassword,
            ["Input.NewPassword"] = NewPassword,
            ["Input.RepeatPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await Html.GetPageAsync(browser, "/account/password?saved=true");
        Assert.NotNull(saved.QuerySelector("[role=status]"));
        using (var stillIn = await browser.GetAsync(new Uri("/reports", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        using (var ended = await otherBrowser.GetAsync(new Uri("/reports", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.Contains("/login", ended.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token, $"/api/v1/org-units/{units.Commune}")).Status);
        Assert.False(string.IsNullOrEmpty(await app.TokenAsync(userName, NewPassword)));
    }

    [Fact]
    public async Task ThePage_ShowsEachProblem_AndChangesNothing()
    {
        var userName = await app.CreateUserAsync("t.pw.page.problems", Roles.Viewer, DemoUnits.Province);
        using var browser = await app.SignInAsync(userName, LodestarFactory.UserPassword);

        var differ = await SubmitAsync(browser, LodestarFactory.UserPassword, NewPassword, NewPassword + "x");
        Assert.Contains("Hai lần nhập mật khẩu mới không giống nhau.", differ, StringComparison.Ordinal);
        var wrong = await SubmitAsync(browser, "Sai-Mat-Khau-2026", NewPassword, NewPassword);
        Assert.Contains("Mật khẩu hiện tại không đúng.", wrong, StringComparison.Ordinal);
        var common = await SubmitAsync(browser, LodestarFactory.UserPassword, "Password12", "Password12");
        Assert.Contains("quá phổ biến", common, StringComparison.Ordinal);

        // Nothing changed: the first password still signs in.
        Assert.False(string.IsNullOrEmpty(await app.TokenAsync(userName, LodestarFactory.UserPassword)));

        // Without the antiforgery token nothing is posted.
        using var forged = await browser.PostAsync(new Uri("/account/password", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "password",
            ["Input.CurrentPassword"] = LodestarFactory.UserPassword,
            ["Input.NewPassword"] = NewPassword,
            ["Input.RepeatPassword"] = NewPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(string.IsNullOrEmpty(await app.TokenAsync(userName, LodestarFactory.UserPassword)));
    }

    [Fact]
    public async Task ThePage_NeedsASignIn()
    {
        using var anonymous = app.CreatePageClient();
        using var response = await anonymous.GetAsync(new Uri("/account/password", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeByApi_EndsEveryToken_AndRefusesAWrongCurrentOrCommonPassword()
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync("t.pw.api", Roles.UnitHead, units.Commune);
        using var caller = Bearer(await app.TokenAsync(userName, LodestarFactory.UserPassword));
        using var other = Bearer(await app.TokenAsync(userName, LodestarFactory.UserPassword));

        var wrong = await AccountsApiTests.PostAsync(caller, "/api/v1/account/password", new { currentPassword = "Sai-Mat-Khau-2026", newPassword = NewPassword }, "en");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("current password is wrong", wrong["errors"].GetProperty("currentPassword")[0].GetString(), StringComparison.Ordinal);
        var common = await AccountsApiTests.PostAsync(caller, "/api/v1/account/password", new { currentPassword = LodestarFactory.UserPassword, newPassword = "Qwerty123456" }, "en");
        Assert.Equal(HttpStatusCode.BadRequest, common.Status);
        Assert.Contains("too common", common["errors"].GetProperty("newPassword")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(other, $"/api/v1/org-units/{units.Commune}")).Status);

        var changed = await AccountsApiTests.PostAsync(caller, "/api/v1/account/password", new { currentPassword = LodestarFactory.UserPassword, newPassword = NewPassword });

        Assert.True(changed.Status == HttpStatusCode.NoContent, changed.Describe());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(other, $"/api/v1/org-units/{units.Commune}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(caller, $"/api/v1/org-units/{units.Commune}")).Status); // a token is not renewed
        Assert.False(string.IsNullOrEmpty(await app.TokenAsync(userName, NewPassword)));
    }

    [Fact]
    public async Task WrongCurrentPasswords_CountAsFailedSignIns_AndPauseTheName()
    {
        var userName = await app.CreateUserAsync("t.pw.guess", Roles.Viewer, DemoUnits.Province);
        using var stolen = Bearer(await app.TokenAsync(userName, LodestarFactory.UserPassword));

        var answers = new List<ApiAnswer>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await AccountsApiTests.PostAsync(stolen, "/api/v1/account/password", new { currentPassword = $"Doan-Mat-Khau-{i}-2026", newPassword = NewPassword }, "en"));
        }

        Assert.All(answers.Take(4), a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[4].Status);
        Assert.Contains("try again in 15 minutes", answers[4].Text, StringComparison.Ordinal);

        // Paused: even the right password is not checked, here or at the sign-in; nothing changed.
        var right = await AccountsApiTests.PostAsync(stolen, "/api/v1/account/password", new { currentPassword = LodestarFactory.UserPassword, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        using var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = LodestarFactory.UserPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
    }

    private static async Task<string> SubmitAsync(HttpClient browser, string current, string next, string repeat)
    {
        var page = await Html.GetPageAsync(browser, "/account/password");
        using var response = await Html.SubmitAsync(browser, Html.FormNamed(page, "password"), "/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.RepeatPassword"] = repeat,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Html.Text((await Html.ParseAsync(response)).QuerySelector("[role=alert]")!);
    }

    private HttpClient Bearer(string token)
    {
        var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
