using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Steering;
using Lodestar.Values;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Steering;

/// <summary>A dashboard is built once for many readers, and built again as soon as anything is written.</summary>
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
}
