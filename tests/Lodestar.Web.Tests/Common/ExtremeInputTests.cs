using System.Net;

namespace Lodestar.Web.Tests.Common;

/// <summary>Years, dates and numbers at the edge of their types answer 400 (or 404) with the field named, never 500.</summary>
[Collection(SharedApp.Name)]
public sealed class ExtremeInputTests(LodestarFactory app)
{
    public static TheoryData<string, string> Urls => new()
    {
        { "/dti/LS-XA/2147483647/units/06073", "năm" },
        { "/dti/LS-XA/-2147483648/units/06073", "năm" },
        { "/dti/LS-XA/0/units/06073/assessment", "năm" },
        { "/units/20?asOf=31/12/9999", "asOf" },
        { "/units/20?asOf=9999-12-31", "asOf" },
        { "/units/20?asOf=0001-01-01", "asOf" },
        { "/api/v1/maps/values?layer=dti&unit=20&year=-5", "year" },
        { "/api/v1/maps/values?layer=dti&unit=20&year=2147483647", "year" },
        { "/api/v1/dti/LS-XA/2147483647/ranking", "year" },
        { "/api/v1/dti/LS-XA/2147483647/units/06073/explain", "year" },
        { "/api/v1/targets/LS-06/progress?orgUnit=20&period=9999", "period" },
        { "/api/v1/org-units/20?asOf=9999-12-31", "asOf" },
        { "/api/v1/scorecards?level=commune&year=2147483647", "year" },
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task ExtremeYearOrDate_IsA400NamingTheField_NeverA500(string url, string field)
    {
        var admin = url.StartsWith("/api/", StringComparison.Ordinal) ? await app.AdminClientAsync() : await app.SignInAsAdminAsync();

        using var response = await admin.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains(field, body, StringComparison.Ordinal);
        }
    }
}
