using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// Two Lodestar instances on one database, as behind a load balancer: the second host is a separate server with its
/// own services over the same database and keys. A value written through one is in the other's figures on the very
/// next request, because every figure is computed from the database when asked (ADR 0006) — no cache to refresh.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class TwoInstancesTests(LodestarFactory app)
{
    [Fact]
    public async Task ValueApprovedThroughOneInstance_IsInTheOthersProgressAtOnce()
    {
        var units = await app.DemoUnitsAsync();
        using var second = app.WithWebHostBuilder(_ => { });
        var writer = await app.ClientForAsync(Roles.ReportingOfficer, units.OtherCommune);
        using var reader = second.CreateClient(LodestarFactory.NoRedirects);
        reader.DefaultRequestHeaders.Authorization = writer.DefaultRequestHeaders.Authorization;
        // Next year's first quarter: a period no demo value has, and one no forecast of this year counts.
        var year = Dates.Today(app.Clock).Year + 1;
        var quarter = $"{year}Q1";
        var url = $"/api/v1/targets/LS-06/progress?orgUnit={units.OtherCommune}&period={year}";
        var before = await GetOkAsync(reader, url);

        using var posted = await writer.PostAsJsonAsync("/api/v1/data-values", new
        {
            dataValues = new object[]
            {
                new { dataElement = "HH_TOTAL", orgUnit = units.OtherCommune, period = quarter, value = 1000 },
                new { dataElement = "HH_FIBRE", orgUnit = units.OtherCommune, period = quarter, value = 457 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await DemoReports.SubmitAndApproveAsync(app, units.OtherCommune, quarter);
        var after = await GetOkAsync(reader, url);

        Assert.NotEqual(quarter, Str(before, "asOf"));
        Assert.Equal(quarter, Str(after, "asOf"));
        Assert.Equal(45.7, after.GetProperty("actual").GetDouble(), 6);
    }
}
