using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Reporting;

/// <summary>The DX office defines a form (assigned by level) through the API, then adds a rule on the forms page.</summary>
[Collection(SharedApp.Name)]
public sealed class ReportFormsTests(LodestarFactory app)
{
    [Fact]
    public async Task DxOffice_DefinesAFormByLevel_AddsARuleInThePage_OfficerCannotDefine()
    {
        var dx = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var form = new
        {
            code = "KT-SO-6T", name = "Kiểm thử: báo cáo 6 tháng của sở", periodType = "half", dueDays = 15, firstPeriod = "2026S1", needsApproval = true,
            items = new[] { new { dataElement = "DVC_ELIGIBLE", section = "Dịch vụ công", help = (string?)"Theo danh mục của tỉnh" }, new { dataElement = "DVC_L4", section = "Dịch vụ công", help = (string?)null } },
            rules = new[] { new { kind = "Compare", dataElement = "DVC_L4", other = "DVC_ELIGIBLE", op = "LessOrEqual" } },
            assignLevel = "agency", assignWithin = DemoUnits.Province,
        };

        using (var ok = await dx.PutAsJsonAsync("/api/v1/report-forms", form))
        {
            Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        }

        var forms = (await Api.GetOkAsync(dx, "/api/v1/report-forms")).EnumerateArray().ToList();
        var defined = forms.Single(f => Api.Str(f, "code") == "KT-SO-6T");
        Assert.Equal(20, defined.GetProperty("units").GetInt32());
        Assert.Equal(2, defined.GetProperty("elements").GetInt32());

        using (var invalid = await dx.PutAsJsonAsync("/api/v1/report-forms", new { code = "KT-X", name = "X", periodType = "week", dueDays = 5, firstPeriod = "2026", items = new[] { new { dataElement = "KHONG_CO" } } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var body = await invalid.Content.ReadAsStringAsync();
            Assert.Contains("periodType", body, StringComparison.Ordinal);
            Assert.Contains("items[0].dataElement", body, StringComparison.Ordinal);
        }

        var officer = await app.ClientForAsync(Roles.ReportingOfficer, DemoUnits.Province);
        using (var refused = await officer.PutAsJsonAsync("/api/v1/report-forms", form))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var user = await app.CreateUserAsync("bieu.mau.cds", Roles.DxOffice, DemoUnits.Province);
        using var page = await app.SignInAsync(user, LodestarFactory.UserPassword);
        var html = await GetPageAsync(page, "/reports/forms");
        using (var add = await SubmitAsync(page, FormNamed(html, "rule-KT-SO-6T"), "/reports/forms", new Dictionary<string, string>
        {
            ["Rule.Kind"] = "Range", ["Rule.Element"] = "DVC_L4", ["Rule.Min"] = "0", ["Rule.Max"] = "1.500",
        }))
        {
            Assert.True(add.StatusCode == HttpStatusCode.Redirect, await add.Content.ReadAsStringAsync());
        }

        var after = await GetPageAsync(page, "/reports/forms");
        var row = after.QuerySelectorAll("#form-KT-SO-6T tbody tr").Single(r => Text(r).Contains("DVC_L4", StringComparison.Ordinal));
        Assert.Contains("≤ DVC_ELIGIBLE; 0–1.500", Text(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DxOffice_AddsAFormOnThePage_WithNamedErrors()
    {
        var user = await app.CreateUserAsync("bieu.mau.moi", Roles.DxOffice, DemoUnits.Province);
        using var page = await app.SignInAsync(user, LodestarFactory.UserPassword);
        var html = await GetPageAsync(page, "/reports/forms");
        var fields = new Dictionary<string, string>
        {
            ["NewForm.Code"] = "KT-XA-THANG", ["NewForm.Name"] = "Kiểm thử: báo cáo tháng của xã", ["NewForm.PeriodType"] = "Month",
            ["NewForm.FirstPeriod"] = "2026Q1", ["NewForm.DueDays"] = "5", ["NewForm.Items"] = "HH_TOTAL | Hạ tầng số\nKHONG_CO",
            ["NewForm.AssignLevel"] = "commune", ["NewForm.AssignWithin"] = DemoUnits.Province,
        };
        using (var bad = await SubmitAsync(page, FormNamed(html, "new-form"), "/reports/forms", fields))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await ParseAsync(bad)).QuerySelectorAll("li[data-field]").Select(e => e.GetAttribute("data-field")).ToList();
            Assert.Contains("firstPeriod", errors);
            Assert.Contains("items[1].dataElement", errors);
        }

        fields["NewForm.FirstPeriod"] = "202601";
        fields["NewForm.Items"] = "HH_TOTAL | Hạ tầng số\nHH_FIBRE | Hạ tầng số";
        using (var ok = await SubmitAsync(page, FormNamed(html, "new-form"), "/reports/forms", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var forms = (await Api.GetOkAsync(await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province), "/api/v1/report-forms")).EnumerateArray().ToList();
        var defined = forms.Single(f => Api.Str(f, "code") == "KT-XA-THANG");
        Assert.Equal(65, defined.GetProperty("units").GetInt32());
        Assert.Equal(2, defined.GetProperty("elements").GetInt32());
    }
}
