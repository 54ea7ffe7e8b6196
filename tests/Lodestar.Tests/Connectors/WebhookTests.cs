using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Connectors;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Connectors;

/// <summary>
/// Issue 19 item 5: webhooks out against a real HTTP receiver on loopback, on each provider: the receiver verifies the
/// HMAC signature, a 500 is tried again after the backoff and then delivered, the last failure fails the delivery, scope and
/// pause decide who hears an event, and a rolled-back change sends nothing (the outbox is written in its transaction).
/// </summary>
#pragma warning disable CA1001 // xUnit disposes the receiver through IAsyncLifetime.DisposeAsync, with the database
public sealed class WebhookTests : DatabaseTest, IAsyncLifetime
#pragma warning restore CA1001
{
    private SourceServer _receiver = null!;

    private OrgUnit _province = null!;

    private OrgUnit _commune = null!;

    private OrgUnit _otherCommune = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _receiver = new SourceServer();
        await using var db = Database.Context();
        _province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
        _commune = await db.AddUnitAsync("06001", OrgUnitLevel.Commune, _province);
        var other = await db.AddUnitAsync("01", OrgUnitLevel.Province);
        _otherCommune = await db.AddUnitAsync("00004", OrgUnitLevel.Commune, other);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await DisposeAsync();
    }

    private static readonly ConnectorOptions Local = new() { AllowLocal = true };

    private static WebhookService Service(LodestarDbContext db, ConnectorOptions? options = null)
    {
        var units = new OrgUnitQueries(db);
        return new WebhookService(db, units, new AccessScope(units, Lodestar.Testing.TestTime.Clock), new ConnectorRunnerTests.TestSecrets(), options ?? Local, Lodestar.Testing.TestTime.Clock);
    }

    private static WebhookSender Sender(LodestarDbContext db, ConnectorHttp http) =>
        new(db, new ConnectorRunnerTests.TestSecrets(), http, Lodestar.Testing.TestTime.Clock);

    private async Task<string> CreateAsync(LodestarDbContext db, string code, string path, params string[] events)
    {
        var (access, outcome) = await Service(db).CreateAsync(new NewWebhook(code, "Cổng dữ liệu tỉnh", _receiver.Url(path), events), ConnectorRunnerTests.Office(_province.Id));
        Assert.Equal(ConnectorAccess.Allowed, access);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}")));
        Assert.StartsWith("whsec_", outcome.Value!.Secret, StringComparison.Ordinal);
        return outcome.Value.Secret;
    }

    /// <summary>What a receiver does (README.md "Webhooks"): HMAC-SHA256 of the raw body with the secret, compared in constant time.</summary>
    private static bool Verified(string secret, byte[] body, string? header)
    {
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return header is not null && CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header));
    }

    /// <summary>Lets the clock seem to have moved on: every pending delivery is due now.</summary>
    private static Task<int> MakeDueAsync(LodestarDbContext db) =>
        db.Set<WebhookDelivery>().Where(d => d.Status == WebhookDeliveryStatus.Pending).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, db.UtcNow));

    [Fact]
    public async Task ASignedPost_VerifiedByTheReceiver_A500IsTriedAgainAfterTheBackoff_ThenDelivered()
    {
        var verified = new List<bool>();
        var ids = new List<string?>();
        string? eventHeader = null;
        JsonElement? body = null;
        string secret = null!;
        _receiver.On("/hook", async (hit, request, response) =>
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            lock (verified)
            {
                verified.Add(Verified(secret, buffer.ToArray(), request.Headers["X-Lodestar-Signature"]));
                ids.Add(request.Headers["X-Lodestar-Delivery"]);
            }

            eventHeader = request.Headers["X-Lodestar-Event"];
            body = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
            await SourceServer.WriteAsync(response, hit == 1 ? 500 : 200, "ok");
        });
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        secret = await CreateAsync(db, "CONG-DL", "/hook", WebhookEvents.ReportApproved);

        Assert.Equal(1, await WebhookOutbox.AddAsync(db, WebhookEvents.ReportApproved, _commune.Id, new { form = "BM01", unit = "06001", period = "2026Q1" }));
        await db.SaveChangesAsync();

        Assert.Equal(1, await Sender(db, http).SendDueAsync());
        var delivery = await db.Set<WebhookDelivery>().AsNoTracking().SingleAsync();
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(500, delivery.LastStatusCode);
        Assert.Equal(delivery.LastAttemptAt + TimeSpan.FromMinutes(1), delivery.NextAttemptAt);

        // Not due yet: nothing is sent before the backoff is over.
        Assert.Equal(0, await Sender(db, http).SendDueAsync());

        await MakeDueAsync(db);
        Assert.Equal(1, await Sender(db, http).SendDueAsync());
        delivery = await db.Set<WebhookDelivery>().AsNoTracking().SingleAsync();
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(delivery.LastAttemptAt, delivery.DeliveredAt);

        Assert.Equal([true, true], verified);
        Assert.Equal([delivery.Uid, delivery.Uid], ids);
        Assert.Equal(WebhookEvents.ReportApproved, eventHeader);
        Assert.Equal(delivery.Uid, body!.Value.GetProperty("id").GetString());
        Assert.Equal(WebhookEvents.ReportApproved, body.Value.GetProperty("event").GetString());
        Assert.Equal("06001", body.Value.GetProperty("data").GetProperty("unit").GetString());

        // A wrong secret does not verify (the receiver's check means something).
        Assert.False(Verified(secret + "x", Encoding.UTF8.GetBytes(delivery.Payload), WebhookSender.Sign(secret, delivery.Payload)));
        Assert.True(Verified(secret, Encoding.UTF8.GetBytes(delivery.Payload), WebhookSender.Sign(secret, delivery.Payload)));
    }

    [Fact]
    public async Task AReceiverThatNeverAccepts_FailsTheDeliveryAfterTheLastTry()
    {
        _receiver.On("/down", (_, _, response) => SourceServer.WriteAsync(response, 503, "down"));
        using var http = new ConnectorHttp(Local);
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        await CreateAsync(db, "DOWN", "/down", WebhookEvents.TaskOverdue);
        await WebhookOutbox.AddAsync(db, WebhookEvents.TaskOverdue, _commune.Id, new { uid = "t1" });
        await db.SaveChangesAsync();

        for (var i = 0; i < WebhookSender.MaxAttempts; i++)
        {
            await MakeDueAsync(db);
            Assert.Equal(1, await Sender(db, http).SendDueAsync());
        }

        var delivery = await db.Set<WebhookDelivery>().AsNoTracking().SingleAsync();
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(WebhookSender.MaxAttempts, delivery.Attempts);
        Assert.Equal(503, delivery.LastStatusCode);
        Assert.Null(delivery.NextAttemptAt);
        await MakeDueAsync(db);
        Assert.Equal(0, await Sender(db, http).SendDueAsync());
        Assert.Equal(WebhookSender.MaxAttempts, _receiver.Hits("/down"));
    }

    [Fact]
    public async Task OnlySubscribedActiveWebhooksOfTheUnitsProvince_HearAnEvent()
    {
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        await CreateAsync(db, "REPORTS", "/a", WebhookEvents.ReportApproved);
        await CreateAsync(db, "TASKS", "/b", WebhookEvents.TaskOverdue, WebhookEvents.PublicationPublished);

        Assert.Equal(0, await WebhookOutbox.AddAsync(db, WebhookEvents.ReportApproved, _otherCommune.Id, new { }));
        Assert.Equal(1, await WebhookOutbox.AddAsync(db, WebhookEvents.TaskOverdue, _commune.Id, new { }));
        Assert.Equal(2, await WebhookOutbox.AddAsync(db, WebhookEvents.PublicationPublished, null, new { }) + await WebhookOutbox.AddAsync(db, WebhookEvents.ReportApproved, _province.Id, new { }));

        Assert.NotNull((await Service(db).PauseAsync("TASKS", true, ConnectorRunnerTests.Office(_province.Id))).Item);
        Assert.Equal(0, await WebhookOutbox.AddAsync(db, WebhookEvents.TaskOverdue, _commune.Id, new { }));
    }

    [Fact]
    public async Task AChangeRolledBack_QueuesNothing()
    {
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        await CreateAsync(db, "CONG-DL", "/hook", WebhookEvents.ReportApproved);

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.OrgUnits.Single(u => u.Id == _commune.Id).Name = "Xã đổi tên";
            Assert.Equal(1, await WebhookOutbox.AddAsync(db, WebhookEvents.ReportApproved, _commune.Id, new { }));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        Assert.Equal(0, await db.Set<WebhookDelivery>().CountAsync());
    }

    [Fact]
    public async Task TheUrl_IsHttps_OrHttpOnLoopbackWhenLocalIsAllowed()
    {
        await using var db = Database.Context(new NamedActor("cds.tinh"));
        Assert.Null(Service(db, new ConnectorOptions()).UrlProblem("https://hooks.langson.gov.vn/lodestar"));
        Assert.NotNull(Service(db, new ConnectorOptions()).UrlProblem("http://hooks.langson.gov.vn/lodestar"));
        Assert.NotNull(Service(db, new ConnectorOptions()).UrlProblem("http://127.0.0.1:8080/hook"));
        Assert.Null(Service(db, Local).UrlProblem("http://127.0.0.1:8080/hook"));
        Assert.NotNull(Service(db, Local).UrlProblem("ftp://hooks.langson.gov.vn/"));
        Assert.NotNull(Service(db, Local).UrlProblem("https://user:pw@hooks.langson.gov.vn/"));
    }
}
