using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.OrgUnits;
using Lodestar.Tests.Common;
using Lodestar.Values;
using Xunit.Abstractions;

namespace Lodestar.Tests.Analytics;

/// <summary>
/// Two real Lodestar processes on one database (SQLite file or PostgreSQL, as the run's provider), as behind a load
/// balancer: each has its own live model and shares nothing with the other but the database and the data directory.
/// What one writes or corrects, the other's rollups show within seconds, without a restart (ADR 0009).
/// </summary>
[Collection(Cli.CliGroup.Name)]
public sealed class TwoProcessesTests(ITestOutputHelper output) : DatabaseTest
{
    private const string Password = "Kiem-Thu-Hai-Tien-Trinh-2026";

    [Fact]
    public async Task AValueWrittenThroughOneProcess_IsInTheOthersRollup_AndSoIsItsCorrection()
    {
        await using (var db = Database.Context())
        {
            // An official province and commune, so neither process imports the official organisation.
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, fullName: "Phường Đông Kinh");
            province.IsOfficial = true;
            db.DataElements.Add(new DataElement { Code = "HH_FIBRE", Name = "Số hộ có cáp quang", Unit = "hộ", MinValue = 0, WholeNumbers = true });
            await db.SaveChangesAsync();
        }

        // Both processes share the data directory (keys) as the deployment does; each still has its own memory.
        // On PostgreSQL the settings name no data directory: the two processes get one of their own to share.
        var settings = Database.Settings();
        var ownDirectory = settings.TryAdd("LODESTAR_DATA_DIR", Path.Combine(Path.GetTempPath(), "lodestar-two-processes-" + Guid.NewGuid().ToString("N")));
        try
        {
            await RunAsync(settings);
        }
        finally
        {
            if (ownDirectory && Directory.Exists(settings["LODESTAR_DATA_DIR"]))
            {
                Directory.Delete(settings["LODESTAR_DATA_DIR"]!, recursive: true);
            }
        }
    }

    private async Task RunAsync(Dictionary<string, string?> settings)
    {
        await using var a = await WebApp.StartAsync(settings, output, Password);
        await using var b = await WebApp.StartAsync(settings, output, Password);
        var writerA = await Signed(a);
        var writerB = await Signed(b);
        Assert.Null(await SumAsync(writerB)); // an empty model: before the fix of this test, the next catch-up answered 500

        await WriteAsync(writerA, 120);
        Assert.Equal(120, await EventuallyAsync(writerB, 120));

        // A correction through the other process travels back the same way.
        await WriteAsync(writerB, 95);
        Assert.Equal(95, await EventuallyAsync(writerA, 95));
        Assert.Equal(95, await SumAsync(writerB));
    }

    private static async Task<HttpClient> Signed(WebApp app)
    {
        var client = new HttpClient { BaseAddress = app.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("admin", Password));
        return client;
    }

    private static async Task WriteAsync(HttpClient client, int value)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/data-values",
            new { dataValues = new[] { new { dataElement = "HH_FIBRE", orgUnit = "06001", period = "2026Q2", value, comment = "Số liệu của doanh nghiệp viễn thông" } } });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The province's sum of approved values in the process's live model (null: none yet).</summary>
    private static async Task<double?> SumAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/analytics/rollup?element=HH_FIBRE&period=2026Q2&orgUnit=20", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var unit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unit");
        return unit.GetProperty("sum").ValueKind == JsonValueKind.Number ? unit.GetProperty("sum").GetDouble() : null;
    }

    /// <summary>Asks until the sum is the one expected, at most 10 s (the model catches up within 0.1 s; a loaded CI machine is slower).</summary>
    private async Task<double?> EventuallyAsync(HttpClient client, double expected)
    {
        var watch = Stopwatch.StartNew();
        double? sum;
        while ((sum = await SumAsync(client)) != expected && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        output.WriteLine($"the other process showed {sum} after {watch.ElapsedMilliseconds} ms");
        return sum;
    }
}
