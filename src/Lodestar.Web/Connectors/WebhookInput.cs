using Lodestar.Connectors;

namespace Lodestar.Web.Connectors;

/// <summary>What the create and the edit form of /webhooks post.</summary>
public sealed class WebhookInput
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Url { get; set; }

    /// <summary>The edit form's new signing secret; empty keeps the stored one.</summary>
    public string? Secret { get; set; }

    public bool ReportApproved { get; set; }
    public bool PublicationPublished { get; set; }
    public bool TaskOverdue { get; set; }

    public static WebhookInput Of(WebhookItem hook) => new()
    {
        Name = hook.Name, Url = hook.Url,
        ReportApproved = hook.Events.Contains(WebhookEvents.ReportApproved), PublicationPublished = hook.Events.Contains(WebhookEvents.PublicationPublished),
        TaskOverdue = hook.Events.Contains(WebhookEvents.TaskOverdue),
    };

    public List<string> Events() =>
        [.. new[] { (ReportApproved, WebhookEvents.ReportApproved), (PublicationPublished, WebhookEvents.PublicationPublished), (TaskOverdue, WebhookEvents.TaskOverdue) }
            .Where(e => e.Item1).Select(e => e.Item2)];
}
