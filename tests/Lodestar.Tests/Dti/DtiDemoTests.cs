using Lodestar.Demo;
using Lodestar.Dti;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Dti;

/// <summary>Scores of the demo, computed from its stored assessments, against what a reader would check by hand.</summary>
[Collection(OfficialDataGroup.Name)]
public sealed class DtiDemoTests(OfficialDataFixture data)
{
    [Fact]
    public async Task NationalFrameworks_ApplyToTheirOwnYears()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var p922 = (await q.FrameworkAsync("P922"))!;
        Assert.Equal(9, p922.Nodes.Count(n => n.Kind == NodeKind.Main));
        Assert.Equal(1000, DtiQueries.Model(p922).TotalMax);
        Assert.Equal("P922", (await q.ForYearAsync(p922, 2022))!.Code);
        Assert.Equal("P922", (await q.ForYearAsync(p922, 2024))!.Code);
        Assert.Equal("P405", (await q.ForYearAsync(p922, 2025))!.Code);
        Assert.Equal(8, (await q.ForYearAsync(p922, 2026))!.Nodes.Count(n => n.Kind == NodeKind.Main));
        Assert.Null(await q.ForYearAsync(p922, 2021));
    }

    [Fact]
    public async Task CommuneRanking_TotalsAreTheSumOfComponents_AndRanksFollowScores()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var fw = (await q.FrameworkAsync(DtiDemo.Communes))!;
        var year = await q.ScoresAsync(fw, 2025);

        Assert.Equal(65, year.Units.Count);
        Assert.All(year.Units, u => Assert.Equal(u.Total, u.Nodes.Where(n => n.Kind == NodeKind.Component).Sum(n => n.Points), 9));
        Assert.All(year.Units, u => Assert.Equal(u.Total / 300, u.Normalised, 9));
        for (var i = 1; i < year.Units.Count; i++)
        {
            var (a, b) = (year.Units[i - 1], year.Units[i]);
            Assert.True(Math.Round(a.Normalised, 4) >= Math.Round(b.Normalised, 4));
            Assert.Equal(DtiEngine.Tied(a.Normalised, b.Normalised) ? a.Rank : i + 1, b.Rank);
        }

        Assert.All(year.Units, u => Assert.NotNull(u.RankBefore));
    }

    [Fact]
    public async Task CurrentYear_LeavesDraftsOutOfTheRanking()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var fw = (await q.FrameworkAsync(DtiDemo.Agencies))!;
        var drafts = await db.DtiAssessments.CountAsync(a => a.FrameworkId == fw.Id && a.Year == DtiDemo.CurrentYear && a.State == AssessmentState.Draft);
        var all = await db.DtiAssessments.CountAsync(a => a.FrameworkId == fw.Id && a.Year == DtiDemo.CurrentYear);
        Assert.True(drafts > 0);
        var year = await q.ScoresAsync(fw, DtiDemo.CurrentYear);
        Assert.Equal(all - drafts, year.Units.Count);
        Assert.Contains(year.Units, u => u.Provisional);
        Assert.Contains(year.Units, u => !u.Provisional);
        Assert.Equal(200, year.Units[0].Max); // agencies: the foundation group only
    }

    [Fact]
    public async Task Explain_MainIndexContributionsAddUpToTheChange()
    {
        await using var db = data.Database.Context();
        var q = new DtiQueries(db);
        var fw = (await q.FrameworkAsync(DtiDemo.Communes))!;
        var year = await q.ScoresAsync(fw, 2025);
        var unit = year.Units[year.Units.Count / 2];
        var e = (await q.ExplainAsync(fw, 2025, unit.UnitCode))!;
        Assert.NotNull(e.Change);
        Assert.Equal(e.Change!.Change, e.Change.Mains.Sum(c => c.Change), 9);
        Assert.Equal(6, e.PeerMedian.Count);
        Assert.True(e.ToMax[0].RankAfter <= unit.Rank);
    }
}
