using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.Operations;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Connectors;

/// <summary>
/// Posts the outbox's due deliveries (README.md "Webhooks"), holding the lease "webhooks" so one instance sends: the JSON
/// body as stored, signed with HMAC-SHA256 of the raw body with the webhook's secret (X-Lodestar-Signature: sha256=hex).
/// A 2xx answer delivers it; anything else (another status, a timeout, a refused connection) tries it again after 1 min,
/// 5 min, 30 min, 2 h and 12 h, then marks it failed and tells the DX office of the webhook's province. The client is the
/// connectors' (<see cref="ConnectorHttp"/>): a receiver on this machine or link-local is refused unless LODESTAR_CONNECTOR_LOCAL.
/// </summary>
public sealed class WebhookSender(LodestarDbContext db, IConnectorSecrets secrets, ConnectorHttp http, TimeProvider clock)
{
    public const string Lease = "webhooks";

    /// <summary>The waits after the 1st, 2nd … failed try; after the last one the delivery fails.</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    public static int MaxAttempts => Backoff.Count + 1;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const int Batch = 100;

    /// <summary>The header value of the signature: "sha256=" and the lower-case hex HMAC-SHA256 of the body with the secret (its UTF-8 bytes).</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Sends the due deliveries; answers how many were tried (0 when another instance holds the lease).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var tried = 0;
        await JobLease.RunAsync(db, Lease, TimeSpan.FromMinutes(30), async () => tried = await SendHeldAsync(ct), ct);
        return tried;
    }

    private async Task<int> SendHeldAsync(CancellationToken ct)
    {
        var now = db.UtcNow;
        var due = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
            .Join(db.Set<Webhook>().Where(w => !w.Paused && w.RetiredAt == null), d => d.WebhookId, w => w.Id, (d, w) => new { d, w })
            .OrderBy(x => x.d.NextAttemptAt).ThenBy(x => x.d.Id).Take(Batch).ToListAsync(ct);
        foreach (var x in due)
        {
            await SendAsync(x.w, x.d, ct);
        }

        return due.Count;
    }

    private async Task SendAsync(Webhook hook, WebhookDelivery delivery, CancellationToken ct)
    {
        int? status = null;
        string? error = null;
        if (secrets.Unprotect(hook.ProtectedSecret) is not { } secret)
        {
            error = "The signing secret cannot be read (data-protection keys lost): create the webhook again.";
        }
        else
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Lodestar-Event", delivery.Event);
                request.Headers.Add("X-Lodestar-Delivery", delivery.Uid);
                request.Headers.Add("X-Lodestar-Signature", Sign(secret, delivery.Payload));
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Lodestar-Webhooks", "1"));
                using var timeout = new CancellationTokenSource(Timeout, clock);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {status} {response.ReasonPhrase}";
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"No answer within {Timeout.TotalSeconds:0} s";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
            {
                // A refused connection, a receiver on loopback not allowed, a URL the client refuses: a failed try, not a stuck round.
                error = e.Message;
            }
        }

        var now = db.UtcNow;
        var attempts = delivery.Attempts + 1;
        var id = delivery.Id;
        if (error is null)
        {
            await db.Set<WebhookDelivery>().Where(d => d.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered).SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, (DateTime?)null)
                .SetProperty(d => d.LastStatusCode, status).SetProperty(d => d.LastError, (string?)null).SetProperty(d => d.LastAttemptAt, now)
                .SetProperty(d => d.DeliveredAt, now), ct);
            return;
        }

        error = error.Length > 2000 ? error[..2000] : error;
        var failed = attempts >= MaxAttempts;
        DateTime? next = failed ? null : now + Backoff[attempts - 1];
        await db.Set<WebhookDelivery>().Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, failed ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending).SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.LastStatusCode, status).SetProperty(d => d.LastError, error)
            .SetProperty(d => d.LastAttemptAt, now), ct);
        if (failed)
        {
            await NotifyAsync(hook, delivery, error, ct);
        }
    }

    /// <summary>Tells the DX office accounts of the webhook's unit and above that a delivery failed for good (notice kind connector-failed).</summary>
    private async Task NotifyAsync(Webhook hook, WebhookDelivery delivery, string error, CancellationToken ct)
    {
        var office = await WorkNotices.DxOfficeAsync(db, hook.OwnerUnitId, Dates.Today(clock), alsoOfTheUnit: true, ct);
        foreach (var userId in office)
        {
            WorkNotices.Add(db, userId, NoticeKind.ConnectorFailed, $"webhook-delivery:{delivery.Uid}",
                new Msg($"Webhook {hook.Name} ({hook.Code}) không gửi được sự kiện {delivery.Event} sau {MaxAttempts} lần thử: {error}",
                    $"Webhook {hook.Name} ({hook.Code}) could not deliver event {delivery.Event} after {MaxAttempts} tries: {error}"),
                $"/webhooks?code={Uri.EscapeDataString(hook.Code)}");
        }

        await db.SaveChangesAsync(ct);
    }
}
