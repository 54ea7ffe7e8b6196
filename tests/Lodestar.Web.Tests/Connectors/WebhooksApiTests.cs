using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Lodestar.Accounts;
using Lodestar.Connectors;
using Lodestar.Data;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Connectors;

/// <summary>
/// Issue 19 item 5 through HTTP: the DX office creates a webhook (its secret answered once, never again, stored protected),
/// a publication queues a delivery, the sender posts it to a Kestrel receiver on loopback that verifies the HMAC signature,
/// and the delivery log says so; another province's DX office and a viewer reach none of it.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class WebhooksApiTests(LodestarFactory app)
{
    [Fact]
    public async Task TheDxOffice_CreatesAWebhook_APublicationIsPostedSigned_TheReceiverVerifiesIt_AndTheLogSaysDelivered()
    {
        string? secret = null;
        var received = new ConcurrentQueue<(bool Verified, string? Event, string? Delivery)>();
        var builder = WebApplication.CreateSlimBuilder();
        await using var receiver = builder.Build();
        receiver.Urls.Add("http://127.0.0.1:0");
        receiver.MapPost("/hook", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret!), buffer.ToArray()));
            var verified = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(ctx.Request.Headers["X-Lodestar-Signature"].ToString()));
            received.Enqueue((verified, ctx.Request.Headers["X-Lodestar-Event"], ctx.Request.Headers["X-Lodestar-Delivery"]));
            return verified ? Results.Ok() : Results.Unauthorized();
        });
        await receiver.StartAsync();
        var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/webhooks", new
        {
            code = "WEB-HOOK", name = "Cổng dữ liệu tỉnh", url, events = new[] { WebhookEvents.PublicationPublished, WebhookEvents.ReportApproved },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        secret = Str(created.Json, "secret");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(DemoUnits.Province, Str(created["webhook"], "scope"));
        var list = await GetAsync(office, "/api/v1/webhooks");
        Assert.Contains("WEB-HOOK", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Text, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var stored = await db.Set<Webhook>().AsNoTracking().SingleAsync(w => w.Code == "WEB-HOOK");
            Assert.DoesNotContain(secret, stored.ProtectedSecret, StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "Webhook" && a.Action == "create"));
            Assert.False(await db.AuditEntries.AnyAsync(a => a.After != null && a.After.Contains(stored.ProtectedSecret)));
        }

        try
        {
            // Re-publishing the demo's published programme changes nothing the other tests read, and tells the webhook.
            using (var published = await office.PostAsJsonAsync("/api/v1/publishing", new { kind = "programme", key = "LS-BCD" }))
            {
                Assert.True(published.IsSuccessStatusCode, (await ReadAsync(published)).Describe());
            }

            var queued = Assert.Single(Items(await GetOkAsync(office, "/api/v1/webhooks/WEB-HOOK/deliveries")), d => Str(d, "event") == WebhookEvents.PublicationPublished);
            Assert.Equal("pending", Str(queued, "status"));

            await using (var scope = app.Services.CreateAsyncScope())
            {
                Assert.True(await scope.ServiceProvider.GetRequiredService<WebhookSender>().SendDueAsync() >= 1);
            }

            var (verified, eventName, delivery) = Assert.Single(received, r => r.Delivery == Str(queued, "id"));
            Assert.True(verified);
            Assert.Equal(WebhookEvents.PublicationPublished, eventName);
            var log = Assert.Single(Items(await GetOkAsync(office, "/api/v1/webhooks/WEB-HOOK/deliveries")), d => Str(d, "id") == delivery);
            Assert.Equal(("delivered", 1, 200), (Str(log, "status"), log.GetProperty("attempts").GetInt32(), log.GetProperty("lastStatusCode").GetInt32()));

            // The page lists it and shows its log, in Vietnamese first.
            await app.CreateUserAsync("t.cds.webhook", Roles.DxOffice, DemoUnits.Province);
            var page = await app.SignInAsync("t.cds.webhook", LodestarFactory.UserPassword);
            var html = await Html.GetPageAsync(page, "/webhooks?code=WEB-HOOK");
            Assert.Contains("Webhook gửi sự kiện", html.Title, StringComparison.Ordinal);
            Assert.Contains("Nhật ký gửi của WEB-HOOK", html.Body!.TextContent, StringComparison.Ordinal);
            Assert.Contains("đã gửi", html.Body.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, html.Body.TextContent, StringComparison.Ordinal);

            // Created on the page: the secret is shown in that answer only.
            using (var made = await Html.SubmitAsync(page, Html.FormNamed(html, "create"), "/webhooks", new Dictionary<string, string>
            {
                ["Create.Code"] = "WEB-HOOK-TRANG", ["Create.Name"] = "Trang", ["Create.Url"] = url, ["Create.TaskOverdue"] = "true",
            }))
            {
                var answer = await made.Content.ReadAsStringAsync();
                Assert.Contains("whsec_", answer, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("whsec_", (await Html.GetPageAsync(page, "/webhooks")).Body!.TextContent, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync(new Uri("/api/v1/webhooks/WEB-HOOK-TRANG", UriKind.Relative))).StatusCode);

            // Another province's DX office and a viewer: nothing.
            var other = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
            Assert.DoesNotContain("WEB-HOOK", (await GetAsync(other, "/api/v1/webhooks")).Text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, "/api/v1/webhooks/WEB-HOOK/deliveries")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync(new Uri("/api/v1/webhooks/WEB-HOOK", UriKind.Relative))).StatusCode);
            var viewer = await app.ClientForAsync(Roles.Viewer, DemoUnits.Province);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(viewer, "/api/v1/webhooks")).Status);

            // Plain http to another machine is refused: https only.
            var refused = await ReadAsync(await office.PostAsJsonAsync("/api/v1/webhooks", new { code = "WEB-HTTP", name = "Http", url = "http://hooks.example.vn/x", events = new[] { WebhookEvents.TaskOverdue } }));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.True(refused["errors"].TryGetProperty("url", out _), refused.Describe());
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync(new Uri("/api/v1/webhooks/WEB-HOOK", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(office, "/api/v1/webhooks/WEB-HOOK/deliveries")).Status);
    }
}
