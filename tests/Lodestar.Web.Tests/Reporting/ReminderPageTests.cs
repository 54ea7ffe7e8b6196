using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Reporting;

/// <summary>Reminders on demand from the completeness page: a preview of who gets what, sending, the log; only within the sender's scope.</summary>
[Collection(SharedApp.Name)]
public sealed class ReminderPageTests(LodestarFactory app)
{
    /// <summary>The first "Nhắc nộp" link of the DX office's completeness page and a commune it would remind (not one the scope tests use).</summary>
    private async Task<(string Url, string Form, string Period, string Unit)> PendingAsync(HttpClient office)
    {
        var overview = await GetPageAsync(office, "/reports/overview");
        var url = overview.QuerySelector("#completeness-table a.remind")!.GetAttribute("href")!;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://localhost"), url).Query);
        var units = await app.DemoUnitsAsync();
        var preview = await GetPageAsync(office, url);
        var unit = preview.QuerySelectorAll("#remind-preview tbody tr").Select(r => r.GetAttribute("data-unit")!)
            .Last(u => u != units.Commune && u != units.OtherCommune);
        return (url, query["form"]!, query["period"]!, unit);
    }

    [Fact]
    public async Task Head_PreviewsAndSendsAReminderToHisUnit_TheOfficerIsNotified_AndTheLogSaysWhoSentItToWhom()
    {
        using var office = await app.SignInAsync(await app.CreateUserAsync("nhac.nop.vp", Roles.DxOffice, DemoUnits.Province), LodestarFactory.UserPassword);
        var (_, form, period, unit) = await PendingAsync(office);
        var officerName = await app.CreateUserAsync("nhan.nhac.nho", Roles.ReportingOfficer, unit);
        var headName = await app.CreateUserAsync("truong.gui.nhac", Roles.UnitHead, unit);
        using var head = await app.SignInAsync(headName, LodestarFactory.UserPassword);
        var url = $"/reports/remind?form={form}&period={period}";

        var page = await GetPageAsync(head, url);
        var row = Assert.Single(page.QuerySelectorAll("#remind-preview tbody tr"));
        Assert.Equal(unit, row.GetAttribute("data-unit"));
        Assert.Contains("Kiểm thử reporting-officer", Text(row), StringComparison.Ordinal);
        Assert.Contains("Nhắc nộp báo cáo:", Text(row), StringComparison.Ordinal);
        // How each gets it: the test accounts have no address, so in the app only.
        Assert.Contains("chỉ trong ứng dụng", Text(row), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#remind-log-empty"));

        using (var sent = await SubmitAsync(head, FormNamed(page, "remind"), url, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var after = await GetPageAsync(head, url);
        var log = after.QuerySelectorAll("#remind-log tbody tr").Select(r => r.QuerySelectorAll("td").Select(Text).ToList()).ToList();
        Assert.Contains(log, l => l[1] == headName && l[3] == "Kiểm thử reporting-officer");
        using var officer = await app.SignInAsync(officerName, LodestarFactory.UserPassword);
        var inbox = await GetPageAsync(officer, "/notifications");
        Assert.Contains(inbox.QuerySelectorAll("main a"), a => a.GetAttribute("href") == $"/reports/{form}/{unit}/{period}" && Text(a).StartsWith("Nhắc nộp báo cáo:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_RemindsOnlyWithinTheCallersScope_AndAViewerMayNotSend()
    {
        using var office = await app.SignInAsync(await app.CreateUserAsync("xem.truoc.nhac", Roles.DxOffice, DemoUnits.Province), LodestarFactory.UserPassword);
        var (_, form, period, unit) = await PendingAsync(office);

        var head = await app.ClientForAsync(Roles.UnitHead, unit);
        using (var preview = await head.PostAsJsonAsync("/api/v1/reports/reminders", new { form, period, preview = true }))
        {
            var body = await Api.ReadAsync(preview);
            Assert.True(body.Status == HttpStatusCode.OK, body.Describe());
            Assert.Equal([unit], body["units"].EnumerateArray().Select(u => Api.Str(u, "orgUnit")).ToArray());
            Assert.Equal(0, body["sent"].GetInt32());
            Assert.All(body["units"][0].GetProperty("recipients").EnumerateArray(), r => Assert.Equal(("in-app", false), (Api.Str(r, "delivery"), r.GetProperty("email").GetBoolean())));
        }

        var foreign = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        using (var theirs = await foreign.PostAsJsonAsync("/api/v1/reports/reminders", new { form, period, preview = true }))
        {
            Assert.Empty((await Api.ReadAsync(theirs))["units"].EnumerateArray());
        }

        using var viewer = await (await app.ClientForAsync(Roles.Viewer, unit)).PostAsJsonAsync("/api/v1/reports/reminders", new { form, period, preview = false });
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
    }
}
