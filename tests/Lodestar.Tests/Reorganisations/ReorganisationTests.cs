using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Reorganisations;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Reorganisations;

/// <summary>
/// Issue 17: each kind of change, the map as of the day before and the day, and the rules that carry what hangs on a
/// closing unit to its successor (src/Lodestar/OrgUnits/README.md). Runs on SQLite and PostgreSQL.
/// </summary>
public sealed partial class ReorganisationTests : DatabaseTest
{
    private static readonly DateOnly Start = new(2025, 7, 1);
    private static readonly DateOnly Day = new(2026, 1, 1);
    private static readonly DateOnly DayBefore = new(2025, 12, 31);

    private OrgUnit _province = null!;
    private OrgUnit _a = null!;
    private OrgUnit _b = null!;
    private OrgUnit _c = null!;

    // A province with three communes; villages under A (two) and B (one).
    private async Task<LodestarDbContext> MapAsync()
    {
        var db = Database.Context();
        _province = await db.AddUnitAsync("91", OrgUnitLevel.Province, from: Start, fullName: "Tỉnh Thử");
        _a = await db.AddUnitAsync("91001", OrgUnitLevel.Commune, _province, Start, fullName: "Xã An Bình");
        _b = await db.AddUnitAsync("91002", OrgUnitLevel.Commune, _province, Start, fullName: "Xã Bình Minh");
        _c = await db.AddUnitAsync("91003", OrgUnitLevel.Commune, _province, Start, fullName: "Xã Cao Sơn");
        await db.AddUnitAsync("91001-T1", OrgUnitLevel.Village, _a, Start, fullName: "Thôn Một");
        await db.AddUnitAsync("91001-T2", OrgUnitLevel.Village, _a, Start, fullName: "Thôn Hai");
        await db.AddUnitAsync("91002-T1", OrgUnitLevel.Village, _b, Start, fullName: "Thôn Ba");
        foreach (var u in new[] { _a, _b, _c })
        {
            u.Type = "Xã";
        }

        await db.SaveChangesAsync();
        return db;
    }

    private static ReorganisationInput Input(params ChangeInput[] changes) => new(Day, "Nghị quyết số 1234/NQ-UBTVQH15 ngày 15/11/2026", changes);

