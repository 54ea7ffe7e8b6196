using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Programmes;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Programmes;

/// <summary>
/// Revising a programme (issue 23 item 13) through the API and the form: the decision and its changes are recorded by the
/// owner's DX office, listed on the programme page, and the target page shows the path before and after. Each test revises a
/// programme of its own, so the demo programmes other tests read stay as they are.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ProgrammeRevisionTests(LodestarFactory app)
{
    private string Today => Dates.Today(app.Clock).ToIso();

    // A programme of Lạng Sơn with two pillars and two targets on household fibre: .1 to 90% by 2030, .2 to 95% by 2030.
    private async Task<string> ProgrammeAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ProgrammeService>();
        Assert.True((await service.CreateProgrammeAsync(new(code, "Kế hoạch thử điều chỉnh", "01/KH-UBND", null, "UBND tỉnh", DemoUnits.Province,
            2026, 2030, 95, 80, "Xã hội số\nKinh tế số", null))).Succeeded);
        foreach (var (suffix, goal) in new[] { ("1", "2030: 90"), ("2", "2030: 95") })
        {
            var target = await service.AddTargetAsync(code, new($"{code}.{suffix}", $"Tỷ lệ hộ có cáp quang {suffix}", null, "%", Comparator.AtLeast, null,
                null, null, goal, PathShape.Linear, "HH_FIBRE_PCT", null, null, null, null));
            Assert.True(target.Succeeded, string.Join("; ", target.Problems.Select(p => p.Message.En)));
        }

        return code;
    }

    private object Revision(string number, params object[] changes) => new { decisionNumber = number, decidedOn = Today, note = "Rà soát giữa kỳ", changes };

    private static async Task<ApiAnswer> PostAsync(HttpClient client, string code, object body, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/programmes/{code}/revisions", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    [Fact]
    public async Task Api_RecordsARevision_ThePagesShowIt()
    {
        var code = await ProgrammeAsync("LS-REV-API");
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);

        var answer = await PostAsync(office, code, Revision("QĐ 123/QĐ-UBND",
            new { kind = "rename-pillar", pillar = "Xã hội số", name = "Xã hội số và công dân số", nameEn = "Digital society and citizens" },
            new { kind = "change-path", target = $"{code}.1", milestones = new[] { new { year = 2028, value = 70.5 }, new { year = 2030, value = 85.0 } } },
            new
            {
                kind = "add-target", target = $"{code}.3", name = "Tỷ lệ người dân có danh tính số", indicator = "HH_FIBRE_PCT", pillar = "Kinh tế số",
                comparator = "at-least", milestones = new[] { new { year = 2030, value = 80.0 } }
            },
            new { kind = "retire-target", target = $"{code}.2" }));

        Assert.True(answer.Status == HttpStatusCode.Created, answer.Describe());
        Assert.Equal(["rename-pillar", "change-path", "add-target", "retire-target"], answer["changes"].EnumerateArray().Select(c => Str(c, "kind")));
        Assert.Equal("Xã hội số", Str(answer["changes"][0], "pillar"));
        Assert.Equal(70.5, answer["changes"][1].GetProperty("milestones")[0].GetProperty("value").GetDouble());
        var listed = Assert.Single(Items(await GetOkAsync(office, $"/api/v1/programmes/{code}/revisions")));
        Assert.Equal(("QĐ 123/QĐ-UBND", Today), (Str(listed, "decisionNumber"), Str(listed, "decidedOn")));

        using var client = await Actors.PageClientAsync(app, Actor.ProvinceOffice);
        var programme = await GetPageAsync(client, $"/programmes/{code}?unit=20");
        var revisions = Text(programme.QuerySelector("#revisions-table")!);
        Assert.Contains("QĐ 123/QĐ-UBND", revisions, StringComparison.Ordinal);
        Assert.Contains("Đổi tên trụ cột “Xã hội số” thành “Xã hội số và công dân số”", revisions, StringComparison.Ordinal);
        Assert.Contains($"Lộ trình mới của chỉ tiêu {code}.1: 2028: 70,5; 2030: 85", revisions, StringComparison.Ordinal);
        Assert.Contains($"Thôi theo dõi chỉ tiêu {code}.2", revisions, StringComparison.Ordinal);
        // This year ends after the decision: the retired target no longer counts, the added one does.
        Assert.Contains($"{code}.2 thôi theo dõi từ {Dates.Today(app.Clock).ToDisplay()} theo QĐ 123/QĐ-UBND", Text(programme.QuerySelector("#not-counted")!), StringComparison.Ordinal);
        Assert.Equal([$"{code}.1", $"{code}.3"], programme.QuerySelectorAll("tbody tr td.code").Select(Text).Order());

        using (var export = await client.GetAsync(new Uri($"/programmes/{code}/revisions.xlsx", UriKind.Relative)))
        {
            var sheet = Assert.Single(XlsxReader.Read(await export.Content.ReadAsStreamAsync()).Value!);
            Assert.Equal(5, sheet.Rows.Count);
            Assert.Equal($"Thôi theo dõi chỉ tiêu {code}.2 – Tỷ lệ hộ có cáp quang 2", sheet.Rows[4][2]);
        }

        var target = await GetPageAsync(client, $"/targets/{code}.1?unit=20");
        var paths = target.QuerySelector("#paths-table")!;
        Assert.Equal(["Năm", "Lộ trình trước QĐ 123/QĐ-UBND", $"Lộ trình theo QĐ 123/QĐ-UBND (từ {Dates.Today(app.Clock).ToDisplay()})"],
            paths.QuerySelectorAll("thead th").Select(Text));
        Assert.Equal(["2028 | — | 70,5%", "2030 | 90% | 85%"], paths.QuerySelectorAll("tbody tr").Select(r => string.Join(" | ", r.Children.Select(Text))));
    }

    [Fact]
    public async Task Api_Preview_AnswersWhatWouldChange_AndStoresNothing()
    {
        var code = await ProgrammeAsync("LS-REV-PRE");
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        object[] changes =
        [
            new { kind = "rename-pillar", pillar = "Xã hội số", name = "Xã hội số và công dân số" },
            new { kind = "change-path", target = $"{code}.1", milestones = new[] { new { year = 2030, value = 85.0 } } },
            new { kind = "add-target", target = $"{code}.3", name = "Tỷ lệ người dân có danh tính số", indicator = "HH_FIBRE_PCT", milestones = new[] { new { year = 2030, value = 80.0 } } },
            new { kind = "retire-target", target = $"{code}.2" },
        ];

        var preview = await PostAsync(office, code, new { decisionNumber = "QĐ 7/QĐ-UBND", decidedOn = Today, changes, preview = true });

        Assert.True(preview.Status == HttpStatusCode.OK, preview.Describe());
        Assert.Equal(("QĐ 7/QĐ-UBND", Today), (Str(preview.Json, "decisionNumber"), Str(preview.Json, "decidedOn")));
        Assert.Equal(["rename-pillar Xã hội số", $"change-path {code}.1", $"add-target {code}.3", $"retire-target {code}.2"],
            preview["changes"].EnumerateArray().Select(c => $"{Str(c, "kind")} {c.GetProperty("pillar").GetString() ?? Str(c, "target")}"));
        Assert.Equal("Tỷ lệ hộ có cáp quang 2", Str(preview["changes"][3], "name"));
        Assert.Equal(85.0, preview["changes"][1].GetProperty("milestones")[0].GetProperty("value").GetDouble());

        // Nothing stored: no revision, the pillar keeps its name, no new target, the retired one is still followed; a bad preview is named by field.
        Assert.Empty(Items(await GetOkAsync(office, $"/api/v1/programmes/{code}/revisions")));
        Assert.Equal([$"{code}.1", $"{code}.2"], Items(await GetOkAsync(office, $"/api/v1/targets?programme={code}")).Select(t => Str(t, "code")).Order());
        using (var client = await Actors.PageClientAsync(app, Actor.ProvinceOffice))
        {
            var page = await GetPageAsync(client, $"/programmes/{code}?unit=20");
            Assert.Contains("Xã hội số", Text(page.Body!), StringComparison.Ordinal);
            Assert.DoesNotContain("Xã hội số và công dân số", Text(page.Body!), StringComparison.Ordinal);
            Assert.Null(page.QuerySelector("#not-counted"));
        }

        var bad = await PostAsync(office, code, new { decisionNumber = "QĐ 8", decidedOn = Today, changes = new[] { new { kind = "retire-target", target = "KHONG-CO" } }, preview = true });
        Assert.True(bad.Status == HttpStatusCode.BadRequest && bad["errors"].TryGetProperty("changes[0].target", out _), bad.Describe());

        // The decision previewed can then be recorded as it was shown.
        var recorded = await PostAsync(office, code, new { decisionNumber = "QĐ 7/QĐ-UBND", decidedOn = Today, changes });
        Assert.True(recorded.Status == HttpStatusCode.Created, recorded.Describe());
        Assert.Single(Items(await GetOkAsync(office, $"/api/v1/programmes/{code}/revisions")));
    }

    [Fact]
    public async Task PublicPortal_MarksAPublishedTargetThatARevisionRetired_WithTheDecision()
    {
        var code = await ProgrammeAsync("LS-REV-PUB");
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        foreach (var (kind, key) in new[] { ("programme", code), ("target", $"{code}.1"), ("target", $"{code}.2") })
        {
            using var published = await office.PostAsJsonAsync("/api/v1/publishing", new { kind, key, note = "Công bố (test)" });
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        }

        var answer = await PostAsync(office, code, Revision("QĐ 45/QĐ-UBND", new { kind = "retire-target", target = $"{code}.2" }));
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Describe());

        var day = Dates.Today(app.Clock).ToDisplay();
        using var reader = app.CreatePageClient();
        var programme = await GetPageAsync(reader, $"/cong-khai/chuong-trinh/{code}");
        Assert.Equal("Thôi theo dõi", Text(programme.GetElementById($"retired-{code}.2")!));
        Assert.Contains($"Thôi theo dõi từ {day} theo QĐ 45/QĐ-UBND", Text(programme.GetElementById($"retired-{code}.2")!.ParentElement!), StringComparison.Ordinal);
        Assert.Null(programme.GetElementById($"retired-{code}.1"));
        var target = await GetPageAsync(reader, $"/cong-khai/chi-tieu/{code}.2");
        Assert.Contains($"Chương trình thôi theo dõi chỉ tiêu này từ {day} theo QĐ 45/QĐ-UBND", Text(target.GetElementById("retired")!), StringComparison.Ordinal);
        Assert.Null((await GetPageAsync(reader, $"/cong-khai/chi-tieu/{code}.1")).GetElementById("retired"));
        var api = (await GetOkAsync(reader, $"/api/v1/public/indicators/{code}.2")).GetProperty("indicator").GetProperty("retired");
        Assert.Equal((Today, "QĐ 45/QĐ-UBND"), (Str(api, "on"), Str(api, "decision")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await GetOkAsync(reader, $"/api/v1/public/indicators/{code}.1")).GetProperty("indicator").GetProperty("retired").ValueKind);

        using (await reader.GetAsync(new Uri("/lang/en?returnUrl=/cong-khai", UriKind.Relative)))
        {
        }

        Assert.Contains($"Retired from {day} by QĐ 45/QĐ-UBND", Text((await GetPageAsync(reader, $"/cong-khai/chuong-trinh/{code}")).GetElementById($"retired-{code}.2")!.ParentElement!),
            StringComparison.Ordinal);
        Assert.Contains($"The programme stopped following this target from {day} by QĐ 45/QĐ-UBND",
            Text((await GetPageAsync(reader, $"/cong-khai/chi-tieu/{code}.2")).GetElementById("retired")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_BadInput_IsNamedByField_InTheRequestsLanguage()
    {
        var code = await ProgrammeAsync("LS-REV-BAD");
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);

        var kind = await PostAsync(office, code, Revision("QĐ 1", new { kind = "merge", target = $"{code}.1" }));
        Assert.True(kind.Status == HttpStatusCode.BadRequest, kind.Describe());
        Assert.Contains("rename-pillar", kind["errors"].GetProperty("changes[0].kind")[0].GetString(), StringComparison.Ordinal);

        var date = await PostAsync(office, code, new { decisionNumber = "QĐ 1", decidedOn = "30/06/2027", changes = new[] { new { kind = "retire-target", target = $"{code}.2" } } });
        Assert.True(date.Status == HttpStatusCode.BadRequest && date["errors"].TryGetProperty("decidedOn", out _), date.Describe());

        var body = new
        {
            decisionNumber = "", decidedOn = Dates.Today(app.Clock).AddDays(1).ToIso(),
            changes = new object[] { new { kind = "retire-target", target = "KHONG-CO" }, new { kind = "change-path", target = $"{code}.1", milestones = new[] { new { year = 2030, value = 90.0 } } } },
        };
        var vi = await PostAsync(office, code, body);
        Assert.True(vi.Status == HttpStatusCode.BadRequest, vi.Describe());
        Assert.Equal(["changes[0].target", "changes[1].milestones", "decidedOn", "decisionNumber"], vi["errors"].EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("Chương trình không có chỉ tiêu mã 'KHONG-CO'", vi["errors"].GetProperty("changes[0].target")[0].GetString(), StringComparison.Ordinal);
        var en = await PostAsync(office, code, body, "en");
        Assert.Contains("giống", vi["errors"].GetProperty("changes[1].milestones")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("is the one in force", en["errors"].GetProperty("changes[1].milestones")[0].GetString(), StringComparison.Ordinal);

        Assert.Empty(Items(await GetOkAsync(office, $"/api/v1/programmes/{code}/revisions")));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(office, "/api/v1/programmes/KHONG-CO/revisions")).Status);
    }

    [Theory]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    [InlineData(Actor.Admin)]
    public async Task Api_Revise_OnlyByTheOwnersOffice(Actor actor)
    {
        var code = await ProgrammeAsync($"LS-REV-{(int)actor}");
        var client = await Actors.ClientAsync(app, actor);

        var answer = await PostAsync(client, code, Revision("QĐ 9", new { kind = "retire-target", target = $"{code}.2" }));

        Assert.True(answer.Status == (Actors.MayChange(actor) ? HttpStatusCode.Created : HttpStatusCode.Forbidden), answer.Describe());
        var viewer = await app.ClientForAsync(Roles.Viewer, DemoUnits.Province);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, code, Revision("QĐ 10", new { kind = "retire-target", target = $"{code}.1" }))).Status);
        Assert.Equal(Actors.MayChange(actor) ? 1 : 0, Items(await GetOkAsync(viewer, $"/api/v1/programmes/{code}/revisions")).Count());
    }

    [Fact]
    public async Task RevisionForm_RenamesAPillarAndChangesAPath_NamingBadInput()
    {
        var code = await ProgrammeAsync("LS-REV-FORM");
        using var client = await Actors.PageClientAsync(app, Actor.ProvinceOffice);
        var url = $"/programmes/{code}/revisions/new";
        var page = await GetPageAsync(client, url);
        Assert.Equal("2030: 90", page.QuerySelector("input[name='Revision.Targets[0].Milestones']")!.GetAttribute("value"));

        using (var bad = await SubmitAsync(client, FormNamed(page, "revision"), url, new Dictionary<string, string>
        {
            ["Revision.DecisionNumber"] = "QĐ 45/QĐ-UBND", ["Revision.DecidedOn"] = Today, ["Revision.Targets[0].Milestones"] = "2030: chín mươi",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var error = (await ParseAsync(bad)).QuerySelector("li[data-field='changes[0].milestones']");
            Assert.Contains("2030: chín mươi", error!.TextContent, StringComparison.Ordinal);
        }

        using (var ok = await SubmitAsync(client, FormNamed(page, "revision"), url, new Dictionary<string, string>
        {
            ["Revision.DecisionNumber"] = "QĐ 45/QĐ-UBND", ["Revision.DecidedOn"] = Today, ["Revision.Pillars[0].Name"] = "Xã hội số và công dân số",
            ["Revision.Targets[0].Milestones"] = "2028: 70; 2030: 85,5",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var programme = await GetPageAsync(client, $"/programmes/{code}?unit=20");
        Assert.Equal(["Đổi tên trụ cột “Xã hội số” thành “Xã hội số và công dân số”", $"Lộ trình mới của chỉ tiêu {code}.1: 2028: 70; 2030: 85,5"],
            programme.QuerySelectorAll("#revisions-table li").Select(Text));
        Assert.Contains("Xã hội số và công dân số", programme.QuerySelectorAll("#pillar option").Select(Text));

        using (await client.GetAsync(new Uri("/lang/en?returnUrl=/", UriKind.Relative)))
        {
        }

        var english = await GetPageAsync(client, $"/programmes/{code}?unit=20");
        Assert.Equal(["Pillar “Xã hội số” renamed “Xã hội số và công dân số”", $"New path of target {code}.1: 2028: 70; 2030: 85.5"],
            english.QuerySelectorAll("#revisions-table li").Select(Text));
    }

    [Theory]
    [InlineData(Actor.ProvinceOffice, HttpStatusCode.OK)]
    [InlineData(Actor.CommuneOffice, HttpStatusCode.Forbidden)]
    [InlineData(Actor.OtherProvinceOffice, HttpStatusCode.Forbidden)]
    public async Task RevisionForm_OnlyForTheOwnersOffice(Actor actor, HttpStatusCode expected)
    {
        using var client = await Actors.PageClientAsync(app, actor);
        using var response = await client.GetAsync(new Uri("/programmes/LS-BCD/revisions/new", UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, (await ParseAsync(response)).Forms.Any(f => f.QuerySelector("input[name=_handler][value=revision]") is not null));
    }
}
