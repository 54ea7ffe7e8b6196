using System.Net;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Dti;

/// <summary>Self-assessment → review → council confirmation through the API, with who may do what.</summary>
[Collection(SharedApp.Name)]
public sealed class DtiWorkflowTests(LodestarFactory app)
{
    private async Task<(string Mine, string Other)> DraftCommunesAsync()
    {
        // The demo leaves every fifth commune (in code order) in draft for the current year.
        var codes = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray()
            .Select(r => Str(r, "orgUnit")).Order(StringComparer.Ordinal).ToList();
        return (codes[5], codes[10]);
    }

    [Fact]
    public async Task Commune_FillsAndSubmits_OfficeAdjusts_CouncilAloneConfirms_AndTheYearLocks()
    {
        var (mine, other) = await DraftCommunesAsync();
        var head = await app.ClientForAsync(Roles.UnitHead, mine);
        var url = $"/api/v1/dti/LS-XA/2026/units/{mine}";

        // Another commune's head cannot read this draft.
        var stranger = await app.ClientForAsync(Roles.UnitHead, other);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(stranger, url + "/self-assessment")).Status);

        using (var bad = await head.PutAsJsonAsync(url + "/self-assessment", new { items = new object[] { new { node = "1.2", a = 4 }, new { node = "9.9", a = 1 }, new { node = "1.3", a = 3 } } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var text = await bad.Content.ReadAsStringAsync();
            Assert.Contains("Dòng 2", text, StringComparison.Ordinal);
            Assert.Contains("Dòng 3", text, StringComparison.Ordinal);
        }

        using (var ok = await head.PutAsJsonAsync(url + "/self-assessment", new { items = new object[] { new { node = "1.2", a = 4, note = "4 thông báo kết luận" }, new { node = "1.3", a = 3, b = 4 } }, submit = true }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        var council = await app.ClientForAsync(Roles.SteeringMember, "20");
        using (var reviewed = await office.PostAsJsonAsync(url + "/review", new { items = new object[] { new { node = "1.2", decision = "adjust", a = 3, reason = "Chỉ có 3 thông báo kết luận hợp lệ" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        }

        // Not every item is reviewed: the council cannot confirm yet; the unit head never can.
        using (var early = await council.PostAsync(new Uri(url + "/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        }

        // The office accepts everything else the commune claimed.
        var pending = (await GetOkAsync(office, url + "/self-assessment")).GetProperty("items").EnumerateArray()
            .Where(i => Str(i, "review") == "pending").Select(i => new { node = Str(i, "node"), decision = "accept" }).ToArray();
        Assert.Contains(pending, p => p.node == "1.3");
        using (var rest = await office.PostAsJsonAsync(url + "/review", new { items = pending }))
        {
            Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        }

        using (var denied = await head.PostAsync(new Uri(url + "/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (var confirmed = await council.PostAsync(new Uri(url + "/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        var result = await GetOkAsync(head, url + "/self-assessment");
        Assert.Equal("confirmed", Str(result, "state"));
        var meetings = result.GetProperty("items").EnumerateArray().Single(i => Str(i, "node") == "1.2");
        Assert.Equal("adjusted", Str(meetings, "review"));

        // The confirmed result is ranked as final, no longer provisional.
        var scores = await GetOkAsync(head, "/api/v1/dti/LS-XA/2026/scores");
        var unit = scores.GetProperty("units").EnumerateArray().Single(u => Str(u, "orgUnit") == mine);
        Assert.False(unit.GetProperty("provisional").GetBoolean());

        using var locked = await head.PutAsJsonAsync(url + "/self-assessment", new { items = new object[] { new { node = "1.2", a = 4 } } });
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
    }

    [Fact]
    public async Task PublishedResults_AreImportedWithTheirSource_AndBadRowsNamed()
    {
        // P922 is national: its published results are imported by an administrator (DtiScopeTests: not by a province's office).
        var office = await app.AdminClientAsync();
        using (var bad = await office.PostAsJsonAsync("/api/v1/dti/P922/2023/published", new
        {
            results = new object[] {
            new { orgUnit = "01", rank = 1, score = 0.71, source = "x" }, new { orgUnit = "99", rank = 2, score = 0.7, source = "x" }, new { orgUnit = "79", rank = 3, score = 1.5, source = "x" } }
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var text = await bad.Content.ReadAsStringAsync();
            Assert.Contains("results[2]", text, StringComparison.Ordinal);
            Assert.Contains("results[3]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("results[1]", text, StringComparison.Ordinal);
        }

        using (var ok = await office.PostAsJsonAsync("/api/v1/dti/P922/2023/published", new
        {
            results = new object[] {
            new { orgUnit = "01", rank = 1, score = 0.7146, mainIndexes = new Dictionary<string, double> { ["P922.1"] = 0.8 }, source = "Báo cáo DTI 2023 (test)" } }
        }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var scores = await GetOkAsync(office, "/api/v1/dti/P922/2023/scores");
        var hanoi = scores.GetProperty("units").EnumerateArray().Single(u => Str(u, "orgUnit") == "01");
        Assert.Equal(1, hanoi.GetProperty("rank").GetInt32());
        Assert.Equal(0.7146, hanoi.GetProperty("normalised").GetDouble());
        Assert.Equal("Báo cáo DTI 2023 (test)", Str(hanoi, "source"));
        Assert.Equal(80, hanoi.GetProperty("mainIndexes").EnumerateArray().Single(m => Str(m, "code") == "P922.1").GetProperty("points").GetDouble());

        var viewer = await app.ClientForAsync(Roles.UnitHead, "20");
        using var denied = await viewer.PostAsJsonAsync("/api/v1/dti/P922/2023/published", new { results = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