    private async Task<ReorganisationResult> RecordAsync(ReorganisationInput input, int? provinceId = null, bool preview = false)
    {
        await using var db = Database.Context();
        var outcome = await new ReorganisationService(db).RecordAsync(input, provinceId, preview);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}")));
        return outcome.Value!;
    }

    private async Task<IReadOnlyList<Lodestar.Common.Problem>> RefusedAsync(ReorganisationInput input, int? provinceId = null)
    {
        await using var db = Database.Context();
        var outcome = await new ReorganisationService(db).RecordAsync(input, provinceId, preview: false);
        Assert.False(outcome.Succeeded);
        return outcome.Problems;
    }

    private async Task<OrgUnitItem> ItemAsync(string code, DateOnly asOf)
    {
        await using var db = Database.Context();
        var units = await new OrgUnitQueries(db).ListAsync(new OrgUnitFilter(asOf, Query: code, PageSize: 10));
        return Assert.Single(units.Items, u => u.Code == code);
    }

    [Fact]
    public async Task Rename_TheDayBeforeShowsTheOldName_TheDayTheNew_AndTheAuditKeepsBoth()
    {
        await using (await MapAsync())
        {
        }

        await RecordAsync(Input(new ChangeInput(ChangeKind.Rename, Unit: "91001", Name: "An Hòa", FullName: "Xã An Hòa")));

        Assert.Equal("Xã An Bình", (await ItemAsync("91001", DayBefore)).FullName);
        Assert.Equal("Xã An Hòa", (await ItemAsync("91001", Day)).FullName);
        await using var db = Database.Context();
        var queries = new OrgUnitQueries(db);
        Assert.Equal("Xã An Bình", (await queries.GetAsync("91001", DayBefore))!.Unit.FullName);
        Assert.Equal("Xã An Hòa", (await queries.GetAsync("91001", Day))!.Unit.FullName);

        // A village shows its parent's name of the day.
        var village = await queries.ListAsync(new OrgUnitFilter(DayBefore, Query: "91001-T1"));
        Assert.Equal("Xã An Bình", Assert.Single(village.Items).ParentName);
        Assert.Equal("Xã An Hòa", Assert.Single((await queries.ListAsync(new OrgUnitFilter(Day, Query: "91001-T1"))).Items).ParentName);

        static string? FullName(string? json) => json is null ? null : System.Text.Json.JsonDocument.Parse(json).RootElement.TryGetProperty("FullName", out var n) ? n.GetString() : null;
        var audit = (await db.AuditEntries.Where(e => e.Entity == nameof(OrgUnit) && e.Action == "update").ToListAsync())
            .Single(e => FullName(e.After) == "Xã An Hòa");
        Assert.Equal("Xã An Bình", FullName(audit.Before));
        var record = await db.AuditEntries.SingleAsync(e => e.Action == "reorganise");
        Assert.Contains("1234/NQ-UBTVQH15", record.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_ATaskThatFellDueBefore_NamesTheOwnerAsItWasOnTheDeadline_LaterOnesTheNewName()
    {
        await using (var db = await MapAsync())
        {
            db.Tasks.Add(new WorkTask { Title = "Việc hạn trước", OwnerUnitId = _a.Id, AssignedOn = Start, Deadline = DayBefore.AddDays(-10) });
            db.Tasks.Add(new WorkTask { Title = "Việc hạn sau", OwnerUnitId = _a.Id, AssignedOn = Start, Deadline = Day.AddMonths(2) });
            db.Tasks.Add(new WorkTask { Title = "Việc chưa đến hạn", OwnerUnitId = _a.Id, AssignedOn = Start, Deadline = Day.AddMonths(9) });
            await db.SaveChangesAsync();
        }

        await RecordAsync(Input(new ChangeInput(ChangeKind.Rename, Unit: "91001", Name: "An Hòa", FullName: "Xã An Hòa")));

        await using var check = Database.Context();
        var tasks = (await new TaskQueries(check).ListAsync(new TaskFilter(Day.AddMonths(6)))).Items.ToDictionary(t => t.Title, t => t.OwnerUnitName);
        Assert.Equal("Xã An Bình", tasks["Việc hạn trước"]);
        Assert.Equal("Xã An Hòa", tasks["Việc hạn sau"]);
        Assert.Equal("Xã An Hòa", tasks["Việc chưa đến hạn"]);
    }

    [Fact]
    public async Task Retype_XaBecomesPhuong_FromTheDay_KeepingItsTasks()
    {
        await using (var db = await MapAsync())
        {
            db.Tasks.Add(new WorkTask { Title = "Số hóa hồ sơ", OwnerUnitId = _a.Id, AssignedOn = Start, Deadline = Day.AddMonths(3) });
            await db.SaveChangesAsync();
        }

        var result = await RecordAsync(Input(new ChangeInput(ChangeKind.Retype, Unit: "91001", Type: "Phường", Name: "An Bình", FullName: "Phường An Bình")));

        Assert.Contains(result.Consequences, c => c.What == "unit-retyped" && c.Text.En.Contains("peer group", StringComparison.Ordinal));
        await using var check = Database.Context();
        var queries = new OrgUnitQueries(check);
        Assert.Empty((await queries.ListAsync(new OrgUnitFilter(DayBefore, Type: "Phường"))).Items);
        Assert.Equal("91001", Assert.Single((await queries.ListAsync(new OrgUnitFilter(Day, Type: "Phường"))).Items).Code);
        Assert.Equal(_a.Id, (await check.Tasks.SingleAsync()).OwnerUnitId);
    }

    [Fact]
    public async Task Merge_IntoANewUnitReusingACode_ClosesTheOld_CarriesVillagesTasksAccountsAndObligations()
    {
        int formId, doneTaskId, openTaskId, userId;
        await using (var db = await MapAsync())
        {
            var form = new ReportForm { Code = "BC-CDS", Name = "Báo cáo CĐS", PeriodType = PeriodType.Quarter, FirstPeriod = "2025Q3" };
            form.Units.Add(new ReportFormUnit { OrgUnitId = _a.Id });
            form.Units.Add(new ReportFormUnit { OrgUnitId = _b.Id });
            db.ReportForms.Add(form);
            var done = new WorkTask { Title = "Việc đã xong", OwnerUnitId = _a.Id, AssignedOn = Start, Deadline = Start.AddMonths(2), CompletedOn = Start.AddMonths(1) };
            var open = new WorkTask { Title = "Việc đang làm", OwnerUnitId = _b.Id, AssignedOn = Start, Deadline = Day.AddMonths(2) };
            open.CoUnits.Add(new TaskCoUnit { OrgUnitId = _a.Id });
            db.Tasks.AddRange(done, open);
            await db.SaveChangesAsync();
            (formId, doneTaskId, openTaskId) = (form.Id, done.Id, open.Id);
            userId = (await db.AddUserAsync("canbo.binhminh", "Cán bộ Bình Minh", null, Roles.ReportingOfficer, _b.Id)).Id;
            db.OrgUnitBoundaries.Add(new OrgUnitBoundary { OrgUnitId = _a.Id, GeoJson = """{"type":"Polygon","coordinates":[[[106,21],[106.1,21],[106.1,21.1],[106,21]]]}""" });
            db.OrgUnitBoundaries.Add(new OrgUnitBoundary { OrgUnitId = _b.Id, GeoJson = """{"type":"MultiPolygon","coordinates":[[[[106.2,21],[106.3,21],[106.3,21.1],[106.2,21]]],[[[106.4,21],[106.5,21],[106.5,21.1],[106.4,21]]]]}""" });
            await db.SaveChangesAsync();
        }

        var result = await RecordAsync(Input(new ChangeInput(ChangeKind.Merge, From: ["91001", "91002"],
            IntoUnit: new NewUnitInput("91001", "An Minh", "Xã An Minh"))));

        await using var check = Database.Context();
        var queries = new OrgUnitQueries(check);
        Assert.Equal("Xã An Bình", (await queries.FindAsync("91001", DayBefore))!.FullName);
        var merged = (await queries.FindAsync("91001", Day))!;
        Assert.Equal("Xã An Minh", merged.FullName);
        Assert.Equal("Xã", merged.Type);
        Assert.Null(await queries.FindAsync("91002", Day));
        Assert.Equal(DayBefore, (await check.OrgUnits.SingleAsync(u => u.Id == _b.Id)).ValidTo);

        // Villages follow, the day before they stay where they were.
        var below = await queries.SubtreeIdsAsync(merged.Id, Day);
        Assert.Equal(4, below.Count);
        Assert.Equal(3, (await queries.SubtreeIdsAsync(_a.Id, DayBefore)).Count);
        var communesOnDay = await queries.ListAsync(new OrgUnitFilter(Day, OrgUnitLevel.Commune, ParentId: _province.Id));
        Assert.Equal(["91001", "91003"], communesOnDay.Items.Select(u => u.Code));

        // The merged unit's shape unites theirs (one polygon and a two-part one); theirs stay for the maps before the day.
        using (var shape = System.Text.Json.JsonDocument.Parse((await check.OrgUnitBoundaries.SingleAsync(b => b.OrgUnitId == merged.Id)).GeoJson))
        {
            Assert.Equal("MultiPolygon", shape.RootElement.GetProperty("type").GetString());
            Assert.Equal(3, shape.RootElement.GetProperty("coordinates").GetArrayLength());
        }

        Assert.Equal(2, await check.OrgUnitBoundaries.CountAsync(b => b.OrgUnitId == _a.Id || b.OrgUnitId == _b.Id));

        var lineage = await queries.LineageAsync(merged.Id);
        Assert.Equal(["91001", "91002"], lineage.Predecessors.Select(p => p.Code));
        Assert.All(lineage.Predecessors, p => Assert.Equal(("full", Day), (p.MergeType, p.Effective)));
        Assert.Equal("Xã An Bình", lineage.Predecessors[0].Name);

        // The open task moves, the finished one stays; a co-unit that became the owner is dropped.
        Assert.Equal(_a.Id, (await check.Tasks.SingleAsync(t => t.Id == doneTaskId)).OwnerUnitId);
        var moved = await check.Tasks.Include(t => t.CoUnits).SingleAsync(t => t.Id == openTaskId);
        Assert.Equal(merged.Id, moved.OwnerUnitId);
        Assert.Empty(moved.CoUnits);

        var user = await check.Users.SingleAsync(u => u.Id == userId);
        Assert.Equal(merged.Id, user.ScopeUnitId);
        var notice = await check.Notifications.SingleAsync(n => n.UserId == userId);
        Assert.Equal(NoticeKind.Reorganisation, notice.Kind);
        Assert.Contains("Xã An Minh", notice.TextVi, StringComparison.Ordinal);

        Assert.True(await check.ReportFormUnits.AnyAsync(a => a.FormId == formId && a.OrgUnitId == merged.Id));
        var today = new DateOnly(2026, 7, 20);
        var reporting = new ReportingService(check, new DataValueService(check, new OrgUnitQueries(check)), new TestClock(today));
        var due = await reporting.DueAsync([_a.Id, _b.Id, merged.Id], today);
        Assert.DoesNotContain(due, d => d.UnitId == _b.Id && d.Period.End >= Day);
        Assert.Contains(due, d => d.UnitId == merged.Id && d.Period.Code == "2026Q1");
        Assert.Contains(due, d => d.UnitId == _b.Id && d.Period.Code == "2025Q4");

        Assert.Contains(result.Consequences, c => c.What == "child-moved" && c.Subject == "91002-T1");
        Assert.Contains(result.Consequences, c => c.What == "account" && c.Subject == "canbo.binhminh");
        Assert.Equal("91001", Assert.Single(result.Consequences, c => c.What == "report-obligation").To);
    }

    [Fact]
    public async Task Preview_ListsTheConsequences_AndWritesNothing()
    {
        await using (await MapAsync())
        {
        }

        await using var before = Database.Context();
        var units = await before.OrgUnits.CountAsync();
        var audit = await before.AuditEntries.CountAsync();

        var preview = await RecordAsync(Input(new ChangeInput(ChangeKind.Dissolve, Unit: "91003", Successor: "91002")), preview: true);

        Assert.True(preview.Preview);
        Assert.Contains(preview.Consequences, c => c.What == "unit-closed" && c.Subject == "91003" && c.To == "91002");
        await using var after = Database.Context();
        Assert.Equal(units, await after.OrgUnits.CountAsync());
        Assert.Equal(audit, await after.AuditEntries.CountAsync());
        Assert.Null((await after.OrgUnits.SingleAsync(u => u.Id == _c.Id)).ValidTo);
        Assert.Empty(await after.Reorganisations.ToListAsync());
    }

    [Fact]
    public async Task Split_WithShares_NeedsAMoveForEachVillage_ThenRecordsPartialEdges()
    {
        await using (await MapAsync())
        {
        }

        var parts = new[] { new NewUnitInput("91011", "Bắc", "Xã Bắc Sơn", Share: 0.6), new NewUnitInput("91012", "Nam", "Xã Nam Sơn", Share: 0.4) };
        var missingMove = await RefusedAsync(Input(new ChangeInput(ChangeKind.Split, Unit: "91001", Parts: parts)));
        Assert.Contains(missingMove, p => p.Message.En.Contains("Thôn Một", StringComparison.Ordinal) && p.Message.En.Contains("move", StringComparison.Ordinal));

        var badShares = await RefusedAsync(Input(new ChangeInput(ChangeKind.Split, Unit: "91003", Parts: [parts[0], parts[1] with { Share = 0.3 }])));
        Assert.Equal("changes[0].parts", Assert.Single(badShares).Field);

        await RecordAsync(Input(
            new ChangeInput(ChangeKind.Split, Unit: "91001", Parts: parts),
            new ChangeInput(ChangeKind.Move, Unit: "91001-T1", Parent: "91011"),
            new ChangeInput(ChangeKind.Move, Unit: "91001-T2", Parent: "91012")));

        await using var check = Database.Context();
        var queries = new OrgUnitQueries(check);
        var north = (await queries.FindAsync("91011", Day))!;
        Assert.Null(await queries.FindAsync("91011", DayBefore));
        var edges = (await queries.LineageAsync(_a.Id)).Successors;
        Assert.Equal([("91011", "partial", (double?)0.6), ("91012", "partial", 0.4)], edges.Select(e => (e.Code, e.MergeType, e.Share)));
        Assert.Equal(2, (await queries.SubtreeIdsAsync(north.Id, Day)).Count);
        Assert.Equal(_province.Id, (await queries.AncestorIdsAsync(north.Id, Day)).Single());
    }

    [Fact]
    public async Task AFutureReorganisation_CanBePreviewed_ButIsRecordedOnlyFromItsDate()
    {
        await using (await MapAsync())
        {
        }

        var future = Input(new ChangeInput(ChangeKind.Dissolve, Unit: "91003", Successor: "91002")) with { EffectiveOn = Lodestar.Common.Dates.Today(TestTime.Clock).AddDays(30) };
        Assert.NotEmpty((await RecordAsync(future, preview: true)).Consequences);
        Assert.Equal("effectiveOn", Assert.Single(await RefusedAsync(future)).Field);
    }

    [Fact]
    public async Task BadChanges_AreNamedByIndexAndField_AndNothingIsWritten()
    {
        await using (await MapAsync())
        {
        }

        var problems = await RefusedAsync(Input(
            new ChangeInput(ChangeKind.Rename, Unit: "91002", Name: "Bình Minh Mới", FullName: "Xã Bình Minh Mới"),
            new ChangeInput(ChangeKind.Merge, From: ["99999", "91003"], Into: "91002"),
            new ChangeInput(ChangeKind.Create, NewUnit: new NewUnitInput("91003", "<b>X</b>", "Xã <b>X</b>", "Xã", "commune", "91"))));

        Assert.Contains(problems, p => p.Field == "changes[1].from[0]" && p.Message.Vi.Contains("99999", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "changes[2].newUnit.fullName");
        await using var check = Database.Context();
        Assert.Equal("Xã Bình Minh", (await check.OrgUnits.SingleAsync(u => u.Id == _b.Id)).FullName);
        Assert.Empty(await check.OrgUnitNames.ToListAsync());
    }

    [Fact]
    public void TheJsonShape_ReadsASplitsPartsFromInto_AndNamesAnUnknownKind()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""
            { "effectiveOn": "2026-01-01", "basis": "NQ 1", "preview": true, "changes": [
              { "kind": "split", "unit": "91003", "into": [ { "code": "A", "share": 0.5 }, { "code": "B", "share": 0.5 } ] },
              { "kind": "merge", "from": ["91001", "91002"], "into": "91003" } ] }
            """);
        var read = ReorganisationJson.Read(json.RootElement);
        Assert.True(read.Succeeded);
        Assert.True(read.Value.Preview);
        Assert.Equal(["A", "B"], read.Value.Input.Changes[0].Parts!.Select(p => p.Code));
        Assert.Equal("91003", read.Value.Input.Changes[1].Into);

        using var bad = System.Text.Json.JsonDocument.Parse("""{ "effectiveOn": "01/01/2026", "changes": [ { "kind": "teleport" } ] }""");
        Assert.Equal(["effectiveOn", "changes[0].kind"], ReorganisationJson.Read(bad.RootElement).Problems.Select(p => p.Field));
    }

    [Fact]
    public async Task AUnitRenamedOrMovedTwiceInOneDecision_IsNamed_NotLeftToTheDatabase()
    {
        await using (await MapAsync())
        {
        }

        var problems = await RefusedAsync(Input(
            new ChangeInput(ChangeKind.Rename, Unit: "91002", Name: "Một", FullName: "Xã Một"),
            new ChangeInput(ChangeKind.Retype, Unit: "91002", Type: "Phường", Name: "Hai", FullName: "Phường Hai"),
            new ChangeInput(ChangeKind.Move, Unit: "91001-T1", Parent: "91002"),
            new ChangeInput(ChangeKind.Move, Unit: "91001-T1", Parent: "91003")));

        Assert.Equal(["changes[1].unit", "changes[3].unit"], problems.Select(p => p.Field));
    }

    [Fact]
    public async Task ACodeInUse_IsRefused_ButMayBeReusedWhenItsUnitCloses()
    {
        await using (await MapAsync())
        {
        }

        var taken = await RefusedAsync(Input(new ChangeInput(ChangeKind.Create, NewUnit: new NewUnitInput("91003", "Mới", "Xã Mới", "Xã", "commune", "91"))));
        Assert.Equal("changes[0].newUnit.code", Assert.Single(taken).Field);

        await RecordAsync(Input(
            new ChangeInput(ChangeKind.Create, NewUnit: new NewUnitInput("91003", "Mới", "Xã Mới", "Xã", "commune", "91")),
            new ChangeInput(ChangeKind.Dissolve, Unit: "91003", Successor: "91002")));
        await using var check = Database.Context();
        Assert.Equal("Xã Cao Sơn", (await new OrgUnitQueries(check).FindAsync("91003", DayBefore))!.FullName);
        Assert.Equal("Xã Mới", (await new OrgUnitQueries(check).FindAsync("91003", Day))!.FullName);
    }

    [Fact]
    public async Task AMergeThenASplitOfTheResult_KeepsEachDayTrue_AndChangesMustComeInDateOrder()
    {
        await using (await MapAsync())
        {
        }

        await RecordAsync(Input(new ChangeInput(ChangeKind.Merge, From: ["91002", "91003"], IntoUnit: new NewUnitInput("91020", "Hợp Nhất", "Xã Hợp Nhất"))));
        var later = new DateOnly(2026, 7, 1);
        var earlier = await RefusedAsync(Input(new ChangeInput(ChangeKind.Rename, Unit: "91020", Name: "X", FullName: "Xã X")) with { EffectiveOn = new DateOnly(2025, 10, 1) });
        Assert.Contains(earlier, p => p.Field == "changes[0].unit");

        await RecordAsync(new ReorganisationInput(later, "Nghị quyết số 99/NQ-HĐND", [
            new ChangeInput(ChangeKind.Split, Unit: "91020", Parts: [new("91021", "Đông", "Xã Đông", Share: 0.5), new("91022", "Tây", "Xã Tây", Share: 0.5)]),
            new ChangeInput(ChangeKind.Move, Unit: "91002-T1", Parent: "91022"),
        ]));

        await using var check = Database.Context();
        var queries = new OrgUnitQueries(check);
        async Task<List<string>> Communes(DateOnly on) =>
            (await queries.ListAsync(new OrgUnitFilter(on, OrgUnitLevel.Commune, ParentId: _province.Id))).Items.Select(u => u.Code).ToList();
        Assert.Equal(["91001", "91002", "91003"], await Communes(DayBefore));
        Assert.Equal(["91001", "91020"], await Communes(Day));
        Assert.Equal(["91001", "91021", "91022"], await Communes(later));
        var village = (await queries.FindAsync("91002-T1", later))!;
        Assert.Equal("91020", (await queries.AncestorsAsync(village.Id, later.AddDays(-1)))[^1].Code);
        Assert.Equal("91022", (await queries.AncestorsAsync(village.Id, later))[^1].Code);
    }

    [Fact]
    public async Task TheDxOffice_ChangesOnlyItsProvincesVillagesAndAgencies()
    {
        await using (await MapAsync())
        {
        }

        var commune = await RefusedAsync(Input(new ChangeInput(ChangeKind.Rename, Unit: "91001", Name: "X", FullName: "Xã X")), _province.Id);
        Assert.Equal("changes[0].unit", Assert.Single(commune).Field);

        var result = await RecordAsync(Input(new ChangeInput(ChangeKind.Merge, From: ["91001-T1", "91001-T2"],
            IntoUnit: new NewUnitInput("91001-T12", "Thôn Một Hai", "Thôn Một Hai", Type: "Thôn"))), _province.Id);

        Assert.Contains(result.Consequences, c => c.What == "unit-opened" && c.Subject == "91001-T12");
        await using var check = Database.Context();
        var merged = (await new OrgUnitQueries(check).FindAsync("91001-T12", Day))!;
        Assert.Equal((OrgUnitLevel.Village, false), (merged.Level, merged.IsOfficial));
        Assert.Equal(_province.Id, (await check.Reorganisations.SingleAsync()).ProvinceId);
    }
}
