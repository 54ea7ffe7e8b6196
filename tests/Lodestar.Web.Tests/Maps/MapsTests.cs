using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Maps;

/// <summary>Map data through HTTP: public cacheable boundaries per province, layer values, and the page with its table.</summary>
[Collection(SharedApp.Name)]
public sealed class MapsTests(LodestarFactory app)
{
    private static readonly string[] Shapes = ["Polygon", "MultiPolygon"];

    [Fact]
    public async Task Boundaries_OfAProvince_ArePublicCompactGeoJsonOfItsCommunes_AndRevalidateByETag()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);

        using var response = await anonymous.GetAsync(new Uri("/api/v1/maps/boundaries?unit=20", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=86400", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var geo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(65, features.Count);   // Lạng Sơn's communes since 1 July 2025
        Assert.Contains(features, f => f.GetProperty("properties").GetProperty("name").GetString() == "Đồng Đăng");
        Assert.All(features, f => Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), Shapes));

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/maps/boundaries?unit=20");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var cached = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Boundaries_Nationally_Are34Provinces_Compressed(string encoding)
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/maps/boundaries");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        var body = await response.Content.ReadAsStreamAsync();
        await using Stream unzip = encoding == "br"
            ? new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
        using var geo = await JsonDocument.ParseAsync(unzip);
        Assert.Equal(34, geo.RootElement.GetProperty("features").GetArrayLength());
        Assert.True(response.Content.Headers.ContentLength < 400_000, $"{response.Content.Headers.ContentLength} bytes");
    }

    [Fact]
    public async Task Boundaries_UnknownProvince_Is404()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);

        var answer = await GetAsync(anonymous, "/api/v1/maps/boundaries?unit=99");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task Values_DtiOfTheCommunes_HaveAValueAndClassPerCommune_AndNeedSignIn()
    {
        var admin = await app.AdminClientAsync();

        var data = await GetOkAsync(admin, "/api/v1/maps/values?layer=dti&unit=20&year=2025");

        Assert.Equal(65, data.GetProperty("total").GetInt32());
        Assert.Equal(5, data.GetProperty("classes").GetArrayLength());
        var items = Items(data).ToList();
        Assert.All(items, i => Assert.Equal(JsonValueKind.Number, i.GetProperty("value").ValueKind));   // 2025 is published for every commune
        Assert.All(items, i => Assert.InRange(i.GetProperty("value").GetDouble(), 0, 100));
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(anonymous, "/api/v1/maps/values?layer=dti&unit=20")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(admin, "/api/v1/maps/values?layer=quality")).Status);   // not a national layer
    }

    [Fact]
    public async Task Page_ShowsTheMapAndTheSameValuesInATableThatLinksToEachUnit()
    {
        var client = await app.SignInAsAdminAsync();
        var admin = await app.AdminClientAsync();
        var values = Items(await GetOkAsync(admin, "/api/v1/maps/values?layer=dti&unit=20&year=2025")).ToList();

        var page = await Html.GetPageAsync(client, "/maps?unit=20&layer=dti&year=2025");

        var map = page.QuerySelector(".choropleth")!;
        Assert.Equal("/api/v1/maps/boundaries?unit=20", map.GetAttribute("data-boundaries"));
        var rows = page.QuerySelectorAll("table.sortable tbody tr");
        Assert.NotEmpty(values);
        Assert.Equal(values.Count, rows.Length);
        var first = values.OrderByDescending(v => v.GetProperty("value").GetDouble()).First();
        Assert.Equal(Str(first, "code"), rows[0].GetAttribute("data-code"));
        Assert.Equal($"/units/{Str(first, "code")}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains(first.GetProperty("value").GetDouble().ToString("#,##0.#", new System.Globalization.CultureInfo("vi-VN")), Html.Text(rows[0]), StringComparison.Ordinal);
        Assert.Equal(6, page.QuerySelectorAll(".choropleth-legend li").Length);   // five classes and "no data"
    }

    [Fact]
    public async Task Page_AsOfADate_DrawsTheMapOfThatDay_AndABadDateIsNamed()
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/maps?unit=20&layer=dti&year=2025&asOf=31/08/2026");

        Assert.Equal("/api/v1/maps/boundaries?unit=20&asOf=2026-08-31", page.QuerySelector(".choropleth")!.GetAttribute("data-boundaries"));
        Assert.Equal("bản đồ ngày 31/08/2026", Html.Text(page.QuerySelector("figcaption .as-of")!));
        Assert.Equal("31/08/2026", page.QuerySelector("input[name=asOf]")!.GetAttribute("value"));

        var bad = await Html.GetPageAsync(client, "/maps?unit=20&asOf=31/02/2026");
        Assert.Contains("Ngày '31/02/2026' không hợp lệ", Html.Text(bad.QuerySelector("p.error")!), StringComparison.Ordinal);
        Assert.Equal("/api/v1/maps/boundaries?unit=20", bad.QuerySelector(".choropleth")!.GetAttribute("data-boundaries"));
    }

    [Fact]
    public async Task Page_TheDayBeforeTheReform_SaysWhyThereIsNoCommuneMap_InsteadOfAnEmptyMap()
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/maps?unit=20&layer=dti&year=2025&asOf=30/06/2025");

        Assert.Null(page.QuerySelector(".choropleth"));
        var why = Html.Text(page.QuerySelector("p.map-none")!);
        Assert.Contains("Ngày 30/06/2025, các xã, phường của", why, StringComparison.Ordinal);
        Assert.Contains("Hãy chọn ngày từ 01/07/2025.", why, StringComparison.Ordinal);

        var english = await Html.GetPageAsync(client, "/maps?unit=20&layer=dti&year=2025&asOf=30/06/2025&culture=en");
        Assert.Contains("Choose a day from 01/07/2025.", Html.Text(english.QuerySelector("p.map-none")!), StringComparison.Ordinal);
        Assert.NotNull((await Html.GetPageAsync(client, "/maps?unit=20&layer=dti&year=2025&asOf=01/07/2025")).QuerySelector(".choropleth"));
    }
}
