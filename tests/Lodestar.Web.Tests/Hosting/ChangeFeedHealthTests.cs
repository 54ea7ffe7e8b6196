using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Lodestar.Data;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// An instance says how far it follows the change feed: /metrics shows its position and lag, and /healthz says
/// Degraded once it has not read the feed for longer than LODESTAR_FEED_MAX_LAG_SECONDS — and Healthy again when it
/// can (docs/adr/0016).
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ChangeFeedHealthTests(LodestarFactory app)
{
    [Fact]
    public async Task AnInstanceThatCannotReadTheFeed_IsDegradedPastTheBound_AndHealthyOnceItCanAgain()
    {
        await using var instance = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_FEED_MAX_LAG_SECONDS", "2"));
        using var client = instance.CreateClient(LodestarFactory.NoRedirects);
        // Once the model is built (in the background after the start), it stands at the feed's end: the demo's values.
        var watch = Stopwatch.StartNew();
        string metrics;
        long position;
        do
        {
            metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            position = long.Parse(Regex.Match(metrics, @"^lodestar_feed_position\{otel_scope_name=""Lodestar""\} (\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        }
        while (position == 0 && watch.Elapsed < TimeSpan.FromSeconds(15) && await Delay());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(await scope.ServiceProvider.GetRequiredService<LodestarDbContext>().ChangeBatches.MaxAsync(b => b.Seq), position);
        }

        Assert.Matches(new Regex(@"^lodestar_feed_lag_seconds\{otel_scope_name=""Lodestar""\} [0-9.]+$", RegexOptions.Multiline), metrics);
        Assert.Equal("Healthy", await EventuallyAsync(client, "Healthy"));

        // The feed's table out of reach (as a lost replica or a broken permission would put it): the instance keeps its
        // model but falls behind, and says so.
        await SqlAsync("""ALTER TABLE "ChangeBatches" RENAME TO "ChangeBatchesAway" """);
        try
        {
            Assert.Equal("Degraded", await EventuallyAsync(client, "Degraded"));
        }
        finally
        {
            await SqlAsync("""ALTER TABLE "ChangeBatchesAway" RENAME TO "ChangeBatches" """);
        }

        Assert.Equal("Healthy", await EventuallyAsync(client, "Healthy"));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private async Task SqlAsync(string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LodestarDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Asks /healthz until it says <paramref name="status"/>, at most 15 s; returns the last answer.</summary>
    private static async Task<string> EventuallyAsync(HttpClient client, string status)
    {
        var watch = Stopwatch.StartNew();
        string said;
        do
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // degraded still serves
            said = await response.Content.ReadAsStringAsync();
            if (said != status)
            {
                await Task.Delay(200);
            }
        }
        while (said != status && watch.Elapsed < TimeSpan.FromSeconds(15));

        return said;
    }
}
