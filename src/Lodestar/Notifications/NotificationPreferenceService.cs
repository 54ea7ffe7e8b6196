using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Notifications;

/// <summary>One kind as a user has it: the kind (name, what it covers, default) and his choice.</summary>
public sealed record PreferenceItem(NoticeKindInfo Kind, NoticeDelivery Delivery);

/// <summary>A choice as a form or the API sends it: codes, checked by <see cref="NotificationPreferenceService.SetAsync"/>.</summary>
public sealed record PreferenceChange(string? Kind, string? Delivery);

/// <summary>
/// Each user's choice per kind of notice (README.md): in the app only, e-mail at once, or the daily summary. Only choices
/// that differ from a kind's default are stored, so a kind follows a changed default until its user picks otherwise.
/// </summary>
public sealed class NotificationPreferenceService(LodestarDbContext db)
{
    public async Task<List<PreferenceItem>> ListAsync(int userId, CancellationToken ct = default)
    {
        var choice = await ChoicesAsync(db, [userId], ct);
        return NoticeKinds.All.Select(k => new PreferenceItem(k, choice(userId, k.Kind))).ToList();
    }

    /// <summary>Sets the choice of each kind named (the others keep theirs), or nothing when one is wrong: each problem names its item and field.</summary>
    public async Task<Outcome<List<PreferenceItem>>> SetAsync(int userId, IReadOnlyList<PreferenceChange>? changes, CancellationToken ct = default)
    {
        if (changes is null)
        {
            return Outcome<List<PreferenceItem>>.Fail("items", "Gửi danh sách lựa chọn { kind, delivery }.", "Send the list of choices { kind, delivery }.");
        }

        var problems = new List<Problem>();
        var chosen = new Dictionary<NoticeKind, NoticeDelivery>();
        for (var i = 0; i < changes.Count; i++)
        {
            var (kindCode, deliveryCode) = (changes[i].Kind, changes[i].Delivery);
            var kind = ApiCodes.Parse<NoticeKind>(kindCode);
            var delivery = ApiCodes.Parse<NoticeDelivery>(deliveryCode);
            if (kind is null)
            {
                problems.Add(new Problem($"items[{i}].kind", new Msg($"Không có loại thông báo '{kindCode}'; các loại: {ApiCodes.Codes<NoticeKind>()}.",
                    $"There is no notification kind '{kindCode}'; the kinds are: {ApiCodes.Codes<NoticeKind>()}.")));
            }
            else if (!chosen.TryAdd(kind.Value, delivery ?? default))
            {
                problems.Add(new Problem($"items[{i}].kind", new Msg($"Loại thông báo '{kindCode}' được chọn hai lần.", $"The notification kind '{kindCode}' is chosen twice.")));
            }

            if (delivery is null)
            {
                problems.Add(new Problem($"items[{i}].delivery", new Msg($"Cách nhận '{deliveryCode}' không hợp lệ; chọn một trong: {ApiCodes.Codes<NoticeDelivery>()}.",
                    $"'{deliveryCode}' is no way to receive notices; choose one of: {ApiCodes.Codes<NoticeDelivery>()}.")));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<List<PreferenceItem>>.Fail(problems);
        }

        var stored = await db.NotificationPreferences.Where(p => p.UserId == userId).ToListAsync(ct);
        foreach (var (kind, delivery) in chosen)
        {
            var row = stored.Find(p => p.Kind == kind);
            if (delivery == NoticeKinds.Of(kind).Default)
            {
                if (row is not null)
                {
                    db.NotificationPreferences.Remove(row);
                }
            }
            else if (row is null)
            {
                db.NotificationPreferences.Add(new NotificationPreference { UserId = userId, Kind = kind, Delivery = delivery });
            }
            else
            {
                row.Delivery = delivery;
            }
        }

        await db.SaveChangesAsync(ct);
        return Outcome<List<PreferenceItem>>.Ok(await ListAsync(userId, ct));
    }

    /// <summary>The choice of each of the users for each kind, defaults filled in: what the mail runs ask before sending.</summary>
    public static async Task<Func<int, NoticeKind, NoticeDelivery>> ChoicesAsync(LodestarDbContext db, IReadOnlyCollection<int> userIds, CancellationToken ct)
    {
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => (p.UserId, p.Kind), p => p.Delivery, ct);
        return (user, kind) => stored.TryGetValue((user, kind), out var delivery) ? delivery : NoticeKinds.Of(kind).Default;
    }
}
