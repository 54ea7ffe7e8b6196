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
        var (receiver, baseUrl) = await LoopbackServer.StartAsync(server => server.MapPost("/hook", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret!), buffer.ToArray()));
            var verified = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(ctx.Request.Headers["X-Lodestar-Signature"].ToString()));
            received.Enqueue((verified, ctx.Request.Headers["X-Lodestar-Event"], ctx.Request.Headers["X-Lodestar-Delivery"]));
            return verified ? Results.Ok() : Results.Unauthorized();
        }));
        await using var listening = receiver;
        var url = baseUrl + "/hook";

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

        // Deleted = retired: its log stays readable, with the delivery it made.
        var kept = Assert.Single(Items(await GetOkAsync(office, "/api/v1/webhooks/WEB-HOOK/deliveries")), d => Str(d, "event") == WebhookEvents.PublicationPublished);
        Assert.Equal("delivered", Str(kept, "status"));
    }

    [Fact]
    public async Task TheDxOffice_ChangesPausesAndDeletesAWebhook_TheLogStays_NoSecretInTheTrail_AndAnotherProvinceChangesNothing()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/webhooks", new
        {
            code = "WEB-HOOK-SUA", name = "Kho dữ liệu", url = "https://kho.example.vn/hook", events = new[] { WebhookEvents.TaskOverdue },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        const string NewSecret = "bi-mat-moi-cua-kho-du-lieu-2029";

        // Bad input, in English: each field named; nothing changes.
        using (var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/webhooks/WEB-HOOK-SUA")
        {
            Content = JsonContent.Create(new { url = "http://kho.example.vn/hook", events = new List<string> { "report.deleted" }, secret = "ngan" }),
        })
        {
            request.Headers.AcceptLanguage.ParseAdd("en");
            var bad = await ReadAsync(await office.SendAsync(request));
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            foreach (var field in new[] { "url", "events", "secret" })
            {
                Assert.True(bad["errors"].TryGetProperty(field, out var messages), $"{field} not named: {bad.Text}");
                Assert.DoesNotMatch("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", messages[0].GetString()!);
            }
        }

        string protectedBefore;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            protectedBefore = (await scope.ServiceProvider.GetRequiredService<LodestarDbContext>().Set<Webhook>().AsNoTracking().SingleAsync(w => w.Code == "WEB-HOOK-SUA")).ProtectedSecret;
        }

        // A field left out keeps its value; an empty secret keeps the stored one.
        var changed = await ReadAsync(await office.PutAsJsonAsync("/api/v1/webhooks/WEB-HOOK-SUA", new
        {
            url = "https://kho.example.vn/hook-moi", events = new[] { WebhookEvents.TaskOverdue, WebhookEvents.ReportApproved }, secret = "",
        }));
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Describe());
        Assert.Equal(("Kho dữ liệu", "https://kho.example.vn/hook-moi"), (Str(changed.Json, "name"), Str(changed.Json, "url")));
        Assert.Equal([WebhookEvents.TaskOverdue, WebhookEvents.ReportApproved], changed["events"].EnumerateArray().Select(e => e.GetString()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(protectedBefore, (await scope.ServiceProvider.GetRequiredService<LodestarDbContext>().Set<Webhook>().AsNoTracking().SingleAsync(w => w.Code == "WEB-HOOK-SUA")).ProtectedSecret);
        }

        // A new secret: stored protected, answered never.
        var rotated = await ReadAsync(await office.PutAsJsonAsync("/api/v1/webhooks/WEB-HOOK-SUA", new { secret = NewSecret }));
        Assert.True(rotated.Status == HttpStatusCode.OK, rotated.Describe());
        Assert.DoesNotContain(NewSecret, rotated.Text, StringComparison.Ordinal);

        // Another province's DX office and a viewer change nothing.
        var other = await app.ClientForAsync(Roles.DxOffice, DemoUnits.OtherProvince);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync("/api/v1/webhooks/WEB-HOOK-SUA", new { name = "Lấn" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync("/api/v1/webhooks/WEB-HOOK-SUA/pause", null)).StatusCode);
        var viewer = await app.ClientForAsync(Roles.Viewer, DemoUnits.Province);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/v1/webhooks/WEB-HOOK-SUA", new { name = "Lấn" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.PutAsJsonAsync("/api/v1/webhooks/WEB-HOOK-KHONG-CO", new { name = "Không" })).StatusCode);

        // An overdue task queued for it before it is deleted: the delivery stays in the log, failed, saying why.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var secrets = scope.ServiceProvider.GetRequiredService<IConnectorSecrets>();
            var hook = await db.Set<Webhook>().AsNoTracking().SingleAsync(w => w.Code == "WEB-HOOK-SUA");
            Assert.Equal(NewSecret, secrets.Unprotect(hook.ProtectedSecret));
            Assert.True(await WebhookOutbox.AddAsync(db, WebhookEvents.TaskOverdue, hook.OwnerUnitId, new { uid = "thu-xoa" }) >= 1);
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync(new Uri("/api/v1/webhooks/WEB-HOOK-SUA", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("WEB-HOOK-SUA", (await GetAsync(office, "/api/v1/webhooks")).Text, StringComparison.Ordinal);
        var retired = Items(await GetOkAsync(office, "/api/v1/webhooks?retired=true")).Single(w => Str(w, "code") == "WEB-HOOK-SUA");
        Assert.Equal(System.Text.Json.JsonValueKind.String, retired.GetProperty("retiredAt").ValueKind);
        var log = Assert.Single(Items(await GetOkAsync(office, "/api/v1/webhooks/WEB-HOOK-SUA/deliveries")));
        Assert.Equal("failed", Str(log, "status"));
        Assert.Contains("deleted", Str(log, "lastError"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PutAsJsonAsync("/api/v1/webhooks/WEB-HOOK-SUA", new { name = "Hồi sinh" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.PostAsync("/api/v1/webhooks/WEB-HOOK-SUA/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await office.DeleteAsync(new Uri("/api/v1/webhooks/WEB-HOOK-SUA", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PostAsJsonAsync("/api/v1/webhooks", new
        {
            code = "WEB-HOOK-SUA", name = "Lại", url = "https://kho.example.vn/hook", events = new[] { WebhookEvents.TaskOverdue },
        })).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var hook = await db.Set<Webhook>().AsNoTracking().SingleAsync(w => w.Code == "WEB-HOOK-SUA");
            Assert.Equal(string.Empty, hook.ProtectedSecret);

            // Nothing new is queued for it.
            await WebhookOutbox.AddAsync(db, WebhookEvents.TaskOverdue, hook.OwnerUnitId, new { uid = "sau-xoa" });
            Assert.DoesNotContain(db.ChangeTracker.Entries<WebhookDelivery>(), e => e.Entity.WebhookId == hook.Id);
            db.ChangeTracker.Clear();
            var id = hook.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var audited = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "Webhook" && a.Key == id).ToListAsync();
            Assert.True(audited.Count >= 4, $"{audited.Count} audit entries"); // create, change, new secret (when, not what), delete
            Assert.Contains(audited, a => a.After?.Contains("SecretSetAt", StringComparison.Ordinal) == true && a.Before?.Contains("SecretSetAt", StringComparison.Ordinal) == true);
            Assert.All(audited, a => Assert.DoesNotContain("ProtectedSecret", (a.Before ?? string.Empty) + a.After, StringComparison.Ordinal));
            Assert.All(audited, a => Assert.DoesNotContain(NewSecret, (a.Before ?? string.Empty) + a.After, StringComparison.Ordinal));
            Assert.Contains(audited, a => a.After?.Contains("hook-moi", StringComparison.Ordinal) == true);
            Assert.Contains(audited, a => a.After?.Contains("RetiredAt", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task ThePage_ChangesPausesAndDeletesAWebhook_InVietnamese_AndAProvinceWithoutWebhooksSaysSo()
    {
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var created = await ReadAsync(await office.PostAsJsonAsync("/api/v1/webhooks", new
        {
            code = "WEB-HOOK-TRANG-SUA", name = "Nhận trang", url = "https://nhan.example.vn/hook", events = new[] { WebhookEvents.PublicationPublished },
        }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        await app.CreateUserAsync("t.cds.webhook.sua", Roles.DxOffice, DemoUnits.Province);
        var page = await app.SignInAsync("t.cds.webhook.sua", LodestarFactory.UserPassword);
        const string Url = "/webhooks?code=WEB-HOOK-TRANG-SUA";

        var html = await Html.GetPageAsync(page, Url);
        Assert.Equal("https://nhan.example.vn/hook", html.QuerySelector("#e-url")!.GetAttribute("value"));
        var published = (AngleSharp.Html.Dom.IHtmlInputElement)html.QuerySelector("input[name='Edit.PublicationPublished']")!;
        Assert.True(published.IsChecked);
        published.IsChecked = false;
        using (var bad = await Html.SubmitAsync(page, Html.FormNamed(html, "edit"), Url, new Dictionary<string, string>
        {
            ["Edit.Name"] = "Nhận trang", ["Edit.Url"] = "https://nhan.example.vn/hook", ["Edit.Secret"] = "",
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Sự kiện: chọn ít nhất một", Html.Text((await Html.ParseAsync(bad)).QuerySelector("[role=alert]")!), StringComparison.Ordinal);
        }

        using (var saved = await Html.SubmitAsync(page, Html.FormNamed(html, "edit"), Url, new Dictionary<string, string>
        {
            ["Edit.Name"] = "Nhận trang đã sửa", ["Edit.Url"] = "https://nhan.example.vn/hook-2", ["Edit.TaskOverdue"] = "true", ["Edit.Secret"] = "",
        }))
        {
            var done = await Html.ParseAsync(saved);
            Assert.Contains("Đã lưu thay đổi của webhook", Html.Text(done.GetElementById("done")!), StringComparison.Ordinal);
        }

        var hook = Items(await GetOkAsync(office, "/api/v1/webhooks")).Single(w => Str(w, "code") == "WEB-HOOK-TRANG-SUA");
        Assert.Equal(("Nhận trang đã sửa", "https://nhan.example.vn/hook-2"), (Str(hook, "name"), Str(hook, "url")));
        Assert.Equal([WebhookEvents.TaskOverdue], hook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        html = await Html.GetPageAsync(page, Url);
        using (var paused = await Html.SubmitAsync(page, Html.FormNamed(html, "pause"), Url, new Dictionary<string, string>()))
        {
            var done = await Html.ParseAsync(paused);
            Assert.Contains("Đã tạm dừng gửi", Html.Text(done.GetElementById("done")!), StringComparison.Ordinal);
            Assert.Contains("đang tạm dừng", done.Body!.TextContent, StringComparison.Ordinal);
        }

        html = await Html.GetPageAsync(page, Url);
        using (var resumed = await Html.SubmitAsync(page, Html.FormNamed(html, "pause"), Url, new Dictionary<string, string>()))
        {
            Assert.Contains("Đã tiếp tục gửi", Html.Text((await Html.ParseAsync(resumed)).GetElementById("done")!), StringComparison.Ordinal);
        }

        html = await Html.GetPageAsync(page, Url);
        using (var deleted = await Html.SubmitAsync(page, Html.FormNamed(html, "delete"), Url, new Dictionary<string, string> { ["confirm"] = "yes" }))
        {
            var done = await Html.ParseAsync(deleted);
            Assert.Contains("Đã xoá webhook WEB-HOOK-TRANG-SUA", Html.Text(done.GetElementById("done")!), StringComparison.Ordinal);
            Assert.NotNull(done.GetElementById("retired"));
            Assert.Null(done.GetElementById("manage"));
        }

        Assert.DoesNotContain("WEB-HOOK-TRANG-SUA", (await GetAsync(office, "/api/v1/webhooks")).Text, StringComparison.Ordinal);

        // A province none of whose webhooks exist: the table says so.
        await app.CreateUserAsync("t.cds.chua.webhook", Roles.DxOffice, DemoUnits.OtherProvince);
        var empty = await Html.GetPageAsync(await app.SignInAsync("t.cds.chua.webhook", LodestarFactory.UserPassword), "/webhooks");
        Assert.Contains("Chưa có webhook nào", Html.Text(empty.GetElementById("no-webhooks")!), StringComparison.Ordinal);
    }
}
