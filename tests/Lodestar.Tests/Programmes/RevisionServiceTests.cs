using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Programmes;

/// <summary>
/// A mid-term review revises a programme (issue 23 item 13): the decision's changes are kept beside what they replace, and
/// progress before the decision is judged against the path then in force.
/// </summary>
public sealed class RevisionServiceTests : DatabaseTest
{
    private static readonly DateOnly Decided = new(2027, 7, 1);

    private readonly TestClock _clock = new(new DateOnly(2029, 1, 15));

    private sealed record Arranged(RevisionService Revisions, OrgUnit Province, Programme Programme);

    // A province, a programme issued 05/01/2026 with two pillars and three targets on the share of adults with a smartphone:
    // KT-1 from 50% (2025) to 100% by 2030, KT-2 and KT-3 flat at 90%; the clock stands in January 2029.
    private async Task<Arranged> ArrangeAsync(LodestarDbContext db)
    {
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var service = new ProgrammeService(db, new OrgUnitQueries(db), _clock);
        Assert.True((await service.AddDataElementAsync(new("SMART", "Tỷ lệ người trưởng thành có điện thoại thông minh", null, "%", TimeAggregation.Last, 0, 100))).Succeeded);
        Assert.True((await service.AddIndicatorAsync(new("SMART_PCT", "Tỷ lệ có điện thoại thông minh", null, "%", "SMART", null, 1, Aggregation.None))).Succeeded);
        var programme = (await service.CreateProgrammeAsync(new("KH-CDS", "Kế hoạch chuyển đổi số", "12/KH-UBND", new DateOnly(2026, 1, 5), "UBND tỉnh", "20",
            2026, 2030, 95, 80, "Xã hội số\nKinh tế số", null))).Value!;
        foreach (var (code, baseline, milestones) in new[] { ("KT-1", (double?)50, "2030: 100"), ("KT-2", null, "2030: 90"), ("KT-3", null, "2030: 90") })
        {
            var target = await service.AddTargetAsync("KH-CDS", new(code, $"Chỉ tiêu {code}", null, "%", Comparator.AtLeast, null,
                baseline, baseline is null ? null : 2025, milestones, PathShape.Linear, "SMART_PCT", programme.Pillars[0].Id, null, null, null));
            Assert.True(target.Succeeded, string.Join("; ", target.Problems.Select(p => p.Message.En)));
        }

        return new Arranged(new RevisionService(db, service, _clock), province, programme);
    }

    private static RevisionInput Decision(params RevisionChangeInput[] changes) => new("QĐ 123/QĐ-UBND", Decided, "Rà soát giữa kỳ", changes);

    private static TargetInput NewTarget(string code) =>
        new(code, "Tỷ lệ hộ gia đình có cáp quang", null, "%", Comparator.AtLeast, null, null, null, "2030: 95", PathShape.Linear, "SMART_PCT", null, null, null, null);

