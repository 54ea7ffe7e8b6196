using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;

namespace Lodestar.Web.Tests.Common;

/// <summary>The demo's quarterly commune report form, filled and taken through its workflow as officers and the DX office do.</summary>
public static class DemoReports
{
    public const string Form = "CDS-XA-QUY";

    /// <summary>Values that pass the demo form's rules: the stored or last period's value, fibre never above households.</summary>
    public static async Task<Dictionary<string, double>> PlausibleValuesAsync(HttpClient client, string unit, string period)
    {
        var report = await Api.GetOkAsync(client, $"/api/v1/reports/{Form}/{unit}/{period}");
        var values = report.GetProperty("fields").EnumerateArray().ToDictionary(
            f => f.GetProperty("code").GetString()!,
            f => f.GetProperty("value").ValueKind == JsonValueKind.Number ? f.GetProperty("value").GetDouble()
                : f.GetProperty("previous").ValueKind == JsonValueKind.Number ? f.GetProperty("previous").GetDouble() : 40);
        values["HH_FIBRE"] = Math.Min(values["HH_FIBRE"], values["HH_TOTAL"]);
        values["SCH_DIGITAL"] = Math.Min(values["SCH_DIGITAL"], values["SCH_TOTAL"]);
        return values;
    }

    /// <summary>
    /// The unit's officer submits its report of the period with the values it holds (the missing ones made plausible, each
    /// with a comment so no outlier warning stops it), and the provincial DX office approves it: its values then count.
    /// </summary>
    public static async Task SubmitAndApproveAsync(LodestarFactory app, string unit, string period)
    {
        await SubmitAsync(app, unit, period);
        var url = $"/api/v1/reports/{Form}/{unit}/{period}";
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        using var approved = await office.PostAsJsonAsync($"{url}/decision", new { action = "Approve" });
        Assert.True(approved.IsSuccessStatusCode, $"approve {url}: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");
    }

    /// <summary>The unit's officer submits its report of the period (as in <see cref="SubmitAndApproveAsync"/>); it then waits for the DX office.</summary>
    public static async Task SubmitAsync(LodestarFactory app, string unit, string period)
    {
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, unit);
        var url = $"/api/v1/reports/{Form}/{unit}/{period}";
        var version = (await Api.GetOkAsync(officer, url)).GetProperty("version").GetInt32();
        var values = (await PlausibleValuesAsync(officer, unit, period))
            .Select(v => new { dataElement = v.Key, value = v.Value, comment = "Số liệu kiểm thử" }).ToArray();
        using var submitted = await officer.PutAsJsonAsync(url, new { version, submit = true, values });
        Assert.True(submitted.IsSuccessStatusCode, $"submit {url}: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
    }

    /// <summary>The editable (missing, draft or returned) commune reports of the demo outside the scope tests' two communes, by unit.</summary>
    public static async Task<List<(string Unit, string Period)>> EditableAsync(LodestarFactory app)
    {
        var units = await app.DemoUnitsAsync();
        return (await Api.GetOkAsync(await app.AdminClientAsync(), "/api/v1/reports")).EnumerateArray()
            .Where(r => Api.Str(r, "form") == Form && Api.Str(r, "status") is "missing" or "draft" or "returned"
                && Api.Str(r, "orgUnit") != units.Commune && Api.Str(r, "orgUnit") != units.OtherCommune)
            .Select(r => (Api.Str(r, "orgUnit"), Api.Str(r, "period"))).Distinct().OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();
    }
}
