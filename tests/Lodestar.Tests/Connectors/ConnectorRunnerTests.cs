using System.Security.Claims;
using System.Text;
using Lodestar.Accounts;
using Lodestar.Connectors;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Connectors;

/// <summary>
/// Issue 19: connectors against a real HTTP source on loopback, on each provider: the import's checks, all or nothing,
/// the run recorded, provenance in the values' history, retries, timeouts told to the DX office, scope and approval rules.
/// </summary>
#pragma warning disable CA1001 // xUnit disposes the source through IAsyncLifetime.DisposeAsync, with the database
public sealed class ConnectorRunnerTests : DatabaseTest, IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Csv = "dataElement,orgUnit,period,value,comment\n"
                               + "HH_TOTAL,06001,2026Q1,1200,\n"
                               + "HH_TOTAL,06001,2026Q2,1210,Ước tính\n"
                               + "PCT,20,2026,45.5,\n";

    private SourceServer _source = null!;

    private OrgUnit _province = null!;

    private OrgUnit _commune = null!;

    private OrgUnit _otherCommune = null!;

    private OrgUnit _otherProvince = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _source = new SourceServer();
        await using var db = Database.Context();
        _province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
        _commune = await db.AddUnitAsync("06001", OrgUnitLevel.Commune, _province);
        var other = _otherProvince = await db.AddUnitAsync("01", OrgUnitLevel.Province);
        _otherCommune = await db.AddUnitAsync("00004", OrgUnitLevel.Commune, other);
        db.DataElements.AddRange(
            new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ", MinValue = 0, WholeNumbers = true },
            new DataElement { Code = "PCT", Name = "Tỷ lệ", Unit = "%", MinValue = 0, MaxValue = 100 });
        await db.SaveChangesAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _source.DisposeAsync();
        await DisposeAsync();
    }

    /// <summary>Stands in for the host's data protection (the web tests use the real one): reversible, and never the plain secret.</summary>
    internal sealed class TestSecrets : IConnectorSecrets
    {
        public string Protect(string secret) => "p:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string(secret.Reverse().ToArray())));

        public string? Unprotect(string protectedSecret) =>
            protectedSecret.StartsWith("p:", StringComparison.Ordinal) ? new string(Encoding.UTF8.GetString(Convert.FromBase64String(protectedSecret[2..])).Reverse().ToArray()) : null;
    }

    private static readonly System.Text.Json.JsonSerializerOptions ApiJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static readonly ConnectorOptions Fast = new() { TimeoutSeconds = 1, Attempts = 3, BackoffMs = 20 };

    /// <summary>The test's sources listen on loopback, which a deployment refuses unless LODESTAR_CONNECTOR_LOCAL allows it.</summary>
    private static readonly ConnectorOptions Local = new() { AllowLocal = true };

    private static ConnectorRunner Runner(LodestarDbContext db, ConnectorHttp http, ConnectorOptions? options = null)
    {
        var units = new OrgUnitQueries(db);
        return new ConnectorRunner(db, new BulkValueImport(db, units), units, new TestSecrets(), options ?? Fast, http, Lodestar.Testing.TestTime.Clock);
    }

    internal static ConnectorService Service(LodestarDbContext db)
    {
        var units = new OrgUnitQueries(db);
        return new ConnectorService(db, units, new AccessScope(units, Lodestar.Testing.TestTime.Clock), new TestSecrets(), Lodestar.Testing.TestTime.Clock);
    }

    internal static ClaimsPrincipal Office(int scope, string name = "cds.tinh") => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.DxOffice), new Claim(AccessScope.ScopeClaim, scope.ToString(System.Globalization.CultureInfo.InvariantCulture))], "test"));

    private async Task<Connector> CreateAsync(LodestarDbContext db, string code, string path, string kind = "csv-http", ConnectorMapping? mapping = null,
        bool approve = false, string? auth = null, string? authName = null, string? secret = null, string? schedule = null)
    {
        var (access, outcome) = await Service(db).CreateAsync(
            new NewConnector(code, "Hệ thống một cửa", kind, _source.Url(path), schedule, auth, authName, secret, mapping, approve), Office(_province.Id));
        Assert.Equal(ConnectorAccess.Allowed, access);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}")));
        return await db.Set<Connector>().SingleAsync(c => c.Code == code);
    }

    private static string Describe(ConnectorRunItem run) =>
        $"{run.Status} attempts {run.Attempts}: " + string.Join("; ", run.Problems.Select(p => $"{p.Row}.{p.Field}: {p.Message.En}"));

    [Fact]
    public async Task CsvOfTheImportColumns_StoresValuesWaitingForApproval_SaysWhereTheyCameFrom_AndRecordsEveryRun()
    {
        _source.Serve("/mot-cua.csv", Csv);
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        var connector = await CreateAsync(db, "MOT-CUA", "/mot-cua.csv");

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.NotNull(run);
        Assert.True(run.Status == ConnectorRunStatus.Succeeded, Describe(run));
        Assert.Equal((3, 3, 0, 0, 0, 1), (run.Read, run.Created, run.Updated, run.Unchanged, run.Refused, run.Attempts));
        await using (var read = Database.Context())
        {
            var values = await read.DataValues.AsNoTracking().OrderBy(v => v.Period).ToListAsync();
            Assert.Equal(3, values.Count);

            // Default: the pulled values wait for the DX office's approval; they joined the change feed like any write.
            Assert.All(values, v => Assert.False(v.Approved));
            Assert.All(values, v => Assert.Equal("connector:MOT-CUA", v.UpdatedBy));
            Assert.All(values, v => Assert.True(v.BatchId > 0));
            var history = await read.DataValueChanges.AsNoTracking().ToListAsync();
            Assert.Equal(3, history.Count);
            Assert.All(history, h => Assert.Equal("connector:MOT-CUA", h.By));
            var stored = await read.Set<ConnectorRun>().AsNoTracking().SingleAsync();
            Assert.Equal(Csv, stored.Raw);
            Assert.Equal("cds.tinh", stored.By);
            Assert.True(stored.FinishedAt >= stored.StartedAt);
            Assert.All(history, h => Assert.InRange(h.At, stored.StartedAt, stored.FinishedAt));
        }

        // A page showing the history names the source.
        Assert.Equal(new Dictionary<string, string> { ["connector:MOT-CUA"] = "Hệ thống một cửa" }, await Service(db).SourcesAsync(["connector:MOT-CUA", "cds.tinh", "connector:KHAC"]));

        // The target page's source of each value: the connector, and when its run stored the number; approving keeps it.
        var (approval, approvedCount) = await Service(db).ApproveAsync("MOT-CUA", Office(_province.Id));
        Assert.Equal((ConnectorAccess.Allowed, 3), (approval, approvedCount));
        var pulled = await Service(db).PulledAsync([db.DataElements.Single(e => e.Code == "HH_TOTAL").Id], [_commune.Id], ["2026Q1", "2026Q2", "2026Q3"]);
        Assert.Equal([(_commune.Id, "2026Q1"), (_commune.Id, "2026Q2")], pulled.Keys.Order());
        DateTime storedAt;
        await using (var read = Database.Context())
        {
            storedAt = (await read.DataValueChanges.AsNoTracking().Where(h => h.Period == "2026Q1" && h.By == "connector:MOT-CUA").SingleAsync()).At;
        }

        Assert.Equal(new PulledValue("MOT-CUA", "Hệ thống một cửa", storedAt), pulled[(_commune.Id, "2026Q1")]);

        // The same answer again changes nothing; the run says so.
        var again = await Runner(db, http).RunAsync(connector, ConnectorRunner.Scheduler);
        Assert.Equal((ConnectorRunStatus.Succeeded, 3, 0, 0, 3), (again!.Status, again.Read, again.Created, again.Updated, again.Unchanged));
        var (_, runs) = await Service(db).RunsAsync("MOT-CUA", Office(_province.Id));
        Assert.Equal([again.Id, run.Id], runs.Select(r => r.Id));
    }

    [Fact]
    public async Task ASourceOnThisServer_IsRefusedWithoutTrying_UnlessTheSettingAllowsIt()
    {
        _source.Serve("/mot-cua.csv", Csv);
        using var http = new ConnectorHttp(new ConnectorOptions());
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        var connector = await CreateAsync(db, "NOI-BO", "/mot-cua.csv");

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.Equal((ConnectorRunStatus.Failed, 1, 0), (run!.Status, run.Attempts, run.Created));
        Assert.Contains("LODESTAR_CONNECTOR_LOCAL", Assert.Single(run.Problems).Message.En, StringComparison.Ordinal);
        await using var read = Database.Context();
        Assert.Empty(await read.DataValues.ToListAsync());
        Assert.True(ConnectorHttp.IsLocal(System.Net.IPAddress.Parse("169.254.169.254")));
        Assert.True(ConnectorHttp.IsLocal(System.Net.IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(ConnectorHttp.IsLocal(System.Net.IPAddress.Parse("10.20.30.40")), "the province's private network stays open");
    }

    [Fact]
    public async Task ABrokenRow_RefusesTheWholeAnswer_NamingRowAndField_AndStoresNothing()
    {
        _source.Serve("/broken.csv", Csv + "HH_TOTAL,06001,2026Q3,12.5,\n" + "HH_TOTAL,06001,2026Q4,abc,\n");
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "BROKEN", "/broken.csv");

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.Equal(ConnectorRunStatus.Refused, run!.Status);
        Assert.Equal((5, 0, 0, 0, 2), (run.Read, run.Created, run.Updated, run.Unchanged, run.Refused));
        Assert.Equal([(5, "value"), (6, "value")], run.Problems.Select(p => (p.Row!.Value, p.Field!)));
        Assert.Contains("Dòng 5", run.Problems[0].Message.Vi, StringComparison.Ordinal);
        Assert.Contains("not a whole number", run.Problems[0].Message.En, StringComparison.Ordinal);
        await using var read = Database.Context();
        Assert.False(await read.DataValues.AnyAsync());
        Assert.False(await read.DataValueChanges.AnyAsync());
        Assert.Contains("abc", (await read.Set<ConnectorRun>().SingleAsync()).Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASourceThatFailsOnce_IsTriedAgain_AndTheSecondAnswerIsStored()
    {
        _source.On("/flaky.csv", (hit, _, response) => hit == 1
            ? SourceServer.WriteAsync(response, 500, "Lỗi máy chủ")
            : SourceServer.WriteAsync(response, 200, Csv, "text/csv"));
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "FLAKY", "/flaky.csv");

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.True(run!.Status == ConnectorRunStatus.Succeeded, Describe(run));
        Assert.Equal((2, 200, 3), (run.Attempts, run.HttpStatus!.Value, run.Created));
        Assert.Equal(2, _source.Hits("/flaky.csv"));
    }

    [Fact]
    public async Task ASourceThatNeverAnswersInTime_FailsAfterEveryTry_StoresNothing_AndTellsTheDxOffice()
    {
        _source.On("/slow.csv", async (_, _, response) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            await SourceServer.WriteAsync(response, 200, Csv);
        });
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var office = await db.AddUserAsync("cds.tinh", "Văn phòng CĐS", null, Roles.DxOffice, _province.Id);
        var elsewhere = await db.AddUserAsync("cds.khac", "Văn phòng CĐS tỉnh khác", null, Roles.DxOffice, _otherCommune.Id);
        var connector = await CreateAsync(db, "SLOW", "/slow.csv");

        var run = await Runner(db, http, new ConnectorOptions { TimeoutSeconds = 1, Attempts = 2, BackoffMs = 10 }).RunAsync(connector, ConnectorRunner.Scheduler);

        Assert.Equal((ConnectorRunStatus.Failed, 2, 0), (run!.Status, run.Attempts, run.Read));
        Assert.Contains("1 seconds", Assert.Single(run.Problems).Message.En, StringComparison.Ordinal);
        await using var read = Database.Context();
        Assert.False(await read.DataValues.AnyAsync());
        var notice = Assert.Single(await read.Notifications.AsNoTracking().ToListAsync());
        Assert.Equal((office.Id, NoticeKind.ConnectorFailed, "/connectors?code=SLOW"), (notice.UserId, notice.Kind, notice.Link));
        Assert.Contains("SLOW", notice.TextVi, StringComparison.Ordinal);
        Assert.NotEqual(elsewhere.Id, notice.UserId);
    }

    [Fact]
    public async Task AClientError_IsNotTriedAgain()
    {
        _source.On("/gone.csv", (_, _, response) => SourceServer.WriteAsync(response, 404, "không có"));
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "GONE", "/gone.csv");

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.Equal((ConnectorRunStatus.Failed, 1, 404), (run!.Status, run.Attempts, run.HttpStatus!.Value));
        Assert.Equal(1, _source.Hits("/gone.csv"));
    }

    [Fact]
    public async Task ARowOfAUnitOutsideTheConnectorsProvince_RefusesTheAnswer()
    {
        _source.Serve("/outside.csv", Csv + "HH_TOTAL,00004,2026Q1,10,\n");
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "OUTSIDE", "/outside.csv");

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.Equal(ConnectorRunStatus.Refused, run!.Status);
        var problem = Assert.Single(run.Problems);
        Assert.Equal((5, "orgUnit"), (problem.Row!.Value, problem.Field!));
        Assert.Contains("00004", problem.Message.En, StringComparison.Ordinal);
        await using var read = Database.Context();
        Assert.False(await read.DataValues.AnyAsync());
    }

    [Fact]
    public async Task ACommuneThatMovedToAnotherProvince_IsInsideTheConnectorsScopeBeforeTheMove_AndOutsideAfter()
    {
        await using (var seed = Database.Context())
        {
            var moved = await seed.AddUnitAsync("06999", OrgUnitLevel.Commune, await seed.OrgUnits.SingleAsync(u => u.Id == _province.Id));
            var link = await seed.OrgUnitParents.SingleAsync(l => l.ChildId == moved.Id);
            link.ValidTo = new DateOnly(2025, 6, 30);
            seed.OrgUnitParents.Add(new OrgUnitParentLink { ChildId = moved.Id, ParentId = _otherProvince.Id, ValidFrom = new DateOnly(2025, 7, 1) });
            await seed.SaveChangesAsync();
        }

        _source.Serve("/before.csv", "dataElement,orgUnit,period,value\nHH_TOTAL,06999,2025Q1,10\nHH_TOTAL,06999,2025Q2,11\nHH_TOTAL,06001,2025Q3,12\n");
        _source.Serve("/after.csv", "dataElement,orgUnit,period,value\nHH_TOTAL,06999,2025Q2,11\nHH_TOTAL,06999,2025Q3,13\nHH_TOTAL,06001,2025Q4,14\n");
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();

        var before = await Runner(db, http).RunAsync(await CreateAsync(db, "MOVED-BEFORE", "/before.csv"), "cds.tinh");
        var after = await Runner(db, http).RunAsync(await CreateAsync(db, "MOVED-AFTER", "/after.csv"), "cds.tinh");

        Assert.True(before!.Status == ConnectorRunStatus.Succeeded, Describe(before));
        Assert.Equal(ConnectorRunStatus.Refused, after!.Status);
        var problem = Assert.Single(after.Problems);
        Assert.Equal((3, "orgUnit"), (problem.Row!.Value, problem.Field!));
    }

    [Fact]
    public async Task AConnectorWhoseValuesWait_CannotChangeAnApprovedValue_ButOneThatApprovesCan()
    {
        await using (var seed = Database.Context(new NamedActor("cds.tinh")))
        {
            var import = new BulkValueImport(seed, new OrgUnitQueries(seed));
            Assert.True((await import.ImportCsvAsync(new StringReader("dataElement,orgUnit,period,value\nHH_TOTAL,06001,2026Q1,1000\n"))).Succeeded);
        }

        _source.Serve("/changes.csv", Csv);
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var waiting = await CreateAsync(db, "WAITS", "/changes.csv");
        var refused = await Runner(db, http).RunAsync(waiting, "cds.tinh");
        Assert.Equal(ConnectorRunStatus.Refused, refused!.Status);
        Assert.Equal((2, "value"), (refused.Problems.Single().Row!.Value, refused.Problems.Single().Field!));

        var approving = await CreateAsync(db, "APPROVES", "/changes.csv", approve: true);
        var stored = await Runner(db, http).RunAsync(approving, "cds.tinh");
        Assert.True(stored!.Status == ConnectorRunStatus.Succeeded, Describe(stored));
        Assert.Equal((2, 1), (stored.Created, stored.Updated));
        await using var read = Database.Context();
        Assert.All(await read.DataValues.ToListAsync(), v => Assert.True(v.Approved));
        Assert.Equal(1200, (await read.DataValues.SingleAsync(v => v.Period == "2026Q1")).Value);
    }

    [Theory]
    [InlineData("basic", "tram", "mat-khau", "Authorization", "Basic dHJhbTptYXQta2hhdQ==")]
    [InlineData("bearer", null, "token-123", "Authorization", "Bearer token-123")]
    [InlineData("api-key", null, "khoa-456", "X-API-Key", "khoa-456")]
    [InlineData("api-key", "X-Lgsp-Key", "khoa-789", "X-Lgsp-Key", "khoa-789")]
    public async Task TheSecret_IsStoredProtected_AndSentAsTheSourceAsks(string auth, string? authName, string secret, string header, string expected)
    {
        _source.On("/secure.csv", (_, request, response) => request.Headers[header] == expected
            ? SourceServer.WriteAsync(response, 200, Csv)
            : SourceServer.WriteAsync(response, 401, "cần xác thực"));
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "SECURE", "/secure.csv", auth: auth, authName: authName, secret: secret);

        Assert.DoesNotContain(secret, connector.ProtectedSecret!, StringComparison.Ordinal);
        var listed = Assert.Single(await Service(db).ListAsync(Office(_province.Id)));
        Assert.True(listed.HasSecret);
        Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(listed), StringComparison.Ordinal);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.After != null && a.After.Contains(connector.ProtectedSecret!)));

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");
        Assert.True(run!.Status == ConnectorRunStatus.Succeeded, Describe(run));
    }

    [Fact]
    public async Task NamedColumnsAndFixedValues_MapAnotherSystemsCsv()
    {
        _source.Serve("/lgsp.csv", "ma_xa;x\nma_xa,ky_bao_cao,so_ho\n06001,2026Q1,1300\n".Split('\n', 2)[1]);
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "LGSP", "/lgsp.csv", mapping: new ConnectorMapping(
            Columns: new() { ["orgUnit"] = "ma_xa", ["period"] = "ky_bao_cao", ["value"] = "so_ho" }, Fixed: new() { ["dataElement"] = "HH_TOTAL" }));

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.True(run!.Status == ConnectorRunStatus.Succeeded, Describe(run));
        Assert.Equal((1, 1), (run.Read, run.Created));
        await using var read = Database.Context();
        Assert.Equal(1300, (await read.DataValues.SingleAsync()).Value);
    }

    [Fact]
    public async Task AJsonDocument_IsReadByItsPaths_AndABadItemIsNamedByItsPlaceInTheList()
    {
        const string Json = """
            { "data": { "rows": [
              { "xa": { "ma": "06001" }, "ky": "2026Q1", "so": 1400 },
              { "xa": { "ma": "06001" }, "ky": "2026Q2", "so": "nhiều" }
            ] } }
            """;
        _source.Serve("/dvc.json", Json, "application/json");
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "DVC", "/dvc.json", kind: "json-http", mapping: new ConnectorMapping(
            Columns: new() { ["orgUnit"] = "xa.ma", ["period"] = "ky", ["value"] = "so" }, Fixed: new() { ["dataElement"] = "HH_TOTAL" }, Items: "$.data.rows"));

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");
        Assert.Equal(ConnectorRunStatus.Refused, run!.Status);
        Assert.Equal((2, "value"), (run.Problems.Single().Row!.Value, run.Problems.Single().Field!));

        _source.Serve("/dvc.json", Json.Replace("\"nhiều\"", "1410", StringComparison.Ordinal), "application/json");
        var stored = await Runner(db, http).RunAsync(connector, "cds.tinh");
        Assert.True(stored!.Status == ConnectorRunStatus.Succeeded, Describe(stored));
        Assert.Equal(2, stored.Created);
    }

    [Fact]
    public async Task ADhis2DataValueSet_IsReadWithItsCodeTables()
    {
        // The shape of DHIS2's GET /api/dataValueSets.json (docs.dhis2.org, "Data values": dataValueSets).
        const string Dhis2 = """
            { "dataSet": "pBOMPrpg1QX", "period": "2026Q1", "orgUnit": "DiszpKrYNg8",
              "dataValues": [
                { "dataElement": "f7n9E0hX8qk", "period": "2026Q1", "orgUnit": "DiszpKrYNg8", "categoryOptionCombo": "HllvX50cXC0", "value": "1500", "comment": "từ DHIS2" },
                { "dataElement": "Ix2HsbDMLea", "period": "2026", "orgUnit": "ImspTQPwCqd", "categoryOptionCombo": "HllvX50cXC0", "value": "61.5" }
              ] }
            """;
        _source.Serve("/api/dataValueSets.json", Dhis2, "application/json");
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context();
        var connector = await CreateAsync(db, "DHIS2-YTE", "/api/dataValueSets.json", kind: "dhis2", mapping: new ConnectorMapping(
            DataElements: new() { ["f7n9E0hX8qk"] = "HH_TOTAL", ["Ix2HsbDMLea.HllvX50cXC0"] = "PCT" },
            OrgUnits: new() { ["DiszpKrYNg8"] = "06001", ["ImspTQPwCqd"] = "20" }));

        var run = await Runner(db, http).RunAsync(connector, "cds.tinh");

        Assert.True(run!.Status == ConnectorRunStatus.Succeeded, Describe(run));
        await using var read = Database.Context();
        var values = await read.DataValues.AsNoTracking().OrderBy(v => v.Period).Select(v => new { v.Period, v.Value, v.Comment }).ToListAsync();
        Assert.Equal([("2026", 61.5, (string?)null), ("2026Q1", 1500, "từ DHIS2")], values.Select(v => (v.Period, v.Value, v.Comment)));
    }

    [Fact]
    public async Task TheScheduler_RunsADueConnectorOnce_AndMovesItToItsNextRun()
    {
        _source.Serve("/daily.csv", Csv);
        using var http = new ConnectorHttp(Local);
        await using (var db = Database.Context())
        {
            var connector = await CreateAsync(db, "DAILY", "/daily.csv", schedule: "daily 06:30");
            Assert.True(connector.NextRunAt > db.UtcNow);
            connector.NextRunAt = db.UtcNow - TimeSpan.FromMinutes(1);
            await db.SaveChangesAsync();
        }

        // Two instances find it due at once: one runs it.
        await using var first = Database.Context();
        await using var second = Database.Context();
        var ran = await Task.WhenAll(new ConnectorJob(first, Runner(first, http)).RunDueAsync(), new ConnectorJob(second, Runner(second, http)).RunDueAsync());

        Assert.Equal(1, ran.Sum());
        await using var read = Database.Context();
        var run = await read.Set<ConnectorRun>().SingleAsync();
        Assert.Equal((ConnectorRunner.Scheduler, ConnectorRunStatus.Succeeded), (run.By, run.Status));
        var next = (await read.Set<Connector>().SingleAsync()).NextRunAt!.Value;
        Assert.True(next > read.UtcNow);
        Assert.Equal(new TimeOnly(6, 30), TimeOnly.FromDateTime(Lodestar.Common.Dates.VietnamTime(next)));
        Assert.Equal(0, await new ConnectorJob(read, Runner(read, http)).RunDueAsync());
    }

    [Fact]
    public async Task LodestarsDhis2Export_ReadByASecondLodestarsDhis2Connector_GivesTheSameValues()
    {
        await using (var seed = Database.Context(new NamedActor("cds.tinh")))
        {
            var import = new BulkValueImport(seed, new OrgUnitQueries(seed));
            Assert.True((await import.ImportCsvAsync(new StringReader(Csv + "PCT,06001,2026Q1,33.333333333333336,\"Ghi chú, có dấu phẩy\"\n"))).Succeeded);
            Assert.True((await import.ImportCsvAsync(new StringReader("dataElement,orgUnit,period,value\nHH_TOTAL,06001,2025,999\n"), approved: false)).Succeeded);
        }

        Dhis2DataValueSet exported;
        await using (var db = Database.Context())
        {
            exported = (await new Dhis2Export(db).ReadAsync(null, null, null))!;
        }

        // The waiting value stays home; the rest leave in DHIS2's shape, as the API writes it (camelCase JSON).
        Assert.Equal(4, exported.DataValues.Count);
        Assert.DoesNotContain(exported.DataValues, v => v.Period == "2025");
        _source.Serve("/api/v1/dataValueSets", System.Text.Json.JsonSerializer.Serialize(exported, ApiJson), "application/json");

        await using var second = await TestDatabase.CreateAsync();
        await using (var other = second.Context())
        {
            var province = await other.AddUnitAsync("20", OrgUnitLevel.Province);
            await other.AddUnitAsync("06001", OrgUnitLevel.Commune, province);
            other.DataElements.AddRange(
                new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ", MinValue = 0, WholeNumbers = true },
                new DataElement { Code = "PCT", Name = "Tỷ lệ", Unit = "%", MinValue = 0, MaxValue = 100 });
            await other.SaveChangesAsync();
            var (_, created) = await Service(other).CreateAsync(new NewConnector("LODESTAR-LS", "Lodestar Lạng Sơn", "dhis2", _source.Url("/api/v1/dataValueSets"), null, null, null, null, null, Approve: true), Office(province.Id));
            Assert.True(created.Succeeded);
            using var http = new ConnectorHttp(Local);
            var run = await Runner(other, http).RunAsync(await other.Set<Connector>().SingleAsync(), "cds.tinh");
            Assert.True(run!.Status == ConnectorRunStatus.Succeeded, Describe(run));
            Assert.Equal(4, run.Created);
        }

        static async Task<List<(string, string, string, double, string?, bool)>> ValuesAsync(LodestarDbContext db) =>
            (await db.DataValues.AsNoTracking().Where(v => v.Approved).Select(v => new { E = v.DataElement.Code, U = v.OrgUnit.Code, v.Period, v.Value, v.Comment, v.Approved }).ToListAsync())
            .Select(v => (v.E, v.U, v.Period, v.Value, v.Comment, v.Approved)).OrderBy(v => v.E).ThenBy(v => v.U).ThenBy(v => v.Period).ToList();
        await using var first = Database.Context();
        await using var copy = second.Context();
        Assert.Equal(await ValuesAsync(first), await ValuesAsync(copy));
    }

    /// <summary>A clock the test moves by hand (the scheduler's rounds happen when the test says).</summary>
    private sealed class StepClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task TheSchedulersRounds_DrivenByAClock_RunADueConnectorOnce_NeverAPausedOrDeletedOne_AndTwoInstancesRunItOnce()
    {
        _source.Serve("/rounds.csv", Csv);
        using var http = new ConnectorHttp(Local);
        var clock = new StepClock(new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero)); // Wednesday 10:00 in Vietnam
        await using (var setup = Database.Context(new NamedActor("cds.tinh"), clock))
        {
            await CreateAsync(setup, "ROUNDS", "/rounds.csv", schedule: "daily 06:30");
            await CreateAsync(setup, "ROUNDS-PAUSED", "/rounds.csv", schedule: "30 6 * * *");
            await CreateAsync(setup, "ROUNDS-DELETED", "/rounds.csv", schedule: "daily 06:30");
            Assert.NotNull((await Service(setup).PauseAsync("ROUNDS-PAUSED", true, Office(_province.Id))).Item);
            Assert.Equal(ConnectorAccess.Allowed, await Service(setup).RetireAsync("ROUNDS-DELETED", Office(_province.Id)));
        }

        async Task<int> RoundAsync()
        {
            await using var db = Database.Context(null, clock);
            return await new ConnectorJob(db, Runner(db, http)).RunDueAsync();
        }

        async Task<Dictionary<string, int>> RunsAsync()
        {
            await using var db = Database.Context();
            var runs = await db.Set<ConnectorRun>().Join(db.Set<Connector>(), r => r.ConnectorId, c => c.Id, (r, c) => c.Code).ToListAsync();
            return runs.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        }

        // Before 06:30 in Vietnam nothing is due.
        Assert.Equal(0, await RoundAsync());
        clock.Now = new DateTimeOffset(2026, 11, 18, 23, 29, 0, TimeSpan.Zero);
        Assert.Equal(0, await RoundAsync());

        // 06:31 on Thursday: the due connector runs once; the paused and the deleted ones do not; the next round finds nothing.
        clock.Now = new DateTimeOffset(2026, 11, 18, 23, 31, 0, TimeSpan.Zero);
        Assert.Equal(1, await RoundAsync());
        Assert.Equal(0, await RoundAsync());
        Assert.Equal(new Dictionary<string, int> { ["ROUNDS"] = 1 }, await RunsAsync());

        // Friday 06:31: two instances on one database take the round at once; one of them runs it.
        clock.Now = new DateTimeOffset(2026, 11, 19, 23, 31, 0, TimeSpan.Zero);
        await using (var first = Database.Context(null, clock))
        await using (var second = Database.Context(null, clock))
        {
            var ran = await Task.WhenAll(new ConnectorJob(first, Runner(first, http)).RunDueAsync(), new ConnectorJob(second, Runner(second, http)).RunDueAsync());
            Assert.Equal(1, ran.Sum());
        }

        Assert.Equal(new Dictionary<string, int> { ["ROUNDS"] = 2 }, await RunsAsync());

        // Resumed, the paused one is due at its next time (Saturday 06:30), and runs then.
        await using (var db = Database.Context(new NamedActor("cds.tinh"), clock))
        {
            var (_, resumed) = await Service(db).PauseAsync("ROUNDS-PAUSED", false, Office(_province.Id));
            Assert.Equal(new DateTime(2026, 11, 20, 23, 30, 0, DateTimeKind.Utc), resumed!.NextRunAt);
        }

        clock.Now = new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(2, await RoundAsync());
        Assert.Equal(new Dictionary<string, int> { ["ROUNDS"] = 3, ["ROUNDS-PAUSED"] = 1 }, await RunsAsync());
    }

    [Fact]
    public async Task AnEdit_WithoutASecret_KeepsTheStoredOne_AndANewScheduleMovesTheNextRun()
    {
        _source.Serve("/edit.csv", Csv);
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        var connector = await CreateAsync(db, "EDIT", "/edit.csv", auth: "bearer", secret: "bi-mat-1", schedule: "daily 06:30");
        var stored = connector.ProtectedSecret;

        var (access, outcome) = await Service(db).UpdateAsync("EDIT", new NewConnector(null, "Tên mới", null, null, "0 7 * * *", null, null, null, null), Office(_province.Id));

        Assert.Equal(ConnectorAccess.Allowed, access);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
        Assert.Equal(("Tên mới", "0 7 * * *", true), (outcome.Value!.Name, outcome.Value.Schedule, outcome.Value.HasSecret));
        Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(Lodestar.Common.Dates.VietnamTime(outcome.Value.NextRunAt!.Value)));
        Assert.Equal(stored, (await db.Set<Connector>().AsNoTracking().SingleAsync(c => c.Code == "EDIT")).ProtectedSecret);
        var run = await Runner(db, http).RunAsync(await db.Set<Connector>().SingleAsync(c => c.Code == "EDIT"), "cds.tinh");
        Assert.Equal("Bearer bi-mat-1", _source.Headers["/edit.csv"]["Authorization"]);
        Assert.Equal(ConnectorRunStatus.Succeeded, run!.Status);

        // A new secret replaces it; authentication none drops it; another province's DX office changes nothing.
        (_, outcome) = await Service(db).UpdateAsync("EDIT", new NewConnector(null, null, null, null, null, "none", null, null, null), Office(_province.Id));
        Assert.False(outcome.Value!.HasSecret);
        Assert.Null((await db.Set<Connector>().AsNoTracking().SingleAsync(c => c.Code == "EDIT")).ProtectedSecret);
        var (foreign, _) = await Service(db).UpdateAsync("EDIT", new NewConnector(null, "Chiếm", null, null, null, null, null, null, null), Office(_otherProvince.Id));
        Assert.Equal(ConnectorAccess.Forbidden, foreign);
    }

    private static MemoryStream Workbook(params (string Name, string[][] Rows)[] sheets) => new(Lodestar.Spreadsheets.XlsxWriter.Write(sheets.Select(sheet =>
    {
        var x = new Lodestar.Spreadsheets.XlsxSheet(sheet.Name, [new("Mã nguồn"), new("Mã Lodestar")]);
        foreach (var row in sheet.Rows)
        {
            x.Add(row.Cast<object?>().ToArray());
        }

        return x;
    }).ToArray()));

    [Fact]
    public async Task UnitAndPeriodTables_UploadedAsXlsx_TranslateTheSourcesCodes_AndABadRowChangesNothing()
    {
        _source.Serve("/codes.csv", "dataElement,orgUnit,period,value\nHH_TOTAL,XA-0601,Q1/2026,1300\nHH_TOTAL,XA-0601,Q2/2026,1310\n");
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        await CreateAsync(db, "CODES", "/codes.csv");

        // Rejected: every bad row named by sheet, row and column in both languages; the tables stay as they were (none).
        var (_, refused) = await Service(db).UploadTablesAsync("CODES", Workbook(
            ("Don vi", [["XA-0601", "06001"], ["XA-0602", "99999"], ["XA-0601", "06001"]]),
            ("Ky", [["Q1/2026", "2026Q1"], ["Q2/2026", "2026-Q2"], ["", "2026"]])), Office(_province.Id));
        Assert.False(refused.Succeeded);
        var messages = refused.Problems.Select(p => p.Message.Vi).ToList();
        Assert.Contains("Trang 'Don vi', dòng 4, cột A (Mã đơn vị ở hệ thống nguồn): mã 'XA-0601' đã có ở dòng 2; mỗi mã nguồn chỉ một dòng.", messages);
        Assert.Contains(messages, m => m.StartsWith("Trang 'Ky', dòng 3, cột B", StringComparison.Ordinal) && m.Contains("2026-Q2", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Trang 'Ky', dòng 4, cột A", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Message.En.StartsWith("Sheet 'Ky', row 3, column B (Period in Lodestar", StringComparison.Ordinal));
        Assert.Equal(3, refused.Problems.Count);
        Assert.Null(ConnectorMapping.FromJson((await db.Set<Connector>().AsNoTracking().SingleAsync(c => c.Code == "CODES")).Mapping).OrgUnits);

        // A unit code Lodestar does not know is named too (checked once the sheet itself is sound).
        var (_, unknown) = await Service(db).UploadTablesAsync("CODES", Workbook(("Units", [["XA-0602", "99999"]])), Office(_province.Id));
        Assert.Equal("Sheet 'Units', row 2, column B (Unit code in Lodestar): there is no unit with code '99999'.", Assert.Single(unknown.Problems).Message.En);

        var (_, saved) = await Service(db).UploadTablesAsync("CODES", Workbook(("Don vi", [["XA-0601", "06001"]]), ("Ky", [["Q1/2026", "2026Q1"], ["Q2/2026", "2026Q2"]])), Office(_province.Id));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Select(p => p.Message.En)));
        Assert.Equal((1, 2), (saved.Value!.Mapping.OrgUnits!.Count, saved.Value.Mapping.Periods!.Count));

        var run = await Runner(db, http).RunAsync(await db.Set<Connector>().SingleAsync(c => c.Code == "CODES"), "cds.tinh");
        Assert.True(run!.Status == ConnectorRunStatus.Succeeded, Describe(run));
        await using var read = Database.Context();
        Assert.Equal(["2026Q1", "2026Q2"], await read.DataValues.Where(v => v.OrgUnitId == _commune.Id).OrderBy(v => v.Period).Select(v => v.Period).ToListAsync());

        // The workbook to download holds the tables as they are; a workbook without the periods sheet keeps that table.
        using var back = new MemoryStream(ConnectorMappingSheet.Write(false, saved.Value.Mapping));
        var tables = ConnectorMappingSheet.Read(back);
        Assert.Equal((1, 2), (tables.Value!.Units!.Count, tables.Value.Periods!.Count));
        var (_, unitsOnly) = await Service(db).UploadTablesAsync("CODES", Workbook(("Don vi", [["XA-0601", "06001"], ["XA-0699", "20"]])), Office(_province.Id));
        Assert.Equal((2, 2), (unitsOnly.Value!.Mapping.OrgUnits!.Count, unitsOnly.Value.Mapping.Periods!.Count));
    }

    [Fact]
    public async Task RawAnswers_OlderThanTheSetting_AreDropped_TheRunsRecordStays()
    {
        _source.Serve("/prune.csv", Csv);
        using var http = new ConnectorHttp(Local);
        var clock = new StepClock(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));
        await using (var db = Database.Context(new NamedActor("cds.tinh"), clock))
        {
            var connector = await CreateAsync(db, "PRUNE", "/prune.csv");
            await Runner(db, http).RunAsync(connector, "cds.tinh"); // 01/11
            clock.Now = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
            await Runner(db, http).RunAsync(connector, "cds.tinh"); // 20/11
        }

        // On 01/12 with 30 days kept, nothing is old enough; with 15 days, the answer of 01/11 goes.
        clock.Now = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        await using (var db = Database.Context(null, clock))
        {
            var job = new ConnectorJob(db, Runner(db, http));
            Assert.Equal(0, await job.PruneRawAsync(TimeSpan.FromDays(new ConnectorOptions().RawDays)));
            Assert.Equal(1, await job.PruneRawAsync(TimeSpan.FromDays(15)));
            Assert.Equal(0, await job.PruneRawAsync(TimeSpan.FromDays(15)));
        }

        await using var read = Database.Context();
        var runs = await read.Set<ConnectorRun>().AsNoTracking().OrderBy(r => r.StartedAt).ToListAsync();
        Assert.Equal((null, 3), (runs[0].Raw, runs[0].Read));
        Assert.Contains("HH_TOTAL", runs[1].Raw, StringComparison.Ordinal);
        var (_, raw) = await Service(read).RawAsync("PRUNE", runs[0].Id, Office(_province.Id));
        Assert.Equal(ConnectorService.Pruned, raw);
    }
}
