using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Reporting;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Reporting;

/// <summary>
/// The values API cannot go around the report workflow (issue: approval bypass): an officer's or head's values of a form
/// land as a draft of his report, and a submitted or approved report refuses them, whoever posts.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ValuesApiWorkflowTests(LodestarFactory app)
{
    private const string Form = DemoReports.Form;

    /// <summary>A demo report of the form in one of the states (from the database: the API's list shows only the periods just ended).</summary>
    private async Task<(string Unit, string Period)> ReportInAsync(params ReportStatus[] statuses)
    {
        var units = await app.DemoUnitsAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var rows = (await scope.ServiceProvider.GetRequiredService<LodestarDbContext>().Reports.AsNoTracking()
            .Where(r => r.Form.Code == Form && statuses.Contains(r.Status) && r.OrgUnit.Code != units.Commune && r.OrgUnit.Code != units.OtherCommune)
            .Select(r => new { r.OrgUnit.Code, r.Period }).ToListAsync())
            .Select(r => (r.Code, r.Period)).Distinct().OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Period, StringComparer.Ordinal).ToList();
        Assert.True(rows.Count > 0, $"the demo has a {string.Join("/", statuses)} commune report of {Form}");
        return rows[^1];
    }

    private static async Task<ApiAnswer> PostAsync(HttpClient client, string unit, string period, double value)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/data-values",
            new { dataValues = new[] { new { dataElement = "SCH_TOTAL", orgUnit = unit, period, value } } });
        return await Api.ReadAsync(response);
    }

    private async Task<(string Status, int Version, double? Value)> ReportAsync(string unit, string period)
    {
        var report = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/reports/{Form}/{unit}/{period}");
        var field = report.GetProperty("fields").EnumerateArray().Single(f => Api.Str(f, "code") == "SCH_TOTAL").GetProperty("value");
        return (Api.Str(report, "status"), report.GetProperty("version").GetInt32(), field.ValueKind == System.Text.Json.JsonValueKind.Number ? field.GetDouble() : null);
    }

    [Theory]
    [InlineData(Roles.ReportingOfficer)]
    [InlineData(Roles.UnitHead)]
    [InlineData(Roles.DxOffice)]
    public async Task PostingAValueOfAnApprovedReport_IsRefused_AndNothingMoves(string role)
    {
        var (unit, period) = await ReportInAsync(ReportStatus.Approved);
        var before = await ReportAsync(unit, period);
        var client = await app.ClientForAsync(role, role == Roles.DxOffice ? DemoUnits.Province : unit);

        var answer = await PostAsync(client, unit, period, (before.Value ?? 0) + 7);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var message = answer["errors"].GetProperty("dataValues[0].period")[0].GetString();
        Assert.Contains($"báo cáo {Form} của đơn vị {unit} kỳ {period} đang ở trạng thái đã duyệt", message, StringComparison.Ordinal);
        Assert.Equal(before, await ReportAsync(unit, period));
    }

    [Fact]
    public async Task AnOfficersValue_IsADraftOfHisReport_UntilTheReportIsApproved()
    {
        var (unit, period) = await ReportInAsync(ReportStatus.Draft);
        var before = await ReportAsync(unit, period);
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, unit);

        var answer = await PostAsync(officer, unit, period, 12);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer["rows"][0].GetProperty("approved").GetBoolean());
        var after = await ReportAsync(unit, period);
        Assert.Equal(("draft", 12d), (after.Status, after.Value));
        Assert.True(after.Version > before.Version, "the report's version rises, so a page opened before is told it changed");
        var stored = Api.Items(await Api.GetOkAsync(officer, $"/api/v1/data-values?dataElement=SCH_TOTAL&orgUnit={unit}&period={period}")).Single();
        Assert.False(stored.GetProperty("approved").GetBoolean());
    }
}
