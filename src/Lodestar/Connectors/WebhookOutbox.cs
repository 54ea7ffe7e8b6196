using System.Text.Json;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Connectors;

/// <summary>
/// The outbox of webhooks (README.md "Webhooks"): the code that makes a change (a report approved, a publication, a task
/// found overdue) adds the deliveries to the same context before its SaveChanges, so they are written in the change's
/// own transaction: a change rolled back sends nothing, a change saved is never lost. <see cref="WebhookSender"/> posts them.
/// </summary>
public static class WebhookOutbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new ApiCodeJsonConverter() } };

    /// <summary>
    /// Queues <paramref name="eventName"/> for every active webhook subscribed to it whose province holds the unit
    /// <paramref name="unitId"/> (null: a national item, told to every subscribed webhook). Answers how many were queued.
    /// </summary>
    public static async Task<int> AddAsync(LodestarDbContext db, string eventName, int? unitId, object data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        // One cheap query when nobody listens, which is the common case.
        var hooks = await db.Set<Webhook>().AsNoTracking().Where(w => !w.Paused && w.RetiredAt == null && w.Events.Contains(eventName)).Select(w => new { w.Id, w.Events, w.OwnerUnitId }).ToListAsync(ct);
        hooks = hooks.Where(h => h.Events.Split(',').Contains(eventName, StringComparer.Ordinal)).ToList();
        if (hooks.Count == 0)
        {
            return 0;
        }

        HashSet<int>? within = null;
        if (unitId is { } unit)
        {
            within = [.. await new OrgUnits.OrgUnitQueries(db).AncestorIdsAsync(unit, db.Today, ct), unit];
        }

        var now = db.UtcNow;
        var queued = 0;
        foreach (var hook in hooks.Where(h => within is null || within.Contains(h.OwnerUnitId)))
        {
            var uid = Guid.NewGuid().ToString();
            db.Add(new WebhookDelivery
            {
                Uid = uid, WebhookId = hook.Id, Event = eventName, OccurredAt = now, Status = WebhookDeliveryStatus.Pending, NextAttemptAt = now,
                Payload = JsonSerializer.Serialize(new { id = uid, @event = eventName, occurredAt = now, data }, Json),
            });
            queued++;
        }

        return queued;
    }
}
