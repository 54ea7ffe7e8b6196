using System.Diagnostics;
using System.Globalization;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Spreadsheets;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Lodestar.Tests.Reporting;

/// <summary>
/// The 10,000-row bulk upload (2,500 communes × 4 values): refused whole for one bad row, saved whole when good.
/// The times it prints are written down in bench/RESULTS.md; they are not asserted (speed is measured, not tested).
/// </summary>
public sealed class ReportUploadPerformanceTests(ITestOutputHelper output) : DatabaseTest
{
    private const int Units = 2_500;

    [Fact]
    public async Task TenThousandRowWorkbook_IsRefusedWholeOrSavedWhole()
    {
        var clock = new TestClock(new DateOnly(2026, 7, 5));
        await using (var db = Database.Context(new NamedActor("cds.tinh"), clock))
        {
            var (province, commune) = await ReportingArrange.FormAsync(db);
            var units = Enumerable.Range(1, Units - 1).Select(i => new OrgUnit
            {
                Code = $"20.B{i:0000}", Name = $"Xã {i}", FullName = $"Xã {i}", Type = "Xã", Level = OrgUnitLevel.Commune,
            }).ToList();
            db.OrgUnits.AddRange(units);
            db.OrgUnitParents.AddRange(units.Select(u => new OrgUnitParentLink { Child = u, Parent = province }));
            await db.SaveChangesAsync();
            var form = await db.ReportForms.SingleAsync();
            var schools = new DataElement { Code = "SCH_TOTAL", Name = "Số trường học", Unit = "trường", MinValue = 0 };
            db.ReportFormItems.Add(new ReportFormItem { FormId = form.Id, DataElement = schools, Section = "Giáo dục", SortOrder = 4 });
            db.ReportFormUnits.AddRange(units.Select(u => new ReportFormUnit { FormId = form.Id, OrgUnitId = u.Id }));
            await db.SaveChangesAsync();
        }

        var sheet = new XlsxSheet(ReportSheets.SheetName, [.. ReportSheets.Headers.Select(h => new XlsxColumn(h))]);
        var codes = Enumerable.Range(1, Units - 1).Select(i => $"20.B{i:0000}").Prepend("20.X1");
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            var total = 800 + (i % 400);
            sheet.Add(ReportingArrange.Form, code, "2026Q2", "HH_TOTAL", "Số hộ", "hộ", null, total, null);
            sheet.Add(ReportingArrange.Form, code, "2026Q2", "HH_FIBRE", "Số hộ có cáp quang", "hộ", null, total * 0.6, "Số liệu VNPT");
            sheet.Add(ReportingArrange.Form, code, "2026Q2", "PCT", "Tỷ lệ", "%", null, 50 + (i % 50), null);
            sheet.Add(ReportingArrange.Form, code, "2026Q2", "SCH_TOTAL", "Số trường học", "trường", null, 3 + (i % 5), null);
        }

        var file = XlsxWriter.Write(sheet);
        var watch = Stopwatch.StartNew();
        var parsed = ReportSheets.Parse(new MemoryStream(file));
        var parseTime = watch.Elapsed;
        Assert.True(parsed.Succeeded);
        var rows = parsed.Value!;
        Assert.Equal(10_000, rows.Count);
        List<SheetRow> withOneBad = [.. rows.Take(9_000), rows[9_000] with { Element = "SCH_NONE" }, .. rows.Skip(9_001)];

        // First the same file with one bad row near the end: refused whole, nothing saved.
        watch.Restart();
        await using (var db = Database.Context(new NamedActor("cds.tinh"), clock))
        {
            var outcome = await new ReportSheets(db, new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), clock), new OrgUnitQueries(db))
                .ImportAsync(withOneBad, null, ReportingArrange.Anywhere);
            Assert.False(outcome.Succeeded);
            Assert.Equal($"BaoCao!D{rows[9_000].Row}", Assert.Single(outcome.Problems).Field);
            Assert.Equal(0, await db.Reports.CountAsync());
        }

        var refuseTime = watch.Elapsed;
        watch.Restart();
        await using (var db = Database.Context(new NamedActor("cds.tinh"), clock))
        {
            var outcome = await new ReportSheets(db, new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), clock), new OrgUnitQueries(db))
                .ImportAsync(rows, null, ReportingArrange.Anywhere);
            Assert.True(outcome.Succeeded, string.Join("\n", outcome.Problems.Take(5).Select(p => p.Message.Vi)));
            Assert.Equal((Units, Units * 4), (outcome.Value!.Reports, outcome.Value.Values));
            Assert.Equal(Units * 4, await db.DataValues.CountAsync());
        }

        var saveTime = watch.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(TestDatabase.IsPostgres ? "PostgreSQL" : "SQLite")}: {parsed.Value!.Count} rows, {file.Length / 1024} KB; read and check cells {parseTime.TotalSeconds:F2} s; refuse (one bad row) {refuseTime.TotalSeconds:F2} s; validate and save {Units} reports {saveTime.TotalSeconds:F2} s"));
    }
}
