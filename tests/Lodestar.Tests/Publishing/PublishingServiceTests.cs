using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Publishing;
using Lodestar.Values;

namespace Lodestar.Tests.Publishing;

/// <summary>The worked example of Publishing/README.md: publish, a draft that stays internal, a correction that needs a note.</summary>
public sealed class PublishingServiceTests : DatabaseTest
{
    [Fact]
    public async Task Target_PublishesApprovedFiguresOnly_AndACorrectionBecomesARevisionWithItsNote()
    {
        var clock = new TestClock(new DateOnly(2026, 11, 23));
        await using var db = Database.Context(new NamedActor("van.phong.cds"), clock);
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        await db.AddUnitAsync("06115", OrgUnitLevel.Commune, province, fullName: "Xã Tân Văn");
        var programmes = new ProgrammeService(db, new OrgUnitQueries(db), clock);
        Assert.True((await programmes.AddDataElementAsync(new("ONLINE_PCT", "Tỷ lệ hồ sơ trực tuyến", null, "%", TimeAggregation.Last, 0, 100))).Succeeded);
        Assert.True((await programmes.AddIndicatorAsync(new("ONLINE", "Tỷ lệ hồ sơ trực tuyến", null, "%", "ONLINE_PCT", null, 1, Aggregation.Mean))).Succeeded);
        Assert.True((await programmes.CreateProgrammeAsync(new("KH-01", "Kế hoạch chuyển đổi số", null, null, null, "20", 2024, 2030, 95, 80, "Chính quyền số", null))).Succeeded);
        Assert.True((await programmes.AddTargetAsync("KH-01", new("KH-01.1", "Tỷ lệ hồ sơ trực tuyến", null, "%", Comparator.AtLeast, null, 10, 2024, "2030: 90",
            PathShape.Linear, "ONLINE", null, "20", null, null))).Succeeded);
        var values = new DataValueService(db, new OrgUnitQueries(db));
        Assert.True((await values.SaveAsync([new("ONLINE_PCT", "20", "2025", "40", null), new("ONLINE_PCT", "06115", "2025", "30", null)],
            (_, _, _) => Task.FromResult(true), mayApprove: true)).Saved);

        var service = new PublishingService(db, new DtiQueries(db), new NamedActor("van.phong.cds"), clock);
        var data = new PublicData(new StaleReads(db), clock);

        // A target of a programme that is not public cannot be published.
        Assert.Equal("target", Assert.Single((await service.PublishTargetAsync("KH-01.1", null)).Problems).Field);
        Assert.True((await service.PublishProgrammeAsync("KH-01")).Succeeded);
        var first = await service.PublishTargetAsync("KH-01.1", null);
        Assert.Equal(2, first.Value!.Added); // the province and the commune, 2025

        // A draft (unapproved) value for 2026Q1 stays internal even when the office publishes again.
        Assert.True((await values.SaveAsync([new("ONLINE_PCT", "20", "2026Q1", "55", null)], (_, _, _) => Task.FromResult(true), mayApprove: false)).Saved);
        Assert.Equal(0, (await service.PublishTargetAsync("KH-01.1", null)).Value!.Added);
        Assert.DoesNotContain((await data.TargetAsync("KH-01.1"))!.Current, f => f.Period == "2026Q1");

        // The approved 2025 value is corrected: the public side keeps 40 until the office publishes the correction with a note.
        Assert.True((await values.SaveAsync([new("ONLINE_PCT", "20", "2025", "42", "rà soát")], (_, _, _) => Task.FromResult(true), mayApprove: true)).Saved);
        Assert.Single(await service.PendingAsync(PublicationKind.Target, "KH-01.1"));
        Assert.Equal(40, (await data.TargetAsync("KH-01.1"))!.Current.Single(f => f.UnitCode == "20").Value);
        Assert.Equal("note", Assert.Single((await service.PublishTargetAsync("KH-01.1", " ")).Problems).Field);
        var corrected = await service.PublishTargetAsync("KH-01.1", "Số liệu 2025 rà soát lại");
        Assert.Equal(1, corrected.Value!.Revised);

        var target = (await data.TargetAsync("KH-01.1"))!;
        Assert.Equal(42, target.Current.Single(f => f.UnitCode == "20").Value);
        var history = target.History.Where(f => f.UnitCode == "20" && f.Period == "2025").ToList();
        Assert.Equal([(1, 40.0, (string?)null), (2, 42.0, "Số liệu 2025 rà soát lại")], history.Select(h => (h.Revision, h.Value!.Value, h.Note)));
        Assert.Single(target.Corrections);

        // Status and forecast come from the published figures: 42% at the end of 2025 against 10 + 80 × 1/6 ≈ 23.3% expected.
        Assert.Equal(ProgressStatus.OnTrack, target.Status.Status);
        Assert.Equal(23.333333, target.Status.Expected!.Value, 5);
        Assert.Contains("2030", target.Sentence.Vi, StringComparison.Ordinal);
        Assert.Empty(await service.PendingAsync(PublicationKind.Target, "KH-01.1"));

        // Withdrawn: gone from the public side, history kept for a later publication.
        Assert.False((await service.WithdrawAsync(PublicationKind.Target, "KH-01.1", null)).Succeeded);
        Assert.True((await service.WithdrawAsync(PublicationKind.Target, "KH-01.1", "Rà soát định nghĩa chỉ số")).Succeeded);
        Assert.Null(await new PublicData(new StaleReads(db), clock).TargetAsync("KH-01.1"));
        Assert.True((await service.PublishTargetAsync("KH-01.1", null)).Succeeded);
        Assert.Single((await new PublicData(new StaleReads(db), clock).TargetAsync("KH-01.1"))!.Corrections);
    }

    [Theory]
    [InlineData("LS-XA/2025", "LS-XA", 2025)]
    [InlineData("P405/2026", "P405", 2026)]
    public void DtiKey_RoundTrips(string key, string framework, int year)
    {
        Assert.Equal(key, PublishingService.DtiKey(framework, year));
        Assert.Equal((framework, year), PublishingService.ParseDtiKey(key));
    }
}
