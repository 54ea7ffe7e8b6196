using System.Net;
using System.Net.Http.Headers;
using Lodestar.Accounts;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Tasks;

/// <summary>The task pages as served: the register with the demo, the heat map, a form post, exports and a rejected plan.</summary>
[Collection(SharedApp.Name)]
public sealed class TaskPagesTests(LodestarFactory app)
{
    [Fact]
    public async Task Register_WithTheDemo_ShowsCountsPerStateByUnitAndOverdueTasks()
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/tasks?orgUnit=20&state=overdue");

        Assert.Equal("Sổ theo dõi nhiệm vụ", Html.Text(page.QuerySelector("h1")!));
        var rows = page.QuerySelectorAll("section[aria-labelledby=list] tbody tr");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("Chưa hoàn thành – quá hạn", Html.Text(r), StringComparison.Ordinal));
        Assert.Contains(page.QuerySelectorAll("section[aria-labelledby=by-unit] th[scope=row]"), th => Html.Text(th) == "Sở Khoa học và Công nghệ");
    }

    [Fact]
    public async Task NewTaskForm_AccountablePersonChosenByName_IsStoredAsThePostTheyHold()
    {
        var admin = await app.AdminClientAsync();
        var head = Api.Str(await Api.GetOkAsync(admin, "/api/v1/org-units/20/head"), "person");
        var people = Api.Items(await Api.GetOkAsync(admin, "/api/v1/people?inPost=true&pageSize=200")).ToList();
        var chosen = people.First(p => Api.Str(p, "unitCode") == "20" && Api.Str(p, "fullName") != head);
        var client = await app.SignInAsAdminAsync();
        var form = Html.FormNamed(await Html.GetPageAsync(client, "/tasks/new"), "task");
        var values = new Dictionary<string, string>
        {
            ["Input.Title"] = "Nhiệm vụ có người chịu trách nhiệm được chọn", ["Input.OwnerUnit"] = "20", ["Input.Deadline"] = app.InDays(300),
            ["Input.Accountable"] = Api.Str(chosen, "fullName"),
        };

        // A name typed and not chosen from the list names no post: refused, saying so.
        using (var typed = await Html.SubmitAsync(client, form, "/tasks/new", values))
        {
            Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
            Assert.Contains("trong danh sách", Html.Text((await Html.ParseAsync(typed)).QuerySelector("ul.error")!), StringComparison.Ordinal);
        }

        values["Input.AccountablePosition"] = Api.Str(chosen, "positionUid");
        using var created = await Html.SubmitAsync(client, form, "/tasks/new", values);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var uid = created.Headers.Location!.AbsolutePath.Split('/')[^1];
        var task = await Api.GetOkAsync(admin, $"/api/v1/tasks/{uid}");
        Assert.Equal((Api.Str(chosen, "fullName"), Api.Str(chosen, "position")), (Api.Str(task.GetProperty("task"), "accountable"), Api.Str(task, "accountablePosition")));
        var page = await Html.GetPageAsync(client, $"/tasks/{uid}");
        Assert.Contains($"{Api.Str(chosen, "fullName")} ({Api.Str(chosen, "position")})", Html.Text(page.QuerySelector("dl")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeatMap_WithTheDemo_ColoursUnitsAndShowsTheLegend()
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/tasks/heatmap");

        Assert.NotEmpty(page.QuerySelectorAll("ul.heatmap li.heat-red"));
        Assert.NotEmpty(page.QuerySelectorAll("ul.heatmap li.heat-green"));
        Assert.Contains("dưới 10%", Html.Text(page.QuerySelector("#legend")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OfTheRegister_IsAWorkbookWithOneRowPerTask()
    {
        var client = await app.SignInAsAdminAsync();

        using var response = await client.GetAsync(new Uri("/tasks/export.xlsx?orgUnit=20.SKHCN", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var sheets = XlsxReader.Read(await response.Content.ReadAsStreamAsync()).Value!;
        var rows = sheets[0].Rows;
        Assert.Equal("Tên nhiệm vụ", rows[0][1]);
        Assert.Contains(rows, r => r[1] == "Xây dựng kho dữ liệu mở của tỉnh");
    }

    [Fact]
    public async Task Plan_WithOneBadRow_CreatesNothingAndNamesSheetRowAndColumn()
    {
        var sheet = new XlsxSheet("Ke hoach", [.. Enumerable.Range(0, 13).Select(i => new XlsxColumn($"c{i}"))]);
        sheet.Add("Nhiệm vụ tốt", "20.SNV", "31/12/2027");
        sheet.Add("Nhiệm vụ sai hạn", "20.SNV", "31/02/2027");
        var admin = await app.AdminClientAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(XlsxWriter.Write(sheet));
        file.Headers.ContentType = new MediaTypeHeaderValue(XlsxWriter.ContentType);
        form.Add(file, "file", "ke-hoach.xlsx");

        var answer = await Api.ReadAsync(await admin.PostAsync(new Uri("/api/v1/tasks/import", UriKind.Relative), form));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Trang 'Ke hoach', dòng 3, cột C (Thời hạn (dd/mm/yyyy))", answer["errors"].GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        var list = await Api.GetOkAsync(admin, "/api/v1/tasks?q=nhiem%20vu%20tot");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TaskPage_OfficerReportsProgressThroughTheForm_AndSeesItInTheHistory()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();
        using var created = await admin.PostAsync(new Uri("/api/v1/tasks", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { title = "Rà soát thủ tục hành chính cấp xã", ownerUnit = units.Commune, deadline = app.InDays(300) }));
        var uid = (await Api.ReadAsync(created))["task"].GetProperty("uid").GetString()!;
        var userName = $"canbo.form.{units.Commune}";
        await app.CreateUserAsync(userName, Roles.ReportingOfficer, units.Commune);
        var officer = await app.SignInAsync(userName, LodestarFactory.UserPassword);

        var page = await Html.GetPageAsync(officer, $"/tasks/{uid}");
        var percent = page.QuerySelector("#percent")!;
        Assert.Equal(("numeric", true, true), (percent.GetAttribute("inputmode"), percent.HasAttribute("data-number"), percent.HasAttribute("data-integer")));

        // A percentage with a decimal part is refused by the number reader, the narrative typed stays in its field.
        using (var bad = await Html.SubmitAsync(officer, Html.FormNamed(page, "progress"), $"/tasks/{uid}", new Dictionary<string, string>
        {
            ["Progress.Percent"] = "35,5",
            ["Progress.Narrative"] = "Đã rà soát 35/100 thủ tục",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var shown = await Html.ParseAsync(bad);
            Assert.Contains("Tiến độ: '35,5' có phần thập phân; ô này chỉ nhận số nguyên.", Html.Text(shown.QuerySelector("ul.error")!), StringComparison.Ordinal);
            Assert.Equal("Đã rà soát 35/100 thủ tục", shown.QuerySelector("#narrative")!.TextContent);
        }

        using var response = await Html.SubmitAsync(officer, Html.FormNamed(page, "progress"), $"/tasks/{uid}", new Dictionary<string, string>
        {
            ["Progress.Percent"] = "35",
            ["Progress.Narrative"] = "Đã rà soát 35/100 thủ tục",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await Html.GetPageAsync(officer, response.Headers.Location!.PathAndQuery);
        Assert.Contains("Đã rà soát 35/100 thủ tục", Html.Text(after.QuerySelector("ol.reports")!), StringComparison.Ordinal);
        Assert.Contains("Chưa hoàn thành – trong hạn", Html.Text(after.QuerySelector("h1 + p")!), StringComparison.Ordinal);
        Assert.DoesNotContain(after.QuerySelectorAll("form"),
            f => f.QuerySelector("input[name=_handler]")?.GetAttribute("value") is "cancel" or "decide-completion");
    }
}
