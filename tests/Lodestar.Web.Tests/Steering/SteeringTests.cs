using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Steering;

/// <summary>The dashboard, meetings and packs as served: the pack's figures are the API's, conclusions become tasks, the demo's meetings.</summary>
[Collection(SharedApp.Name)]
public sealed class SteeringTests(LodestarFactory app)
{
    private string Today => Dates.Today(app.Clock).ToIso();

    private string CurrentQuarter
    {
        get
        {
            var d = Dates.Today(app.Clock);
            return $"{d.Year}Q{((d.Month - 1) / 3) + 1}";
        }
    }

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var answer = await Api.ReadAsync(response);
        Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"POST {url}: {answer.Describe()}");
        return answer.Json;
    }

    private async Task<string> NewMeetingAsync(HttpClient admin)
    {
        var created = await PostOkAsync(admin, "/api/v1/meetings", new { orgUnit = "20", quarter = CurrentQuarter, meetsOn = Today, place = "Phòng họp kiểm thử" });
        return Api.Str(created, "uid");
    }

    [Fact]
    public async Task Pack_GeneratedToday_CarriesTheSameNumbersAsTheDashboardApi()
    {
        var admin = await app.AdminClientAsync();
        var uid = await NewMeetingAsync(admin);

        var meeting = await PostOkAsync(admin, $"/api/v1/meetings/{uid}/pack", new { });
        var api = await Api.GetOkAsync(admin, $"/api/v1/dashboard?orgUnit=20&period={CurrentQuarter[..4]}");

        var pack = meeting.GetProperty("pack");
        Assert.Equal("draft", Api.Str(pack, "state"));
        var data = pack.GetProperty("data");
        foreach (var part in new[] { "targets", "pillars", "mostOffTrack", "tasks", "reporting", "dti", "moversUp", "moversDown", "members" })
        {
            Assert.Equal(api.GetProperty(part).GetRawText(), data.GetProperty(part).GetRawText());
        }

        Assert.True(api.GetProperty("targets").GetProperty("total").GetInt32() > 0, "the demo province tracks targets");
        Assert.True(api.GetProperty("tasks").GetProperty("notCompletedOverdue").GetInt32() > 0, "the demo has overdue tasks");
        Assert.NotEmpty(api.GetProperty("dti").EnumerateArray());

        // The text says the same numbers.
        var tasks = api.GetProperty("tasks");
        var counted = tasks.GetProperty("completedOnTime").GetInt32() + tasks.GetProperty("completedLate").GetInt32()
            + tasks.GetProperty("notCompletedWithinDeadline").GetInt32() + tasks.GetProperty("notCompletedOverdue").GetInt32();
        Assert.Contains($"Trong {counted.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} nhiệm vụ, {tasks.GetProperty("completedOnTime").GetInt32()} hoàn thành đúng hạn",
            Api.Str(pack, "text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_EditedThenIssued_IsFrozenWithWhoAndWhen()
    {
        var admin = await app.AdminClientAsync();
        var uid = await NewMeetingAsync(admin);
        var generated = await PostOkAsync(admin, $"/api/v1/meetings/{uid}/pack", new { });
        var version = generated.GetProperty("pack").GetProperty("version").GetInt32();

        using var edit = await admin.PutAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { text = "# I. TÓM TẮT\n\nNội dung đã sửa.", version });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        using var stale = await admin.PutAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { text = "Ghi đè", version });
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        var issued = await PostOkAsync(admin, $"/api/v1/meetings/{uid}/pack/issue", new { number = "99" });
        using var late = await admin.PutAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { text = "Sửa sau khi ban hành" });

        var pack = issued.GetProperty("pack");
        Assert.Equal(("issued", "99/BC-BCĐ", "admin"), (Api.Str(pack, "state"), Api.Str(pack, "number"), Api.Str(pack, "issuedBy")));
        Assert.Equal("# I. TÓM TẮT\n\nNội dung đã sửa.", Api.Str(pack, "text"));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("ban hành", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var regenerate = await admin.PostAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { });
        Assert.Equal(HttpStatusCode.BadRequest, regenerate.StatusCode);
    }

    [Fact]
    public async Task Conclusion_ThatAssignsWork_BecomesATaskLinkedBothWays_AndABadOneSavesNothing()
    {
        var admin = await app.AdminClientAsync();
        var uid = await NewMeetingAsync(admin);
        await PostOkAsync(admin, $"/api/v1/meetings/{uid}/record", new { heldOn = Today, chair = "Chủ tịch UBND tỉnh", attendees = "A – Giám đốc Sở\nB – Chánh Văn phòng", conclusionNumber = "201/TB-BCĐ" });

        var meeting = await PostOkAsync(admin, $"/api/v1/meetings/{uid}/conclusions",
            new { text = "Sở Tư pháp rà soát thủ tục để đưa lên dịch vụ công trực tuyến toàn trình.", task = new { ownerUnit = "20.STP", deadline = app.InDays(120) } });
        using var bad = await admin.PostAsJsonAsync($"/api/v1/meetings/{uid}/conclusions", new { text = "Giao cho đơn vị không có.", task = new { ownerUnit = "20.KHONGCO", deadline = "2027-03-31" } });

        var conclusion = Assert.Single(meeting.GetProperty("conclusions").EnumerateArray());
        var taskUid = Api.Str(conclusion, "taskUid");
        var task = await Api.GetOkAsync(admin, $"/api/v1/tasks/{taskUid}");
        Assert.Equal("conclusion", Api.Str(task.GetProperty("task"), "sourceKind"));
        Assert.Equal("201/TB-BCĐ", Api.Str(task.GetProperty("task"), "sourceNumber"));
        Assert.Equal("20.STP", Api.Str(task.GetProperty("task"), "ownerUnitCode"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("task.ownerUnit", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await Api.GetOkAsync(admin, $"/api/v1/meetings/{uid}");
        Assert.Single(after.GetProperty("conclusions").EnumerateArray());

        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), $"/tasks/{taskUid}");
        Assert.Contains($"/meetings/{uid}", page.QuerySelector("#task-origin a")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_HasTwoHeldMeetingsWithIssuedPacksAndTasks_AndTheCurrentQuarterPlanned()
    {
        var admin = await app.AdminClientAsync();

        var items = Api.Items(await Api.GetOkAsync(admin, "/api/v1/meetings")).ToList();
        var demo = items.Where(m => Api.Str(m, "packState") == "issued" && m.GetProperty("tasks").GetInt32() > 0).ToList();
        Assert.True(demo.Count >= 2, $"two past meetings with issued packs and tasks: {items.Count} meetings");
        Assert.Contains(items, m => Api.Str(m, "quarter") == CurrentQuarter && Api.Str(m, "packState") == "none");

        // The later pack reports on the tasks of the earlier meeting's conclusions.
        var later = await Api.GetOkAsync(admin, $"/api/v1/meetings/{Api.Str(demo.OrderByDescending(m => Api.Str(m, "quarter")).First(), "uid")}/pack");
        Assert.NotEmpty(later.GetProperty("data").GetProperty("followUps").EnumerateArray());
        Assert.Contains("Thực hiện kết luận của Cuộc họp Ban Chỉ đạo", Api.Str(later, "text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_AreADocxThatOpensAndAPdf()
    {
        var admin = await app.AdminClientAsync();
        var uid = Api.Str(Api.Items(await Api.GetOkAsync(admin, "/api/v1/meetings")).First(m => Api.Str(m, "packState") == "issued"), "uid");

        using var docx = await admin.GetAsync(new Uri($"/api/v1/meetings/{uid}/pack.docx", UriKind.Relative));
        using var pdf = await admin.GetAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var word = WordprocessingDocument.Open(await docx.Content.ReadAsStreamAsync(), false))
        {
            var body = word.MainDocumentPart!.Document!.Body!;
            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", body.InnerText, StringComparison.Ordinal);
            Assert.StartsWith("UBND TỈNH LẠNG SƠN", body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().First().InnerText, StringComparison.Ordinal);

            // The committee is a table of members and the indexes they answer for, by name: no codes, no unit said twice.
            var members = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>()
                .Single(t => t.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().First().InnerText.StartsWith("Thành viên", StringComparison.Ordinal));
            var cells = members.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList();
            Assert.DoesNotContain(cells, c => System.Text.RegularExpressions.Regex.IsMatch(c, @"\b(P405|P922|LS-XA|LS-SO)\b|Trung tâm Trung tâm|Văn phòng Văn phòng|Sở Sở"));
            Assert.DoesNotContain(body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>(), p => p.InnerText.Contains("Chỉ số do các thành viên", StringComparison.Ordinal));
        }

        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".pdf", pdf.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var ascii = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF-1.7", ascii, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", ascii, StringComparison.Ordinal);
        // Written by Lodestar's own writer (Common/Pdf), with Liberation Serif embedded as Identity-H Type0 fonts.
        Assert.Contains("/Producer (Lodestar)", ascii, StringComparison.Ordinal);
        Assert.Contains("+LiberationSerif /Encoding /Identity-H", ascii, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_ByAViewer_AreForbidden_AndDashboardOfAnUnknownUnitIsAProblem()
    {
        var viewer = await app.ClientForAsync(Roles.Viewer, "20");
        var admin = await app.AdminClientAsync();
        var uid = Api.Str(Api.Items(await Api.GetOkAsync(admin, "/api/v1/meetings")).First(), "uid");

        using var create = await viewer.PostAsJsonAsync("/api/v1/meetings", new { orgUnit = "20", quarter = "2027Q1", meetsOn = "2027-03-20" });
        using var generate = await viewer.PostAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { });
        var unknown = await Api.GetAsync(admin, "/api/v1/dashboard?orgUnit=99999");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, generate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(viewer, "/api/v1/dashboard")).Status);
    }

    [Fact]
    public async Task Dashboard_OfACommune_ShowsItsProvincesAndNationalProgrammesOnly_WithPillarsNamedWithTheirProgramme()
    {
        var units = await app.DemoUnitsAsync();
        var officer = await app.ClientForAsync(Roles.Viewer, units.Commune);

        var dashboard = await Api.GetOkAsync(officer, $"/api/v1/dashboard?orgUnit={units.Commune}");

        // Lạng Sơn's communes report indicators that Bình Dương's and Bình Phước's programmes also use: those are not theirs.
        var programmes = dashboard.GetProperty("pillars").EnumerateArray().Select(p => Api.Str(p, "programme")).Distinct().ToList();
        Assert.Contains("LS-BCD", programmes);
        Assert.All(programmes, p => Assert.Matches("^(LS|VN)-", p));
        Assert.All(dashboard.GetProperty("mostOffTrack").EnumerateArray(), t => Assert.Matches("^(LS|VN)-", Api.Str(t, "programme")));

        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), $"/?orgUnit={units.Commune}");
        var chart = JsonDocument.Parse(page.QuerySelector("#dash-chart-data")!.TextContent).RootElement;
        var labels = chart.GetProperty("pillars").EnumerateArray().Select(p => p.GetProperty("label").GetString()!).ToList();
        Assert.Equal(dashboard.GetProperty("pillars").GetArrayLength(), labels.Count);
        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.Contains("Xã hội số · LS-BCD", labels);
    }

    [Fact]
    public async Task HomePage_SignedIn_ShowsTheDashboardWithLinksAndTheMapSpot()
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/");

        Assert.NotNull(page.QuerySelector("section.dashboard #pillar-table"));
        Assert.StartsWith("/tasks?orgUnit=20&state=overdue", page.QuerySelector("#overdue-tile")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("section#map"));
        Assert.NotNull(page.QuerySelector("nav.side a[href='/meetings']"));
    }
}
