using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Lodestar.Web.Tests.Hosting;

[Collection(SharedApp.Name)]
public sealed class HostTests(LodestarFactory app)
{
    [Fact]
    public async Task Healthz_AppAndDatabaseUp_Returns200()
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/org-units", "get")]
    [InlineData("/api/v1/org-units/{code}", "get")]
    [InlineData("/api/v1/org-units/{code}/lineage", "get")]
    [InlineData("/api/v1/org-units/{code}/head", "get")]
    [InlineData("/api/v1/audit", "get")]
    [InlineData("/api/v1/auth/token", "post")]
    [InlineData("/api/v1/accounts", "get")]
    [InlineData("/api/v1/accounts", "post")]
    [InlineData("/api/v1/accounts/{userName}/lock", "post")]
    [InlineData("/api/v1/accounts/{userName}/unlock", "post")]
    [InlineData("/api/v1/accounts/{userName}/password", "post")]
    [InlineData("/api/v1/account/password", "post")]
    public async Task OpenApi_Document_ListsStableEndpoint(string path, string method)
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        var doc = await Api.GetOkAsync(client, "/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty(path, out var item),
            $"{path} is not in the OpenAPI document; it lists: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(item.TryGetProperty(method, out _), $"{path} has no {method} operation");
    }

    [Fact]
    public async Task Metrics_AfterRequests_ShowRequestLatencyRecomputeTimeAndMemoryInPrometheusFormat()
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        var admin = await app.AdminClientAsync(); // shared by the suite: not disposed here
        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).Dispose();
        (await admin.GetAsync(new Uri("/api/v1/targets/LS-07/progress?orgUnit=20&period=2026", UriKind.Relative))).EnsureSuccessStatusCode().Dispose();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^http_server_request_duration_seconds_count\{[^}]*http_route=""/healthz""[^}]*\} [1-9]", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^http_server_request_duration_seconds_bucket\{[^}]*http_route=""/healthz""[^}]*le=""\+Inf""\} [1-9]", RegexOptions.Multiline), text);
        // OpenTelemetry's exporter labels every series with its meter (otel_scope_name), so a series without labels of its own has that one.
        Assert.Matches(new Regex(@"^lodestar_progress_compute_duration_seconds_count\{otel_scope_name=""Lodestar""\} [1-9]", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^lodestar_progress_compute_duration_seconds_bucket\{otel_scope_name=""Lodestar"",le=""0.001""\} \d", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^dotnet_process_memory_working_set_bytes\{otel_scope_name=""System.Runtime""\} [1-9]", RegexOptions.Multiline), text);
        if (app.OnPostgres)
        {
            // Npgsql's connection pool (the embedded SQLite has none).
            Assert.Matches(new Regex(@"^db_client_connection_count\{otel_scope_name=""Npgsql""[^}]*db_client_connection_state=""idle""\} [1-9]", RegexOptions.Multiline), text);
        }
    }

    [Fact]
    public async Task Metrics_WithToken_AnswerOnlyTheScraperThatSendsIt()
    {
        using var guarded = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_METRICS_TOKEN", "so-bi-mat"));
        using var client = guarded.CreateClient(LodestarFactory.NoRedirects);

        using var without = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "so-bi-mat");
        using var with = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task Traces_OffByDefault_SentToTheOtlpEndpointWhenOneIsSet()
    {
        // The batch with the request's span: on PostgreSQL, batches of the start's database commands come first.
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (collector, baseUrl) = await LoopbackServer.StartAsync(server => server.MapPost("/v1/traces", async (HttpContext ctx) =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            var spans = Encoding.UTF8.GetString(body.ToArray()); // the OTLP protobuf carries names and attributes as plain strings
            if (spans.Contains("/healthz", StringComparison.Ordinal))
            {
                received.TrySetResult(spans);
            }

            return Results.Ok();
        }));
        await using (collector)
        {
            await using var traced = app.WithWebHostBuilder(b => b.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", baseUrl)
                .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf").UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100"));
            using var client = traced.CreateClient(LodestarFactory.NoRedirects);

            (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).EnsureSuccessStatusCode().Dispose();
            var spans = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Null(app.Services.GetService<TracerProvider>());
            Assert.NotNull(traced.Services.GetService<TracerProvider>());
            Assert.Contains("lodestar", spans, StringComparison.Ordinal); // service.name
        }
    }

    [Fact]
    public void ABadSetting_StopsTheStart_NamingTheVariableAndWhatItTakes()
    {
        using var broken = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_SMTP_PORT", "abc").UseSetting("LODESTAR_PUBLIC_RATE_WINDOW", "0"));

        var e = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        var message = e.ToString();
        Assert.Contains("LODESTAR_SMTP_PORT=abc: phải là số nguyên từ 1 đến 65535 / must be a whole number from 1 to 65535", message, StringComparison.Ordinal);
        Assert.Contains("LODESTAR_PUBLIC_RATE_WINDOW=0: phải là số nguyên từ 1 đến 86400 / must be a whole number from 1 to 86400", message, StringComparison.Ordinal);
    }
}
