using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Publishing;
using Lodestar.Reporting;
using Lodestar.Values;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Publishing;

/// <summary>The public side serves published, approved figures only; corrections show as revisions; files equal the numbers.</summary>
[Collection(SharedApp.Name)]
public sealed class PublicPortalTests(LodestarFactory app)
{
    private static readonly string[] PublicPages =
        ["/cong-khai", "/cong-khai/chuong-trinh/LS-BCD", "/cong-khai/chi-tieu/LS-06", "/cong-khai/dti", "/cong-khai/dti/LS-XA/2025", "/cong-khai/tim-kiem?q=quang", "/cong-khai/du-lieu", "/cong-khai/api"];

    private static readonly string[] PublicApis =
        ["/api/v1/public/programmes", "/api/v1/public/indicators", "/api/v1/public/values?pageSize=1000", "/api/v1/public/rankings", "/api/v1/public/datasets",
         "/api/v1/public/datasets/targets.csv", "/api/v1/public/datasets/target-values.utf8.csv", "/api/v1/public/datasets/target-revisions.json", "/api/v1/public/datasets/dti-rankings.csv"];

    private static async Task<string> TextAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        // Pages write Vietnamese letters as character references (&#x1EBF;); read them as a person would.
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == expected, $"GET {url}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        return text;
    }

    private static async Task<string> EverythingPublicAsync(HttpClient anonymous)
    {
        var sb = new StringBuilder();
        foreach (var url in PublicPages.Concat(PublicApis))
        {
            sb.AppendLine(await TextAsync(anonymous, url));
        }

        using var zip = new ZipArchive(new MemoryStream(await anonymous.GetByteArrayAsync(new Uri("/api/v1/public/datasets/all.zip", UriKind.Relative))));
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            sb.AppendLine(await reader.ReadToEndAsync());
        }

        return sb.ToString();
    }

    [Fact]
    public async Task PortalAndApi_AnswerWithoutSignIn_AndTheStaffSideDoesNot()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        foreach (var url in PublicPages)
        {
            var html = await TextAsync(anonymous, url);
            Assert.Contains("<title>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("class=\"side\"", html, StringComparison.Ordinal); // the portal's own layout, not the staff sidebar
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(anonymous, "/api/v1/publishing")).Status);
        using var page = await anonymous.GetAsync(new Uri("/publishing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var viewer = await app.ClientForAsync(Roles.Viewer, "20");
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(viewer, "/api/v1/publishing")).Status);
        using var post = await viewer.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-09" });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task UnpublishedTarget_IsReachableNowhere()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-09", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(anonymous, "/api/v1/public/indicators/LS-09")).Status);
        Assert.Equal(0, (await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-09")).GetProperty("total").GetInt32());

        // Neither its code nor its name appears on any public page, endpoint or file.
        var everything = await EverythingPublicAsync(anonymous);
        Assert.DoesNotContain("LS-09", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("LS-10", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Tỷ trọng kinh tế số", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Items(await GetOkAsync(anonymous, "/api/v1/public/indicators")), i => Str(i, "target") == "LS-09");
        Assert.Contains("0 kết quả", await TextAsync(anonymous, "/cong-khai/tim-kiem?q=ty+trong+kinh+te+so"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftReturnedAndApprovedValues_ReachThePublicOnlyApprovedAndOnlyWhenPublished()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();

        // Officers of a commune with a draft report and of one with a returned report enter new fibre figures: unapproved values.
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        var reports = await db.Reports.AsNoTracking().Where(r => r.Form.Code == "CDS-XA-QUY" && r.Period == "2026Q3")
            .Select(r => new { r.OrgUnit.Code, r.Status }).ToListAsync();
        var draft = reports.First(r => r.Status == ReportStatus.Draft).Code;
        var returned = reports.First(r => r.Status == ReportStatus.Returned).Code;
        var before = new Dictionary<string, double>();
        foreach (var (unit, fibre) in new[] { (draft, 123.0), (returned, 321.0) })
        {
            before[unit] = Assert.Single(Items(await GetOkAsync(anonymous, $"/api/v1/public/values?target=LS-06&unit={unit}&period=2026Q3"))).GetProperty("value").GetDouble();
            var officer = await app.ClientForAsync(Roles.ReportingOfficer, unit);
            var url = $"/api/v1/reports/CDS-XA-QUY/{unit}/2026Q3";
            var report = await GetOkAsync(officer, url);
            using var put = await officer.PutAsJsonAsync(url, new
            {
                version = report.GetProperty("version").GetInt32(),
                submit = false,
                values = new object[] { new { dataElement = "HH_TOTAL", value = 1000 }, new { dataElement = "HH_FIBRE", value = fibre } },
            });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        Assert.True(await db.DataValues.AnyAsync(v => !v.Approved && v.OrgUnit.Code == draft && v.Period == "2026Q3"), "the draft's values are not approved");

        // The DX office re-publishes (the province's roll-up of approved values now lacks the two communes: a correction with a note).
        // The unapproved figures (12.3%, 32.1%) reach no public page, endpoint or file; the communes' published figures stay.
        using (var republish = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-06", note = "Hai xã đang báo cáo lại quý 3" }))
        {
            Assert.True(republish.StatusCode == HttpStatusCode.OK, (await ReadAsync(republish)).Describe());
        }

        foreach (var (unit, share) in new[] { (draft, "12.3"), (returned, "32.1") })
        {
            var kept = Assert.Single(Items(await GetOkAsync(anonymous, $"/api/v1/public/values?target=LS-06&unit={unit}&period=2026Q3")));
            Assert.Equal(before[unit], kept.GetProperty("value").GetDouble());
            Assert.Equal(1, kept.GetProperty("revision").GetInt32());
            var csv = (await TextAsync(anonymous, "/api/v1/public/datasets/target-values.utf8.csv?target=LS-06")).Split("\r\n");
            Assert.DoesNotContain(csv, l => l.StartsWith($"LS-06,{unit},", StringComparison.Ordinal) && l.Contains($",2026Q3,{share},", StringComparison.Ordinal));
            var row = (await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-06?ky=2026Q3")).Split($"<td class=\"code\">{unit}</td>")[1].Split("</tr>")[0];
            Assert.DoesNotContain(share.Replace('.', ',') + "%", row, StringComparison.Ordinal);
        }

        // A draft value for a published target's next quarter: not public; approved: still not public until the DX office publishes.
        var province = await db.OrgUnits.SingleAsync(u => u.Code == "20" && u.Level == OrgUnitLevel.Province && u.ValidTo == null);
        var lsTarget = await db.Targets.Include(t => t.Indicator).SingleAsync(t => t.Code == "LS-07");
        var q4 = Period.Parse("2026Q4");
        var value = new DataValue { DataElementId = lsTarget.Indicator.ElementId, OrgUnitId = province.Id, Period = q4.Code, PeriodType = q4.Type, StartOn = q4.Start, EndOn = q4.End, Value = 61.25, Approved = false };
        db.DataValues.Add(value);
        await db.SaveChangesAsync();
        using (var republish = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-07" }))
        {
            var body = await ReadAsync(republish);
            Assert.True(republish.StatusCode == HttpStatusCode.OK, body.Describe());
            Assert.Equal(0, body.Json.GetProperty("added").GetInt32());
        }

        Assert.Empty(Items(await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-07&period=2026Q4")));
        value.Approved = true;
        await db.SaveChangesAsync();
        Assert.Empty(Items(await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-07&period=2026Q4")));
        Assert.DoesNotContain("Quý 4/2026", await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-07"), StringComparison.Ordinal);

        using (var publish = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-07" }))
        {
            var body = await ReadAsync(publish);
            Assert.True(publish.StatusCode == HttpStatusCode.OK, body.Describe());
            Assert.True(body.Json.GetProperty("added").GetInt32() >= 1);
        }

        var now = Assert.Single(Items(await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-07&unit=20&period=2026Q4")));
        Assert.Equal(61.25, now.GetProperty("value").GetDouble());
        Assert.Contains("Quý 4/2026", await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-07"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnconfirmedDtiResults_AreLeftOut_AndTheRestRankedAmongThemselves()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(anonymous, "/api/v1/public/rankings/LS-SO/2026")).Status);

        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        using (var publish = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "dti", key = "LS-SO/2026" }))
        {
            Assert.True(publish.StatusCode == HttpStatusCode.OK, (await ReadAsync(publish)).Describe());
        }

        var admin = await app.AdminClientAsync();
        var internalUnits = (await GetOkAsync(admin, "/api/v1/dti/LS-SO/2026/scores")).GetProperty("units").EnumerateArray().ToList();
        var confirmed = internalUnits.Where(u => Str(u, "state") is "confirmed" or "published").Select(u => Str(u, "orgUnit")).ToHashSet();
        var unconfirmed = internalUnits.Where(u => Str(u, "state") is "submitted" or "reviewed").Select(u => Str(u, "orgUnit")).ToList();
        Assert.NotEmpty(unconfirmed);
        var ranking = await GetOkAsync(anonymous, "/api/v1/public/rankings/LS-SO/2026");
        var units = ranking.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(confirmed.Order(StringComparer.Ordinal), units.Select(u => Str(u, "unitCode")).Order(StringComparer.Ordinal));
        Assert.Equal(1, units[0].GetProperty("rank").GetInt32());
        Assert.All(units, u => Assert.InRange(u.GetProperty("rank").GetInt32(), 1, units.Count));
        var page = await TextAsync(anonymous, "/cong-khai/dti/LS-SO/2026");
        var csv = await TextAsync(anonymous, "/api/v1/public/datasets/dti-rankings.utf8.csv?framework=LS-SO&year=2026");
        foreach (var code in unconfirmed)
        {
            var name = Str(internalUnits.First(u => Str(u, "orgUnit") == code), "name");
            // Not as a ranked unit nor in the corrections (the page may still name an agency elsewhere, e.g. as the dataset's contact).
            Assert.DoesNotContain($">{name}<", page, StringComparison.Ordinal);
            Assert.DoesNotContain($"<li>{name},", page, StringComparison.Ordinal);
            Assert.DoesNotContain("," + code + ",", csv, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DemoCorrection_ShowsItsNote_AndTheEarlierValueStaysInTheHistory()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var target = await GetOkAsync(anonymous, "/api/v1/public/indicators/LS-06");
        var history = target.GetProperty("history").EnumerateArray().Where(h => Str(h, "unitCode") == "20" && Str(h, "period") == "2024").ToList();
        Assert.Equal(2, history.Count);
        var (first, second) = (history.Single(h => h.GetProperty("revision").GetInt32() == 1), history.Single(h => h.GetProperty("revision").GetInt32() == 2));
        Assert.Equal(PublishingDemo.CorrectionNote, Str(second, "note"));
        Assert.NotEqual(first.GetProperty("value").GetDouble(), second.GetProperty("value").GetDouble());
        var current = target.GetProperty("values").EnumerateArray().Single(v => Str(v, "unitCode") == "20" && Str(v, "period") == "2024");
        Assert.Equal(second.GetProperty("value").GetDouble(), current.GetProperty("value").GetDouble());

        var html = await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-06");
        Assert.Contains(PublishingDemo.CorrectionNote, html, StringComparison.Ordinal);
        Assert.Contains("<del>" + first.GetProperty("value").GetDouble().ToString("#,##0.#", CultureInfo.GetCultureInfo("vi-VN")) + "%</del>", html, StringComparison.Ordinal);
        var revisions = await TextAsync(anonymous, "/api/v1/public/datasets/target-revisions.utf8.csv?target=LS-06&unit=20");
        Assert.Contains(",2024," + first.GetProperty("value").GetDouble().ToString("R", CultureInfo.InvariantCulture) + ",1,", revisions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedMap_DrawsThePublishedCommuneFigures_AndAWithdrawnMapIsGone()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var values = (await GetOkAsync(anonymous, "/api/v1/public/indicators/LS-06")).GetProperty("values").EnumerateArray()
            .Where(v => Str(v, "unitLevel") == "commune").ToList();
        var latest = values.Select(v => Str(v, "period")).OrderByDescending(Lodestar.Values.Period.Parse).First();
        var communes = values.Where(v => Str(v, "period") == latest).ToList();
        Assert.NotEmpty(communes);

        var html = await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-06");

        Assert.Contains("data-boundaries=\"/api/v1/maps/boundaries?unit=20\"", html, StringComparison.Ordinal);
        foreach (var c in communes)
        {
            var shown = c.GetProperty("value").GetDouble().ToString("#,##0.#", CultureInfo.GetCultureInfo("vi-VN")) + "%";
            Assert.Contains($"\"code\":\"{Str(c, "unitCode")}\"", html, StringComparison.Ordinal);
            Assert.Contains($"\"display\":\"{shown}\"", html, StringComparison.Ordinal);
        }

        var admin = await app.AdminClientAsync();
        try
        {
            (await admin.PostAsJsonAsync("/api/v1/publishing/withdraw", new { kind = "map", key = "LS-06", reason = "Kiểm tra rút bản đồ" })).EnsureSuccessStatusCode();
            var withdrawn = await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-06");
            Assert.DoesNotContain("data-boundaries", withdrawn, StringComparison.Ordinal);
            Assert.Contains("Bản đồ của chỉ tiêu này chưa được công bố", withdrawn, StringComparison.Ordinal);
        }
        finally
        {
            (await admin.PostAsJsonAsync("/api/v1/publishing", new { kind = "map", key = "LS-06" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task ChangedApprovedValue_NeedsANote_ThenShowsAsARevision()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var before = Assert.Single(Items(await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-08&unit=20&period=2023")));

        // A commune's 2023 figure behind the province's 5G coverage is corrected in the store (through the data-values API, approved).
        var admin = await app.AdminClientAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        var province = await PublicValueChangeAsync(admin);
        using (var silent = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-08" }))
        {
            var body = await ReadAsync(silent);
            Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
            Assert.Contains("ghi chú đính chính", body.Json.GetProperty("errors").GetProperty("note")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before.GetProperty("value").GetDouble(), Assert.Single(Items(await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-08&unit=20&period=2023"))).GetProperty("value").GetDouble());
        using (var noted = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-08", note = "Cập nhật số dân theo niên giám thống kê 2023" }))
        {
            var body = await ReadAsync(noted);
            Assert.True(noted.StatusCode == HttpStatusCode.OK, body.Describe());
            Assert.True(body.Json.GetProperty("revised").GetInt32() >= 1);
        }

        var after = Assert.Single(Items(await GetOkAsync(anonymous, "/api/v1/public/values?target=LS-08&unit=20&period=2023")));
        Assert.Equal(2, after.GetProperty("revision").GetInt32());
        Assert.Equal("Cập nhật số dân theo niên giám thống kê 2023", Str(after, "note"));
        Assert.Equal(province, after.GetProperty("value").GetDouble(), 6);
        var history = (await GetOkAsync(anonymous, "/api/v1/public/indicators/LS-08")).GetProperty("history").EnumerateArray()
            .Where(h => Str(h, "unitCode") == "20" && Str(h, "period") == "2023").ToList();
        Assert.Contains(history, h => h.GetProperty("revision").GetInt32() == 1 && h.GetProperty("value").GetDouble() == before.GetProperty("value").GetDouble());
        Assert.Contains("Cập nhật số dân theo niên giám thống kê 2023", await TextAsync(anonymous, "/cong-khai/chi-tieu/LS-08"), StringComparison.Ordinal);
    }

    // Raises one commune's 2023 covered population by 5% and returns the province's new figure from the internal progress API.
    private async Task<double> PublicValueChangeAsync(HttpClient admin)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        var t = await db.Targets.Include(x => x.Indicator).SingleAsync(x => x.Code == "LS-08");
        var row = await db.DataValues.Include(v => v.OrgUnit).Where(v => v.DataElementId == t.Indicator.ElementId && v.Period == "2023" && v.Approved && v.Value > 0)
            .OrderBy(v => v.OrgUnitId).FirstAsync();
        using var post = await admin.PostAsJsonAsync("/api/v1/data-values", new
        {
            dataValues = new[] { new { dataElement = (await db.DataElements.SingleAsync(e => e.Id == row.DataElementId)).Code, orgUnit = row.OrgUnit.Code, period = "2023", value = Math.Round(row.Value * 1.05), comment = "rà soát" } },
        });
        Assert.True(post.IsSuccessStatusCode, await post.Content.ReadAsStringAsync());
        var progress = await GetOkAsync(admin, "/api/v1/targets/LS-08/progress?orgUnit=20&period=2023");
        return Math.Round(progress.GetProperty("actual").GetDouble(), 6);
    }

    [Fact]
    public async Task CsvAndJson_EqualTheInternalNumbers_AndTheCsvCarriesVietnameseForExcel()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var admin = await app.AdminClientAsync();

        // Other tests of the shared app may have entered LS-05 values since the demo published it: publish what is there now.
        var office = await app.ClientForAsync(Roles.DxOffice, "20");
        using (var publish = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "target", key = "LS-05", note = "Cập nhật số liệu" }))
        {
            Assert.True(publish.IsSuccessStatusCode, (await ReadAsync(publish)).Describe());
        }

        var bytes = await anonymous.GetByteArrayAsync(new Uri("/api/v1/public/datasets/target-values.csv?target=LS-05", UriKind.Relative));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var plain = await anonymous.GetByteArrayAsync(new Uri("/api/v1/public/datasets/target-values.utf8.csv?target=LS-05", UriKind.Relative));
        Assert.Equal(bytes[3..], plain);
        var text = new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("Lạng Sơn", text, StringComparison.Ordinal);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("target_code,unit_code,unit_name,unit_level,period,value,revision,note,published_at", lines[0]);
        var json = await GetOkAsync(anonymous, "/api/v1/public/datasets/target-values.json?target=LS-05");
        Assert.Equal("CC BY 4.0", Str(json, "licence"));
        Assert.Equal(lines.Length - 1, json.GetProperty("total").GetInt32());

        foreach (var period in new[] { "2023", "2025", "2026" })
        {
            var progress = await GetOkAsync(admin, $"/api/v1/targets/LS-05/progress?orgUnit=20&period={period}");
            var asOf = Str(progress, "asOf");
            var expected = Math.Round(progress.GetProperty("actual").GetDouble(), 6);
            var row = (lines.SingleOrDefault(l => l.StartsWith($"LS-05,20,Lạng Sơn,province,{asOf},", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"no published row for {asOf}: " + string.Join(" | ", lines.Where(l => l.StartsWith("LS-05,20,", StringComparison.Ordinal))))).Split(',');
            Assert.Equal(expected, double.Parse(row[5], CultureInfo.InvariantCulture));
            var item = Items(json).Single(i => Str(i, "unitCode") == "20" && Str(i, "period") == asOf);
            Assert.Equal(expected, item.GetProperty("value").GetDouble());
        }

        // DTI: the published index of each unit is the internal normalised value; ranks follow it.
        var internalScores = (await GetOkAsync(admin, "/api/v1/dti/LS-XA/2025/scores")).GetProperty("units").EnumerateArray()
            .ToDictionary(u => Str(u, "orgUnit"), u => (Score: u.GetProperty("normalised").GetDouble(), Total: u.GetProperty("total").GetDouble(), Rank: u.GetProperty("rank").GetInt32()));
        var ranking = (await GetOkAsync(anonymous, "/api/v1/public/datasets/dti-rankings.json?framework=LS-XA&year=2025")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(internalScores.Count, ranking.Count);
        foreach (var r in ranking)
        {
            var i = internalScores[Str(r, "unitCode")];
            // The internal API shows 4 decimals; the open data keeps 6 (0.97175 is shown inside as 0.9717 or 0.9718).
            Assert.InRange(r.GetProperty("score").GetDouble(), i.Score - 0.0000501, i.Score + 0.0000501);
            Assert.InRange(r.GetProperty("points").GetDouble(), i.Total - 0.0051, i.Total + 0.0051);
            Assert.Equal(i.Rank, r.GetProperty("rank").GetInt32());
        }
    }

    [Fact]
    public async Task BulkArchive_HoldsEveryDataset_TheDictionary_AndTheLicence()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        using var response = await anonymous.GetAsync(new Uri("/api/v1/public/datasets/all.zip", UriKind.Relative));
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var names = zip.Entries.Select(e => e.FullName).ToList();
        foreach (var set in new[] { "programmes", "targets", "target-values", "target-revisions", "dti-rankings" })
        {
            Assert.Contains(set + ".csv", names);
            Assert.Contains(set + ".json", names);
        }

        using var dictionary = new StreamReader(zip.GetEntry("data-dictionary.csv")!.Open());
        var dict = await dictionary.ReadToEndAsync();
        Assert.Contains("target-values,revision,integer,", dict, StringComparison.Ordinal);
        using var readme = new StreamReader(zip.GetEntry("README.txt")!.Open());
        Assert.Contains("CC BY 4.0", await readme.ReadToEndAsync(), StringComparison.Ordinal);

        var catalogue = Items(await GetOkAsync(anonymous, "/api/v1/public/datasets")).ToList();
        Assert.All(catalogue, d =>
        {
            Assert.Equal("CC BY 4.0", Str(d, "licence"));
            Assert.False(string.IsNullOrEmpty(Str(d, "contact")));
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, d.GetProperty("lastUpdate").ValueKind);
        });
    }

    [Fact]
    public async Task Search_IgnoresDiacriticsAndCase()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var plain = await TextAsync(anonymous, "/cong-khai/tim-kiem?q=HO+GIA+DINH+CO+CAP+QUANG");
        Assert.Contains("/cong-khai/chi-tieu/LS-06", plain, StringComparison.Ordinal);
        var marked = await TextAsync(anonymous, "/cong-khai/tim-kiem?q=" + Uri.EscapeDataString("hộ gia đình có cáp quang"));
        Assert.Contains("/cong-khai/chi-tieu/LS-06", marked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicEndpoints_AllowAnyOrigin_ButTheStaffApiDoesNot()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/public/indicators", UriKind.Relative));
        request.Headers.Add("Origin", "https://bao-cao.example.vn");
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/v1/public/values", UriKind.Relative));
        preflight.Headers.Add("Origin", "https://bao-cao.example.vn");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var answer = await anonymous.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Contains("GET", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        var admin = await app.AdminClientAsync();
        using var staff = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/programmes", UriKind.Relative));
        staff.Headers.Add("Origin", "https://bao-cao.example.vn");
        using var staffAnswer = await admin.SendAsync(staff);
        Assert.False(staffAnswer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/v1/public/indicators")]
    [InlineData("/api/v1/public/indicators/{code}")]
    [InlineData("/api/v1/public/values")]
    [InlineData("/api/v1/public/rankings/{framework}/{year}")]
    [InlineData("/api/v1/public/datasets/{file}")]
    public async Task OpenApi_DocumentsThePublicEndpoints(string path)
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var doc = await GetOkAsync(anonymous, "/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty(path, out var item), path);
        Assert.True(item.TryGetProperty("get", out _));
    }

    [Fact]
    public async Task PublishingPage_ShowsWhatIsPublic_AndTheDxOfficePublishesByForm()
    {
        var client = await app.SignInAsAdminAsync();
        var page = await Html.GetPageAsync(client, "/publishing");
        Assert.Contains("LS-09", page.QuerySelector("#publishables")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#dti-publishables"));
    }

    [Fact]
    public async Task Portal_ServesTheDeploymentsProvince_EachProvinceItsOwn_AndAProvinceWithNothingPublishedIsNotFound()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        var admin = await app.AdminClientAsync();
        using (var publish = await admin.PostAsJsonAsync("/api/v1/publishing", new { kind = "programme", key = "BD-NQ05" }))
        {
            Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        }

        try
        {
            // Without a choice, the deployment's own province (the demo's: Lạng Sơn), with a way to the others.
            var home = await TextAsync(anonymous, "/cong-khai");
            Assert.Contains("<h1>Lạng Sơn: số liệu chuyển đổi số công khai</h1>", home, StringComparison.Ordinal);
            Assert.Contains("/cong-khai/chuong-trinh/LS-BCD", home, StringComparison.Ordinal);
            Assert.DoesNotContain("/cong-khai/chuong-trinh/BD-NQ05", home, StringComparison.Ordinal);
            Assert.Contains("?tinh=74", home, StringComparison.Ordinal);

            var other = await TextAsync(anonymous, "/cong-khai?tinh=74");
            Assert.Contains("/cong-khai/chuong-trinh/BD-NQ05", other, StringComparison.Ordinal);
            Assert.DoesNotContain("/cong-khai/chuong-trinh/LS-BCD", other, StringComparison.Ordinal);
            Assert.DoesNotContain("/cong-khai/dti/LS-XA/", other, StringComparison.Ordinal); // Lạng Sơn's commune ranking is Lạng Sơn's

            var all = await TextAsync(anonymous, "/cong-khai?tinh=tat-ca");
            Assert.Contains("/cong-khai/chuong-trinh/BD-NQ05", all, StringComparison.Ordinal);
            Assert.Contains("/cong-khai/chuong-trinh/LS-BCD", all, StringComparison.Ordinal);
        }
        finally
        {
            using var withdraw = await admin.PostAsJsonAsync("/api/v1/publishing/withdraw", new { kind = "programme", key = "BD-NQ05", reason = "Kiểm thử cổng công khai theo tỉnh" });
            Assert.True(withdraw.IsSuccessStatusCode, await withdraw.Content.ReadAsStringAsync());
        }

        var none = await TextAsync(anonymous, "/cong-khai?tinh=74", HttpStatusCode.NotFound);
        Assert.Contains("Không tìm thấy trang", none, StringComparison.Ordinal);
        Assert.DoesNotContain("/cong-khai/chuong-trinh/", none, StringComparison.Ordinal);
    }
}
