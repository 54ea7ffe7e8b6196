namespace Lodestar.Notifications;

/// <summary>
/// An in-app message to one account. <see cref="Key"/> is unique per account, so a job that runs twice
/// cannot notify twice.
/// </summary>
public sealed class Notification
{
    public int Id { get; set; }

    public int UserId { get; set; }

    public required string Key { get; set; }

    public required string TextVi { get; set; }

    public required string TextEn { get; set; }

    public string? Link { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }

    /// <summary>How many notices of one kind this one stands for (WorkNotices groups them while unread); the database gives 1 when none is set.</summary>
    public int Count { get; set; }
}
