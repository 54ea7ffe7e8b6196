using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>The server-rendered pages /units and /units/{code}, read as HTML with a signed-in cookie.</summary>
[Collection(SharedApp.Name)]
public sealed class UnitPagesTests(LodestarFactory app)
{
    [Fact]
    public async Task Units_Anonymous_RedirectsToLogin()
    {
        using var client = app.CreatePageClient();

        using var response = await client.GetAsync(new Uri("/units", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Funits", response.Headers.Location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsErrorAndStaysOnPage()
    {
        using var client = app.CreatePageClient();
        var login = await Html.GetPageAsync(client, "/login");

        using var response = await Html.SubmitAsync(client, Html.FormNamed(login, "login"), "/login", new Dictionary<string, string>
        {
            ["Input.UserName"] = "admin",
            ["Input.Password"] = "Sai-Mat-Khau-1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", Html.Text(page.QuerySelector("[role=alert]")!));
    }

    [Fact]
    public async Task Units_AdminSearchesWithoutDiacritics_LinksToLangSon()
    {
        using var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/units?q=lang+son");

        var link = page.QuerySelectorAll("main table a").Single(a => Html.Text(a) == "Tỉnh Lạng Sơn");
        Assert.StartsWith("/units/20", link.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_Province_ShowsHeadAndHeadHistoryTable()
    {
        using var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/units/20");

        Assert.Equal("Tỉnh Lạng Sơn", Html.Text(page.QuerySelector("main h1")!));
        Assert.Equal("Người đứng đầu", Html.Text(page.QuerySelector("h2#head")!));
        var table = page.QuerySelector("table[aria-labelledby=head]");
        Assert.NotNull(table);
        Assert.Equal("Lịch sử người đứng đầu", Html.Text(table.QuerySelector("caption")!));
        var rows = table.QuerySelectorAll("tbody tr");
        Assert.True(rows.Length >= 2, $"expected the two demo terms at least, got {rows.Length}");
        Assert.Contains(rows, r => r.Children[2].TextContent == "16/03/2026");
        Assert.Contains(rows, r => r.Children[3].TextContent == "15/03/2026");
    }

    [Fact]
    public async Task Unit_HeadPosition_BadgeIsAWordApartFromTitle()
    {
        using var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/units/20");

        // Screen readers and search read the heading's text: the badge must not run into the title.
        var headings = page.QuerySelectorAll("section[aria-labelledby=positions] h3").Select(Html.Text).ToList();
        Assert.Contains("Chủ tịch Ủy ban nhân dân tỉnh người đứng đầu", headings);
        Assert.Contains("Phó Chủ tịch Ủy ban nhân dân tỉnh", headings);
    }

    [Fact]
    public async Task Unit_EnglishSwitch_RendersPageInEnglish()
    {
        using var client = await app.SignInAsAdminAsync();

        using var switched = await client.GetAsync(new Uri("/lang/en?returnUrl=/units/20", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/units/20", switched.Headers.Location!.OriginalString);
        var page = await Html.GetPageAsync(client, "/units/20");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Head of unit", Html.Text(page.QuerySelector("h2#head")!));
        Assert.Equal("Head history", Html.Text(page.QuerySelector("table[aria-labelledby=head] caption")!));
        Assert.Equal("Details", Html.Text(page.QuerySelector("main section h2")!));
    }

    [Fact]
    public async Task Unit_ScopedUserOutsideScope_Returns403()
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync("t.page.viewer", Roles.Viewer, units.Commune);
        using var client = await app.SignInAsync(userName, LodestarFactory.UserPassword);

        using var inside = await client.GetAsync(new Uri($"/units/{units.Commune}", UriKind.Relative));
        using var other = await client.GetAsync(new Uri($"/units/{units.OtherCommune}", UriKind.Relative));
        using var province = await client.GetAsync(new Uri("/units/20", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, province.StatusCode);
        var page = await Html.ParseAsync(other);
        Assert.Equal("Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", Html.Text(page.QuerySelector("[role=alert]")!));
    }
}
