using System.Collections.Concurrent;
using System.Net.Http.Json;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// Many requests at once on the embedded database, as a busy morning: dashboards, live rollups and value lists read
/// while officers enter values. Every request must succeed, every accepted value must be stored, and the live rollup
/// must add them up. (The timed version, 60 s under wrk, is bench/load/run.sh.)
/// </summary>
[Collection(SharedApp.Name)]
public sealed class MixedLoadTests(LodestarFactory app)
{
    private const int Workers = 8;
    private const int RoundsPerWorker = 40;

    [Fact]
    public async Task ConcurrentReadsAndValueEntry_AllSucceed_AndTheLiveRollupAddsUpEveryAcceptedValue()
    {
        var admin = await app.AdminClientAsync(); // shared by the suite: not disposed here
        var communes = Api.Items(await Api.GetOkAsync(admin, "/api/v1/org-units?parent=20&level=commune&pageSize=200")).Select(u => Api.Str(u, "code")).ToList();
        Assert.True(communes.Count >= 20, $"{communes.Count} communes");
        // Months beyond the programme (2030): what other tests and the demo read stays as it was.
        string[] months = ["203109", "203110"];
        var written = new ConcurrentDictionary<(string Unit, string Period), double>();
        var failures = new ConcurrentBag<string>();
        var next = -1;

        async Task WorkAsync(int worker)
        {
            for (var round = 0; round < RoundsPerWorker; round++)
            {
                var step = (worker + round) % 4;
                if (step == 3 && Interlocked.Increment(ref next) is var k && k < communes.Count * months.Length)
                {
                    var (unit, period, value) = (communes[k % communes.Count], months[k / communes.Count], 100.0 + k);
                    using var post = await admin.PostAsJsonAsync("/api/v1/data-values", new { dataValues = new[] { new { dataElement = "HH_FIBRE", orgUnit = unit, period, value } } });
                    if (post.IsSuccessStatusCode)
                    {
                        written[(unit, period)] = value;
                    }
                    else
                    {
                        failures.Add($"POST {unit} {period}: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
                    }

                    continue;
                }

                var url = step switch
                {
                    0 => "/api/v1/dashboard",
                    1 => $"/api/v1/analytics/rollup?element=HH_FIBRE&period={months[round % 2]}&orgUnit=20",
                    _ => "/api/v1/data-values?dataElement=HH_FIBRE&orgUnit=20&children=true&pageSize=100",
                };
                using var get = await admin.GetAsync(new Uri(url, UriKind.Relative));

                // Before the first value of a month is written, its rollup rightly answers 404.
                if (!get.IsSuccessStatusCode && !(step == 1 && get.StatusCode == System.Net.HttpStatusCode.NotFound))
                {
                    failures.Add($"GET {url}: {(int)get.StatusCode} {await get.Content.ReadAsStringAsync()}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w))));

        Assert.Empty(failures);
        Assert.True(written.Count >= Workers * RoundsPerWorker / 4 - Workers, $"{written.Count} values written");
        foreach (var period in months)
        {
            var expected = written.Where(w => w.Key.Period == period).ToList();
            var stored = Api.Items(await Api.GetOkAsync(admin, $"/api/v1/data-values?dataElement=HH_FIBRE&orgUnit=20&children=true&period={period}&pageSize=500"))
                .ToDictionary(v => Api.Str(v, "orgUnit"), v => v.GetProperty("value").GetDouble());
            Assert.All(expected, w => Assert.Equal(w.Value, stored.GetValueOrDefault(w.Key.Unit)));

            // The live model is at most 0.1 s behind: ask until it has caught up (at most 5 s).
            var sum = expected.Sum(w => w.Value);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            var url = $"/api/v1/analytics/rollup?element=HH_FIBRE&period={period}&orgUnit=20";
            var unit = (await Api.GetOkAsync(admin, url)).GetProperty("unit");
            while (unit.GetProperty("sum").GetDouble() != sum && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                unit = (await Api.GetOkAsync(admin, url)).GetProperty("unit");
            }

            Assert.Equal((expected.Count, sum), (unit.GetProperty("reporting").GetInt32(), unit.GetProperty("sum").GetDouble()));
        }
    }
}
