using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Tasks;

/// <summary>The task endpoints through HTTP: contracts, the assign/report flow, scope and bad input.</summary>
[Collection(SharedApp.Name)]
public sealed class TasksApiTests(LodestarFactory app)
{
    private static readonly string[] StateCounts = ["notStarted", "inProgress", "overdue", "completedOnTime", "completedLate", "cancelled"];

    private async Task<string> CreateTaskAsync(string owner, string title, string? deadline = null)
    {
        var admin = await app.AdminClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/tasks", new { title, ownerUnit = owner, deadline = deadline ?? app.InDays(200), sourceKind = "plan", sourceNumber = "45/KH-UBND", priority = "high" });
        var answer = await ReadAsync(response);
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Describe());
        return Str(answer["task"], "uid");
    }

    private static MultipartFormDataContent Progress(int percent, string narrative, string? fileName = "tien-do.pdf")
    {
        var form = new MultipartFormDataContent { { new StringContent(percent.ToString(System.Globalization.CultureInfo.InvariantCulture)), "percent" }, { new StringContent(narrative), "narrative" } };
        if (fileName is not null)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("%PDF-1.4 bằng chứng"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "files", fileName);
        }

        return form;
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsTheTaskNotStartedWithTheHeadAccountable()
    {
        var units = await app.DemoUnitsAsync();
        var deadline = app.InDays(200);
        var uid = await CreateTaskAsync(units.Commune, "Số hóa hồ sơ hộ tịch", deadline);
        var admin = await app.AdminClientAsync();

        var task = (await GetOkAsync(admin, $"/api/v1/tasks/{uid}")).GetProperty("task");

        Assert.Equal("Số hóa hồ sơ hộ tịch", Str(task, "title"));
        Assert.Equal("not-started", Str(task, "state"));
        Assert.Equal(deadline, Str(task, "deadline"));
        Assert.Equal(units.Commune, Str(task, "ownerUnitCode"));
        Assert.False(string.IsNullOrEmpty(Str(task, "accountable")));
    }

    [Fact]
    public async Task List_KeptBetweenReads_ShowsProgressReportedAMomentAgo()
    {
        var units = await app.DemoUnitsAsync();
        var uid = await CreateTaskAsync(units.Commune, "Lắp camera giám sát trụ sở xã");
        var admin = await app.AdminClientAsync();
        var url = $"/api/v1/tasks?orgUnit={units.Commune}&q=camera%20giam%20sat&pageSize=1000";
        async Task<string> StateAsync() => Str(Items(await GetOkAsync(admin, url)).Single(t => Str(t, "uid") == uid), "state");
        Assert.Equal("not-started", await StateAsync());
        Assert.Equal("not-started", await StateAsync());

        using var reported = await admin.PostAsync($"/api/v1/tasks/{uid}/progress", Progress(40, "Đã lắp 4/10 camera"));
        Assert.True(reported.IsSuccessStatusCode, (await ReadAsync(reported)).Describe());

        Assert.Equal("in-progress", await StateAsync());
    }

    [Fact]
    public async Task Create_BadInput_Returns400NamingEachFieldInEnglishWhenAsked()
    {
        var admin = await app.AdminClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = JsonContent.Create(new { title = "", ownerUnit = "nope", deadline = "2027-13-45" }) };
        request.Headers.AcceptLanguage.ParseAdd("en");

        var answer = await ReadAsync(await admin.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var errors = answer["errors"];
        Assert.Contains("title", errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("ownerUnit", errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("is not a date", errors.GetProperty("deadline")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_BadState_Returns400NamingState()
    {
        var admin = await app.AdminClientAsync();

        var answer = await GetAsync(admin, "/api/v1/tasks?state=late");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer["errors"].TryGetProperty("state", out _), answer.Describe());
    }

    [Fact]
    public async Task CommuneOfficer_CannotSeeOrReportOnAnotherCommunesTask_ButReportsOnHisOwn()
    {
        var units = await app.DemoUnitsAsync();
        var mine = await CreateTaskAsync(units.Commune, "Tập huấn tổ công nghệ số cộng đồng");
        var theirs = await CreateTaskAsync(units.OtherCommune, "Phủ sóng 5G thôn bản");
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);

        // Another commune's task answers exactly as a task that does not exist: trying identifiers reveals nothing.
        var hidden = await GetAsync(officer, $"/api/v1/tasks/{theirs}");
        var missing = await GetAsync(officer, "/api/v1/tasks/T-KHONG-CO");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.Status, missing.Status));
        Assert.Equal(Str(missing.Json, "detail")!.Replace("T-KHONG-CO", theirs, StringComparison.Ordinal), Str(hidden.Json, "detail"));
        Assert.Equal(HttpStatusCode.NotFound, (await ReadAsync(await officer.PostAsync($"/api/v1/tasks/{theirs}/progress", Progress(10, "x")))).Status);
        var list = await GetOkAsync(officer, "/api/v1/tasks?pageSize=1000");
        Assert.DoesNotContain(Items(list), t => Str(t, "uid") == theirs);
        Assert.Contains(Items(list), t => Str(t, "uid") == mine);
        Assert.All(Items(list), t => Assert.NotEqual(units.OtherCommune, Str(t, "ownerUnitCode")));

        var created = await ReadAsync(await officer.PostAsync($"/api/v1/tasks/{mine}/progress", Progress(30, "Đã tập huấn 3/10 thôn")));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var detail = await GetOkAsync(officer, $"/api/v1/tasks/{mine}");
        Assert.Equal("in-progress", Str(detail.GetProperty("task"), "state"));
        var evidence = detail.GetProperty("reports")[0].GetProperty("evidence")[0];
        Assert.Equal("tien-do.pdf", Str(evidence, "fileName"));
        using var file = await officer.GetAsync(new Uri($"/api/v1/tasks/evidence/{Str(evidence, "uid")}", UriKind.Relative));
        Assert.Equal("%PDF-1.4 bằng chứng", await file.Content.ReadAsStringAsync());
        var otherOfficer = await app.ClientForAsync(Roles.ReportingOfficer, units.OtherCommune);
        var denied = await GetAsync(otherOfficer, $"/api/v1/tasks/evidence/{Str(evidence, "uid")}");
        var none = await GetAsync(otherOfficer, "/api/v1/tasks/evidence/khong-co");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (denied.Status, none.Status));
        Assert.Equal(Str(none.Json, "detail"), Str(denied.Json, "detail"));
    }

    [Fact]
    public async Task ReportingOfficer_CannotCreateTasks_NorDecide()
    {
        var units = await app.DemoUnitsAsync();
        var uid = await CreateTaskAsync(units.Commune, "Cung cấp dịch vụ công trực tuyến toàn trình");
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);

        using var create = await officer.PostAsJsonAsync("/api/v1/tasks", new { title = "x", ownerUnit = units.Commune, deadline = "2027-01-01" });
        using var cancel = await officer.PostAsJsonAsync($"/api/v1/tasks/{uid}/cancel", new { reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
    }

    [Fact]
    public async Task Extension_RequestedByTheUnit_ApprovedByTheDxOffice_KeepsTheOriginalDeadline()
    {
        var units = await app.DemoUnitsAsync();
        var uid = await CreateTaskAsync(units.Commune, "Chuyển đổi dữ liệu đất đai lên nền tảng dùng chung", "2027-03-31");
        var head = await app.ClientForAsync(Roles.UnitHead, units.Commune);
        var dx = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);

        var requested = await ReadAsync(await head.PostAsJsonAsync($"/api/v1/tasks/{uid}/extensions", new { newDeadline = "2027-05-31", reason = "Chờ bố trí kinh phí" }));
        Assert.Equal(HttpStatusCode.Created, requested.Status);
        var decided = await ReadAsync(await dx.PostAsJsonAsync($"/api/v1/tasks/{uid}/extensions/{Str(requested.Json, "uid")}/decision", new { approve = true }));

        Assert.Equal(HttpStatusCode.OK, decided.Status);
        var task = decided["task"];
        Assert.Equal("2027-03-31", Str(task, "deadline"));
        Assert.Equal("2027-05-31", Str(task, "extendedTo"));
        Assert.Equal("approved", Str(decided["extensions"][0], "decision"));
    }

    [Fact]
    public async Task Summary_ByOrgUnit_CountsTasksPerState()
    {
        var units = await app.DemoUnitsAsync();
        await CreateTaskAsync(units.OtherCommune, "Họp Ban Chỉ đạo quý");
        var admin = await app.AdminClientAsync();

        var summary = await GetOkAsync(admin, $"/api/v1/tasks/summary?groupBy=orgUnit&orgUnit={units.OtherCommune}");

        var row = Assert.Single(Items(summary));
        Assert.Equal(units.OtherCommune, Str(row, "code"));
        Assert.True(row.GetProperty("total").GetInt32() >= 1);
        Assert.Equal(row.GetProperty("total").GetInt32(),
            StateCounts.Sum(p => row.GetProperty(p).GetInt32()));
    }

    [Fact]
    public async Task Accountability_ForTheProvince_ListsBothHeadsAroundTheChange()
    {
        var admin = await app.AdminClientAsync();

        var page = await GetOkAsync(admin, "/api/v1/tasks/accountability?orgUnit=20&from=2026-01-01&to=2026-12-31");

        // Other tests may appoint later heads in the shared app; the demo's change on 16/03/2026 is always there.
        var heads = Items(page).ToList();
        var before = Assert.Single(heads, h => h.GetProperty("termTo").ValueKind == JsonValueKind.String && Str(h, "termTo") == "2026-03-15");
        Assert.Contains(heads, h => Str(h, "termFrom") == "2026-03-16");
        Assert.Equal(JsonValueKind.Number, before.GetProperty("due").ValueKind);
    }
}
