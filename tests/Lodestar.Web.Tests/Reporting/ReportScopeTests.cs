using System.Net;
using System.Net.Http.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Reporting;

/// <summary>
/// Issue 15, items 2 and 13: a province's report forms are defined by its DX office only, for units in its province;
/// the approver of a report is never its submitter.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ReportScopeTests(LodestarFactory app)
{
    [Theory]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    [InlineData(Actor.Admin)]
    public async Task RedefiningTheProvincesForm_OnlyItsOffice_ElseForbidden(Actor actor)
    {
        var client = await Actors.ClientAsync(app, actor);

        // Without a name the definition is invalid: an allowed account hears that (400) and nothing changes.
        var answer = await ReadAsync(await client.PutAsJsonAsync("/api/v1/report-forms", new { code = "CDS-XA-QUY", units = Array.Empty<string>() }));

        var expected = Actors.MayChange(actor) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;
        Assert.True(answer.Status == expected, $"{actor}: expected {(int)expected}, got {answer.Describe()}");
    }

    [Fact]
    public async Task NewForm_ForUnitsOfAnotherProvince_IsRefused()
    {
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/report-forms")
        {
            Content = JsonContent.Create(new
            {
                code = "KT-NGOAI-TINH", name = "Kiểm thử: biểu mẫu của tỉnh khác", periodType = "year", dueDays = 10, firstPeriod = "2025", needsApproval = true,
                items = new[] { new { dataElement = "POP_5G" } }, units = new[] { DemoUnits.OtherProvince },
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");

        var answer = await ReadAsync(await office.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("outside your account's scope", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain((await GetOkAsync(office, "/api/v1/report-forms")).EnumerateArray(), f => Str(f, "code") == "KT-NGOAI-TINH");
    }

    [Fact]
    public async Task Approve_ByTheSubmitter_IsRefused_AnotherOfficerApproves()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();
        using (var defined = await admin.PutAsJsonAsync("/api/v1/report-forms", new
        {
            code = "KT-DUYET", name = "Kiểm thử: người nộp không tự duyệt", periodType = "year", dueDays = 10, firstPeriod = "2025", needsApproval = true,
            items = new[] { new { dataElement = "POP_5G" } }, units = new[] { units.OtherCommune },
        }))
        {
            Assert.True(defined.StatusCode == HttpStatusCode.OK, await defined.Content.ReadAsStringAsync());
        }

        // The province's DX office enters and submits the commune's report, then tries to approve it.
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        var url = $"/api/v1/reports/KT-DUYET/{units.OtherCommune}/2025";
        using (var submitted = await office.PutAsJsonAsync(url, new { version = 0, submit = true, values = new[] { new { dataElement = "POP_5G", value = 1200 } } }))
        {
            Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/decision") { Content = JsonContent.Create(new { action = "Approve" }) };
        request.Headers.AcceptLanguage.ParseAdd("vi");
        var own = await ReadAsync(await office.SendAsync(request));
        Assert.Equal(HttpStatusCode.Forbidden, own.Status);
        Assert.Contains("Người nộp báo cáo không được tự duyệt", Str(own.Json, "detail"), StringComparison.Ordinal);

        using var approved = await admin.PostAsJsonAsync(url + "/decision", new { action = "Approve" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
    }
}
