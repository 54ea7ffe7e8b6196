using System.Net;
using Lodestar.Accounts;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Programmes;

/// <summary>The programme, target and unit pages as a signed-in user reads them, and value entry on the target page.</summary>
[Collection(SharedApp.Name)]
public sealed class ProgrammePagesTests(LodestarFactory app)
{
    [Fact]
    public async Task ProgrammePage_FiltersByStatusAndPillar()
    {
        using var client = await app.SignInAsAdminAsync();
        var all = await GetPageAsync(client, "/programmes/LS-BCD?unit=20&period=2025");
        var rows = all.QuerySelectorAll("tbody tr").Select(Text).ToList();
        Assert.Equal(10, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("LS-05", StringComparison.Ordinal) && r.EndsWith("Đã đạt", StringComparison.Ordinal));

        var achieved = await GetPageAsync(client, "/programmes/LS-BCD?unit=20&period=2025&status=achieved");
        Assert.All(achieved.QuerySelectorAll("tbody tr .status").Select(Text), s => Assert.Equal("Đã đạt", s));
        Assert.DoesNotContain(achieved.QuerySelectorAll("tbody tr").Select(Text), r => r.StartsWith("LS-06", StringComparison.Ordinal));

        var pillarId = all.QuerySelectorAll("#pillar option").Single(o => o.TextContent == "Kinh tế số").GetAttribute("value");
        var economy = await GetPageAsync(client, $"/programmes/LS-BCD?unit=20&period=2025&pillar={pillarId}");
        Assert.Equal(["LS-05", "LS-09"], economy.QuerySelectorAll("tbody tr td.code").Select(Text).ToList());
    }