    [Fact]
    public async Task Revise_RenamesChangesAddsAndRetires_KeepingWhatItReplaces()
    {
        await using var db = Database.Context(clock: _clock);
        var (revisions, _, programme) = await ArrangeAsync(db);

        var outcome = await revisions.ReviseAsync("KH-CDS", Decision(
            new RevisionChangeInput(RevisionKind.RenamePillar, Pillar: "Kinh tế số", Name: "Kinh tế số và xã hội số", NameEn: "Digital economy and society"),
            new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2027: 65; 2030: 80"),
            new RevisionChangeInput(RevisionKind.AddTarget, Pillar: "Xã hội số", NewTarget: NewTarget("KT-4")),
            new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")));

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}")));
        var pillar = await db.Pillars.AsNoTracking().SingleAsync(p => p.Id == programme.Pillars[1].Id);
        Assert.Equal(("Kinh tế số và xã hội số", "Digital economy and society"), (pillar.Name, pillar.NameEn));

        var listed = Assert.Single(await new ProgrammeQueries(db).RevisionsAsync("KH-CDS"));
        Assert.Equal(("QĐ 123/QĐ-UBND", Decided), (listed.DecisionNumber, listed.DecidedOn));
        Assert.Equal([RevisionKind.RenamePillar, RevisionKind.ChangePath, RevisionKind.AddTarget, RevisionKind.RetireTarget], listed.Changes.Select(c => c.Kind));
        Assert.Equal("Kinh tế số", listed.Changes[0].Pillar);
        Assert.Equal([new Milestone(2027, 65), new Milestone(2030, 80)], listed.Changes[1].Milestones);

        // Nothing is overwritten: the first path is still stored, the retired target still exists, and both paths are known.
        var progress = new ProgressService(db);
        var first = (await progress.TargetAsync("KT-1"))!;
        Assert.Equal([new Milestone(2030, 100)], first.Paths[0].Milestones);
        Assert.Equal((Decided, "QĐ 123/QĐ-UBND"), (first.Paths[1].From!.Value, first.Paths[1].Decision!));
        Assert.Equal([new Milestone(2027, 65), new Milestone(2030, 80)], first.Milestones);
        Assert.Equal(new RevisionMark(Decided, "QĐ 123/QĐ-UBND"), (await progress.TargetAsync("KT-2"))!.Retired);
        var added = (await progress.TargetAsync("KT-4"))!;
        Assert.Equal((Decided, "Xã hội số"), (added.Added!.On, added.PillarName!));

        // And every row is in the audit trail.
        var audited = await db.AuditEntries.Select(a => a.Entity).Distinct().ToListAsync();
        Assert.Contains(audited, e => e.Contains("ProgrammeRevision", StringComparison.Ordinal));
        Assert.Contains(audited, e => e.Contains("RevisionMilestone", StringComparison.Ordinal));
        Assert.Contains(await db.AuditEntries.Where(a => a.Action == "update").Select(a => a.Entity).ToListAsync(), e => e.Contains("Pillar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Progress_BeforeTheDecision_IsJudgedAgainstTheOldPath_AfterIt_AgainstTheNew()
    {
        await using var db = Database.Context(clock: _clock);
        var (revisions, province, programme) = await ArrangeAsync(db);
        var values = new DataValueService(db, new OrgUnitQueries(db));
        Assert.True((await values.SaveAsync([new("SMART", "20", "2026", "57", null), new("SMART", "20", "2028", "70", null)],
            (_, _, _) => Task.FromResult(true), mayApprove: true)).Saved);
        Assert.True((await revisions.ReviseAsync("KH-CDS", Decision(
            new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2030: 80"),
            new RevisionChangeInput(RevisionKind.AddTarget, NewTarget: NewTarget("KT-4")),
            new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")))).Succeeded);

        var progress = new ProgressService(db);
        var target = (await progress.TargetAsync("KT-1"))!;

        // 2026, before the decision: the first path (50 → 100 by 2030) expects 60; 57 is 70% of the expected way: off track.
        // (Against the new path, 50 → 80, it would expect 56 and be on track.)
        var before = (await progress.TableAsync(target, province, Period.OfYear(2026))).Root.Result;
        Assert.Equal(60, before.Expected!.Value, 9);
        Assert.Equal(ProgressStatus.OffTrack, before.Status);

        // 2028, after it: the new path expects 68; 70 is ahead of it: on track. (The first path expected 80: off track.)
        var after = (await progress.TableAsync(target, province, Period.OfYear(2028))).Root.Result;
        Assert.Equal(68, after.Expected!.Value, 9);
        Assert.Equal(ProgressStatus.OnTrack, after.Status);

        // The boundary: the quarter ending 30/06/2027 (time 2026.5), the day before the decision, keeps the first path
        // (50 + 50 × 1,5/5 = 65; the new one would say 59); the next quarter (2026.75) has the new path (50 + 30 × 1,75/5 = 60,5).
        Assert.Equal(65, (await progress.TableAsync(target, province, Period.Parse("2027Q2"))).Root.Result.Expected!.Value, 9);
        Assert.Equal(60.5, (await progress.TableAsync(target, province, Period.Parse("2027Q3"))).Root.Result.Expected!.Value, 9);

        // The year's history follows the same rule.
        var history = (await progress.OutlookAsync(target, province, new DateOnly(2029, 1, 15))).History;
        Assert.Equal([60, 62, 68], history.Where(h => h.Year is >= 2026 and <= 2028).Select(h => Math.Round(h.Expected!.Value, 9)));

        // The programme follows the retired target until the decision and the added one from it.
        var all = await progress.TargetsOfProgrammeAsync(programme.Id);
        Assert.Equal(["KT-1", "KT-2", "KT-3"], (await progress.AtUnitAsync(all, province.Id, Period.OfYear(2026))).Select(r => r.Target.Code));
        Assert.Equal(["KT-1", "KT-3", "KT-4"], (await progress.AtUnitAsync(all, province.Id, Period.OfYear(2028))).Select(r => r.Target.Code));
    }

    public static TheoryData<string, RevisionInput> BadRevisions() => new()
    {
        { "decisionNumber", Decision(new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")) with { DecisionNumber = " " } },
        { "decidedOn", Decision(new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")) with { DecidedOn = null } },
        { "decidedOn", Decision(new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")) with { DecidedOn = new DateOnly(2029, 1, 16) } },
        { "decidedOn", Decision(new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")) with { DecidedOn = new DateOnly(2025, 12, 31) } },
        { "changes", Decision() },
        { "changes[0].pillar", Decision(new RevisionChangeInput(RevisionKind.RenamePillar, Pillar: "Công dân số", Name: "Công dân số mới")) },
        { "changes[0].name", Decision(new RevisionChangeInput(RevisionKind.RenamePillar, Pillar: "Xã hội số", Name: "Kinh tế số")) },
        { "changes[0].name", Decision(new RevisionChangeInput(RevisionKind.RenamePillar, Pillar: "Xã hội số", Name: "")) },
        { "changes[0].target", Decision(new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-9", Milestones: "2030: 80")) },
        { "changes[0].milestones", Decision(new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2030: 100")) },
        { "changes[0].milestones", Decision(new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2030: tám mươi")) },
        { "changes[0].milestones", Decision(new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2025: 70; 2030: 80")) },
        { "changes[1].target", Decision(new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2030: 80"), new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-1")) },
        { "changes[0].code", Decision(new RevisionChangeInput(RevisionKind.AddTarget, NewTarget: NewTarget("KT-3"))) },
        { "changes[0].pillar", Decision(new RevisionChangeInput(RevisionKind.AddTarget, Pillar: "Công dân số", NewTarget: NewTarget("KT-4"))) },
        { "changes[1].code", Decision(new RevisionChangeInput(RevisionKind.AddTarget, NewTarget: NewTarget("KT-4")), new RevisionChangeInput(RevisionKind.AddTarget, NewTarget: NewTarget("KT-4"))) },
    };

    [Theory]
    [MemberData(nameof(BadRevisions))]
    public async Task BadRevision_IsNamedByField_AndChangesNothing(string field, RevisionInput input)
    {
        await using var db = Database.Context(clock: _clock);
        var revisions = (await ArrangeAsync(db)).Revisions;

        var outcome = await revisions.ReviseAsync("KH-CDS", input);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Problems.Any(p => p.Field == field), string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}")));
        Assert.All(outcome.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message.Vi) || string.IsNullOrWhiteSpace(p.Message.En)));
        Assert.False(await db.ProgrammeRevisions.AnyAsync());
        Assert.Equal(["Xã hội số", "Kinh tế số"], await db.Pillars.AsNoTracking().OrderBy(p => p.SortOrder).Select(p => p.Name).ToListAsync());
        Assert.Equal(3, await db.Targets.CountAsync());
    }

    [Fact]
    public async Task LaterRevision_FollowsTheEarlierOnes()
    {
        await using var db = Database.Context(clock: _clock);
        var revisions = (await ArrangeAsync(db)).Revisions;
        Assert.True((await revisions.ReviseAsync("KH-CDS", Decision(new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")))).Succeeded);

        async Task<IEnumerable<string>> FieldsAsync(RevisionInput input) => (await revisions.ReviseAsync("KH-CDS", input)).Problems.Select(p => p.Field);

        Assert.Contains("decisionNumber", await FieldsAsync(Decision(new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-3"))));
        Assert.Contains("decidedOn", await FieldsAsync(new("QĐ 200/QĐ-UBND", Decided.AddDays(-1), null, [new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-3")])));
        Assert.Contains("changes[0].target", await FieldsAsync(new("QĐ 200/QĐ-UBND", Decided, null, [new RevisionChangeInput(RevisionKind.RetireTarget, Target: "KT-2")])));
        Assert.Contains("changes[0].target", await FieldsAsync(new("QĐ 200/QĐ-UBND", Decided, null, [new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-2", Milestones: "2030: 50")])));

        // A second path change is judged against the path in force: the first revision's.
        Assert.True((await revisions.ReviseAsync("KH-CDS", new("QĐ 200/QĐ-UBND", Decided.AddMonths(6), null, [new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2030: 90")]))).Succeeded);
        Assert.Contains("changes[0].milestones", await FieldsAsync(new("QĐ 201/QĐ-UBND", Decided.AddMonths(7), null, [new RevisionChangeInput(RevisionKind.ChangePath, Target: "KT-1", Milestones: "2030: 90")])));
        var paths = (await new ProgressService(db).TargetAsync("KT-1"))!.Paths;
        Assert.Equal([100, 90], paths.Select(p => p.Milestones[^1].Value));
    }
}
