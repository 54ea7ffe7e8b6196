using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Connectors;
using Lodestar.Data;
using Lodestar.Programmes;
using Lodestar.Values;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Connectors;

/// <summary>
/// Issue 19 through HTTP: the DX office defines a connector (its secret protected by the app's data protection and never
/// answered again), runs it against a real source on loopback (Kestrel), reads its runs and the kept answer; another
/// province's DX office reaches none of it; bad input is named field by field in the request's language.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ConnectorsApiTests(LodestarFactory app)
{
    private const string Token = "nguon-bi-mat-9f2c";

    /// <summary>A source on a free loopback port that answers the CSV only to the right bearer token.</summary>
    private static async Task<(WebApplication Source, string Url)> StartSourceAsync(string csv)
    {
        var (source, baseUrl) = await LoopbackServer.StartAsync(app => app.MapGet("/one-stop.csv", (HttpContext ctx) => ctx.Request.Headers.Authorization == "Bearer " + Token
            ? Results.Text(csv, "text/csv; charset=utf-8")
            : Results.Unauthorized()));
        return (source, baseUrl + "/one-stop.csv");
    }

    private async Task<string> ElementNoFormCollectsAsync(string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        if (!await db.DataElements.AnyAsync(e => e.Code == code))
        {
            db.DataElements.Add(new DataElement { Code = code, Name = "Hồ sơ xử lý trực tuyến", Unit = "hồ sơ", MinValue = 0, WholeNumbers = true });
            await db.SaveChangesAsync();
        }

        return code;
    }

    [Fact]
    public async Task TheDxOffice_CreatesAndRunsAConnector_TheSecretIsNeverAnsweredAgain_AndAnotherProvinceSeesNothing()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_1");
        var (source, url) = await StartSourceAsync($"dataElement,orgUnit,period,value\n{element},{units.Commune},2026Q1,321\n");
        await using var _ = source;
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);

        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new
        {
            code = "WEB-MOT-CUA", name = "Hệ thống một cửa", kind = "csv-http", url, schedule = "daily 06:30",
            auth = new { kind = "bearer", secret = Token },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        Assert.DoesNotContain(Token, created.Text, StringComparison.Ordinal);
        Assert.Equal(("csv-http", "bearer", true, false, DemoUnits.Province), (Str(created.Json, "kind"), Str(created["auth"], "kind"),
            created["auth"].GetProperty("hasSecret").GetBoolean(), created["approve"].GetBoolean(), Str(created.Json, "scope")));
        var list = await GetAsync(office, "/api/v1/connectors");
        Assert.Contains("WEB-MOT-CUA", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, list.Text, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var stored = await db.Set<Connector>().AsNoTracking().SingleAsync(c => c.Code == "WEB-MOT-CUA");
            Assert.DoesNotContain(Token, stored.ProtectedSecret!, StringComparison.Ordinal);
            Assert.False(await db.AuditEntries.AnyAsync(a => a.After != null && a.After.Contains(stored.ProtectedSecret!)));
        }

        // Run now: the app's data protection gives the token back to the request; the value waits for approval, named by its source.
        var run = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-MOT-CUA/run", null));
        Assert.True(run.Status == HttpStatusCode.OK, run.Describe());
        Assert.Equal(("succeeded", 1, 1, 0), (Str(run.Json, "status"), run["read"].GetInt32(), run["created"].GetInt32(), run["problems"].GetArrayLength()));
        var value = Assert.Single(Items(await GetOkAsync(office, $"/api/v1/data-values?orgUnit={units.Commune}&period=2026Q1&dataElement={element}")));
        Assert.Equal(("connector:WEB-MOT-CUA", false), (Str(value, "updatedBy"), value.GetProperty("approved").GetBoolean()));

        // The DX office approves what the connector pulled: it counts from now on, and the history says who approved it.
        var approved = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-MOT-CUA/approve", null));
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Describe());
        Assert.Equal(1, approved["approved"].GetInt32());
        value = Assert.Single(Items(await GetOkAsync(office, $"/api/v1/data-values?orgUnit={units.Commune}&period=2026Q1&dataElement={element}")));
        Assert.True(value.GetProperty("approved").GetBoolean());
        Assert.Equal(0, (await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-MOT-CUA/approve", null)))["approved"].GetInt32());

        var runs = Items(await GetOkAsync(office, "/api/v1/connectors/WEB-MOT-CUA/runs")).ToList();
        var id = Assert.Single(runs).GetProperty("id").GetInt64();
        var raw = await GetAsync(office, $"/api/v1/connectors/WEB-MOT-CUA/runs/{id}/raw");
        Assert.Contains("321", raw.Text, StringComparison.Ordinal);

        // Another province's DX office: not listed, not readable, not runnable.
        var other = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        Assert.DoesNotContain("WEB-MOT-CUA", (await GetAsync(other, "/api/v1/connectors")).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, "/api/v1/connectors/WEB-MOT-CUA/runs")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/v1/connectors/WEB-MOT-CUA/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/v1/connectors/WEB-MOT-CUA/approve", null)).StatusCode);
        var foreign = await ReadAsync(await other.PostAsJsonAsync("/api/v1/connectors", new { code = "WEB-LAN", name = "Lấn", url, scope = DemoUnits.Province }));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.Status);

        // A viewer of the province manages no connector.
        var viewer = await app.ClientForAsync(Roles.Viewer, units.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(viewer, "/api/v1/connectors")).Status);
    }

    [Fact]
    public async Task ThePulledValue_ShowsItsSourceOnTheTargetPage_ItsNameAndWhenItsRunStoredIt_EvenOnceTheConnectorIsDeleted()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_SRC");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            db.Indicators.Add(new Indicator { Code = "CONN_WEB_SRC_IND", Name = "Hồ sơ trực tuyến", Element = await db.DataElements.SingleAsync(e => e.Code == element), Unit = "hồ sơ", Aggregation = Aggregation.Sum });
            await db.SaveChangesAsync();
            var programmes = scope.ServiceProvider.GetRequiredService<ProgrammeService>();
            Assert.True((await programmes.CreateProgrammeAsync(new("LS-CONN-SRC", "Kế hoạch thử nguồn số liệu", "02/KH-UBND", null, "UBND tỉnh", DemoUnits.Province,
                2026, 2030, 95, 80, "Dịch vụ công", null))).Succeeded);
            var target = await programmes.AddTargetAsync("LS-CONN-SRC", new("LS-CONN-SRC.1", "Hồ sơ xử lý trực tuyến", null, "hồ sơ", Comparator.AtLeast, null,
                null, null, "2030: 1000", PathShape.Linear, "CONN_WEB_SRC_IND", null, null, null, null));
            Assert.True(target.Succeeded, string.Join("; ", target.Problems.Select(p => p.Message.En)));
        }

        var (source, url) = await StartSourceAsync($"dataElement,orgUnit,period,value\n{element},{units.Commune},2026Q1,654\n");
        await using var _ = source;
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new
        {
            code = "WEB-NGUON", name = "Cổng dịch vụ công tỉnh", kind = "csv-http", url, approve = true, auth = new { kind = "bearer", secret = Token },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        var run = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-NGUON/run", null));
        Assert.True(run.Status == HttpStatusCode.OK && Str(run.Json, "status") == "succeeded", run.Describe());
        DateTime stored;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            stored = (await db.DataValueChanges.Where(c => c.By == "connector:WEB-NGUON").SingleAsync()).At;
        }

        var at = Dates.VietnamTime(stored).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        var pageUrl = $"/targets/LS-CONN-SRC.1?unit={units.Commune}&period=2026Q1";
        using var client = await Actors.PageClientAsync(app, Actor.ProvinceOffice);
        var vi = await Html.GetPageAsync(client, pageUrl);
        Assert.Contains($"nguồn: Cổng dịch vụ công tỉnh, lấy lúc {at}", Html.Text(vi.QuerySelector(".tile small.pulled-from")!), StringComparison.Ordinal);
        Assert.Contains($"nguồn: Cổng dịch vụ công tỉnh, lấy lúc {at}", Html.Text(vi.QuerySelector("#history-table")!), StringComparison.Ordinal);
        var en = await Html.GetPageAsync(client, pageUrl + "&culture=en");
        Assert.Contains($"source: Cổng dịch vụ công tỉnh, pulled at {at}", Html.Text(en.QuerySelector(".tile small.pulled-from")!), StringComparison.Ordinal);
        Assert.Contains($"source: Cổng dịch vụ công tỉnh, pulled at {at}", Html.Text(en.QuerySelector("#history-table")!), StringComparison.Ordinal);

        // The history's .xlsx names it the same way.
        var xlsx = await client.GetAsync(new Uri($"/targets/LS-CONN-SRC.1/history.xlsx?unit={units.Commune}&culture=vi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var who = Lodestar.Spreadsheets.XlsxReader.Read(await xlsx.Content.ReadAsStreamAsync()).Value![0].Rows.Select(r => r.Cells[1]).ToList();
        Assert.Contains($"nguồn: Cổng dịch vụ công tỉnh, lấy lúc {at}", who);
        Assert.DoesNotContain("connector:WEB-NGUON", who);

        // The province's table names the commune's source too; a value someone typed names none.
        var province = await Html.GetPageAsync(client, $"/targets/LS-CONN-SRC.1?unit={DemoUnits.Province}&period=2026Q1");
        var row = province.QuerySelectorAll("#units-table tbody tr").Single(r => r.QuerySelector("td.code")!.TextContent == units.Commune);
        Assert.Contains("nguồn: Cổng dịch vụ công tỉnh", Html.Text(row), StringComparison.Ordinal);
        Assert.Null(province.QuerySelector(".tile small.pulled-from"));

        // Deleted (retired), the connector still names the values it pulled.
        Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync(new Uri("/api/v1/connectors/WEB-NGUON", UriKind.Relative))).StatusCode);
        Assert.Contains($"nguồn: Cổng dịch vụ công tỉnh, lấy lúc {at}", Html.Text((await Html.GetPageAsync(client, pageUrl)).QuerySelector(".tile small.pulled-from")!), StringComparison.Ordinal);

        // A new number typed on top: the page no longer names the connector as the value's source (its history still does).
        var typed = await ReadAsync(await office.PostAsJsonAsync("/api/v1/data-values", new { dataValues = new[] { new { dataElement = element, orgUnit = units.Commune, period = "2026Q1", value = 655 } } }));
        Assert.True(typed.Status is HttpStatusCode.OK or HttpStatusCode.Created, typed.Describe());
        var after = await Html.GetPageAsync(client, pageUrl);
        Assert.Null(after.QuerySelector(".tile small.pulled-from"));
        Assert.Contains("nguồn: Cổng dịch vụ công tỉnh", Html.Text(after.QuerySelector("#history-table")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_IsNamedFieldByField_InTheRequestsLanguage()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/connectors")
        {
            Content = JsonContent.Create(new
            {
                code = "có dấu", name = "", kind = "ftp", url = "file:///etc/passwd", schedule = "every hour",
                auth = new { kind = "basic", name = "a:b", secret = "x" }, mapping = new { columns = new { quantity = "so" } },
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");

        var answer = await ReadAsync(await office.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var errors = answer["errors"];
        foreach (var field in new[] { "code", "name", "kind", "url", "schedule", "authName" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} not named: {answer.Text}");
        }

        Assert.Contains("daily 06:30", errors.GetProperty("schedule")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("The schedule", errors.GetProperty("schedule")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_ListsTheConnectors_InVietnamese_ForTheDxOffice_AndRunsOne()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_2");
        var (source, url) = await StartSourceAsync($"dataElement,orgUnit,period,value\n{element},{units.Commune},2026Q2,abc\n");
        await using var _ = source;
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new { code = "WEB-TRANG", name = "Nguồn hỏng", url, auth = new { kind = "bearer", secret = Token } }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        await app.CreateUserAsync("t.cds.trang", Roles.DxOffice, DemoUnits.Province);
        var page = await app.SignInAsync("t.cds.trang", LodestarFactory.UserPassword);

        var html = await Html.GetPageAsync(page, "/connectors");
        Assert.Contains("Kết nối dữ liệu", html.Title, StringComparison.Ordinal);
        Assert.Contains("WEB-TRANG", html.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(html.GetElementById("no-connectors"));
        using var response = await Html.SubmitAsync(page, Html.FormNamed(html, "run-WEB-TRANG"), "/connectors", new Dictionary<string, string>());
        var body = (await Html.ParseAsync(response)).Body!.TextContent;
        Assert.Contains("bị từ chối, không lưu gì", body, StringComparison.Ordinal);
        Assert.Contains("Dòng 2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_OfAProvinceWithoutConnectors_SaysSo()
    {
        await app.CreateUserAsync("t.cds.chua.ket.noi", Roles.DxOffice, DemoUnits.OtherProvince);
        var page = await app.SignInAsync("t.cds.chua.ket.noi", LodestarFactory.UserPassword);

        var html = await Html.GetPageAsync(page, "/connectors");

        Assert.StartsWith("Chưa có kết nối nào.", Html.Text(html.GetElementById("no-connectors")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDataValueSetExport_AnswersApprovedValuesInDhis2sShape_WithinTheReadersScope()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_3");
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var saved = await ReadAsync(await office.PostAsJsonAsync("/api/v1/data-values", new
        {
            dataValues = new[] { new { dataElement = element, orgUnit = units.Commune, period = "2026Q3", value = 425, comment = "đã duyệt" } },
        }));
        Assert.True(saved.Status == HttpStatusCode.OK, saved.Describe());

        var set = await GetOkAsync(office, $"/api/v1/dataValueSets?orgUnit={DemoUnits.Province}&children=true&dataElement={element}&period=2026Q3");

        var value = Assert.Single(set.GetProperty("dataValues").EnumerateArray());
        Assert.Equal((element, "2026Q3", units.Commune, "425", "đã duyệt"),
            (Str(value, "dataElement"), Str(value, "period"), Str(value, "orgUnit"), Str(value, "value"), Str(value, "comment")));
        var other = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, $"/api/v1/dataValueSets?orgUnit={units.Commune}")).Status);
        Assert.Empty((await GetOkAsync(other, $"/api/v1/dataValueSets?dataElement={element}")).GetProperty("dataValues").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(office, "/api/v1/dataValueSets?period=2026W1")).Status);
    }

    [Fact]
    public async Task TheDxOffice_ChangesPausesAndDeletesAConnector_KeepingItsSecretAndItsHistory_AndEveryChangeIsAudited()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_4");
        var (source, url) = await StartSourceAsync($"dataElement,orgUnit,period,value\n{element},{units.Commune},2026Q1,77\n");
        await using var _ = source;
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new
        {
            code = "WEB-SUA", name = "Nguồn cũ", url, schedule = "daily 06:30", auth = new { kind = "bearer", secret = Token },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());

        // An edit without a secret keeps the stored one: the run still signs in with it.
        var changed = await ReadAsync(await office.PutAsJsonAsync("/api/v1/connectors/WEB-SUA", new { name = "Nguồn mới", schedule = "30 7 * * 1-5", auth = new { kind = "bearer" } }));
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Describe());
        Assert.Equal(("Nguồn mới", "30 7 * * 1-5", true, url), (Str(changed.Json, "name"), Str(changed.Json, "schedule"), changed["auth"].GetProperty("hasSecret").GetBoolean(), Str(changed.Json, "url")));
        Assert.DoesNotContain(Token, changed.Text, StringComparison.Ordinal);
        Assert.Equal(new TimeOnly(7, 30), TimeOnly.FromDateTime(Lodestar.Common.Dates.VietnamTime(changed["nextRunAt"].GetDateTime().ToUniversalTime())));
        var run = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-SUA/run", null));
        Assert.True(Str(run.Json, "status") == "succeeded", run.Describe());

        // A bad change is named by field and changes nothing.
        var bad = await ReadAsync(await office.PutAsJsonAsync("/api/v1/connectors/WEB-SUA", new { name = "", schedule = "61 * * * *" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("phút", bad["errors"].GetProperty("schedule")[0].GetString(), StringComparison.Ordinal);
        Assert.True(bad["errors"].TryGetProperty("name", out var __), bad.Text);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync("/api/v1/connectors/WEB-SUA", new { scope = DemoUnits.OtherProvince })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync("/api/v1/connectors/WEB-SUA", new { code = "WEB-KHAC" })).StatusCode);

        // Paused: no next run, the scheduler leaves it; resumed: the next run is back.
        var paused = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-SUA/pause", null));
        Assert.True(paused.Status == HttpStatusCode.OK, paused.Describe());
        Assert.Equal((true, System.Text.Json.JsonValueKind.Null), (paused["paused"].GetBoolean(), paused["nextRunAt"].ValueKind));
        var resumed = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-SUA/resume", null));
        Assert.Equal((false, System.Text.Json.JsonValueKind.String), (resumed["paused"].GetBoolean(), resumed["nextRunAt"].ValueKind));

        // Another province's DX office changes nothing.
        var other = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync("/api/v1/connectors/WEB-SUA", new { name = "Chiếm" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/v1/connectors/WEB-SUA/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync("/api/v1/connectors/WEB-SUA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.DeleteAsync("/api/v1/connectors/WEB-KHONG-CO")).StatusCode);

        // Deleted: retired, not removed. Its runs and the values' provenance stay; it runs and changes no more; its code stays taken.
        Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync("/api/v1/connectors/WEB-SUA")).StatusCode);
        Assert.DoesNotContain("WEB-SUA", (await GetAsync(office, "/api/v1/connectors")).Text, StringComparison.Ordinal);
        var retired = Items(await GetOkAsync(office, "/api/v1/connectors?retired=true")).Single(c => Str(c, "code") == "WEB-SUA");
        Assert.Equal((System.Text.Json.JsonValueKind.String, false), (retired.GetProperty("retiredAt").ValueKind, retired.GetProperty("auth").GetProperty("hasSecret").GetBoolean()));
        Assert.Single(Items(await GetOkAsync(office, "/api/v1/connectors/WEB-SUA/runs")));
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsync("/api/v1/connectors/WEB-SUA/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync("/api/v1/connectors/WEB-SUA", new { name = "Hồi sinh" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/v1/connectors", new { code = "WEB-SUA", name = "Lại", url })).StatusCode);
        var value = Assert.Single(Items(await GetOkAsync(office, $"/api/v1/data-values?orgUnit={units.Commune}&period=2026Q1&dataElement={element}")));
        Assert.Equal("connector:WEB-SUA", Str(value, "updatedBy"));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        var id = (await db.Set<Connector>().AsNoTracking().SingleAsync(c => c.Code == "WEB-SUA")).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "Connector" && a.Key == id).ToListAsync();
        Assert.True(audited.Count >= 5, $"{audited.Count} audit entries");
        Assert.All(audited, a => Assert.DoesNotContain("ProtectedSecret", (a.Before ?? string.Empty) + a.After, StringComparison.Ordinal));
        Assert.Contains(audited, a => a.After?.Contains("RetiredAt", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ThePage_ChangesPausesAndDeletesAConnector_InVietnamese()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new
        {
            code = "WEB-TRANG-SUA", name = "Nguồn trang", url = "https://motcua.example.vn/ho-so.csv", schedule = "daily 06:30", auth = new { kind = "bearer", secret = Token },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        await app.CreateUserAsync("t.cds.trang.sua", Roles.DxOffice, DemoUnits.Province);
        var page = await app.SignInAsync("t.cds.trang.sua", LodestarFactory.UserPassword);
        const string Url = "/connectors?code=WEB-TRANG-SUA";

        // A bad cron is named by its field; nothing changes.
        var html = await Html.GetPageAsync(page, Url);
        Assert.Equal("Nguồn trang", html.GetElementById("e-name")!.GetAttribute("value"));
        Assert.DoesNotContain(Token, html.Body!.InnerHtml, StringComparison.Ordinal);
        using (var bad = await Html.SubmitAsync(page, Html.FormNamed(html, "edit"), Url, new Dictionary<string, string> { ["Edit.Schedule"] = "0 25 * * *", ["Edit.Mapping"] = "" }))
        {
            Assert.Contains("trường 2 (giờ)", (await Html.ParseAsync(bad)).Body!.TextContent, StringComparison.Ordinal);
        }

        using (var saved = await Html.SubmitAsync(page, Html.FormNamed(html, "edit"), Url, new Dictionary<string, string> { ["Edit.Name"] = "Nguồn trang đã sửa", ["Edit.Schedule"] = "0 6 * * 1-5", ["Edit.Mapping"] = "" }))
        {
            var done = await Html.ParseAsync(saved);
            Assert.Contains("Đã lưu thay đổi", Html.Text(done.GetElementById("done")!), StringComparison.Ordinal);
        }

        var connector = Items(await GetOkAsync(office, "/api/v1/connectors")).Single(c => Str(c, "code") == "WEB-TRANG-SUA");
        Assert.Equal(("Nguồn trang đã sửa", "0 6 * * 1-5", true), (Str(connector, "name"), Str(connector, "schedule"), connector.GetProperty("auth").GetProperty("hasSecret").GetBoolean()));

        html = await Html.GetPageAsync(page, Url);
        using (var paused = await Html.SubmitAsync(page, Html.FormNamed(html, "pause"), Url, new Dictionary<string, string>()))
        {
            var done = await Html.ParseAsync(paused);
            Assert.Contains("Đã tạm dừng", Html.Text(done.GetElementById("done")!), StringComparison.Ordinal);
            Assert.Contains("đang tạm dừng", done.Body!.TextContent, StringComparison.Ordinal);
        }

        html = await Html.GetPageAsync(page, Url);
        using (var deleted = await Html.SubmitAsync(page, Html.FormNamed(html, "delete"), Url, new Dictionary<string, string> { ["confirm"] = "yes" }))
        {
            var done = await Html.ParseAsync(deleted);
            Assert.Contains("Đã xoá kết nối WEB-TRANG-SUA", Html.Text(done.GetElementById("done")!), StringComparison.Ordinal);
            Assert.NotNull(done.GetElementById("retired"));
            Assert.Null(done.GetElementById("manage"));
        }

        Assert.DoesNotContain("WEB-TRANG-SUA", (await GetAsync(office, "/api/v1/connectors")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCodeTables_AreDownloadedAndUploadedAsXlsx_ABadWorkbookIsNamedRowByRow_AndChangesNothing()
    {
        var units = await app.DemoUnitsAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new { code = "WEB-BANG-MA", name = "Bảng mã", url = "https://lgsp.example.vn/chi-so.csv" }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());

        using var template = await office.GetAsync("/api/v1/connectors/mapping-template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        using (var sheets = new MemoryStream(await template.Content.ReadAsByteArrayAsync()))
        {
            var example = ConnectorMappingSheet.Read(sheets);
            Assert.True(example.Succeeded);
        }

        static MultipartFormDataContent File(params (string Sheet, string Source, string Code)[] rows)
        {
            var sheets = rows.GroupBy(r => r.Sheet).Select(g =>
            {
                var sheet = new Lodestar.Spreadsheets.XlsxSheet(g.Key, [new("Nguồn"), new("Lodestar")]);
                foreach (var r in g)
                {
                    sheet.Add(r.Source, r.Code);
                }

                return sheet;
            }).ToArray();
            return new MultipartFormDataContent { { new ByteArrayContent(Lodestar.Spreadsheets.XlsxWriter.Write(sheets)), "file", "bang-ma.xlsx" } };
        }

        var bad = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-BANG-MA/mapping.xlsx", File(("Don vi", "XA-1", units.Commune), ("Ky", "Q1/2026", "quý 1"))));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("Trang 'Ky', dòng 2, cột B", bad.Text, StringComparison.Ordinal);
        var unchanged = Items(await GetOkAsync(office, "/api/v1/connectors")).Single(c => Str(c, "code") == "WEB-BANG-MA");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unchanged.GetProperty("mapping").GetProperty("orgUnits").ValueKind);

        var saved = await ReadAsync(await office.PostAsync("/api/v1/connectors/WEB-BANG-MA/mapping.xlsx", File(("Don vi", "XA-1", units.Commune), ("Ky", "Q1/2026", "2026Q1"))));
        Assert.True(saved.Status == HttpStatusCode.OK, saved.Describe());
        Assert.Equal(units.Commune, Str(saved["mapping"].GetProperty("orgUnits"), "XA-1"));
        Assert.Equal("2026Q1", Str(saved["mapping"].GetProperty("periods"), "Q1/2026"));
        using var current = await office.GetAsync("/api/v1/connectors/WEB-BANG-MA/mapping.xlsx");
        using (var sheets = new MemoryStream(await current.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal("XA-1", Assert.Single(ConnectorMappingSheet.Read(sheets).Value!.Units!).Source);
        }

        var other = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/v1/connectors/WEB-BANG-MA/mapping.xlsx", File(("Don vi", "XA-2", units.Commune)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/v1/connectors/WEB-BANG-MA/mapping.xlsx")).StatusCode);
    }

    [Fact]
    public async Task TheDhis2Import_SavesLikeTheValuesApi_ValuesWaitForApproval_AndAnswersDhis2sImportSummary()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_5");
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        object Set(string period, params object[] values) => new { dataSet = "pBOMPrpg1QX", period, orgUnit = units.Commune, dataValues = values };

        // A reporting officer's values are saved and wait for the DX office's approval, as through /api/v1/data-values.
        var first = await ReadAsync(await officer.PostAsJsonAsync("/api/v1/dataValueSets", Set("2027Q1",
            new { dataElement = element, value = "12", comment = "từ DHIS2" },
            new { dataElement = element, period = "2027Q2", categoryOptionCombo = "HllvX50cXC0", value = "14" })));
        Assert.True(first.Status == HttpStatusCode.OK, first.Describe());
        Assert.Equal(("ImportSummary", "SUCCESS"), (Str(first.Json, "responseType"), Str(first.Json, "status")));
        var count = first["importCount"];
        Assert.Equal((2, 0, 0, 0), (count.GetProperty("imported").GetInt32(), count.GetProperty("updated").GetInt32(), count.GetProperty("ignored").GetInt32(), count.GetProperty("deleted").GetInt32()));
        Assert.Equal(0, first["conflicts"].GetArrayLength());
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var saved = Items(await GetOkAsync(office, $"/api/v1/data-values?orgUnit={units.Commune}&dataElement={element}")).ToList();
        Assert.Equal(2, saved.Count);
        Assert.All(saved, v => Assert.False(v.GetProperty("approved").GetBoolean()));

        // The same values again: unchanged, counted as ignored; one changed: updated.
        var again = await ReadAsync(await officer.PostAsJsonAsync("/api/v1/dataValueSets", Set("2027Q1",
            new { dataElement = element, value = "12", comment = "từ DHIS2" }, new { dataElement = element, period = "2027Q2", value = 15 })));
        Assert.Equal((0, 1, 1), (again["importCount"].GetProperty("imported").GetInt32(), again["importCount"].GetProperty("updated").GetInt32(), again["importCount"].GetProperty("ignored").GetInt32()));

        // One bad value refuses the set: 409, DHIS2's conflicts naming it, nothing stored.
        var bad = await ReadAsync(await officer.PostAsJsonAsync("/api/v1/dataValueSets", Set("2027Q3",
            new { dataElement = element, value = "20" }, new { dataElement = element, period = "2027S2", value = "nhiều" })));
        Assert.Equal(HttpStatusCode.Conflict, bad.Status);
        Assert.Equal("ERROR", Str(bad.Json, "status"));
        Assert.Equal((0, 2), (bad["importCount"].GetProperty("imported").GetInt32(), bad["importCount"].GetProperty("ignored").GetInt32()));
        var conflict = Assert.Single(bad["conflicts"].EnumerateArray());
        Assert.Equal(("nhiều", "value", 1), (Str(conflict, "object"), Str(conflict, "property"), conflict.GetProperty("indexes")[0].GetInt32()));
        Assert.Empty(Items(await GetOkAsync(office, $"/api/v1/data-values?orgUnit={units.Commune}&dataElement={element}&period=2027Q3")));

        // A disaggregation Lodestar does not have, a deletion, another province's unit, a viewer: refused.
        var combo = await ReadAsync(await officer.PostAsJsonAsync("/api/v1/dataValueSets", Set("2027Q3", new { dataElement = element, categoryOptionCombo = "Prlt0C1RF0s", value = "1" })));
        Assert.Equal((HttpStatusCode.Conflict, "categoryOptionCombo"), (combo.Status, Str(combo["conflicts"][0], "property")));
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync("/api/v1/dataValueSets?importStrategy=DELETE", Set("2027Q1", new { dataElement = element, value = "12" }))).StatusCode);
        var foreign = await app.OtherProvinceCommuneAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/dataValueSets", new { period = "2027Q3", dataValues = new[] { new { dataElement = element, orgUnit = foreign, value = "1" } } })).StatusCode);
        var viewer = await app.ClientForAsync(Roles.Viewer, units.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/dataValueSets", Set("2027Q3", new { dataElement = element, value = "1" }))).StatusCode);

        // The DX office's values count at once, as its entries through the values API do.
        var approved = await ReadAsync(await office.PostAsJsonAsync("/api/v1/dataValueSets", Set("2027Q4", new { dataElement = element, value = "30" })));
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Describe());
        Assert.True(Assert.Single(Items(await GetOkAsync(office, $"/api/v1/data-values?orgUnit={units.Commune}&dataElement={element}&period=2027Q4"))).GetProperty("approved").GetBoolean());
    }

    [Fact]
    public async Task ThePage_UploadsTheCodeTables_AndNamesABadRowInVietnamese()
    {
        var units = await app.DemoUnitsAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new { code = "WEB-TRANG-BANG-MA", name = "Bảng mã trang", url = "https://lgsp.example.vn/a.csv" }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        await app.CreateUserAsync("t.cds.trang.bang.ma", Roles.DxOffice, DemoUnits.Province);
        var page = await app.SignInAsync("t.cds.trang.bang.ma", LodestarFactory.UserPassword);
        const string Url = "/connectors?code=WEB-TRANG-BANG-MA";
        static byte[] Workbook(string code)
        {
            var sheet = new Lodestar.Spreadsheets.XlsxSheet("Don vi", [new("Nguồn"), new("Lodestar")]);
            sheet.Add("XA-9", code);
            return Lodestar.Spreadsheets.XlsxWriter.Write(sheet);
        }

        var html = await Html.GetPageAsync(page, Url);
        using (var bad = await Html.SubmitWithFilesAsync(page, Html.FormNamed(html, "tables"), Url, new Dictionary<string, string>(), "file",
            ("bang-ma.xlsx", Lodestar.Spreadsheets.XlsxWriter.ContentType, Workbook("KHONG-CO"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Trang 'Don vi', dòng 2, cột B", (await Html.ParseAsync(bad)).Body!.TextContent, StringComparison.Ordinal);
        }

        html = await Html.GetPageAsync(page, Url);
        using (var ok = await Html.SubmitWithFilesAsync(page, Html.FormNamed(html, "tables"), Url, new Dictionary<string, string>(), "file",
            ("bang-ma.xlsx", Lodestar.Spreadsheets.XlsxWriter.ContentType, Workbook(units.Commune))))
        {
            Assert.Equal("Đã lưu bảng mã: 1 đơn vị, 0 kỳ.", Html.Text((await Html.ParseAsync(ok)).GetElementById("done")!));
        }
    }

    [Fact]
    public async Task TheSchedulerService_BesideTheAppsOwn_RunsADueConnectorOnce_AndNeverAPausedOne()
    {
        var units = await app.DemoUnitsAsync();
        var element = await ElementNoFormCollectsAsync("CONN_WEB_6");
        var (source, url) = await StartSourceAsync($"dataElement,orgUnit,period,value\n{element},{units.Commune},2028Q1,6\n");
        await using var _ = source;
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        foreach (var code in new[] { "WEB-LICH", "WEB-LICH-DUNG" })
        {
            var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/connectors", new { code, name = "Lịch", url, schedule = "*/5 * * * *", auth = new { kind = "bearer", secret = Token } }));
            Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        }

        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/v1/connectors/WEB-LICH-DUNG/pause", null)).StatusCode);
        var clock = app.Services.GetRequiredService<TimeProvider>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Both are due now (the paused one as if it had been left a next run).
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var past = db.UtcNow - TimeSpan.FromMinutes(1);
            await db.Set<Connector>().Where(c => c.Code == "WEB-LICH" || c.Code == "WEB-LICH-DUNG").ExecuteUpdateAsync(u => u.SetProperty(c => c.NextRunAt, past));
        }

        // A second scheduler beside the app's own: the two instances of one database.
        var scheduler = new Lodestar.Web.Connectors.ConnectorScheduler(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<Lodestar.Web.Operations.DatabaseStartup>(),
            new ConnectorOptions { AllowLocal = true }, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Lodestar.Web.Connectors.ConnectorScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!Items(await GetOkAsync(office, "/api/v1/connectors/WEB-LICH/runs")).Any() && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            await Task.Delay(500); // time for a second run, were there one
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
            scheduler.Dispose();
        }

        var run = Assert.Single(Items(await GetOkAsync(office, "/api/v1/connectors/WEB-LICH/runs")));
        Assert.Equal(("schedule", "succeeded"), (Str(run, "by"), Str(run, "status")));
        Assert.Empty(Items(await GetOkAsync(office, "/api/v1/connectors/WEB-LICH-DUNG/runs")));
        var next = Items(await GetOkAsync(office, "/api/v1/connectors")).Single(c => Str(c, "code") == "WEB-LICH").GetProperty("nextRunAt").GetDateTime().ToUniversalTime();
        Assert.True(next > clock.GetUtcNow().UtcDateTime, $"next run {next:o}");
    }
}
