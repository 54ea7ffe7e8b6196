using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Programmes;

/// <summary>Programmes, targets, progress and data values through the v1 API, on the demo province.</summary>
[Collection(SharedApp.Name)]
public sealed class ProgrammesApiTests(LodestarFactory app)
{
    [Fact]
    public async Task Programmes_AndTheirTargets_AreListed()
    {
        var client = await app.AdminClientAsync();
        var programmes = Items(await GetOkAsync(client, "/api/v1/programmes")).ToList();
        var langSon = Assert.Single(programmes, p => Str(p, "code") == "LS-BCD");
        Assert.Equal("20", Str(langSon, "provinceCode"));
        Assert.Contains(programmes, p => Str(p, "code") == "VN-411" && p.GetProperty("provinceCode").ValueKind == JsonValueKind.Null);

        var targets = Items(await GetOkAsync(client, "/api/v1/targets?programme=LS-BCD")).Select(t => Str(t, "code")).ToList();
        Assert.Equal(10, targets.Count);
        Assert.Contains("LS-05", targets);
    }

    [Fact]
    public async Task Progress_GivesActualExpectedStatusAndForecast()
    {
        var client = await app.AdminClientAsync();
        var p = await GetOkAsync(client, "/api/v1/targets/LS-07/progress?orgUnit=20&period=2026", "en");

        Assert.Equal("2026Q3", Str(p, "asOf"));
        Assert.Equal(50, p.GetProperty("actual").GetDouble());
        Assert.Equal(50.25, p.GetProperty("expected").GetDouble(), 6);
        Assert.Equal("on-track", Str(p, "status"));
        var forecast = p.GetProperty("forecast");
        Assert.Equal("interval", Str(forecast, "quality"));
        var point = Assert.Single(forecast.GetProperty("points").EnumerateArray());
        Assert.Equal(2030, point.GetProperty("year").GetInt32());
        Assert.InRange(point.GetProperty("value").GetDouble(), point.GetProperty("low").GetDouble(), point.GetProperty("high").GetDouble());
        Assert.StartsWith("At the current pace the 2030 value", Str(forecast, "sentence"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/targets/LS-07/progress?period=2026Q5", HttpStatusCode.BadRequest, "period")]
    [InlineData("/api/v1/targets/NOPE/progress", HttpStatusCode.NotFound, null)]
    [InlineData("/api/v1/targets/LS-07/progress?orgUnit=99999", HttpStatusCode.NotFound, null)]
    [InlineData("/api/v1/targets/VN-06/progress", HttpStatusCode.BadRequest, "orgUnit")]
    public async Task Progress_BadInput_IsNamed(string url, HttpStatusCode status, string? field)
    {
        var answer = await GetAsync(await app.AdminClientAsync(), url);
        Assert.True(answer.Status == status, answer.Describe());
        if (field is not null)
        {
            Assert.True(answer["errors"].TryGetProperty(field, out _), answer.Describe());
        }
    }

    [Fact]
    public async Task Progress_OfAUnitOutsideTheScope_IsForbidden()
    {
        var units = await app.DemoUnitsAsync();
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(officer, $"/api/v1/targets/LS-06/progress?orgUnit={units.OtherCommune}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(officer, $"/api/v1/targets/LS-06/progress?orgUnit={units.Commune}")).Status);
    }

    [Fact]
    public async Task Batch_WithBadRows_SavesNothingAndNamesEachRow()
    {
        var units = await app.DemoUnitsAsync();
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        var rows = new object[]
        {
            new { dataElement = "HH_TOTAL", orgUnit = units.Commune, period = "202605", value = 1200 },
            new { dataElement = "HH_FIBRE", orgUnit = units.Commune, period = "202605", value = "mười" },
            new { dataElement = "HH_FIBRE", orgUnit = units.Commune, period = "2026M5", value = 10 },
            new { dataElement = "HH_TOTAL", orgUnit = units.Commune, period = "202605", value = 1300 },
            new { dataElement = "NO_SUCH", orgUnit = units.Commune, period = "202605", value = 1 },
        };

        var answer = await PostAsync(officer, rows);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Describe());
        var errors = answer["errors"];
        Assert.Contains("mười", errors.GetProperty("dataValues[1].value")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("dataValues[2].period", out _));
        Assert.Contains("1", errors.GetProperty("dataValues[3].period")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("dataValues[4].dataElement", out _));
        Assert.False(errors.TryGetProperty("dataValues[0].value", out _));
        var values = await GetOkAsync(officer, $"/api/v1/data-values?orgUnit={units.Commune}&period=202605");
        Assert.Equal(0, values.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Batch_ForAnotherCommune_IsForbiddenAndSavesNothing()
    {
        var units = await app.DemoUnitsAsync();
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        var answer = await PostAsync(officer, [
            new { dataElement = "HH_TOTAL", orgUnit = units.Commune, period = "202604", value = 1200 },
            new { dataElement = "HH_TOTAL", orgUnit = units.OtherCommune, period = "202604", value = 900 },
        ]);
        Assert.True(answer.Status == HttpStatusCode.Forbidden, answer.Describe());
        var admin = await app.AdminClientAsync();
        Assert.Equal(0, (await GetOkAsync(admin, $"/api/v1/data-values?orgUnit={units.Commune}&period=202604")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Viewer_CannotPostValues()
    {
        var viewer = await app.ClientForAsync(Roles.Viewer, DemoUnits.Province);
        var answer = await PostAsync(viewer, [new { dataElement = "HH_TOTAL", orgUnit = "20", period = "202603", value = 1 }]);
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
    }

    [Fact]
    public async Task Batch_CreatesThenUpdates_AndReadsBack()
    {
        var units = await app.DemoUnitsAsync();
        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        var first = await PostAsync(officer, [
            new { dataElement = "HH_TOTAL", orgUnit = units.Commune, period = "2026Q4", value = 1000 },
            new { dataElement = "HH_FIBRE", orgUnit = units.Commune, period = "2026Q4", value = 810, comment = "Theo số liệu nhà mạng" },
        ]);
        Assert.True(first.Status == HttpStatusCode.OK, first.Describe());
        Assert.Equal(2, first["created"].GetInt32());

        var second = await PostAsync(officer, [
            new { dataElement = "HH_TOTAL", orgUnit = units.Commune, period = "2026Q4", value = 1000 },
            new { dataElement = "HH_FIBRE", orgUnit = units.Commune, period = "2026Q4", value = 820, comment = "Đã rà soát lại" },
        ]);
        Assert.Equal(1, second["updated"].GetInt32());
        Assert.Equal(1, second["unchanged"].GetInt32());

        var values = Items(await GetOkAsync(officer, $"/api/v1/data-values?orgUnit={units.Commune}&period=2026Q4&dataElement=HH_FIBRE")).ToList();
        var fibre = Assert.Single(values);
        Assert.Equal(820, fibre.GetProperty("value").GetDouble());
        Assert.Equal("Đã rà soát lại", Str(fibre, "comment"));
        Assert.Equal(LodestarFactory.UserNameFor(Roles.ReportingOfficer, units.Commune), Str(fibre, "updatedBy"));

        // The values are a draft of the commune's quarterly report: they count only once the report is approved, and then
        // the latest quarter counts for the year's progress: 82% of households.
        Assert.False(fibre.GetProperty("approved").GetBoolean());
        var progressUrl = $"/api/v1/targets/LS-06/progress?orgUnit={units.Commune}&period=2026";
        Assert.NotEqual("2026Q4", Str(await GetOkAsync(officer, progressUrl), "asOf"));
        await DemoReports.SubmitAndApproveAsync(app, units.Commune, "2026Q4");
        var progress = await GetOkAsync(officer, progressUrl);
        Assert.Equal(82, progress.GetProperty("actual").GetDouble(), 6);
        Assert.Equal("2026Q4", Str(progress, "asOf"));
    }

    private static async Task<ApiAnswer> PostAsync(HttpClient client, object[] rows)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/data-values", new { dataValues = rows });
        return await ReadAsync(response);
    }
}
