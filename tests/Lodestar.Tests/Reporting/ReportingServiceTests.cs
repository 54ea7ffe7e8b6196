using System.Data.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lodestar.Tests.Reporting;

/// <summary>The report workflow on the value store: draft, submit, approve (published), return, re-open, concurrent edits.</summary>
public sealed class ReportingServiceTests : DatabaseTest
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    private LodestarDbContext Db(string actor = "canbo.x1") => Database.Context(new NamedActor(actor), _clock);

    private static ReportingService Service(LodestarDbContext db, TimeProvider clock) =>
        new(db, new DataValueService(db, new OrgUnitQueries(db)), clock);

    private async Task<Outcome> SaveAsync(string actor, int version, bool submit, params (string Code, string? Value, string? Comment)[] entries)
    {
        await using var db = Db(actor);
        var service = Service(db, _clock);
        var form = (await service.FormAsync(ReportingArrange.Form))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
        var result = await service.SaveAsync(form, unit, Period.Parse("2026Q2"), entries.Select(e => new ReportEntry(e.Code, e.Value, e.Comment)).ToList(),
            version, submit);
        return new Outcome(result.Succeeded, result.Value?.Status, result.Value?.Version ?? 0, result.Problems.Select(p => p.Field + ": " + p.Message.Vi).ToList());
    }

    private async Task<Lodestar.Common.Outcome<ReportStatus>> DecideAsync(ReportAction action, string? reason)
    {
        await using var db = Db("cds.tinh");
        var service = Service(db, _clock);
        var form = (await service.FormAsync(ReportingArrange.Form))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
        return await service.DecideAsync(form, unit, Period.Parse("2026Q2"), action, reason);
    }

    private sealed record Outcome(bool Ok, ReportStatus? Status, int Version, List<string> Problems);

    private async Task<List<(string Code, double Value, bool Approved)>> StoredAsync()
    {
        await using var db = Db();
        return (await db.DataValues.Include(v => v.DataElement).OrderBy(v => v.DataElement.Code)
            .Select(v => new { v.DataElement.Code, v.Value, v.Approved }).ToListAsync()).ConvertAll(v => (v.Code, v.Value, v.Approved));
    }

    [Fact]
    public async Task DraftThenSubmitThenApprove_PublishesTheValuesOnlyOnApproval()
    {
        await using (var db = Db()) await ReportingArrange.FormAsync(db);

        var draft = await SaveAsync("canbo.x1", 0, false, ("HH_TOTAL", "1200", null), ("HH_FIBRE", "900", null));
        Assert.True(draft.Ok, string.Join("\n", draft.Problems));
        Assert.Equal(ReportStatus.Draft, draft.Status);
        Assert.All(await StoredAsync(), v => Assert.False(v.Approved));

        var submitted = await SaveAsync("canbo.x1", draft.Version, true, ("PCT", "87.5", null));
        Assert.True(submitted.Ok, string.Join("\n", submitted.Problems));
        Assert.Equal(ReportStatus.Submitted, submitted.Status);

        Assert.True((await DecideAsync(ReportAction.Approve, null)).Succeeded);
        var stored = await StoredAsync();
        Assert.Equal([("HH_FIBRE", 900d, true), ("HH_TOTAL", 1200d, true), ("PCT", 87.5, true)], stored);

        await using var check = Db();
        var events = await check.ReportEvents.OrderBy(e => e.Id).Select(e => e.Action + ":" + e.By).ToListAsync();
        Assert.Equal(["Save:canbo.x1", "Submit:canbo.x1", "Approve:cds.tinh"], events);
        Assert.Equal(3, await check.DataValueChanges.CountAsync());
        Assert.Equal(new DateOnly(2026, 7, 5), (await check.Reports.SingleAsync()).FirstSubmittedOn);
    }

    [Fact]
    public async Task Submit_WithRuleErrors_IsRefusedAndSavesNothing_ButADraftMayBeIncomplete()
    {
        await using (var db = Db()) await ReportingArrange.FormAsync(db);

        var refused = await SaveAsync("canbo.x1", 0, true, ("HH_TOTAL", "500", null), ("HH_FIBRE", "900", null), ("PCT", "120", null));
        Assert.False(refused.Ok);
        Assert.Contains(refused.Problems, p => p.StartsWith("values[HH_FIBRE]", StringComparison.Ordinal) && p.Contains("không được lớn hơn", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("values[PCT]", StringComparison.Ordinal) && p.Contains("nằm ngoài khoảng", StringComparison.Ordinal));
        Assert.Empty(await StoredAsync());

        // A draft without the required households is fine; submitting it is not.
        Assert.True((await SaveAsync("canbo.x1", 0, false, ("HH_FIBRE", "900", null))).Ok);
        var missing = await SaveAsync("canbo.x1", 1, true);
        Assert.Contains(missing.Problems, p => p.StartsWith("values[HH_TOTAL]", StringComparison.Ordinal) && p.Contains("bắt buộc", StringComparison.Ordinal));

        // A range error blocks even a draft.
        Assert.False((await SaveAsync("canbo.x1", 1, false, ("PCT", "-3", null))).Ok);
        Assert.Single(await StoredAsync());
    }

    /// <summary>The form, and fibre households of the two quarters before 2026Q2 (400, 420: the outlier rule's median is 410).</summary>
    private async Task FormWithFibreHistoryAsync()
    {
        await using var db = Db();
        await ReportingArrange.FormAsync(db);
        var batch = await new DataValueService(db, new OrgUnitQueries(db)).SaveAsync(
            [new("HH_FIBRE", "20.X1", "2025Q4", "400", null), new("HH_FIBRE", "20.X1", "2026Q1", "420", null)], ReportingArrange.Anywhere, mayApprove: true);
        Assert.True(batch.Saved);
    }

    [Fact]
    public async Task Outlier_IsAWarningThatNeedsACommentBeforeSubmission()
    {
        await FormWithFibreHistoryAsync();

        var draft = await SaveAsync("canbo.x1", 0, false, ("HH_TOTAL", "1200", null), ("HH_FIBRE", "1100", null));
        Assert.True(draft.Ok);
        var noComment = await SaveAsync("canbo.x1", 1, true);
        Assert.Contains(noComment.Problems, p => p.StartsWith("values[HH_FIBRE]", StringComparison.Ordinal) && p.Contains("Cần ghi chú", StringComparison.Ordinal));

        var explained = await SaveAsync("canbo.x1", 1, true, ("HH_FIBRE", "1100", "Viettel kéo cáp quang về 3 thôn mới trong quý."));
        Assert.True(explained.Ok, string.Join("\n", explained.Problems));
    }

    [Fact]
    public async Task ReturnWithReason_ThenFixAndResubmit_AndReopenNeedsAReason()
    {
        await using (var db = Db()) await ReportingArrange.FormAsync(db);
        var submitted = await SaveAsync("canbo.x1", 0, true, ("HH_TOTAL", "1200", null), ("HH_FIBRE", "900", null));
        Assert.True(submitted.Ok);

        Assert.False((await SaveAsync("canbo.x1", submitted.Version, false, ("HH_FIBRE", "950", null))).Ok); // submitted: locked for the officer
        var noReason = await DecideAsync(ReportAction.Return, "  ");
        Assert.Equal("reason", Assert.Single(noReason.Problems).Field);
        Assert.True((await DecideAsync(ReportAction.Return, "Số hộ có cáp quang chưa khớp số liệu nhà mạng.")).Succeeded);

        await using (var db = Db())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal((ReportStatus.Returned, "Số hộ có cáp quang chưa khớp số liệu nhà mạng.", 1), (report.Status, report.Reason, report.ReturnCount));
            var fixedUp = await SaveAsync("canbo.x1", report.Version, true, ("HH_FIBRE", "950", null));
            Assert.True(fixedUp.Ok, string.Join("\n", fixedUp.Problems));
        }

        Assert.True((await DecideAsync(ReportAction.Approve, null)).Succeeded);
        Assert.False((await DecideAsync(ReportAction.Approve, null)).Succeeded); // already approved
        Assert.False((await DecideAsync(ReportAction.Reopen, null)).Succeeded);
        Assert.True((await DecideAsync(ReportAction.Reopen, "Sai đơn vị tính.")).Succeeded);
        await using var check = Db();
        Assert.Equal(["Submit", "Return", "Submit", "Approve", "Reopen"], await check.ReportEvents.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        var fibre = await check.DataElements.SingleAsync(e => e.Code == "HH_FIBRE");
        Assert.Equal([900d, 950d], await check.DataValueChanges.Where(c => c.DataElementId == fibre.Id).OrderBy(c => c.Id).Select(c => c.NewValue).ToListAsync());
    }

    [Fact]
    public async Task Save_ReadsEachNumberOnce_AndTheUnitsHistoryOnce()
    {
        await FormWithFibreHistoryAsync();

        var history = new CommandsTagged(ReportingService.HistoryTag);
        await using (var db = Database.Context(new NamedActor("canbo.x1"), _clock, history))
        {
            var service = Service(db, _clock);
            var form = (await service.FormAsync(ReportingArrange.Form))!;
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
            var saved = await service.SaveAsync(form, unit, Period.Parse("2026Q2"),
                [new("HH_TOTAL", "1200", null), new("HH_FIBRE", "1100", null), new("PCT", "87.30000000000001", "Theo danh sách ký số")], 0, submit: false);

            Assert.True(saved.Succeeded, string.Join("\n", saved.Problems.Select(p => p.Message.Vi)));
            Assert.Equal(1, history.Count);
            Assert.Contains("khác thường so với các kỳ trước (trung vị 410)", Assert.Single(saved.Value!.Warnings).Message.Vi, StringComparison.Ordinal);
        }

        await using var check = Db();
        var stored = (await check.DataValues.Where(v => v.Period == "2026Q2").OrderBy(v => v.DataElement.Code)
            .Select(v => new { v.DataElement.Code, v.Value, v.Comment, v.Approved }).ToListAsync()).ConvertAll(v => (v.Code, v.Value, v.Comment, v.Approved));
        (string, double, string?)[] typed = [("HH_FIBRE", 1100, null), ("HH_TOTAL", 1200, null), ("PCT", 87.30000000000001, "Theo danh sách ký số")];
        Assert.Equal(typed, stored.ConvertAll(v => (v.Code, v.Value, v.Comment)));
        Assert.All(stored, v => Assert.False(v.Approved));
    }

    [Fact]
    public async Task Save_ACommentTooLongOrAHugeNumber_IsRefusedNamingTheElement()
    {
        await using (var db = Db()) await ReportingArrange.FormAsync(db);

        var refused = await SaveAsync("canbo.x1", 0, false, ("HH_TOTAL", "2e15", null), ("HH_FIBRE", "900", new string('x', 2001)));

        Assert.False(refused.Ok);
        Assert.Equal(
            ["values[HH_TOTAL]: Số hộ gia đình: 2.000.000.000.000.000 vượt quá giới hạn ±1.000.000.000.000.000 của mọi chỉ số.",
             "values[HH_FIBRE]: Số hộ có cáp quang: ghi chú dài quá 2.000 ký tự."],
            refused.Problems);
        Assert.Empty(await StoredAsync());
    }

    /// <summary>Counts the commands whose SQL carries a query tag (EF Core writes a tag as a comment before the query).</summary>
    private sealed class CommandsTagged(string tag) : DbCommandInterceptor
    {
        public int Count { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(tag, StringComparison.Ordinal))
            {
                Count++;
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task TwoPeopleEditingOneReport_TheSecondIsToldTheDifferenceAndNothingOfHisIsSaved()
    {
        await using (var db = Db()) await ReportingArrange.FormAsync(db);
        var first = await SaveAsync("canbo.x1", 0, false, ("HH_TOTAL", "1200", null));
        Assert.True(first.Ok);

        // Both open version 1; the head saves first, then the officer.
        var head = await SaveAsync("truong.x1", 1, false, ("HH_FIBRE", "900", null));
        Assert.True(head.Ok);
        var officer = await SaveAsync("canbo.x1", 1, false, ("HH_FIBRE", "850", null));

        Assert.False(officer.Ok);
        Assert.Contains(officer.Problems, p => p.StartsWith("version", StringComparison.Ordinal) && p.Contains("truong.x1", StringComparison.Ordinal));
        Assert.Contains(officer.Problems, p => p.StartsWith("values[HH_FIBRE]", StringComparison.Ordinal) && p.Contains("bạn nhập 850", StringComparison.Ordinal) && p.Contains("đã lưu 900", StringComparison.Ordinal));
        Assert.Contains(("HH_FIBRE", 900d, false), await StoredAsync());
    }

    [Fact]
    public async Task Progress_CountsOnlyApprovedValues_UnlessAskedToIncludeUnapproved()
    {
        await using (var db = Db())
        {
            var (province, _) = await ReportingArrange.FormAsync(db);
            var element = await db.DataElements.SingleAsync(e => e.Code == "HH_TOTAL");
            db.Targets.Add(new Lodestar.Programmes.Target
            {
                Code = "T-HH", Name = "Số hộ gia đình", Unit = "hộ",
                Programme = new Lodestar.Programmes.Programme { Code = "P", Name = "Kế hoạch", ProvinceId = province.Id, StartYear = 2025, EndYear = 2030 },
                Indicator = new Indicator { Code = "HH", Name = "Số hộ", Element = element, Unit = "hộ", Aggregation = Aggregation.Sum },
                Milestones = [new Lodestar.Programmes.TargetMilestone { Year = 2030, Value = 2000 }],
            });
            await db.SaveChangesAsync();
        }

        Assert.True((await SaveAsync("canbo.x1", 0, true, ("HH_TOTAL", "1200", null))).Ok);

        async Task<double?> ActualAsync(bool includeUnapproved)
        {
            await using var db = Db();
            var progress = new Lodestar.Progress.ProgressService(db) { IncludeUnapproved = includeUnapproved };
            var target = (await progress.TargetAsync("T-HH"))!;
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
            return (await progress.AtUnitAsync([target], unit.Id, Period.Parse("2026Q2")))[0].Result.Actual;
        }

        Assert.Null(await ActualAsync(false));
        Assert.Equal(1200, await ActualAsync(true));
        Assert.True((await DecideAsync(ReportAction.Approve, null)).Succeeded);
        Assert.Equal(1200, await ActualAsync(false));
    }

    [Fact]
    public async Task DueList_ShowsEachEndedPeriodWithItsState()
    {
        await using (var db = Db()) await ReportingArrange.FormAsync(db);
        Assert.True((await SaveAsync("canbo.x1", 0, true, ("HH_TOTAL", "1200", null))).Ok);
        await using var check = Db();
        var unit = await check.OrgUnits.SingleAsync(u => u.Code == "20.X1");
        var due = await Service(check, _clock).DueAsync([unit.Id], _clock.Today);

        Assert.Equal(["2026Q2:Submitted", "2026Q1:", "2025Q4:", "2025Q3:", "2025Q2:", "2025Q1:"], due.Select(d => $"{d.Period.Code}:{d.Status}"));
        Assert.False(due[0].Overdue(_clock.Today));
        Assert.True(due[1].Overdue(_clock.Today));
        Assert.Equal(new DateOnly(2026, 7, 10), due[0].DueOn);
    }
}
