using System.Security.Claims;
using System.Security.Cryptography;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Connectors;

/// <summary>What the API and the page send to create a webhook.</summary>
public sealed record NewWebhook(string? Code, string? Name, string? Url, IReadOnlyList<string>? Events, string? Scope = null);

/// <summary>
/// What the API and the page send to change a webhook: a field left out (null) keeps its value; a <paramref name="Secret"/>
/// given becomes the signing secret, an empty one keeps the stored one.
/// </summary>
public sealed record WebhookChange(string? Name, string? Url, IReadOnlyList<string>? Events, string? Secret = null);

/// <summary>A webhook as shown: never its secret.</summary>
public sealed record WebhookItem(
    string Code, string Name, string Url, IReadOnlyList<string> Events, bool Paused, string Scope, string ScopeName, DateTime CreatedAt, string CreatedBy,
    int Pending, int Failed, DateTime? RetiredAt = null);

/// <summary>A webhook just created, with its signing secret: the only time the secret is shown.</summary>
public sealed record CreatedWebhook(WebhookItem Webhook, string Secret);

public sealed record WebhookDeliveryItem(
    string Id, string Event, DateTime OccurredAt, WebhookDeliveryStatus Status, int Attempts, DateTime? NextAttemptAt, int? LastStatusCode, string? LastError,
    DateTime? LastAttemptAt, DateTime? DeliveredAt, string Payload);

/// <summary>
/// Webhooks (README.md "Webhooks") for the DX office of a province and administrators, as connectors are: created for a
/// province (the DX office's own, or one an administrator names), listed, changed, paused and deleted (retired) only within
/// the caller's scope.
/// </summary>
public sealed class WebhookService(LodestarDbContext db, OrgUnitQueries units, AccessScope access, IConnectorSecrets secrets, ConnectorOptions options, TimeProvider clock)
{
    public const int MaxDeliveriesListed = 100;

    /// <summary>A secret the DX office chooses: long enough for HMAC-SHA256 to mean something, and typeable.</summary>
    public const int MinSecretLength = 24;

    /// <summary>The webhooks the caller manages; deleted (retired) ones only when asked.</summary>
    public async Task<List<WebhookItem>> ListAsync(ClaimsPrincipal user, bool retired = false, CancellationToken ct = default)
    {
        if (!ConnectorService.MayManage(user))
        {
            return [];
        }

        var query = db.Set<Webhook>().AsNoTracking().Where(w => retired || w.RetiredAt == null);
        if (await access.VisibleIdsAsync(user, Dates.Today(clock), ct) is { } within)
        {
            query = query.Where(w => within.Contains(w.OwnerUnitId));
        }

        var hooks = await query.OrderBy(w => w.Code).Select(w => new { w, w.OwnerUnit.Code, w.OwnerUnit.FullName }).ToListAsync(ct);
        var ids = hooks.Select(h => h.w.Id).ToList();
        var counts = await db.Set<WebhookDelivery>().Where(d => ids.Contains(d.WebhookId) && d.Status != WebhookDeliveryStatus.Delivered)
            .GroupBy(d => new { d.WebhookId, d.Status }).Select(g => new { g.Key.WebhookId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        int Count(int id, WebhookDeliveryStatus status) => counts.FirstOrDefault(c => c.WebhookId == id && c.Status == status)?.Count ?? 0;
        return hooks.Select(h => Item(h.w, h.Code, h.FullName, Count(h.w.Id, WebhookDeliveryStatus.Pending), Count(h.w.Id, WebhookDeliveryStatus.Failed))).ToList();
    }

    /// <summary>The webhook with the code if the caller may manage it; otherwise why not.</summary>
    public async Task<(ConnectorAccess Access, Webhook? Webhook)> FindAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var hook = await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Code == code, ct);
        if (hook is null)
        {
            return (ConnectorAccess.NotFound, null);
        }

        return ConnectorService.MayManage(user) && await access.MayManageAsync(user, hook.OwnerUnitId, Dates.Today(clock), ct)
            ? (ConnectorAccess.Allowed, hook)
            : (ConnectorAccess.Forbidden, null);
    }

