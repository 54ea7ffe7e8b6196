using System.Globalization;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Work;

/// <summary>The navigation badge "Chờ duyệt" counts in the database exactly what the queue lists, whoever reads it.</summary>
[Collection(SharedApp.Name)]
public sealed class ReviewCountTests(LodestarFactory app)
{
    [Fact]
    public async Task Badge_ShowsAsManyAsTheQueueLists_ForAccountsOfEachScope()
    {
        // Something waits: a commune report submitted, a task reported done.
        var editable = await DemoReports.EditableAsync(app);
        var (unit, period) = editable[editable.Count / 2];
        await DemoReports.SubmitAsync(app, unit, period);
        var units = await app.DemoUnitsAsync();
        var uid = await DemoTasks.AssignAsync(await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province), units.OtherCommune, "Đếm việc chờ duyệt", app.InDays(100));
        await DemoTasks.ReportDoneAsync(await app.ClientForAsync(Roles.ReportingOfficer, units.OtherCommune), uid);

        var counts = new List<int>();
        foreach (var (role, scope) in new (string, string?)[] { (Roles.Admin, null), (Roles.DxOffice, DemoUnits.Province), (Roles.SteeringMember, DemoUnits.Province), (Roles.DxOffice, units.Commune) })
        {
            var api = await app.ClientForAsync(role, scope);
            var queued = (await Api.GetOkAsync(api, "/api/v1/review")).GetProperty("total").GetInt32();
            var name = role == Roles.Admin ? "admin" : LodestarFactory.UserNameFor(role, scope);
            using var browser = await app.SignInAsync(name, role == Roles.Admin ? LodestarFactory.AdminPassword : LodestarFactory.UserPassword);
            var badge = (await GetPageAsync(browser, "/my-work")).QuerySelector("#review-count");
            var shown = badge is null ? 0 : int.Parse(Text(badge).Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

            Assert.True(queued == shown, $"{role} of {scope ?? "the country"}: the queue lists {queued}, the badge shows {shown}");
            counts.Add(queued);
        }

        Assert.True(counts[0] >= 2 && counts[1] >= 2, "the administrator and the province's DX office have the report and the task waiting");
    }
}
