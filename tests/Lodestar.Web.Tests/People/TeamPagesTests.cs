using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.People;

/// <summary>
/// Issue 17, item 6 on the pages: the DX office founds a team for one of its villages, a member joins and another leaves
/// on dates, the team is closed; a viewer sees it but has no form, another province does not find it. The village is the
/// test's own (a code after the demo's .T01…), so the demo's teams other tests read stay as they were.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class TeamPagesTests(LodestarFactory app)
{
    [Fact]
    public async Task DxOffice_FoundsATeam_MembersJoinAndLeave_ThenItIsClosed_OnlyInsideItsProvince()
    {
        var units = await app.DemoUnitsAsync();
        var village = $"{units.Commune}.Z7";
        var api = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        using (var created = await api.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = "2026-03-01",
            basis = "Quyết định số 12/QĐ-UBND ngày 20/02/2026",
            changes = new[] { new { kind = "create", unit = new { code = village, name = "Rẫy Bảy", fullName = "Thôn Rẫy Bảy", type = "Thôn", level = "village", parent = units.Commune } } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await app.CreateUserAsync("t.cds.to", Roles.DxOffice, DemoUnits.Province);
        var office = await app.SignInAsync("t.cds.to", LodestarFactory.UserPassword);
        var list = await Html.GetPageAsync(office, "/teams");
        using var founded = await Html.SubmitAsync(office, Html.FormNamed(list, "team"), "/teams", new Dictionary<string, string>
        {
            ["NewTeam.Unit"] = village,
            ["NewTeam.Name"] = "Tổ công nghệ số cộng đồng thôn Rẫy Bảy",
            ["NewTeam.FoundedOn"] = "15/03/2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, founded.StatusCode);
        var location = founded.Headers.Location!;
        var url = (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).Split('?')[0];

        async Task<HttpResponseMessage> PostAsync(string form, Dictionary<string, string> values) =>
            await Html.SubmitAsync(office, Html.FormNamed(await Html.GetPageAsync(office, url), form), url, values);

        foreach (var (name, on, leader) in new[] { ("Hoàng Văn Nam", "15/03/2026", "true"), ("Lộc Thị Mai", "01/04/2026", "false") })
        {
            using var joined = await PostAsync("join", new() { ["Join.FullName"] = name, ["Join.On"] = on, ["Join.Leader"] = leader });
            Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        }

        using (var early = await PostAsync("join", new() { ["Join.FullName"] = "Người Sớm", ["Join.On"] = "01/01/2026" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
            Assert.Contains("Ngày tham gia phải trong thời gian tổ hoạt động (từ 15/03/2026)", Html.Text((await Html.ParseAsync(early)).QuerySelector("ul.error")!), StringComparison.Ordinal);
        }

        var page = await Html.GetPageAsync(office, url);
        var mai = page.Forms.Single(f => f.QuerySelector("input[name='Leave.On']")?.GetAttribute("aria-label")?.Contains("Lộc Thị Mai", StringComparison.Ordinal) == true);
        using (var left = await Html.SubmitAsync(office, mai, url, new Dictionary<string, string> { ["Leave.On"] = "30/06/2026" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, left.StatusCode);
        }

        // She comes back: the same person, from her row, on a day after she left.
        IHtmlFormElement Rejoin(IHtmlDocument document) =>
            document.Forms.Single(f => f.QuerySelector("input[name='Rejoin.On']")?.GetAttribute("aria-label")?.Contains("Lộc Thị Mai", StringComparison.Ordinal) == true);
        using (var tooEarly = await Html.SubmitAsync(office, Rejoin(await Html.GetPageAsync(office, url)), url, new Dictionary<string, string> { ["Rejoin.On"] = "30/06/2026" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
            Assert.Contains("Lộc Thị Mai rời tổ ngày 30/06/2026: ngày tham gia lại phải sau ngày đó.", Html.Text((await Html.ParseAsync(tooEarly)).QuerySelector("ul.error")!), StringComparison.Ordinal);
        }

        using (var back = await Html.SubmitAsync(office, Rejoin(await Html.GetPageAsync(office, url)), url, new Dictionary<string, string> { ["Rejoin.On"] = "01/09/2026" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        }

        using (var closed = await PostAsync("close", new() { ["Close.On"] = "31/10/2026" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        }

        var team = await Html.GetPageAsync(office, url);
        var rows = team.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(Html.Text).Take(4).ToList()).ToList();
        Assert.Equal(["Hoàng Văn Nam (tổ trưởng)", "", "15/03/2026", "31/10/2026"], rows.Single(r => r[0].StartsWith("Hoàng", StringComparison.Ordinal)));
        Assert.Equal([["Lộc Thị Mai", "", "01/04/2026", "30/06/2026"], ["Lộc Thị Mai", "", "01/09/2026", "31/10/2026"]], rows.Where(r => r[0].StartsWith("Lộc", StringComparison.Ordinal)));
        Assert.DoesNotContain(team.QuerySelectorAll("input[name=_handler]").Select(i => i.GetAttribute("value")), v => v is "join" or "close"); // closed: no more changes

        await app.CreateUserAsync("t.cds.to.hanoi", Roles.DxOffice, DemoUnits.OtherProvince);
        var other = await app.SignInAsync("t.cds.to.hanoi", LodestarFactory.UserPassword);
        using var hidden = await other.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task DxOffice_ImportsTeamsFromTheTemplate_AndSeesWhatWasFounded()
    {
        var units = await app.DemoUnitsAsync();
        await app.CreateUserAsync("t.cds.to.nhap", Roles.DxOffice, DemoUnits.Province);
        var office = await app.SignInAsync("t.cds.to.nhap", LodestarFactory.UserPassword);
        using (var template = await office.GetAsync(new Uri("/api/v1/teams/template.xlsx", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        }

        var sheet = new Lodestar.Spreadsheets.XlsxSheet("To", [.. Lodestar.People.DigitalTeamSheets.Columns.Select(c => new Lodestar.Spreadsheets.XlsxColumn(c.Vi))]);
        sheet.Add(units.Commune, "Tổ công nghệ số nhập từ tệp", "01/09/2026", "Vi Văn Tệp", null, null, "x");
        var page = await Html.GetPageAsync(office, "/teams");
        using var imported = await Html.UploadAsync(office, Html.FormNamed(page, "import"), "/teams", new Dictionary<string, string>(),
            ("file", "to.xlsx", Lodestar.Spreadsheets.XlsxWriter.Write(sheet)));

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var after = await Html.GetPageAsync(office, $"/teams?unit={units.Commune}&teams=1&members=1");
        Assert.Equal("Đã thành lập 1 tổ, thêm 1 thành viên.", Html.Text(after.QuerySelector("#imported")!));
        Assert.Contains("Tổ công nghệ số nhập từ tệp", after.QuerySelectorAll("#teams a").Select(Html.Text));
    }
}
