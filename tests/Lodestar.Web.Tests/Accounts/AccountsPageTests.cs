using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Accounts;

/// <summary>The administrator manages accounts from the UI: create with role and scope, refuse bad input, lock.</summary>
[Collection(SharedApp.Name)]
public sealed class AccountsPageTests(LodestarFactory app)
{
    [Fact]
    public async Task Create_ThroughTheForm_GivesAScopedAccountThatCanSignIn()
    {
        using var browser = await app.SignInAsAdminAsync();
        var page = await Html.GetPageAsync(browser, "/admin/accounts");
        using var response = await Html.SubmitAsync(browser, Html.FormNamed(page, "create"), "/admin/accounts", new Dictionary<string, string>
        {
            ["Create.UserName"] = "so.khcn.langson",
            ["Create.FullName"] = "Cán bộ Sở KH&CN",
            ["Create.Role"] = Roles.DxOffice,
            ["Create.Scope"] = "20",
            ["Create.Password"] = "Sokhcn2026ls",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var list = await Html.GetPageAsync(browser, "/admin/accounts?saved=true");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("so.khcn.langson", StringComparison.Ordinal));
        Assert.Contains("Tỉnh Lạng Sơn", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(Roles.Label(Roles.DxOffice, english: false), row.TextContent, StringComparison.Ordinal);

        var token = await app.TokenAsync("so.khcn.langson", "Sokhcn2026ls");
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("/api/v1/org-units/20", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync(new Uri("/api/v1/org-units/01", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Create_WithAWeakPasswordAndUnknownScope_ShowsEveryProblemAndCreatesNothing()
    {
        using var browser = await app.SignInAsAdminAsync();
        var page = await Html.GetPageAsync(browser, "/admin/accounts");
        using var response = await Html.SubmitAsync(browser, Html.FormNamed(page, "create"), "/admin/accounts", new Dictionary<string, string>
        {
            ["Create.UserName"] = "yeu.mat.khau",
            ["Create.FullName"] = "Người Thử",
            ["Create.Role"] = Roles.Viewer,
            ["Create.Scope"] = "99999",
            ["Create.Password"] = "abc",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Html.ParseAsync(response);
        var alert = Html.Text(answer.QuerySelector("[role=alert]")!);
        Assert.Contains("Không có đơn vị mã 99999", alert, StringComparison.Ordinal);
        var again = await Html.GetPageAsync(browser, "/admin/accounts");
        Assert.DoesNotContain("yeu.mat.khau", again.Body!.TextContent, StringComparison.Ordinal);

        // With the scope fixed, the password rules speak.
        using var second = await Html.SubmitAsync(browser, Html.FormNamed(again, "create"), "/admin/accounts", new Dictionary<string, string>
        {
            ["Create.UserName"] = "yeu.mat.khau",
            ["Create.FullName"] = "Người Thử",
            ["Create.Role"] = Roles.Viewer,
            ["Create.Scope"] = "20",
            ["Create.Password"] = "abc",
        });
        var rules = Html.Text((await Html.ParseAsync(second)).QuerySelector("[role=alert]")!);
        Assert.Contains("Mật khẩu phải có ít nhất 10 ký tự.", rules, StringComparison.Ordinal);
        Assert.Contains("chữ số", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_ThroughTheForm_StopsTheAccountSigningIn()
    {
        await app.CreateUserAsync("bi.khoa", Roles.Viewer, "20");
        Assert.False(string.IsNullOrEmpty(await app.TokenAsync("bi.khoa", LodestarFactory.UserPassword)));

        using var browser = await app.SignInAsAdminAsync();
        var page = await Html.GetPageAsync(browser, "/admin/accounts");
        var form = page.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("bi.khoa", StringComparison.Ordinal)).QuerySelector("form")!;
        using var response = await Html.SubmitAsync(browser, (AngleSharp.Html.Dom.IHtmlFormElement)form, "/admin/accounts", new Dictionary<string, string>
        {
            ["Edit.Role"] = Roles.Viewer,
            ["Edit.Scope"] = "20",
            ["Edit.Locked"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        using var client = app.CreateClient();
        using var refused = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "bi.khoa", password = LodestarFactory.UserPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData(Roles.DxOffice)]
    [InlineData(Roles.Viewer)]
    public async Task AccountsPage_ForOtherRoles_IsDenied(string role)
    {
        var userName = await app.CreateUserAsync($"khong.quyen.{role}", role, "20");
        using var browser = await app.SignInAsync(userName, LodestarFactory.UserPassword);
        using var response = await browser.GetAsync(new Uri("/admin/accounts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
