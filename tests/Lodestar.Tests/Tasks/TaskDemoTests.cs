using Lodestar.Common;
using Lodestar.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Tasks;

/// <summary>The demo's tasks, as a first-time visitor sees them on the day the demo was made.</summary>
[Collection(OfficialDataGroup.Name)]
public sealed class TaskDemoTests(OfficialDataFixture fixture)
{
    [Fact]
    public async Task Demo_HasFortyTasksInEveryState()
    {
        await using var db = fixture.Database.Context();
        var today = Dates.Today(TestTime.Clock);

        var page = await new TaskQueries(db).ListAsync(new TaskFilter(today, PageSize: 1000));

        Assert.True(page.Total >= 40, $"{page.Total} demo tasks");
        foreach (var state in TaskStates.All)
        {
            Assert.Contains(page.Items, t => t.State == state);
        }

        Assert.Contains(page.Items, t => t.ExtendedTo is not null);
    }

    [Fact]
    public async Task Demo_AHeadChangesInTheMiddleOfATask_AndAccountabilityKeepsEachHeadsShare()
    {
        await using var db = fixture.Database.Context();
        var today = Dates.Today(TestTime.Clock);
        var handover = new DateOnly(2026, 3, 16);
        var dxOffice = await db.OrgUnits.SingleAsync(u => u.Code == "20.SKHCN");

        var spanning = await db.Tasks.Where(t => t.OwnerUnitId == dxOffice.Id && t.AssignedOn < handover && t.Deadline >= handover).CountAsync();
        var heads = await new TaskQueries(db).AccountabilityAsync(dxOffice.Id, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), today);

        Assert.True(spanning > 0);
        Assert.Equal(2, heads.Count);
        Assert.Equal(handover.AddDays(-1), heads[0].TermTo);
        Assert.True(heads[0].Due > 0 && heads[1].Due > 0, "each head answers for the tasks due in his own term");
    }
}
