using System.Net;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Components;

/// <summary>The shared layout: what every page links to must be served.</summary>
[Collection(SharedApp.Name)]
public sealed class LayoutTests(LodestarFactory app)
{
    [Theory]
    [InlineData("link[rel=stylesheet]", "text/css")]
    [InlineData("link[rel=icon]", "image/svg+xml")]
    public async Task Layout_LinkedAsset_IsServed(string selector, string mediaType)
    {
        using var client = app.CreatePageClient();
        var page = await Html.GetPageAsync(client, "/login");
        var href = page.QuerySelector(selector)?.GetAttribute("href");
        Assert.False(string.IsNullOrEmpty(href), $"the layout has no {selector}");

        using var response = await client.GetAsync(new Uri("/" + href.TrimStart('/'), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }
}
