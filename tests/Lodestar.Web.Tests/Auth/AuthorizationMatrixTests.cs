using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Auth;

/// <summary>
/// Every endpoint and page route of the app, read from the app itself, has a row in authorization-matrix.tsv saying who
/// may reach it; a new endpoint without a row fails <see cref="EveryEndpoint_HasARow_AndEveryRow_AnEndpoint"/> with the
/// line to add. Each row is then tried as anonymous, a viewer, an officer and a head of one commune, the DX office and a
/// steering member of the province, and the administrator, on a unit of their own and (for scoped rows) on a commune of
/// another province. The per-feature matrices (DtiScopeTests, PublishingScopeTests, …) try the writes in depth.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AuthorizationMatrixTests(LodestarFactory app)
{
    /// <summary>Who tries: a role and the unit its account covers (the administrator is national).</summary>
    public enum Caller
    {
        Anonymous,
        Viewer,
        Officer,
        Head,
        Office,
        Steering,
        Admin,
    }

    private sealed record Row(string Methods, string Route, string Access, string? Own, string? Other);

    private static readonly Lazy<List<Row>> Rows = new(() => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Auth", "authorization-matrix.tsv"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('\t'))
        .Select(c => new Row(c[0], c[1], c[2], c.Length > 3 && c[3] != "-" ? c[3] : null, c.Length > 4 && c[4] != "-" ? c[4] : null))
        .ToList());

    private static readonly string[] Accesses = ["public", "sign-in", "signed-in", "scoped", "office", "assigner", "admin", "write", "self"];

    public static TheoryData<string, string, Caller> Cases()
    {
        var data = new TheoryData<string, string, Caller>();
        foreach (var row in Rows.Value)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(row.Methods, row.Route, caller);
            }
        }

        return data;
    }

    [Fact]
    public void EveryEndpoint_HasARow_AndEveryRow_AnEndpoint()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Methods: string.Join('|', e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods.Order(StringComparer.Ordinal).ToArray() ?? ["*"]),
                Route: "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/')))
            .Distinct().ToList();
        var rows = Rows.Value.Select(r => (r.Methods, r.Route)).ToList();

        var missing = endpoints.Except(rows).Select(e => $"{e.Methods}\t{e.Route}\t?\t-\t-").ToList();
        var stale = rows.Except(endpoints).Select(r => $"{r.Methods}\t{r.Route}").ToList();

        Assert.True(missing.Count == 0, "endpoints without a row in authorization-matrix.tsv (add them with their access):\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "rows of authorization-matrix.tsv without an endpoint:\n" + string.Join('\n', stale));
        Assert.DoesNotContain(Rows.Value, r => !Accesses.Contains(r.Access));
        Assert.DoesNotContain(Rows.Value, r => r.Access is "scoped" && (r.Own is null || r.Other is null));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_AnswersEachCaller_AsItsRowSays(string methods, string route, Caller caller)
    {
        var row = Rows.Value.Single(r => r.Methods == methods && r.Route == route);
        var units = await app.DemoUnitsAsync();
        var foreign = await app.OtherProvinceCommuneAsync();
        string Fill(string url) => url.Replace("{commune}", units.Commune, StringComparison.Ordinal).Replace("{village}", units.Village, StringComparison.Ordinal)
            .Replace("{foreign}", foreign, StringComparison.Ordinal);
        var client = await ClientAsync(caller, units);
        using var owned = caller == Caller.Anonymous ? client : null;

        if (row.Access == "write" || row.Own is null)
        {
            // A viewer may write nothing anywhere: every write answers him 403 or 404 before it looks at the body.
            if (caller == Caller.Viewer && row.Access == "write")
            {
                var method = methods.Split('|').First(m => m != "GET" && m != "HEAD");
                var url = Fill(SampleOf(route));
                HttpRequestMessage Request(HttpContent body) => new(new HttpMethod(method), new Uri(url, UriKind.Relative)) { Content = body };
                using var json = Request(new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
                var response = await client.SendAsync(json);
                if (response.StatusCode == HttpStatusCode.UnsupportedMediaType)
                {
                    response.Dispose();
                    using var form = Request(new MultipartFormDataContent { { new StringContent("x"), "note" } });
                    response = await client.SendAsync(form);
                }

                using var answer = response;
                Assert.True(answer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                    $"{method} {url} as a viewer: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }

            // Only what the anonymous caller gets is tried here: a write or a route without a sample never answers him 2xx.
            if (caller == Caller.Anonymous)
            {
                var method = methods.Split('|').FirstOrDefault(m => m != "GET" && m != "HEAD") ?? methods.Split('|')[0];
                var url = Fill(row.Own ?? SampleOf(route));
                using var request = new HttpRequestMessage(new HttpMethod(method == "*" ? "POST" : method), new Uri(url, UriKind.Relative));
                using var response = await client.SendAsync(request);
                if (row.Access is not ("public" or "sign-in"))
                {
                    Assert.True(Refused(response, url), $"{method} {url} as anonymous: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }

            return;
        }

        var own = Fill(row.Own);
        using (var response = await client.GetAsync(new Uri(own, UriKind.Relative)))
        {
            var expectRefused = caller switch
            {
                Caller.Anonymous => row.Access is not ("public" or "sign-in"),
                Caller.Admin => false,
                Caller.Office => row.Access == "admin",
                Caller.Steering => row.Access is "admin" or "office",
                Caller.Viewer or Caller.Officer or Caller.Head => row.Access is "admin" or "office" or "assigner",
                _ => throw new ArgumentOutOfRangeException(nameof(caller)),
            };
            Assert.True(expectRefused == Refused(response, own),
                $"GET {own} as {caller}: {(int)response.StatusCode} {response.Headers.Location} (row says {row.Access})");
        }

        // A sibling commune of the same province: outside the scope of the callers of one commune, inside the province's.
        if (row.Access == "scoped" && row.Own.Contains("{commune}", StringComparison.Ordinal) && caller is not (Caller.Anonymous or Caller.Admin))
        {
            var sibling = Fill(row.Own.Replace("{commune}", units.OtherCommune, StringComparison.Ordinal));
            using var response = await client.GetAsync(new Uri(sibling, UriKind.Relative));
            var refused = Refused(response, sibling) || response.StatusCode == HttpStatusCode.NotFound;
            Assert.True(refused == caller is Caller.Viewer or Caller.Officer or Caller.Head,
                $"GET {sibling} (a sibling commune) as {caller}: {(int)response.StatusCode}");
        }

        if (row.Access == "scoped" && caller is not (Caller.Anonymous or Caller.Admin))
        {
            var other = Fill(row.Other!);
            using var response = await client.GetAsync(new Uri(other, UriKind.Relative));
            Assert.True(Refused(response, other) || response.StatusCode == HttpStatusCode.NotFound,
                $"GET {other} (another province) as {caller}: {(int)response.StatusCode}");
        }
    }

    /// <summary>401, 403, a redirect to the sign-in or denied page, or a 400 for a missing antiforgery token.</summary>
    private static bool Refused(HttpResponseMessage response, string url) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found
            && response.Headers.Location?.OriginalString is { } to && (to.Contains("/login", StringComparison.Ordinal) || to.Contains("/denied", StringComparison.Ordinal)))
        || (response.StatusCode == HttpStatusCode.BadRequest && !url.StartsWith("/api/", StringComparison.Ordinal));

    /// <summary>A URL of the route with every parameter given a harmless value, for anonymous tries of writes.</summary>
    private static string SampleOf(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?(\w+)(:[^}]*)?\}", m => m.Groups[1].Value.ToLowerInvariant() switch
        {
            "year" => "2025",
            "id" => "1",
            _ => "x",
        });

    private async Task<HttpClient> ClientAsync(Caller caller, DemoUnits units) => caller switch
    {
        Caller.Anonymous => app.CreateClient(LodestarFactory.NoRedirects),
        Caller.Viewer => await app.ClientForAsync(Roles.Viewer, units.Commune),
        Caller.Officer => await app.ClientForAsync(Roles.ReportingOfficer, units.Commune),
        Caller.Head => await app.ClientForAsync(Roles.UnitHead, units.Commune),
        Caller.Office => await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province),
        Caller.Steering => await app.ClientForAsync(Roles.SteeringMember, DemoUnits.Province),
        Caller.Admin => await app.AdminClientAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };
}
