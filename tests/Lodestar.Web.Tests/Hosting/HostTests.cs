using System.Net;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Hosting;

[Collection(SharedApp.Name)]
public sealed class HostTests(LodestarFactory app)
{
    [Fact]
    public async Task Healthz_AppAndDatabaseUp_Returns200()
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/org-units", "get")]
    [InlineData("/api/v1/org-units/{code}", "get")]
    [InlineData("/api/v1/org-units/{code}/lineage", "get")]
    [InlineData("/api/v1/org-units/{code}/head", "get")]
    [InlineData("/api/v1/audit", "get")]
    [InlineData("/api/v1/auth/token", "post")]
    public async Task OpenApi_Document_ListsStableEndpoint(string path, string method)
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        var doc = await Api.GetOkAsync(client, "/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var item),
            $"{path} is not in the OpenAPI document; it lists: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(item.TryGetProperty(method, out _), $"{path} has no {method} operation");
    }
}
