using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Lodestar.Common;
using Lodestar.Values;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.OrgUnits;

/// <summary>
/// Issue 17, history stays true outside the org-unit reads: after a rename, a report or a scorecard of a period before the
/// date names the unit as it was then, one after it by its new name. The renamed commune (Xã Kiên Mộc, 06625, the demo
/// province's second last) is named by no other test; a rename moves nothing, so the reports and heads others read stay.
/// Target tables and a task's co-operating units name it the same way.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ReorganisedNamesTests(LodestarFactory app)
{
    private const string Commune = "06625";
    private const string OldName = "Xã Kiên Mộc";
    private const string NewName = "Xã Tân Mộc";

    [Fact]
    public async Task ReportsAndScorecards_OfAPeriodBeforeARename_ShowTheOldName_AndAfterItTheNewOne()
    {
        // The last ended quarter starts on the rename's date: the quarter before ends under the old name, the last under the new.
        var today = Dates.Today(app.Clock);
        var current = new Period(PeriodType.Quarter, today.Year, ((today.Month - 1) / 3) + 1);
        var after = Previous(current);
        var before = Previous(after);
        var on = after.Start;
        var admin = await app.AdminClientAsync();
        var village = $"{Commune}.Z1"; // the test's own village: the owner of the tasks below
        using (var created = await admin.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = before.Start.ToIso(),
            basis = "Quyết định số 78/QĐ-UBND (kiểm thử tên theo kỳ)",
            changes = new object[] { new { kind = "create", unit = new { code = village, name = "Nà Một", fullName = "Thôn Nà Một", type = "Thôn", level = "village", parent = Commune } } },
        }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using (var renamed = await admin.PostAsJsonAsync("/api/v1/reorganisations", new
        {
            effectiveOn = on.ToIso(),
            basis = "Nghị quyết số 77/NQ-UBTVQH15 (kiểm thử tên theo kỳ)",
            changes = new object[] { new { kind = "rename", unit = Commune, name = "Tân Mộc", fullName = NewName } },
        }))
        {
            Assert.True(renamed.StatusCode == HttpStatusCode.Created, await renamed.Content.ReadAsStringAsync());
        }

        // The reports list (API and page) and one report (API and page): the name at the period's end.
        var due = (await GetOkAsync(admin, "/api/v1/reports")).EnumerateArray()
            .Where(r => Str(r, "form") == DemoReports.Form && Str(r, "orgUnit") == Commune).ToDictionary(r => Str(r, "period"), r => Str(r, "orgUnitName"));
        Assert.Equal(OldName, due[before.Code]);
        Assert.Equal(NewName, due[after.Code]);
        Assert.Equal(OldName, Str(await GetOkAsync(admin, $"/api/v1/reports/{DemoReports.Form}/{Commune}/{before.Code}"), "unitName"));
        Assert.Equal(NewName, Str(await GetOkAsync(admin, $"/api/v1/reports/{DemoReports.Form}/{Commune}/{after.Code}"), "unitName"));

        // A list of one row per unit over several periods keeps one row, named as at its latest period.
        var quality = (await GetOkAsync(admin, "/api/v1/reports/quality")).EnumerateArray().Where(q => Str(q, "unitCode") == Commune).ToList();
        Assert.Equal(NewName, Str(Assert.Single(quality), "unitName"));

        using var page = await app.SignInAsAdminAsync();
        var old = await GetPageAsync(page, $"/reports/{DemoReports.Form}/{Commune}/{before.Code}");
        Assert.Contains(OldName, old.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(NewName, old.Body!.TextContent, StringComparison.Ordinal);
        var renamedPage = await GetPageAsync(page, $"/reports/{DemoReports.Form}/{Commune}/{after.Code}");
        Assert.DoesNotContain(OldName, renamedPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(NewName, renamedPage.Body!.TextContent, StringComparison.Ordinal);

        // The reminder page of the earlier period lists the commune (if it has not submitted) by its name of then.
        var statuses = (await GetOkAsync(admin, "/api/v1/reports")).EnumerateArray()
            .Where(r => Str(r, "form") == DemoReports.Form && Str(r, "orgUnit") == Commune).ToDictionary(r => Str(r, "period"), r => Str(r, "status"));
        if (statuses[before.Code] is "missing" or "draft" or "returned")
        {
            var remind = (await GetPageAsync(page, $"/reports/remind?form={DemoReports.Form}&period={before.Code}")).Body!.TextContent;
            Assert.Contains(OldName, remind, StringComparison.Ordinal);
            Assert.DoesNotContain(NewName, remind, StringComparison.Ordinal);
        }

        // Scorecards: the name at the year's end (today in the current year).
        var lastYear = on.Year - 1;
        var oldCards = (await GetOkAsync(admin, $"/api/v1/scorecards/{Commune}?year={lastYear.ToString(CultureInfo.InvariantCulture)}")).EnumerateArray().ToList();
        Assert.NotEmpty(oldCards);
        Assert.All(oldCards, c => Assert.Equal(OldName, Str(c, "unitName")));
        var newCards = (await GetOkAsync(admin, $"/api/v1/scorecards/{Commune}?year={on.Year.ToString(CultureInfo.InvariantCulture)}")).EnumerateArray().ToList();
        Assert.All(newCards, c => Assert.Equal(NewName, Str(c, "unitName")));
        var card = await GetPageAsync(page, $"/scorecards/{Commune}?year={lastYear.ToString(CultureInfo.InvariantCulture)}");
        Assert.Contains(OldName, Text(card.QuerySelector("h1")!), StringComparison.Ordinal);
        card = await GetPageAsync(page, $"/scorecards/{Commune}?year={on.Year.ToString(CultureInfo.InvariantCulture)}");
        Assert.Contains(NewName, Text(card.QuerySelector("h1")!), StringComparison.Ordinal);

        // A target's table of the province's units: each named as at the period's end, as its tree is.
        string TargetPage(int year) => $"/targets/LS-06?unit={DemoUnits.Province}&period={year.ToString(CultureInfo.InvariantCulture)}";
        var targetBefore = (await GetPageAsync(page, TargetPage(lastYear))).Body!.TextContent;
        Assert.Contains("Kiên Mộc", targetBefore, StringComparison.Ordinal);
        Assert.DoesNotContain("Tân Mộc", targetBefore, StringComparison.Ordinal);
        var targetAfter = (await GetPageAsync(page, TargetPage(on.Year))).Body!.TextContent;
        Assert.Contains("Tân Mộc", targetAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("Kiên Mộc", targetAfter, StringComparison.Ordinal);

        // A task's co-operating unit, as its owner: named as on the deadline once passed, today before it. The owner is the
        // test's own village and the tasks are cancelled, so no other test's register or overdue count moves.
        async Task<string> CoUnitNamedAsync(DateOnly deadline)
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/tasks", new
            {
                title = $"Phối hợp kiểm thử tên đơn vị, hạn {deadline.ToIso()}", ownerUnit = village, deadline = deadline.ToIso(), sourceKind = "plan", coUnits = new[] { Commune },
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var uid = Str((await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("task"), "uid");
            (await admin.PostAsJsonAsync($"/api/v1/tasks/{uid}/cancel", new { reason = "Kiểm thử tên đơn vị" })).EnsureSuccessStatusCode().Dispose();
            return Str(Assert.Single((await GetOkAsync(admin, $"/api/v1/tasks/{uid}")).GetProperty("coUnits").EnumerateArray()), "name");
        }

        Assert.Equal(OldName, await CoUnitNamedAsync(before.End));
        Assert.Equal(NewName, await CoUnitNamedAsync(today.AddDays(60)));
    }

    private static Period Previous(Period p) => p.Index > 1 ? p with { Index = p.Index - 1 } : new Period(p.Type, p.Year - 1, 4);
}
