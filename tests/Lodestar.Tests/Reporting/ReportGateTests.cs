using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Reporting;

/// <summary>
/// Values written outside the report page (the values API, the target page) follow the report workflow: a value a form
/// collects belongs to the unit's report of the period and counts only after its approval; a submitted or approved report
/// refuses them; only the DX office approves values that no form collects.
/// </summary>
public sealed class ReportGateTests : DatabaseTest
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    private LodestarDbContext Db(string actor) => Database.Context(new NamedActor(actor), _clock);

    private async Task<DataValueBatch> WriteAsync(string actor, bool mayApprove, params DataValueInput[] rows)
    {
        await using var db = Db(actor);
        return await new DataValueService(db, new OrgUnitQueries(db)).SaveAsync(rows, ReportingArrange.Anywhere, mayApprove);
    }

    private async Task<(ReportStatus Status, int Version, List<string> Steps)?> ReportAsync(string period)
    {
        await using var db = Db("doc");
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.OrgUnit.Code == "20.X1" && r.Period == period);
        if (report is null)
        {
            return null;
        }

        var steps = await db.ReportEvents.Where(e => e.ReportId == report.Id).OrderBy(e => e.Id).Select(e => e.Action + " " + e.By).ToListAsync();
        return (report.Status, report.Version, steps);
    }

    private async Task<(double Value, bool Approved)> StoredAsync(string element, string period)
    {
        await using var db = Db("doc");
        var v = await db.DataValues.SingleAsync(v => v.DataElement.Code == element && v.OrgUnit.Code == "20.X1" && v.Period == period);
        return (v.Value, v.Approved);
    }

    private async Task DecideAsync(string actor, ReportAction action, string? reason = null)
    {
        await using var db = Db(actor);
        var service = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
        var form = (await service.FormAsync(ReportingArrange.Form))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
        if (action == ReportAction.Submit)
        {
            var saved = await service.SaveAsync(form, unit, Period.Parse("2026Q2"), [], (await ReportAsync("2026Q2"))?.Version ?? 0, submit: true);
            Assert.True(saved.Succeeded, string.Join(" ", saved.Problems.Select(p => p.Message.En)));
            return;
        }

        Assert.True((await service.DecideAsync(form, unit, Period.Parse("2026Q2"), action, reason)).Succeeded);
    }

    [Fact]
    public async Task AValueOfAForm_LandsUnapprovedInTheDraftReport_AndCountsOnlyAfterItsApproval()
    {
        await using (var db = Db("setup"))
        {
            await ReportingArrange.FormAsync(db);
        }

        // Even the DX office's write of a form's value is a draft value of the commune's report, which is created for it.
        var first = await WriteAsync("canbo.x1", mayApprove: false, new DataValueInput("HH_TOTAL", "20.X1", "2026Q2", "1200", null));
        Assert.True(first.Saved);
        Assert.Equal([false], first.Approved);
        var created = (await ReportAsync("2026Q2"))!.Value;
        var office = await WriteAsync("cds.tinh", mayApprove: true, new DataValueInput("HH_FIBRE", "20.X1", "2026Q2", "900", null));
        Assert.Equal([false], office.Approved);
        Assert.Equal((1200d, false), await StoredAsync("HH_TOTAL", "2026Q2"));
        var changed = (await ReportAsync("2026Q2"))!.Value;
        Assert.Equal(ReportStatus.Draft, changed.Status);
        Assert.Equal(["Save canbo.x1", "Save cds.tinh"], changed.Steps);
        Assert.True(changed.Version > created.Version, "an officer with the report open is told it changed");

        // The same value again changes nothing and raises no version.
        Assert.Equal([RowStatus.Unchanged], (await WriteAsync("canbo.x1", false, new DataValueInput("HH_TOTAL", "20.X1", "2026Q2", "1200", null))).Rows);
        Assert.Equal(changed.Version, (await ReportAsync("2026Q2"))!.Value.Version);

        await DecideAsync("canbo.x1", ReportAction.Submit);
        Assert.Equal((1200d, false), await StoredAsync("HH_TOTAL", "2026Q2"));

        // Submitted: refused for everybody, nothing changes, and the message names the row, the report and what to do.
        foreach (var (actor, mayApprove) in new[] { ("canbo.x1", false), ("cds.tinh", true) })
        {
            var refused = await WriteAsync(actor, mayApprove,
                new DataValueInput("PCT", "20.X1", "2026Q2", "50", null), new DataValueInput("HH_TOTAL", "20.X1", "2026Q2", "1500", null));
            Assert.False(refused.Saved);
            Assert.Equal(RowStatus.Invalid, refused.Rows[1]);
            var problem = Assert.Single(refused.Problems, p => p.Field == "dataValues[1].period");
            Assert.Contains("Dòng 2: báo cáo CDS-XA của đơn vị 20.X1 kỳ 2026Q2 đang ở trạng thái đã nộp, chờ duyệt", problem.Message.Vi, StringComparison.Ordinal);
            Assert.Contains("re-opens it", problem.Message.En, StringComparison.Ordinal);
        }

        Assert.Equal((1200d, false), await StoredAsync("HH_TOTAL", "2026Q2"));
        await using (var db = Db("doc"))
        {
            Assert.False(await db.DataValues.AnyAsync(v => v.DataElement.Code == "PCT"));
        }

        // Approval makes the report's values count; an approved report refuses them too, until it is re-opened.
        await DecideAsync("cds.tinh", ReportAction.Approve);
        Assert.Equal((1200d, true), await StoredAsync("HH_TOTAL", "2026Q2"));
        Assert.False((await WriteAsync("cds.tinh", true, new DataValueInput("HH_TOTAL", "20.X1", "2026Q2", "1300", null))).Saved);
        Assert.Equal((1200d, true), await StoredAsync("HH_TOTAL", "2026Q2"));

        await DecideAsync("cds.tinh", ReportAction.Reopen, "Số hộ theo điều tra mới.");
        var corrected = await WriteAsync("canbo.x1", false, new DataValueInput("HH_TOTAL", "20.X1", "2026Q2", "1300", null));
        Assert.True(corrected.Saved);
        Assert.Equal((1300d, false), await StoredAsync("HH_TOTAL", "2026Q2"));
        Assert.Equal(ReportStatus.Returned, (await ReportAsync("2026Q2"))!.Value.Status);
    }

    [Fact]
    public async Task AValueNoFormCollects_WaitsForTheDxOffice_WhoseEntryIsTheApproval_AndOnlyItChangesItAfterwards()
    {
        await using (var db = Db("setup"))
        {
            await ReportingArrange.FormAsync(db);
            db.DataElements.Add(new DataElement { Code = "KIOSKS", Name = "Số ki-ốt dịch vụ công", Unit = "ki-ốt", MinValue = 0 });
            await db.SaveChangesAsync();
        }

        // A yearly value of a quarterly form's element and an element of no form: neither belongs to a report.
        var officer = await WriteAsync("canbo.x1", false,
            new DataValueInput("KIOSKS", "20.X1", "2026", "3", null), new DataValueInput("HH_TOTAL", "20.X1", "2026", "1250", null));
        Assert.True(officer.Saved);
        Assert.Equal([false, false], officer.Approved);
        Assert.Equal((3d, false), await StoredAsync("KIOSKS", "2026"));
        Assert.Null(await ReportAsync("2026"));

        // The DX office enters the same value: it is approved, and the history says by whom.
        var office = await WriteAsync("cds.tinh", true, new DataValueInput("KIOSKS", "20.X1", "2026", "3", null));
        Assert.Equal([RowStatus.Updated], office.Rows);
        Assert.Equal([true], office.Approved);
        Assert.Equal((3d, true), await StoredAsync("KIOSKS", "2026"));
        await using (var db = Db("doc"))
        {
            Assert.Equal(["canbo.x1", "cds.tinh"], await db.DataValueChanges.Where(c => c.Period == "2026" && c.DataElementId == db.DataElements.Single(e => e.Code == "KIOSKS").Id).OrderBy(c => c.Id).Select(c => c.By).ToListAsync());
        }

        // The officer sending the same value again does not take the approval back, and cannot change the approved value.
        Assert.Equal([true], (await WriteAsync("canbo.x1", false, new DataValueInput("KIOSKS", "20.X1", "2026", "3", null))).Approved);
        var changed = await WriteAsync("canbo.x1", false, new DataValueInput("KIOSKS", "20.X1", "2026", "4", null));
        Assert.False(changed.Saved);
        Assert.Contains("đã được Văn phòng chuyển đổi số duyệt", Assert.Single(changed.Problems).Message.Vi, StringComparison.Ordinal);
        Assert.Equal((3d, true), await StoredAsync("KIOSKS", "2026"));
        Assert.True((await WriteAsync("cds.tinh", true, new DataValueInput("KIOSKS", "20.X1", "2026", "4", "Rà soát"))).Saved);
        Assert.Equal((4d, true), await StoredAsync("KIOSKS", "2026"));
    }

    [Fact]
    public async Task TheOperatorsCsvImport_RefusesAValueAFormCollects_NamingLineAndForm_AndChangesNothing()
    {
        await using (var db = Db("setup"))
        {
            await ReportingArrange.FormAsync(db);
        }

        // Line 3 is a value of the quarterly form CDS-XA (from 2025Q1 on); a quarter before the form and a yearly value are not.
        const string Csv = "dataElement,orgUnit,period,value\n"
                           + "HH_TOTAL,20.X1,2024Q4,1100\n"
                           + "HH_TOTAL,20.X1,2026Q2,1200\n"
                           + "HH_TOTAL,20.X1,2026,1250\n";
        await using (var db = Db("cli:vanhanh"))
        {
            var refused = await new BulkValueImport(db, new OrgUnitQueries(db)).ImportCsvAsync(new StringReader(Csv));
            var problem = Assert.Single(refused.Problems);
            Assert.Equal("line3.dataElement", problem.Field);
            Assert.StartsWith("Dòng 3: chỉ số HH_TOTAL của đơn vị 20.X1 kỳ 2026Q2 được thu qua báo cáo CDS-XA", problem.Message.Vi, StringComparison.Ordinal);
            Assert.Contains("Line 3", problem.Message.En, StringComparison.Ordinal);
        }

        await using (var db = Db("doc"))
        {
            Assert.False(await db.DataValues.AnyAsync());
            Assert.False(await db.Reports.AnyAsync());
        }

        // Without that line the file is history and yearly data no form collects: stored, approved by the operator.
        await using (var db = Db("cli:vanhanh"))
        {
            var without = string.Join('\n', Csv.Split('\n').Where(l => !l.Contains("2026Q2", StringComparison.Ordinal)));
            var stored = await new BulkValueImport(db, new OrgUnitQueries(db)).ImportCsvAsync(new StringReader(without));
            Assert.True(stored.Succeeded);
            Assert.Equal(2, stored.Value!.Created);
        }

        Assert.Equal((1250d, true), await StoredAsync("HH_TOTAL", "2026"));
    }
}
