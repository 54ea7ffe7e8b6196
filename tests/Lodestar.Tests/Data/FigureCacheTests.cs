using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Data;

/// <summary>
/// Computed figures are kept until the change feed shows a committed write of a kind they depend on: a reader never gets
/// a figure older than a write he could have seen, and figures nobody's write touched are not computed again
/// (docs/adr/0017). Every write here goes through the DbContext, as the pages, the API and the jobs do.
/// </summary>
public sealed class FigureCacheTests : DatabaseTest
{
    private sealed class Counter
    {
        public int Computed;

        public Func<Task<int>> Make(Func<Task>? during = null) => async () =>
        {
            if (during is not null)
            {
                await during();
            }

            return Interlocked.Increment(ref Computed);
        };
    }

    private FigureCache NewCache()
    {
        var services = new ServiceCollection();
        services.AddScoped(_ => Database.Context());
        return new FigureCache(services.BuildServiceProvider().GetRequiredService<IServiceScopeFactory>());
    }

    private async Task<int> AddProvinceAsync()
    {
        await using var db = Database.Context();
        return (await db.AddUnitAsync("20", OrgUnitLevel.Province)).Id;
    }

    private async Task RenameAsync(int unitId, string name)
    {
        await using var db = Database.Context();
        var unit = await db.OrgUnits.SingleAsync(u => u.Id == unitId);
        unit.Name = name;
        await db.SaveChangesAsync();
    }

    private async Task AddElementValueAsync(int unitId)
    {
        await using var db = Database.Context();
        var element = new DataElement { Code = $"E{Guid.NewGuid():N}"[..12], Name = "Số hộ có cáp quang", Unit = "hộ" };
        db.DataElements.Add(element);
        await db.SaveChangesAsync();
        var period = Period.Parse("2026Q1");
        db.DataValues.Add(new DataValue
        {
            DataElementId = element.Id, OrgUnitId = unitId, Period = period.Code, PeriodType = period.Type, StartOn = period.Start, EndOn = period.End, Value = 1,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AFigure_IsComputedOnce_UntilAWriteOfAKindItDependsOnCommits()
    {
        var unit = await AddProvinceAsync();
        using var cache = NewCache();
        var counter = new Counter();

        Assert.Equal(1, await cache.GetAsync("units", ChangeKinds.Structure, counter.Make()));
        Assert.Equal(1, await cache.GetAsync("units", ChangeKinds.Structure, counter.Make()));

        await RenameAsync(unit, "Tỉnh Lạng Sơn (đổi tên)");

        Assert.Equal(2, await cache.GetAsync("units", ChangeKinds.Structure, counter.Make()));
        Assert.Equal(2, await cache.GetAsync("units", ChangeKinds.Structure, counter.Make()));
    }

    [Fact]
    public async Task AWriteOfAnotherKind_LeavesTheFigureAsItWas()
    {
        var unit = await AddProvinceAsync();
        using var cache = NewCache();
        var counter = new Counter();
        Assert.Equal(1, await cache.GetAsync("dti", ChangeKinds.Dti, counter.Make()));

        // A task is work, a renamed unit is structure: neither is DTI.
        await using (var db = Database.Context())
        {
            db.Tasks.Add(new WorkTask { Title = "Số hóa hồ sơ", OwnerUnitId = unit, AssignedOn = new DateOnly(2026, 11, 1), Deadline = new DateOnly(2026, 12, 31) });
            await db.SaveChangesAsync();
        }

        await RenameAsync(unit, "Tỉnh Lạng Sơn");

        Assert.Equal(1, await cache.GetAsync("dti", ChangeKinds.Dti, counter.Make()));
        Assert.Equal(2, await cache.GetAsync("work", ChangeKinds.Work, counter.Make()));
    }

    [Fact]
    public async Task AWriteCommittedWhileTheFigureIsComputed_MakesTheNextReaderComputeItAgain()
    {
        var unit = await AddProvinceAsync();
        using var cache = NewCache();
        var counter = new Counter();

        // The value commits after the computation began: what it read may or may not include it, so it cannot be kept.
        Assert.Equal(1, await cache.GetAsync("values", ChangeKinds.Values, counter.Make(() => AddElementValueAsync(unit))));

        Assert.Equal(2, await cache.GetAsync("values", ChangeKinds.Values, counter.Make()));
        Assert.Equal(2, await cache.GetAsync("values", ChangeKinds.Values, counter.Make()));
    }

    [Fact]
    public async Task ManyReadersOfAStaleFigure_ShareOneComputation()
    {
        await AddProvinceAsync();
        using var cache = NewCache();
        var counter = new Counter();
        var gate = new TaskCompletionSource();
        var make = counter.Make(() => gate.Task);

        var readers = Enumerable.Range(0, 8).Select(_ => cache.GetAsync("shared", ChangeKinds.All, make)).ToList();
        await Task.Delay(100);
        gate.SetResult();

        Assert.All(await Task.WhenAll(readers), v => Assert.Equal(1, v));
        Assert.Equal(1, counter.Computed);
    }

    [Fact]
    public async Task EachWrite_CarriesTheKindsItChanged_AndAnAccountsOnlyWriteTakesNoPosition()
    {
        var unit = await AddProvinceAsync();
        await AddElementValueAsync(unit);
        await using (var db = Database.Context())
        {
            db.Users.Add(new Lodestar.Accounts.LodestarUser { UserName = "demo.canbo", NormalizedUserName = "DEMO.CANBO", FullName = "Cán bộ báo cáo", ScopeUnitId = unit });
            await db.SaveChangesAsync();
        }

        await using var check = Database.Context();
        var kinds = await check.ChangeBatches.AsNoTracking().Where(b => b.Seq != null).OrderBy(b => b.Seq).Select(b => b.Kinds).ToListAsync();
        Assert.Equal([ChangeKinds.Structure, ChangeKinds.Structure, ChangeKinds.Values], kinds);
    }
}
