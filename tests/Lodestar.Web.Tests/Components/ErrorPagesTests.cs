using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Components;

/// <summary>Errors of pages are pages in the layout, in Vietnamese or English, with a way back; the API's stay problem+json.</summary>
[Collection(SharedApp.Name)]
public sealed class ErrorPagesTests(LodestarFactory app)
{
    private static async Task<IHtmlDocument> ErrorPageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await Html.ParseAsync(response);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":" + (int)status, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string[] WaysBack(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("section.error-page ul.ways-back a").Select(a => a.GetAttribute("href")!)];

    [Theory]
    [InlineData("/khong-co-trang-nay", "nav.side", "/")]
    [InlineData("/cong-khai/khong-co-trang-nay", "header.pub-top", "/cong-khai")]
    public async Task UnknownPage_IsA404PageInItsLayout_WithAWayHome(string url, string layout, string home)
    {
        using var client = app.CreatePageClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var page = await ErrorPageAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Không tìm thấy trang", Html.Text(page.QuerySelector("h1")!));
        Assert.NotNull(page.QuerySelector(layout));
        Assert.Contains(home, WaysBack(page));
        Assert.StartsWith("Không tìm thấy trang", page.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_InEnglish_SaysSoInEnglish_AndLinksBackToWhereTheReaderCameFrom()
    {
        using var client = app.CreatePageClient();
        using (await client.GetAsync(new Uri("/lang/en?returnUrl=/cong-khai", UriKind.Relative)))
        {
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/cong-khai/chuong-trinh-cu", UriKind.Relative));
        request.Headers.Referrer = new Uri(client.BaseAddress!, "/cong-khai/dti");
        using var response = await client.SendAsync(request);

        var page = await ErrorPageAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Page not found", Html.Text(page.QuerySelector("h1")!));
        Assert.Equal(["/cong-khai/dti", "/cong-khai"], WaysBack(page));
    }

    [Fact]
    public async Task UnknownApiAddress_StaysProblemJson()
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.GetAsync(new Uri("/api/v1/khong-co", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PageOutsideTheRole_LeadsToTheAccessDeniedPageInTheLayout()
    {
        var userName = await app.CreateUserAsync("loi.403.viewer", Roles.Viewer, "20");
        using var browser = await app.SignInAsync(userName, LodestarFactory.UserPassword);
        using var refused = await browser.GetAsync(new Uri("/admin/accounts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);

        using var response = await browser.GetAsync(refused.Headers.Location!);

        // The refusal itself is the redirect; the page it leads to explains it.
        var page = await ErrorPageAsync(response, HttpStatusCode.OK);
        Assert.Equal("Không có quyền truy cập", Html.Text(page.QuerySelector("h1")!));
        Assert.NotNull(page.QuerySelector("nav.side"));
        Assert.Contains("/", WaysBack(page));
    }

    [Theory]
    [InlineData(403, "Không có quyền truy cập")]
    [InlineData(429, "Quá nhiều yêu cầu")]
    [InlineData(500, "Hệ thống gặp lỗi")]
    public async Task ErrorPage_AnswersItsStatus_InTheLayout(int status, string title)
    {
        using var client = app.CreatePageClient();

        using var response = await client.GetAsync(new Uri($"/loi/{status}", UriKind.Relative));

        var page = await ErrorPageAsync(response, (HttpStatusCode)status);
        Assert.Equal(title, Html.Text(page.QuerySelector("h1")!));
        Assert.Contains("/", WaysBack(page));
    }

    [Fact]
    public async Task PostOfAFormToAnAddressThatDoesNotExist_IsTheErrorPageToo()
    {
        using var client = app.CreatePageClient();
        using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/khong-co-trang-nay", UriKind.Relative), body);

        var page = await ErrorPageAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Không tìm thấy trang", Html.Text(page.QuerySelector("h1")!));
    }

    [Fact]
    public async Task PublicPortal_BeyondTheLimit_IsA429PageSayingWhenToRetry_AndThePublicApiStaysProblemJson()
    {
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_PUBLIC_RATE_LIMIT", "1").UseSetting("LODESTAR_PUBLIC_RATE_WINDOW", "120"));
        using var client = limited.CreateClient(LodestarFactory.NoRedirects);
        using (var first = await client.GetAsync(new Uri("/cong-khai", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await client.GetAsync(new Uri("/cong-khai/dti", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("/api/v1/public/rankings", UriKind.Relative));

        var page = await ErrorPageAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("Quá nhiều yêu cầu", Html.Text(page.QuerySelector("h1")!));
        Assert.Matches(new Regex("Hãy thử lại sau [0-9]+ giây\\."), Html.Text(page.QuerySelector("section.error-page p.lead")!));
        Assert.NotNull(page.QuerySelector("header.pub-top"));
        Assert.Contains("/cong-khai", WaysBack(page));
        await AssertProblemAsync(api, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task UnexpectedFailure_OfAPage_IsA500PageInTheLayout_AndOfTheApi_ProblemJson()
    {
        await using var failing = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, FailingAddresses>()));
        using var client = failing.CreateClient(LodestarFactory.NoRedirects);

        using var response = await client.GetAsync(new Uri("/kiem-thu/hong", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("/api/kiem-thu/hong", UriKind.Relative));

        var page = await ErrorPageAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("Hệ thống gặp lỗi", Html.Text(page.QuerySelector("h1")!));
        Assert.DoesNotContain("InvalidOperationException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("/", WaysBack(page));
        await AssertProblemAsync(api, HttpStatusCode.InternalServerError);
    }

    /// <summary>Adds, after the application's own pipeline, two addresses that fail as a bug would.</summary>
    private sealed class FailingAddresses : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            next(builder);
            builder.Use((context, following) => context.Request.Path.Value?.EndsWith("/kiem-thu/hong", StringComparison.Ordinal) == true
                ? throw new InvalidOperationException("A failure as a bug would cause it.")
                : following(context));
        };
    }
}
