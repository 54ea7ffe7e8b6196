using System.Net;
using Lodestar.Accounts;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Scorecards;

/// <summary>Scorecards through HTTP: the API for a unit and a level, the pages, the export and the head's explanation.</summary>
[Collection(SharedApp.Name)]
public sealed class ScorecardsTests(LodestarFactory app)
{
    private static readonly string[] Ratings = ["excellent", "good", "completed", "not-completed"];

    [Fact]
    public async Task Unit_WhoseHeadChangedMidYear_HasTwoScorecardsSplittingTheYear()
    {
        var admin = await app.AdminClientAsync();

        var cards = (await GetOkAsync(admin, "/api/v1/scorecards/20?year=2026")).EnumerateArray().ToList();

        // The demo's provincial chairman changes on 16/03/2026 (other tests of the shared app may appoint later ones):
        // the holders' parts follow each other without gap or overlap and cover the year.
        Assert.True(cards.Count >= 2, $"{cards.Count} scorecards");
        Assert.Equal(("2026-01-01", "2026-03-15"), (Str(cards[0], "from"), Str(cards[0], "to")));
        Assert.Equal("2026-03-16", Str(cards[1], "from"));
        for (var i = 1; i < cards.Count; i++)
        {
            Assert.Equal(DateOnly.Parse(Str(cards[i - 1], "to"), System.Globalization.CultureInfo.InvariantCulture).AddDays(1),
                DateOnly.Parse(Str(cards[i], "from"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.NotEqual(Str(cards[i - 1], "person"), Str(cards[i], "person"));
        }

        Assert.Equal("2026-12-31", Str(cards[^1], "to"));
        foreach (var c in cards)
        {
            var parts = c.GetProperty("parts").EnumerateArray().ToList();
            Assert.Equal(["targets", "tasks", "reporting", "dti"], parts.Select(p => Str(p, "part")).ToArray());
            var composite = c.GetProperty("composite");
            Assert.Equal(composite.ValueKind == System.Text.Json.JsonValueKind.Null ? 0 : composite.GetDouble(), parts.Sum(p => p.GetProperty("contribution").GetDouble()), 0.11);
        }
    }

    [Fact]
    public async Task List_OfAgencies_HasOneRowPerHeadWithRating_AndABadLevelIsNamed()
    {
        var admin = await app.AdminClientAsync();

        var page = await GetOkAsync(admin, "/api/v1/scorecards?level=agency&year=2026");

        var items = Items(page).ToList();
        Assert.True(items.Count >= 20, $"{items.Count} agency heads");
        Assert.All(items, i => Assert.True(
            Ratings.Contains(Str(i, "rating")) || (Str(i, "rating").Length == 0 && Str(i, "ratingNote").StartsWith("Chưa đủ dữ liệu", StringComparison.Ordinal)),
            $"{Str(i, "orgUnit")}: {Str(i, "rating")} {Str(i, "ratingNote")}"));
        var bad = await GetAsync(admin, "/api/v1/scorecards?level=district");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.True(bad["errors"].TryGetProperty("level", out _));
    }

    [Fact]
    public async Task List_IsPagedAsEveryList_AndABadPageSizeIsNamed()
    {
        var admin = await app.AdminClientAsync();
        var all = await GetOkAsync(admin, "/api/v1/scorecards?level=commune&year=2026&pageSize=1000");
        static string Key(System.Text.Json.JsonElement c) => $"{Str(c, "orgUnit")}/{Str(c, "personUid")}/{Str(c, "from")}";
        var keys = Items(all).Select(Key).ToList();
        Assert.True(keys.Count > 10, $"{keys.Count} commune heads");

        var second = await GetOkAsync(admin, "/api/v1/scorecards?level=commune&year=2026&page=2&pageSize=5");
        var first = await GetOkAsync(admin, "/api/v1/scorecards?level=commune&year=2026");

        Assert.Equal(keys.Skip(5).Take(5), Items(second).Select(Key));
        Assert.Equal(keys.Count, second.GetProperty("total").GetInt32());
        Assert.Equal(Math.Min(50, keys.Count), Items(first).Count());
        var bad = await GetAsync(admin, "/api/v1/scorecards?level=commune&pageSize=1001");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.True(bad["errors"].TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task List_KeptBetweenReads_ShowsATaskAssignedAMomentAgo()
    {
        var admin = await app.AdminClientAsync();
        var tomorrow = app.InDays(1);
        var url = $"/api/v1/scorecards?level=agency&year={tomorrow[..4]}&pageSize=1000";
        static int Open(System.Text.Json.JsonElement card) => card.GetProperty("tasks").GetProperty("open").GetInt32();
        var card = Items(await GetOkAsync(admin, url))
            .First(c => string.CompareOrdinal(Str(c, "from"), tomorrow) <= 0 && string.CompareOrdinal(Str(c, "to"), tomorrow) >= 0);
        var unit = Str(card, "orgUnit");
        var open = Open(card);
        Assert.Equal(open, Open(Items(await GetOkAsync(admin, url)).First(c => Str(c, "personUid") == Str(card, "personUid") && Str(c, "orgUnit") == unit)));

        using var created = await admin.PostAsync(new Uri("/api/v1/tasks", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { title = "Cập nhật cơ sở dữ liệu cán bộ", ownerUnit = unit, deadline = tomorrow }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var after = Items(await GetOkAsync(admin, url)).First(c => Str(c, "personUid") == Str(card, "personUid") && Str(c, "orgUnit") == unit);
        Assert.Equal(open + 1, Open(after));
        Assert.Contains(after.GetProperty("tasks").GetProperty("items").EnumerateArray(), t => Str(t, "title") == "Cập nhật cơ sở dữ liệu cán bộ");
    }

    [Fact]
    public async Task List_OfAgencies_TargetsAreNotFullMarksForEveryone_AndNoHeadWithoutTasksAndDtiIsExcellent()
    {
        var admin = await app.AdminClientAsync();

        var items = Items(await GetOkAsync(admin, "/api/v1/scorecards?level=agency&year=2026")).ToList();

        double? Score(System.Text.Json.JsonElement card, string part)
        {
            var s = card.GetProperty("parts").EnumerateArray().Single(p => Str(p, "part") == part).GetProperty("score");
            return s.ValueKind == System.Text.Json.JsonValueKind.Null ? null : s.GetDouble();
        }

        // Every agency head used to score 100 on targets (the demo put every agency at 100% on both of its targets).
        Assert.True(items.Select(i => Score(i, "targets")).Distinct().Count() > 1, "every agency head has the same targets score");
        Assert.Contains(items, i => Score(i, "targets") is < 100);
        Assert.All(items.Where(i => Score(i, "tasks") is null && Score(i, "dti") is null), i => Assert.Empty(Str(i, "rating")));
    }

    [Fact]
    public async Task Page_APartWithoutData_SaysNotEnoughData_AndExplainsTheReweighting()
    {
        var admin = await app.AdminClientAsync();
        var items = Items(await GetOkAsync(admin, "/api/v1/scorecards?level=agency&year=2026")).ToList();
        var card = items.First(i => Str(i, "rating").Length > 0
            && i.GetProperty("parts").EnumerateArray().All(p => (p.GetProperty("score").ValueKind == System.Text.Json.JsonValueKind.Null) == (Str(p, "part") == "dti")));
        var targets = card.GetProperty("parts").EnumerateArray().First();
        Assert.Equal((30, 37.5), (targets.GetProperty("weight").GetDouble(), targets.GetProperty("effectiveWeight").GetDouble()));
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, $"/scorecards/{Str(card, "orgUnit")}?year=2026");

        var section = page.QuerySelector($"section[aria-labelledby='h-{Str(card, "personUid")}']")!;
        var rows = section.QuerySelectorAll("table tbody tr");
        Assert.Contains("chưa đủ dữ liệu", Html.Text(rows[^1]), StringComparison.Ordinal);
        Assert.Contains("30 → 37,5", Html.Text(rows[0]), StringComparison.Ordinal);
        Assert.Contains("Phần Chỉ số DTI chưa đủ dữ liệu nên không được tính: trọng số 20 được chia lại cho các phần còn lại theo tỷ lệ (mỗi trọng số × 100 ÷ 80), ví dụ trọng số 30 của phần Chỉ tiêu thành 37,5.",
            Html.Text(section.QuerySelector("p.reweighting")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_ACommuneAccount_SeesItsOwnScorecardOnly()
    {
        var units = await app.DemoUnitsAsync();
        var officer = await app.ClientForAsync(Roles.Viewer, units.Commune);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(officer, $"/api/v1/scorecards/{units.Commune}?year=2026")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(officer, $"/api/v1/scorecards/{units.OtherCommune}?year=2026")).Status);
        var list = Items(await GetOkAsync(officer, "/api/v1/scorecards?level=commune&year=2026")).ToList();
        Assert.All(list, c => Assert.Equal(units.Commune, Str(c, "orgUnit")));
    }

    [Fact]
    public async Task Pages_ComparisonSortsAndExports_AndTheUnitPageDrillsDown()
    {
        var client = await app.SignInAsAdminAsync();

        var list = await Html.GetPageAsync(client, "/scorecards?level=agency&year=2026&sort=unit&desc=false");
        var names = list.QuerySelectorAll("tbody tr td:first-child").Select(Html.Text).ToList();
        Assert.Equal(names.Order(StringComparer.Create(new System.Globalization.CultureInfo("vi-VN"), false)).ToList(), names);

        using var xlsx = await client.GetAsync(new Uri("/scorecards/export.xlsx?level=agency&year=2026", UriKind.Relative));
        Assert.Equal(XlsxWriter.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        var rows = XlsxReader.Read(await xlsx.Content.ReadAsStreamAsync()).Value![0].Rows;
        Assert.Equal("Điểm tổng hợp", rows[0][10]);
        Assert.Equal(names.Count + 1, rows.Count);

        var unit = await Html.GetPageAsync(client, "/scorecards/20.SKHCN?year=2026");
        var card = unit.QuerySelector("section.scorecard")!;
        Assert.Equal(4, card.QuerySelectorAll("table tbody tr").Length);
        Assert.NotEmpty(card.QuerySelectorAll("details a[href^='/tasks/']"));
    }

    [Fact]
    public async Task Explanation_TheHeadWritesIt_TheEvaluatorSeesItWithWhoAndWhen_AViewerCannotWrite()
    {
        await app.CreateUserAsync("t.head.snv", Roles.UnitHead, "20.SNV");
        var head = await app.SignInAsync("t.head.snv", LodestarFactory.UserPassword);
        const string url = "/scorecards/20.SNV?year=2026";
        var page = await Html.GetPageAsync(head, url);
        var form = page.Forms.Single(f => f.QuerySelector("input[name=_handler]")?.GetAttribute("value")?.StartsWith("note-", StringComparison.Ordinal) == true);

        using (var empty = await Html.SubmitAsync(head, form, url, new Dictionary<string, string> { ["Note.Text"] = " " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            var errors = (await Html.ParseAsync(empty)).QuerySelector("ul.error li[data-field=text]")!;
            Assert.Equal("Nội dung giải trình phải có từ 1 đến 4.000 ký tự.", Html.Text(errors));
        }

        using (var saved = await Html.SubmitAsync(head, form, url, new Dictionary<string, string> { ["Note.Text"] = "Chậm do chờ hướng dẫn của Bộ Nội vụ." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var admin = await app.AdminClientAsync();
        var note = (await GetOkAsync(admin, "/api/v1/scorecards/20.SNV?year=2026")).EnumerateArray().Select(c => c.GetProperty("explanation"))
            .Single(e => e.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal(("Chậm do chờ hướng dẫn của Bộ Nội vụ.", "t.head.snv"), (Str(note, "text"), Str(note, "by")));

        await app.CreateUserAsync("t.viewer.snv", Roles.Viewer, "20.SNV");
        var viewer = await app.SignInAsync("t.viewer.snv", LodestarFactory.UserPassword);
        var seen = await Html.GetPageAsync(viewer, url);
        Assert.Contains("Chậm do chờ hướng dẫn của Bộ Nội vụ.", Html.Text(seen.QuerySelector("blockquote.note")!), StringComparison.Ordinal);
        Assert.Empty(seen.QuerySelectorAll("textarea[name='Note.Text']"));
    }
}
