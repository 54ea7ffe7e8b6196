using System.Globalization;
using System.Net;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Publishing;

/// <summary>The public endpoints' limit, in a host of its own (the shared one runs with the limit off).</summary>
[Collection(SharedApp.Name)]
public sealed class RateLimitTests(LodestarFactory app)
{
    [Fact]
    public async Task BeyondTheLimit_Answers429WithRetryAfter_AndTheStaffApiIsNotLimited()
    {
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_PUBLIC_RATE_LIMIT", "3").UseSetting("LODESTAR_PUBLIC_RATE_WINDOW", "120"));
        using var client = limited.CreateClient(LodestarFactory.NoRedirects);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync(new Uri("/api/v1/public/rankings", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await client.GetAsync(new Uri("/api/v1/public/indicators", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retry = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retry, 1, 120);

        // The portal pages share the public limit; the health check and sign-in pages do not.
        using var page = await client.GetAsync(new Uri("/cong-khai", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
