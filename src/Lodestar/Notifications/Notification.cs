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

    /// <summary>What it is about: the user's choice for the kind decides whether and when it is e-mailed.</summary>
    public NoticeKind Kind { get; set; }

    public required string TextVi { get; set; }

    public required string TextEn { get; set; }

    public string? Link { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }

    /// <summary>When it went out by e-mail (at once or in a daily summary); null while it waits, or when its kind is in-app only.</summary>
    public DateTime? MailedAt { get; set; }

    /// <summary>How many notices of one kind this one stands for (WorkNotices groups them while unread); the database gives 1 when none is set.</summary>
    public int Count { get; set; }
}

/// <summary>A user's choice for one kind of notice; a kind without one follows <see cref="NoticeKindInfo.Default"/>.</summary>
public sealed class NotificationPreference
{
    public int UserId { get; set; }

    public NoticeKind Kind { get; set; }

    public NoticeDelivery Delivery { get; set; }
}

/// <summary>
/// That a one-time notice (its key, e.g. <c>report-overdue:CDS-XA:20.X1:2026Q2</c>) has reached an account, alone or
/// folded with others into one notification: the daily jobs check it so that a second run tells nobody twice.
/// </summary>
public sealed class NoticeMark : Common.IAppendOnly
{
    public int UserId { get; set; }

    public required string Key { get; set; }

    public DateTime CreatedAt { get; set; }
}
