using Lodestar.Common;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Connectors;

/// <summary>The events a webhook may subscribe to (README.md "Webhooks").</summary>
public static class WebhookEvents
{
    public const string ReportApproved = "report.approved";
    public const string PublicationPublished = "publication.published";
    public const string TaskOverdue = "task.overdue";

    public static readonly IReadOnlyList<string> All = [ReportApproved, PublicationPublished, TaskOverdue];
}

/// <summary>How a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not sent yet, or to be tried again at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every try failed; no more tries.</summary>
    Failed,
}

/// <summary>
/// A URL of another system told of events of a province (README.md "Webhooks"): a signed POST (HMAC-SHA256 of the body
/// with <see cref="ProtectedSecret"/>) per event it subscribes to, sent by the outbox (<see cref="WebhookDelivery"/>).
/// </summary>
public sealed class Webhook : ITracked
{
    public int Id { get; set; }

    /// <summary>The stable code in URLs.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string Url { get; set; }

    /// <summary>The events subscribed, comma-separated (<see cref="WebhookEvents"/>).</summary>
    public required string Events { get; set; }

    /// <summary>The signing secret, encrypted by the host's data protection (<see cref="IConnectorSecrets"/>); shown once, when created.</summary>
    public string ProtectedSecret { get; set; } = string.Empty;

    /// <summary>When the signing secret was made or last changed: the audit trail records this, never the secret.</summary>
    public DateTime? SecretSetAt { get; set; }

    /// <summary>Paused: no new deliveries are queued for it, and those already queued wait until it is resumed.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// Deleted: retired rather than removed, as a connector is — no new deliveries, nothing more sent, its secret dropped;
    /// its delivery log and its code stay (the code is not reused, so a receiver's X-Lodestar-Delivery log keeps one meaning).
    /// </summary>
    public DateTime? RetiredAt { get; set; }

    /// <summary>The province (or unit) whose events it hears: events of units inside its subtree.</summary>
    public int OwnerUnitId { get; set; }

    public OrgUnit OwnerUnit { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public bool Subscribes(string eventName) => Events.Split(',').Contains(eventName, StringComparer.Ordinal);
}

/// <summary>
/// One event to deliver to one webhook (the outbox): written in the transaction of the change it tells of, then sent and
/// retried by <see cref="WebhookSender"/>, which alone changes it (one statement per try, outside the audited tracking).
/// </summary>
public sealed class WebhookDelivery : IAppendOnly
{
    public long Id { get; set; }

    /// <summary>The delivery's id as the receiver sees it (X-Lodestar-Delivery, the body's id): the same on every retry.</summary>
    public required string Uid { get; set; }

    public int WebhookId { get; set; }

    public required string Event { get; set; }

    /// <summary>The exact JSON body posted (and signed): { id, event, occurredAt, data }.</summary>
    public required string Payload { get; set; }

    public DateTime OccurredAt { get; set; }

    public WebhookDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the sender tries next (UTC); null once delivered or failed.</summary>
    public DateTime? NextAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("Webhooks");
        b.HasIndex(w => w.Code).IsUnique();
        b.Property(w => w.Code).HasMaxLength(64);
        b.Property(w => w.Name).HasMaxLength(200);
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Events).HasMaxLength(200);
        b.HasOne(w => w.OwnerUnit).WithMany().HasForeignKey(w => w.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("WebhookDeliveries");
        b.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.Uid).IsUnique();
        b.Property(d => d.Uid).HasMaxLength(36);
        b.Property(d => d.Event).HasMaxLength(64);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(2000);
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.WebhookId, d.Id });
    }
}
