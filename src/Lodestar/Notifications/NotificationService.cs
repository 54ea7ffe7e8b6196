using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Notifications;

public sealed record NotificationItem(int Id, string Text, string? Link, DateTime CreatedAt, bool Read);

/// <summary>An account's in-app inbox.</summary>
public sealed class NotificationService(LodestarDbContext db, TimeProvider clock)
{
    public Task<int> UnreadCountAsync(int userId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    public async Task<List<NotificationItem>> ListAsync(int userId, bool english, int take = 200, CancellationToken ct = default)
    {
        var rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take)
            .Select(n => new { n.Id, n.TextVi, n.TextEn, n.Link, n.CreatedAt, n.ReadAt })
            .ToListAsync(ct);
        return rows.Select(n => new NotificationItem(n.Id, english ? n.TextEn : n.TextVi, n.Link, n.CreatedAt, n.ReadAt is not null)).ToList();
    }

    public async Task MarkAllReadAsync(int userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await foreach (var n in db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).AsAsyncEnumerable().WithCancellation(ct))
        {
            n.ReadAt = now;
        }

        await db.SaveChangesAsync(ct);
    }
}
