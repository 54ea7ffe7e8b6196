using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Steering;
using Lodestar.Values;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Steering;

/// <summary>
/// A dashboard is built once for many readers and built again when anything is written; while a rebuild is under way
/// readers get the newest complete one, and a reader who wrote waits for one that read his write.
/// </summary>
public sealed class DashboardCacheTests : DatabaseTest
{
    [Fact]
    public async Task TheSameDashboard_IsReusedUntilSomethingIsWritten_ThenBuiltAgain()
    {
        OrgUnit province;
        await using (var db = Database.Context())
        {
            province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, from: new DateOnly(2025, 7, 1));
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(TestTime.Clock); // the instance keeps the test date, like the database's own stamps
        services.AddLodestar(new ConfigurationBuilder().AddInMemoryCollection(Database.Settings()).Build());
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<DashboardCache>();
        var year = Period.OfYear(2026);
        var today = new DateOnly(2026, 11, 23);

        var made = 0;
        Task<int> Resolve() => Task.FromResult(++made);
        Assert.Equal((1, 1, 2), (await cache.RememberAsync(("20", "2026"), Resolve), await cache.RememberAsync(("20", "2026"), Resolve), await cache.RememberAsync(("20", "2025"), Resolve)));

        var first = await cache.GetAsync(province, year, today);
        var readers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync(province, year, today)));
        Assert.All(readers, d => Assert.Same(first, d));
        Assert.NotSame(first, await cache.GetAsync(province, year, today.AddDays(1))); // another day, another dashboard

        await using (var db = Database.Context())
        {
            db.DataElements.Add(new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(3, await cache.RememberAsync(("20", "2026"), Resolve)); // what it resolved to is worked out again after a change
        var after = await cache.GetAsync(province, year, today);
        Assert.NotSame(first, after);
        Assert.Same(after, await cache.GetAsync(province, year, today));
    }

    [Fact]
    public async Task WhileARebuildIsUnderWay_ReadersGetTheNewestCompleteDashboard_AndAWriterWaitsForOneWithHisWrite()
    {
        OrgUnit province;
        await using (var db = Database.Context())
        {
            province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(TestTime.Clock);
        services.AddLodestar(new ConfigurationBuilder().AddInMemoryCollection(Database.Settings()).Build());
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<DashboardCache>();
        var year = Period.OfYear(2026);
        var today = new DateOnly(2026, 11, 23);
        var first = await cache.GetAsync(province, year, today);

        // Every build from here waits until the test lets it go.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var started = new SemaphoreSlim(0);
        cache.WhileBuilding = async () =>
        {
            started.Release();
            await release.Task;
        };
        async Task WriteAsync(string code)
        {
            await using var db = Database.Context();
            db.DataElements.Add(new DataElement { Code = code, Name = "Số hộ gia đình " + code, Unit = "hộ" });
            await db.SaveChangesAsync();
        }

        await WriteAsync("HH_A");
        var afterQuiet = cache.GetAsync(province, year, today); // nothing under way: this reader starts the rebuild and waits
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(afterQuiet.IsCompleted);
        Assert.Same(first, await cache.GetAsync(province, year, today).WaitAsync(TimeSpan.FromSeconds(30))); // under way: at once, the last complete one

        var writer = "dashboard-writer-" + Guid.NewGuid().ToString("N");
        await WriteAsync("HH_B");
        LocalChanges.Wrote(writer);
        var own = cache.GetAsync(province, year, today, LocalChanges.LastBy(writer));
        Assert.False(own.IsCompleted); // the rebuild under way read nothing of his write

        cache.WhileBuilding = null;
        release.SetResult();
        var rebuilt = await afterQuiet.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotSame(first, rebuilt);
        var his = await own.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotSame(rebuilt, his); // built after his write
        Assert.Same(his, await cache.GetAsync(province, year, today, LocalChanges.LastBy(writer)));
    }
}