    /// <summary>As <see cref="FindAsync"/>, for what changes the webhook: a deleted (retired) one answers <see cref="ConnectorAccess.Retired"/>.</summary>
    public async Task<(ConnectorAccess Access, Webhook? Webhook)> FindActiveAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, hook) = await FindAsync(code, user, ct);
        return hook is { RetiredAt: not null } ? (ConnectorAccess.Retired, null) : (found, hook);
    }

    public async Task<(ConnectorAccess Access, Outcome<CreatedWebhook> Outcome)> CreateAsync(NewWebhook input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ConnectorService.MayManage(user))
        {
            return (ConnectorAccess.Forbidden, Outcome<CreatedWebhook>.Fail("user", "Chỉ Văn phòng chuyển đổi số và quản trị hệ thống quản lý webhook.", "Only the DX office and administrators manage webhooks."));
        }

        var today = Dates.Today(clock);
        var problems = new List<Problem>();
        int? ownerId = null;
        if (!string.IsNullOrWhiteSpace(input.Scope))
        {
            ownerId = (await units.FindAsync(input.Scope.Trim(), today, ct))?.Id;
            if (ownerId is null)
            {
                problems.Add(new Problem("scope", new Msg($"Không có đơn vị mã {Values.ValueRowChecker.Quote(input.Scope)} vào hôm nay.", $"No unit has code {Values.ValueRowChecker.Quote(input.Scope)} today.")));
            }
        }
        else if ((ownerId = AccessScope.ScopeUnitId(user)) is null)
        {
            problems.Add(new Problem("scope", new Msg("Chọn tỉnh (mã đơn vị) mà webhook nhận sự kiện.", "Name the province (unit code) whose events the webhook hears.")));
        }

        if (ownerId is { } owner && !await access.MayManageAsync(user, owner, today, ct))
        {
            return (ConnectorAccess.Forbidden, Outcome<CreatedWebhook>.Fail("scope", "Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", "This unit is outside your account's scope."));
        }

        var code = input.Code?.Trim() ?? string.Empty;
        if (code.Length is 0 or > ConnectorService.MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add(new Problem("code", new Msg("Mã webhook gồm 1–50 chữ cái không dấu, chữ số, '-', '_' hoặc '.'.", "The code is 1–50 ASCII letters, digits, '-', '_' or '.'.")));
        }
        else if (await db.Set<Webhook>().AnyAsync(w => w.Code == code, ct))
        {
            problems.Add(new Problem("code", new Msg($"Đã có webhook mã {code} (mã của webhook đã xoá vẫn được giữ).", $"A webhook with code {code} exists (a deleted webhook keeps its code).")));
        }

        var (name, url, events) = Check(new WebhookChange(input.Name, input.Url, input.Events), null, problems);
        if (problems.Count > 0)
        {
            return (ConnectorAccess.Allowed, Outcome<CreatedWebhook>.Fail(problems));
        }

        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var hook = new Webhook { Code = code, Name = name, Url = url, Events = events, ProtectedSecret = secrets.Protect(secret), SecretSetAt = db.UtcNow, OwnerUnitId = ownerId!.Value };
        db.Add(hook);
        await db.SaveChangesAsync(ct);
        return (ConnectorAccess.Allowed, Outcome<CreatedWebhook>.Ok(new CreatedWebhook(await ItemAsync(hook, ct), secret)));
    }

    /// <summary>
    /// Changes a webhook's name, URL, events or signing secret (audited, the secret never in the trail): a field left out
    /// keeps its value, an empty secret keeps the stored one. Its code and province do not change; a deleted one is not changed.
    /// </summary>
    public async Task<(ConnectorAccess Access, Outcome<WebhookItem> Outcome)> UpdateAsync(string code, WebhookChange input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (found, hook) = await FindActiveAsync(code, user, ct);
        if (hook is null)
        {
            return (found, Outcome<WebhookItem>.Fail("code", $"Không sửa được webhook {code}.", $"Webhook {code} cannot be changed."));
        }

        var problems = new List<Problem>();
        var (name, url, events) = Check(input, hook, problems);
        var secret = input.Secret?.Trim() ?? string.Empty;
        if (secret.Length > 0 && (secret.Length is < MinSecretLength or > 200 || !secret.All(c => c is > ' ' and < '\x7f')))
        {
            problems.Add(new Problem("secret", new Msg($"Khoá ký mới: {MinSecretLength}–200 ký tự ASCII in được, không có khoảng trắng (để trống: giữ khoá cũ).",
                $"New signing secret: {MinSecretLength}–200 printable ASCII characters, no spaces (empty: keep the current one).")));
        }

        if (problems.Count > 0)
        {
            return (ConnectorAccess.Allowed, Outcome<WebhookItem>.Fail(problems));
        }

        (hook.Name, hook.Url, hook.Events) = (name, url, events);
        if (secret.Length > 0)
        {
            hook.ProtectedSecret = secrets.Protect(secret);
            hook.SecretSetAt = db.UtcNow;
        }

        await db.SaveChangesAsync(ct);
        return (ConnectorAccess.Allowed, Outcome<WebhookItem>.Ok(await ItemAsync(hook, ct)));
    }

    /// <summary>The name, URL and events of a new webhook or a change (<paramref name="current"/>: what a field left out keeps), each problem named by its field.</summary>
    private (string Name, string Url, string Events) Check(WebhookChange input, Webhook? current, List<Problem> problems)
    {
        var name = input.Name is null && current is not null ? current.Name : TextFold.Clean(input.Name)?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 200 || TextFold.LooksLikeMarkup(name))
        {
            problems.Add(new Problem("name", new Msg("Đặt tên webhook (1–200 ký tự, văn bản thường).", "Name the webhook (1–200 characters of plain text).")));
        }

        var url = input.Url is null && current is not null ? current.Url : input.Url?.Trim() ?? string.Empty;
        if (UrlProblem(url) is { } urlProblem)
        {
            problems.Add(new Problem("url", urlProblem));
        }

        var events = (input.Events is null && current is not null ? current.Events.Split(',') : input.Events ?? [])
            .Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (events.Count == 0 || events.Any(e => !WebhookEvents.All.Contains(e, StringComparer.Ordinal)))
        {
            var all = string.Join(", ", WebhookEvents.All);
            problems.Add(new Problem("events", new Msg($"Sự kiện: chọn ít nhất một trong {all}.", $"Events: choose at least one of {all}.")));
        }

        return (name, url, string.Join(',', events));
    }

    /// <summary>
    /// A webhook's URL: the connectors' rule (<see cref="ConnectorService.UrlProblem"/>), and https — plain http only to this
    /// machine (loopback) when LODESTAR_CONNECTOR_LOCAL allows sending there (the tests' receivers).
    /// </summary>
    public Msg? UrlProblem(string url) =>
        ConnectorService.UrlProblem(url) ?? (new Uri(url).Scheme == "https" || (options.AllowLocal && new Uri(url).IsLoopback)
            ? null
            : new Msg("Webhook phải gửi tới địa chỉ https (để chữ ký và nội dung không lộ trên đường truyền).", "A webhook must post to an https URL (so its content is not exposed in transit)."));

    /// <summary>Pauses (no new deliveries; queued ones wait) or resumes a webhook.</summary>
    public async Task<(ConnectorAccess Access, WebhookItem? Item)> PauseAsync(string code, bool paused, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, hook) = await FindActiveAsync(code, user, ct);
        if (hook is null)
        {
            return (found, null);
        }

        if (hook.Paused != paused)
        {
            hook.Paused = paused;
            await db.SaveChangesAsync(ct);
        }

        return (ConnectorAccess.Allowed, await ItemAsync(hook, ct));
    }

    /// <summary>
    /// Deletes a webhook by retiring it (audited): nothing more is queued or sent to it and its secret is dropped, but its
    /// delivery log stays readable and its code stays taken. Deliveries still waiting end as failed, saying why.
    /// </summary>
    public async Task<ConnectorAccess> RetireAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, hook) = await FindActiveAsync(code, user, ct);
        if (hook is null)
        {
            return found;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var id = hook.Id;
            await db.Set<WebhookDelivery>().Where(d => d.WebhookId == id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, WebhookDeliveryStatus.Failed).SetProperty(d => d.NextAttemptAt, (DateTime?)null)
                    .SetProperty(d => d.LastError, "Webhook đã bị xoá, không gửi nữa. / The webhook was deleted: not sent."), ct);
            hook.RetiredAt = db.UtcNow;
            hook.ProtectedSecret = string.Empty;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return ConnectorAccess.Allowed;
    }

    /// <summary>The webhook's last deliveries, latest first.</summary>
    public async Task<(ConnectorAccess Access, List<WebhookDeliveryItem> Deliveries)> DeliveriesAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, hook) = await FindAsync(code, user, ct);
        if (hook is null)
        {
            return (found, []);
        }

        var rows = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.WebhookId == hook.Id).OrderByDescending(d => d.Id).Take(MaxDeliveriesListed).ToListAsync(ct);
        return (ConnectorAccess.Allowed, rows.Select(d => new WebhookDeliveryItem(
            d.Uid, d.Event, d.OccurredAt, d.Status, d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.LastAttemptAt, d.DeliveredAt, d.Payload)).ToList());
    }

    private async Task<WebhookItem> ItemAsync(Webhook hook, CancellationToken ct)
    {
        var owner = await db.OrgUnits.AsNoTracking().Where(u => u.Id == hook.OwnerUnitId).Select(u => new { u.Code, u.FullName }).FirstAsync(ct);
        var id = hook.Id;
        var pending = await db.Set<WebhookDelivery>().CountAsync(d => d.WebhookId == id && d.Status == WebhookDeliveryStatus.Pending, ct);
        var failed = await db.Set<WebhookDelivery>().CountAsync(d => d.WebhookId == id && d.Status == WebhookDeliveryStatus.Failed, ct);
        return Item(hook, owner.Code, owner.FullName, pending, failed);
    }

    private static WebhookItem Item(Webhook w, string scope, string scopeName, int pending, int failed) =>
        new(w.Code, w.Name, w.Url, w.Events.Split(','), w.Paused, scope, scopeName, w.CreatedAt, w.CreatedBy, pending, failed, w.RetiredAt);
}
