using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Values;

/// <summary>The operators' CSV import on each provider: the API's checks, all or nothing, history kept, re-runs change nothing.</summary>
public sealed class BulkValueImportTests : DatabaseTest
{
    private async Task<LodestarDbContext> ArrangeAsync(string actor)
    {
        var db = Database.Context(new NamedActor(actor));
        if (!await db.DataElements.AnyAsync())
        {
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
            // Code 06001 was reused by the reform: an old commune until 30/06/2025, a new one from 01/07/2025.
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, to: new DateOnly(2025, 6, 30));
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province, from: new DateOnly(2025, 7, 1));
            db.DataElements.AddRange(
                new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ", MinValue = 0 },
                new DataElement { Code = "PCT", Name = "Tỷ lệ", Unit = "%", MinValue = 0, MaxValue = 100 });
            await db.SaveChangesAsync();
        }

        return db;
    }

    private static async Task<Lodestar.Common.Outcome<BulkImportResult>> ImportAsync(LodestarDbContext db, string csv) =>
        await new BulkValueImport(db, new OrgUnitQueries(db)).ImportCsvAsync(new StringReader(csv));

    [Fact]
    public async Task Import_CreatesUpdatesAndKeepsHistory_AndASecondRunChangesNothing()
    {
        const string First = "\uFEFFdataElement,orgUnit,period,value,comment\n"
                             + "HH_TOTAL,06001,2024,1100,\"Điều tra, năm 2024\"\n"
                             + "HH_TOTAL,06001,2026Q1,1200,\n"
                             + "PCT,20,2026,45.5,\"Ghi \"\"chú\"\"\"\n";
        await using (var db = await ArrangeAsync("nhap.lieu.a"))
        {
            var outcome = await ImportAsync(db, First);
            Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
            Assert.Equal((3, 3, 0, 0), (outcome.Value!.Rows, outcome.Value.Created, outcome.Value.Updated, outcome.Value.Unchanged));
        }

        await using (var db = await ArrangeAsync("nhap.lieu.b"))
        {
            var again = await ImportAsync(db, First);
            Assert.Equal((0, 0, 3), (again.Value!.Created, again.Value.Updated, again.Value.Unchanged));
            var changed = await ImportAsync(db, "period,value,orgUnit,dataElement\n2026Q1,1250.5,06001,HH_TOTAL\n");
            Assert.Equal((0, 1, 0), (changed.Value!.Created, changed.Value.Updated, changed.Value.Unchanged));
        }

        await using var read = Database.Context();
        var values = await read.DataValues.Include(v => v.OrgUnit).OrderBy(v => v.Period).ToListAsync();
        Assert.Equal(3, values.Count);
        var old = values.Single(v => v.Period == "2024");
        Assert.Equal(new DateOnly(2025, 6, 30), old.OrgUnit.ValidTo);
        Assert.Equal("Điều tra, năm 2024", old.Comment);
        Assert.Equal("Ghi \"chú\"", values.Single(v => v.Period == "2026").Comment);
        var q1 = values.Single(v => v.Period == "2026Q1");
        Assert.Equal((1250.5, "nhap.lieu.a", "nhap.lieu.b", new DateOnly(2026, 3, 31)), (q1.Value, q1.CreatedBy, q1.UpdatedBy, q1.EndOn));
        Assert.Null(q1.OrgUnit.ValidTo);
        var history = await read.DataValueChanges.Where(c => c.Period == "2026Q1").OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([(null, 1200.0, "nhap.lieu.a"), (1200.0, 1250.5, "nhap.lieu.b")], history.Select(h => (h.OldValue, h.NewValue!.Value, h.By)));
        Assert.Equal(4, await read.DataValueChanges.CountAsync());
    }

    [Theory]
    [InlineData(4096)] // every key of the file looked up first: the second file takes the merge at once
    [InlineData(1)] // only the first key looked up: the second file tries the direct path, the unique index refuses it, the merge follows
    public async Task FirstLoad_ThenReimportWithSomeChanged_HistoryRightForEachKind(int sampledKeys)
    {
        const string First = "dataElement,orgUnit,period,value,comment\n"
                             + "HH_TOTAL,06001,2026Q1,1200,\n"
                             + "HH_TOTAL,06001,2026Q2,1210,Ước tính\n"
                             + "PCT,20,2026Q1,40,\n";
        const string Second = "dataElement,orgUnit,period,value,comment\n"
                              + "HH_TOTAL,06001,2026Q3,1220,\n" // new
                              + "HH_TOTAL,06001,2026Q1,1200,\n" // unchanged
                              + "HH_TOTAL,06001,2026Q2,1210,Đã kiểm tra\n" // comment changed
                              + "PCT,20,2026Q1,42.5,\n"; // value changed
        await using (var db = await ArrangeAsync("nhap.lieu.a"))
        {
            var first = await new BulkValueImport(db, new OrgUnitQueries(db)) { SampledKeys = sampledKeys }.ImportCsvAsync(new StringReader(First));
            Assert.Equal((3, 0, 0), (first.Value!.Created, first.Value.Updated, first.Value.Unchanged));
        }

        await using (var db = await ArrangeAsync("nhap.lieu.b"))
        {
            var second = await new BulkValueImport(db, new OrgUnitQueries(db)) { SampledKeys = sampledKeys }.ImportCsvAsync(new StringReader(Second), approved: false);
            Assert.Equal((1, 2, 1), (second.Value!.Created, second.Value.Updated, second.Value.Unchanged));
        }

        await using var read = Database.Context();
        var codes = await read.DataElements.ToDictionaryAsync(e => e.Id, e => e.Code);

        // One history row per new or changed value, none for the unchanged one; an update keeps what it replaced.
        var history = (await read.DataValueChanges.ToListAsync())
            .Select(c => (codes[c.DataElementId], c.Period, c.OldValue, c.NewValue, c.Comment, c.By)).OrderBy(h => h.ToString(), StringComparer.Ordinal).ToList();
        (string, string, double?, double?, string?, string)[] expected =
        [
            ("HH_TOTAL", "2026Q1", null, 1200, null, "nhap.lieu.a"),
            ("HH_TOTAL", "2026Q2", null, 1210, "Ước tính", "nhap.lieu.a"),
            ("HH_TOTAL", "2026Q2", 1210, 1210, "Đã kiểm tra", "nhap.lieu.b"),
            ("HH_TOTAL", "2026Q3", null, 1220, null, "nhap.lieu.b"),
            ("PCT", "2026Q1", null, 40, null, "nhap.lieu.a"),
            ("PCT", "2026Q1", 40, 42.5, null, "nhap.lieu.b"),
        ];
        Assert.Equal(expected.OrderBy(h => h.ToString(), StringComparer.Ordinal), history);

        // The unchanged value keeps who wrote it and its approval; the others say the second import, as drafts.
        var values = (await read.DataValues.ToListAsync())
            .Select(v => (codes[v.DataElementId], v.Period, v.Value, v.Comment, v.CreatedBy, v.UpdatedBy, v.Approved)).OrderBy(v => v.ToString(), StringComparer.Ordinal).ToList();
        (string, string, double, string?, string, string, bool)[] stored =
        [
            ("HH_TOTAL", "2026Q1", 1200, null, "nhap.lieu.a", "nhap.lieu.a", true),
            ("HH_TOTAL", "2026Q2", 1210, "Đã kiểm tra", "nhap.lieu.a", "nhap.lieu.b", false),
            ("HH_TOTAL", "2026Q3", 1220, null, "nhap.lieu.b", "nhap.lieu.b", false),
            ("PCT", "2026Q1", 42.5, null, "nhap.lieu.a", "nhap.lieu.b", false),
        ];
        Assert.Equal(stored.OrderBy(v => v.ToString(), StringComparer.Ordinal), values);
    }

    [Fact]
    public async Task FirstLoad_ByARoleThatMayNotTurnOffKeyChecks_StoresTheSame()
    {
        // On PostgreSQL the direct path switches the per-row key checks off only when the role may; a plain role keeps them.
        var role = "lodestar_plain_" + Guid.NewGuid().ToString("N")[..8];
        await using var db = await ArrangeAsync("nhap.lieu");
        if (db.IsSqlite)
        {
            role = null;
        }
        else
        {
            await db.Database.OpenConnectionAsync();
            var become = $"CREATE ROLE {role}; GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}; SET ROLE {role}";
            await db.Database.ExecuteSqlRawAsync(become);
        }

        try
        {
            var outcome = await ImportAsync(db, "dataElement,orgUnit,period,value\nHH_TOTAL,06001,2026Q1,1200\nPCT,20,2026Q1,40\n");

            Assert.Equal((2, 0), (outcome.Value!.Created, outcome.Value.Updated));
            Assert.Equal(2, await db.DataValues.CountAsync());
            Assert.Equal(2, await db.DataValueChanges.CountAsync(c => c.OldValue == null && c.By == "nhap.lieu"));
            if (role is not null)
            {
                Assert.Equal("origin", await db.Database.SqlQueryRaw<string>("SELECT current_setting('session_replication_role') AS \"Value\"").SingleAsync());
            }
        }
        finally
        {
            if (role is not null)
            {
                var drop = $"RESET ROLE; DROP OWNED BY {role}; DROP ROLE {role}";
                await db.Database.ExecuteSqlRawAsync(drop);
            }
        }
    }

    [Fact]
    public async Task BadRows_AreNamedByLineAndField_AndNothingIsSaved()
    {
        const string Csv = "dataElement,orgUnit,period,value\n"
                           + "HH_TOTAL,06001,2026Q1,1200\n"
                           + "HH_TOTAL,06001,2026Q1,1300\n"
                           + "PCT,20,2026,một trăm\n"
                           + "PCT,20,2026Q5,50\n"
                           + "HH_TOTAL,99999,2026,5\n"
                           + "PCT,20,2025,150\n";
        await using var db = await ArrangeAsync("nhap.lieu");

        var outcome = await ImportAsync(db, Csv);

        Assert.False(outcome.Succeeded);
        Assert.Equal(["line3.period", "line4.value", "line5.period", "line6.orgUnit", "line7.value"], outcome.Problems.Select(p => p.Field));
        Assert.StartsWith("Dòng 4: 'một trăm' không phải là số", outcome.Problems[1].Message.Vi, StringComparison.Ordinal);
        Assert.StartsWith("Row 3: duplicates row 2", outcome.Problems[0].Message.En, StringComparison.Ordinal);
        Assert.Equal(0, await db.DataValues.CountAsync());
        Assert.Equal(0, await db.DataValueChanges.CountAsync());
    }

    [Fact]
    public async Task MissingColumns_AreNamed()
    {
        await using var db = await ArrangeAsync("nhap.lieu");

        var semicolons = await ImportAsync(db, "dataElement;orgUnit;period;value\nHH_TOTAL;06001;2026;1\n");
        var missing = await ImportAsync(db, "dataElement,period,value\nHH_TOTAL,2026,1\n");

        Assert.Contains("semicolons", Assert.Single(semicolons.Problems).Message.En, StringComparison.Ordinal);
        Assert.Contains("dấu chấm phẩy", semicolons.Problems[0].Message.Vi, StringComparison.Ordinal);
        var problem = Assert.Single(missing.Problems);
        Assert.Contains("'orgUnit' is missing", problem.Message.En, StringComparison.Ordinal);
        Assert.Contains("thiếu cột 'orgUnit'", problem.Message.Vi, StringComparison.Ordinal);
    }
}