    [Fact]
    public async Task ProgrammeExport_IsAWorkbookWithEveryTarget()
    {
        using var client = await app.SignInAsAdminAsync();
        using var response = await client.GetAsync(new Uri("/programmes/LS-BCD/export.xlsx?unit=20&period=2025", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var read = XlsxReader.Read(await response.Content.ReadAsStreamAsync());
        var sheet = Assert.Single(read.Value!);
        Assert.Equal(11, sheet.Rows.Count);
        var ls05 = sheet.Rows.Single(r => r[1] == "LS-05");
        Assert.Equal("Kinh tế số", ls05[0]);
        Assert.Equal("Đã đạt", ls05[10]);
    }

    [Fact]
    public async Task TargetPage_InEnglish_ShowsTheForecastSentence()
    {
        using var client = await app.SignInAsAdminAsync();
        using (await client.GetAsync(new Uri("/lang/en?returnUrl=/", UriKind.Relative)))
        {
        }

        var page = await GetPageAsync(client, "/targets/LS-08?unit=20&period=2026");
        Assert.Contains("At the current pace the 2030 value will be about", Text(page.QuerySelector("#forecast-sentence")!), StringComparison.Ordinal);
        Assert.Contains("At risk", Text(page.QuerySelector(".tiles")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officer_EntersValuesOnTheTargetPage_InVietnameseFormat_AndSeesTheHistory()
    {
        // The neighbour commune: the API tests write values for the first one.
        var units = await app.DemoUnitsAsync();
        var officer = await app.CreateUserAsync("nhap.lieu.xa", Roles.ReportingOfficer, units.OtherCommune);
        using var client = await app.SignInAsync(officer, LodestarFactory.UserPassword);
        var url = $"/targets/LS-05?unit={units.OtherCommune}&period=2026";
        var page = await GetPageAsync(client, url);

        // Text where a number belongs: named, nothing saved.
        using (var bad = await SubmitAsync(client, FormNamed(page, "value"), url, new Dictionary<string, string>
        {
            ["Entry.Unit"] = units.OtherCommune, ["Entry.Period"] = "2026Q4", ["Entry.Value"] = "năm trăm", ["Entry.Denominator"] = "1.000",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var answer = await ParseAsync(bad);
            Assert.Contains("'năm trăm' không phải là số", Text(answer.QuerySelector("p.error")!), StringComparison.Ordinal);
        }

        using (var ok = await SubmitAsync(client, FormNamed(page, "value"), url, new Dictionary<string, string>
        {
            ["Entry.Unit"] = units.OtherCommune, ["Entry.Period"] = "2026Q4", ["Entry.Value"] = "613", ["Entry.Denominator"] = "1.226", ["Entry.Comment"] = "Rà soát quý 4",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var after = await GetPageAsync(client, url);
        Assert.Contains("50%", Text(after.QuerySelector(".tiles")!), StringComparison.Ordinal);
        var history = after.QuerySelectorAll("#history-table tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Skip(1).Select(Text))).ToList();
        Assert.Contains($"{officer} | HH_ESTORE | 2026Q4 | — | 613 | Rà soát quý 4", history);
        Assert.Contains($"{officer} | HH_TOTAL | 2026Q4 | — | 1.226 | Rà soát quý 4", history);
        Assert.DoesNotContain(history, r => r.Contains("năm trăm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnitPage_ListsTheTargetsTheUnitCarries()
    {
        using var client = await app.SignInAsAdminAsync();
        var agency = await GetPageAsync(client, "/units/20.SKHCN");
        var rows = agency.QuerySelectorAll("#targets ~ .table-wrap tbody tr").Select(Text).ToList();
        Assert.Contains(rows, r => r.StartsWith("LS-01", StringComparison.Ordinal) && r.Contains("chịu trách nhiệm", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.StartsWith("LS-02", StringComparison.Ordinal)); // the education department's
    }

    [Fact]
    public async Task DxOffice_RecordsAProgrammeAndATarget_ThroughTheForms()
    {
        var officeUser = await app.CreateUserAsync("van.phong.cds", Roles.DxOffice, DemoUnits.Province);
        using var client = await app.SignInAsync(officeUser, LodestarFactory.UserPassword);
        var list = await GetPageAsync(client, "/programmes");
        using (var created = await SubmitAsync(client, FormNamed(list, "programme"), "/programmes", new Dictionary<string, string>
        {
            ["New.Code"] = "LS-KH99", ["New.Name"] = "Kế hoạch chuyển đổi số năm 2026", ["New.ProvinceCode"] = "20", ["New.IssuedOn"] = "05/01/2026",
            ["New.StartYear"] = "2026", ["New.EndYear"] = "2030", ["New.Pillars"] = "Chính quyền số\nXã hội số",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.EndsWith("/programmes/LS-KH99", created.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var url = "/programmes/LS-KH99?unit=20&period=2026";
        var page = await GetPageAsync(client, url);
        Assert.Equal(["Chính quyền số", "Xã hội số"], page.QuerySelectorAll("select[name='NewTarget.Pillar'] option").Skip(1).Select(o => o.TextContent));
        var fields = new Dictionary<string, string>
        {
            ["NewTarget.Code"] = "LS-KH99.1", ["NewTarget.Name"] = "Tỷ lệ hộ gia đình có cáp quang", ["NewTarget.Indicator"] = "HH_FIBRE_PCT",
            ["NewTarget.Milestones"] = "2030: tám mươi", ["NewTarget.BaselineValue"] = "74,3", ["NewTarget.BaselineYear"] = "2025",
        };
        using (var bad = await SubmitAsync(client, FormNamed(page, "target"), url, fields))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var error = (await ParseAsync(bad)).QuerySelector("li[data-field=milestones]");
            Assert.Contains("2030: tám mươi", error!.TextContent, StringComparison.Ordinal);
        }

        fields["NewTarget.Milestones"] = "2030: 95";
        using (var ok = await SubmitAsync(client, FormNamed(page, "target"), url, fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var target = await GetPageAsync(client, "/targets/LS-KH99.1?unit=20&period=2026");
        Assert.Contains("≥ 95% (2030)", target.QuerySelector("p.muted")!.TextContent, StringComparison.Ordinal);
        // The programme starts in 2026: two years (2025, 2026) give a line without a band, and the page says so.
        Assert.StartsWith("Mới có hai năm số liệu", Text(target.QuerySelector("#forecast-sentence")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_SeesNoRecordingForms()
    {
        var viewer = await app.CreateUserAsync("xem.chuong.trinh", Roles.Viewer, DemoUnits.Province);
        using var client = await app.SignInAsync(viewer, LodestarFactory.UserPassword);
        Assert.DoesNotContain((await GetPageAsync(client, "/programmes")).Forms, f => f.QuerySelector("input[name=_handler]") is not null);
        Assert.Empty((await GetPageAsync(client, "/programmes/LS-BCD")).QuerySelectorAll("form[method=post] input[name=_handler]"));
        var indicators = await GetPageAsync(client, "/indicators");
        Assert.Contains(indicators.QuerySelectorAll("#indicators td.code").Select(Text), c => c == "HH_FIBRE / HH_TOTAL × 100");
    }

    [Theory]
    [InlineData("/programmes/export.xlsx", "LS-BCD", 1)]
    [InlineData("/indicators/export.xlsx", "HH_FIBRE_PCT", 1)]
    [InlineData("/targets/LS-07/history.xlsx?unit=20", "ONLINE_PCT", 7)]
    public async Task OtherTables_ExportToo(string url, string expectedCell, int minimumRows)
    {
        using var client = await app.SignInAsAdminAsync();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var sheet = Assert.Single(XlsxReader.Read(await response.Content.ReadAsStreamAsync()).Value!);
        var rows = sheet.Rows.Skip(1).Where(r => r.Cells.Contains(expectedCell)).ToList();
        Assert.True(rows.Count >= minimumRows, $"{url}: {rows.Count} rows with {expectedCell}");
    }
}
