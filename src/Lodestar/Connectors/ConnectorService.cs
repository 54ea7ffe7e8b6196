using System.Security.Claims;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Connectors;

/// <summary>What the API and the page send to create a connector; <see cref="Secret"/> is kept encrypted and never answered.</summary>
public sealed record NewConnector(
    string? Code, string? Name, string? Kind, string? Url, string? Schedule, string? Auth, string? AuthName, string? Secret,
    ConnectorMapping? Mapping, bool Approve = false, string? Scope = null)
{
    /// <summary>Whether <see cref="Approve"/> was given; an edit that leaves it out keeps the connector's setting (a new connector: false).</summary>
    public bool ApproveSet { get; init; } = true;
}

/// <summary>A connector as it is shown: never its secret, only whether it has one.</summary>
public sealed record ConnectorItem(
    string Code, string Name, ConnectorKind Kind, string Url, string? Schedule, DateTime? NextRunAt, ConnectorAuth Auth, string? AuthName,
    bool HasSecret, ConnectorMapping Mapping, bool Approve, string Scope, string ScopeName, DateTime CreatedAt, string CreatedBy, ConnectorRunItem? LastRun,
    bool Paused = false, DateTime? RetiredAt = null);

/// <summary>One problem of a run: the source's row (null for the whole answer) and the target field.</summary>
public sealed record RunProblem(int? Row, string? Field, Msg Message);

public sealed record ConnectorRunItem(
    long Id, ConnectorRunStatus Status, DateTime StartedAt, DateTime FinishedAt, int DurationMs, string By, int Attempts, int? HttpStatus,
    int Read, int Created, int Updated, int Unchanged, int Refused, IReadOnlyList<RunProblem> Problems);

/// <summary>How a request about connectors ended when it did not simply succeed.</summary>
public enum ConnectorAccess
{
    Allowed,
    Forbidden,
    NotFound,

    /// <summary>The connector was deleted (retired): its runs stay readable, but it is not changed or run any more.</summary>
    Retired,
}

/// <summary>A value's source: the connector that pulled its number (<see cref="ConnectorService.PulledAsync"/>) and when its run stored it.</summary>
public sealed record PulledValue(string Code, string Name, DateTime At);

/// <summary>
/// Connectors for the DX office and administrators (README.md): created for a province (the DX office's own, or one an
/// administrator names), listed and run only within the caller's scope. The secret is encrypted at once and never shown.
/// </summary>
public sealed class ConnectorService(LodestarDbContext db, OrgUnitQueries units, AccessScope access, IConnectorSecrets secrets, TimeProvider clock)
{
    public const int MaxRunsListed = 100;

    /// <summary>A code fits the lease of its runs ("connector:" + code, 64 characters at most).</summary>
    public const int MaxCodeLength = 50;

    /// <summary>The DX office and administrators manage connectors.</summary>
    public static bool MayManage(ClaimsPrincipal user) => AccessScope.CanEditOrganisation(user);

    /// <summary>The connectors the caller manages; deleted (retired) ones only when asked.</summary>
    public async Task<List<ConnectorItem>> ListAsync(ClaimsPrincipal user, bool retired = false, CancellationToken ct = default)
    {
        if (!MayManage(user))
        {
            return [];
        }

        var query = db.Set<Connector>().AsNoTracking().Where(c => retired || c.RetiredAt == null);
        if (await access.VisibleIdsAsync(user, Dates.Today(clock), ct) is { } within)
        {
            query = query.Where(c => within.Contains(c.OwnerUnitId));
        }

        var connectors = await query.OrderBy(c => c.Code).Select(c => new { c, c.OwnerUnit.Code, c.OwnerUnit.FullName }).ToListAsync(ct);
        var ids = connectors.Select(c => c.c.Id).ToList();
        var lastIds = await db.Set<ConnectorRun>().Where(r => ids.Contains(r.ConnectorId)).GroupBy(r => r.ConnectorId).Select(g => g.Max(r => r.Id)).ToListAsync(ct);
        var last = (await db.Set<ConnectorRun>().AsNoTracking().Where(r => lastIds.Contains(r.Id)).ToListAsync(ct)).ToDictionary(r => r.ConnectorId, Item);
        return connectors.Select(x => Item(x.c, x.Code, x.FullName, last.GetValueOrDefault(x.c.Id))).ToList();
    }

    /// <summary>The connector with the code if the caller may manage it; otherwise why not.</summary>
    public async Task<(ConnectorAccess Access, Connector? Connector)> FindAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var connector = await db.Set<Connector>().FirstOrDefaultAsync(c => c.Code == code, ct);
        if (connector is null)
        {
            return (ConnectorAccess.NotFound, null);
        }

        return MayManage(user) && await access.MayManageAsync(user, connector.OwnerUnitId, Dates.Today(clock), ct)
            ? (ConnectorAccess.Allowed, connector)
            : (ConnectorAccess.Forbidden, null);
    }

    /// <summary>As <see cref="FindAsync"/>, for what changes or runs the connector: a deleted (retired) one answers <see cref="ConnectorAccess.Retired"/>.</summary>
    public async Task<(ConnectorAccess Access, Connector? Connector)> FindActiveAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindAsync(code, user, ct);
        return connector is { RetiredAt: not null } ? (ConnectorAccess.Retired, null) : (found, connector);
    }

    public async Task<(ConnectorAccess Access, List<ConnectorRunItem> Runs)> RunsAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindAsync(code, user, ct);
        if (connector is null)
        {
            return (found, []);
        }

        var runs = await db.Set<ConnectorRun>().AsNoTracking().Where(r => r.ConnectorId == connector.Id)
            .OrderByDescending(r => r.Id).Take(MaxRunsListed).ToListAsync(ct);
        return (ConnectorAccess.Allowed, runs.Select(Item).ToList());
    }

    /// <summary>
    /// The connectors among the writers of a value history ("connector:CODE"), each with its name, so a page can say where a
    /// value came from ("nguồn: Hệ thống một cửa"); other writers are not in the answer.
    /// </summary>
    public async Task<Dictionary<string, string>> SourcesAsync(IEnumerable<string> writers, CancellationToken ct = default)
    {
        var codes = writers.Where(w => w.StartsWith(ConnectorRunner.Writer(string.Empty), StringComparison.Ordinal))
            .Select(w => w[ConnectorRunner.Writer(string.Empty).Length..]).Distinct(StringComparer.Ordinal).ToList();
        return codes.Count == 0
            ? []
            : await db.Set<Connector>().AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => ConnectorRunner.Writer(c.Code), c => c.Name, ct);
    }

    /// <summary>
    /// Which of the given cells (unit, period) of the elements hold a number a connector pulled: the latest change of the
    /// cell that set its number (a first entry or a new number, not an approval, which keeps it) was written by a connector.
    /// Each such cell gets the connector's name (a deleted connector's too) and when its run stored the number, so a page
    /// can say "nguồn: Hệ thống một cửa, lấy lúc 14/03/2029 10:00".
    /// </summary>
    public async Task<Dictionary<(int Unit, string Period), PulledValue>> PulledAsync(
        IReadOnlyCollection<int> elementIds, IReadOnlyCollection<int> unitIds, IReadOnlyCollection<string> periods, CancellationToken ct = default)
    {
        if (elementIds.Count == 0 || unitIds.Count == 0 || periods.Count == 0)
        {
            return [];
        }

        var setters = await db.DataValueChanges.AsNoTracking()
            .Where(c => elementIds.Contains(c.DataElementId) && unitIds.Contains(c.OrgUnitId) && periods.Contains(c.Period)
                && (c.OldValue == null || c.NewValue == null || c.OldValue != c.NewValue))
            .Select(c => new { c.Id, c.OrgUnitId, c.Period, c.By, c.At }).ToListAsync(ct);
        var latest = setters.GroupBy(c => (c.OrgUnitId, c.Period)).Select(g => g.MaxBy(c => c.Id)!).ToList();
        var names = await SourcesAsync(latest.Select(c => c.By), ct);
        return latest.Where(c => names.ContainsKey(c.By))
            .ToDictionary(c => (c.OrgUnitId, c.Period), c => new PulledValue(c.By[ConnectorRunner.Writer(string.Empty).Length..], names[c.By], c.At));
    }

    /// <summary>How many values this connector wrote that still wait for approval (the page's approve button).</summary>
    public Task<int> WaitingAsync(Connector connector, CancellationToken ct = default) =>
        db.DataValues.CountAsync(v => !v.Approved && v.UpdatedBy == ConnectorRunner.Writer(connector.Code), ct);

    /// <summary>
    /// The DX office approves what the connector pulled: every value it wrote that still waits (and that nobody changed
    /// since: the last writer is still the connector) counts from now on. Like an approver's entry of a waiting value, each
    /// approval is kept in the value's history with who and when, and joins the change feed.
    /// </summary>
    public async Task<(ConnectorAccess Access, int Approved)> ApproveAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindAsync(code, user, ct);
        if (connector is null)
        {
            return (found, 0);
        }

        var writer = ConnectorRunner.Writer(connector.Code);
        var waiting = await db.DataValues.Where(v => !v.Approved && v.UpdatedBy == writer).ToListAsync(ct);
        var now = db.UtcNow;
        foreach (var value in waiting)
        {
            value.Approved = true;
            db.DataValueChanges.Add(new Values.DataValueChange
            {
                DataElementId = value.DataElementId, OrgUnitId = value.OrgUnitId, Period = value.Period, OldValue = value.Value, NewValue = value.Value,
                Comment = value.Comment, At = now, By = db.ActorName,
            });
        }

        await db.SaveChangesAsync(ct);
        return (ConnectorAccess.Allowed, waiting.Count);
    }

    /// <summary>What a run whose raw answer was dropped (LODESTAR_CONNECTOR_RAW_DAYS) shows instead.</summary>
    public const string Pruned = "(Câu trả lời của nguồn chỉ được giữ một thời gian (LODESTAR_CONNECTOR_RAW_DAYS) và đã được xoá. / The source's answer is kept for a while only (LODESTAR_CONNECTOR_RAW_DAYS) and was dropped.)";

    /// <summary>The raw answer a run kept, for the DX office's inspection.</summary>
    public async Task<(ConnectorAccess Access, string? Raw)> RawAsync(string code, long runId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindAsync(code, user, ct);
        if (connector is null)
        {
            return (found, null);
        }

        var raw = await db.Set<ConnectorRun>().Where(r => r.ConnectorId == connector.Id && r.Id == runId).Select(r => new { r.Raw }).FirstOrDefaultAsync(ct);
        return raw is null ? (ConnectorAccess.NotFound, null) : (ConnectorAccess.Allowed, raw.Raw ?? Pruned);
    }

    public async Task<(ConnectorAccess Access, Outcome<ConnectorItem> Outcome)> CreateAsync(NewConnector input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!MayManage(user))
        {
            return (ConnectorAccess.Forbidden, Outcome<ConnectorItem>.Fail("user", "Chỉ Văn phòng chuyển đổi số và quản trị hệ thống quản lý kết nối.", "Only the DX office and administrators manage connectors."));
        }

        var today = Dates.Today(clock);
        var problems = new List<Problem>();

        // The connector's unit (a province): the caller's scope (the DX office), or the one named (an administrator; the DX office within its scope).
        int? ownerId = null;
        if (!string.IsNullOrWhiteSpace(input.Scope))
        {
            var unit = await units.FindAsync(input.Scope.Trim(), today, ct);
            if (unit is null)
            {
                problems.Add(new Problem("scope", new Msg($"Không có đơn vị mã {ValueQuote(input.Scope)} vào hôm nay.", $"No unit has code {ValueQuote(input.Scope)} today.")));
            }
            else
            {
                ownerId = unit.Id;
            }
        }
        else
        {
            ownerId = AccessScope.ScopeUnitId(user);
            if (ownerId is null)
            {
                problems.Add(new Problem("scope", new Msg("Chọn tỉnh (mã đơn vị) mà kết nối ghi số liệu.", "Name the province (unit code) whose figures the connector writes.")));
            }
        }

        if (ownerId is { } owner && !await access.MayManageAsync(user, owner, today, ct))
        {
            return (ConnectorAccess.Forbidden, Outcome<ConnectorItem>.Fail("scope", "Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", "This unit is outside your account's scope."));
        }

        var code = input.Code?.Trim() ?? string.Empty;
        if (code.Length is 0 or > MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add(new Problem("code", new Msg("Mã kết nối gồm 1–50 chữ cái không dấu, chữ số, '-', '_' hoặc '.'.", "The code is 1–50 ASCII letters, digits, '-', '_' or '.'.")));
        }
        else if (await db.Set<Connector>().AnyAsync(c => c.Code == code, ct))
        {
            problems.Add(new Problem("code", new Msg($"Đã có kết nối mã {code} (mã của kết nối đã xoá vẫn được giữ, để lịch sử giá trị không lẫn).",
                $"A connector with code {code} exists (a deleted connector keeps its code, so the values' history stays unambiguous).")));
        }

        var fields = Check(input, null, problems);
        if (problems.Count > 0)
        {
            return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Fail(problems));
        }

        var connector = new Connector { Code = code, Name = fields.Name, Url = fields.Url, OwnerUnitId = ownerId!.Value };
        Apply(connector, fields);
        db.Add(connector);
        await db.SaveChangesAsync(ct);
        return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Ok(await ItemAsync(connector, ct)));
    }

    /// <summary>
    /// Changes a connector (README.md "Changing, pausing, deleting"): a field left out (null) keeps its value, an empty
    /// schedule means on demand only, and an empty secret keeps the one stored (unless the authentication becomes none).
    /// Its code and province do not change. A new schedule moves the next run (a paused connector keeps none).
    /// </summary>
    public async Task<(ConnectorAccess Access, Outcome<ConnectorItem> Outcome)> UpdateAsync(string code, NewConnector input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindActiveAsync(code, user, ct);
        if (connector is null)
        {
            return (found, Outcome<ConnectorItem>.Fail("code", $"Không sửa được kết nối {code}.", $"Connector {code} cannot be changed."));
        }

        var problems = new List<Problem>();
        var fields = Check(input, connector, problems);
        if (problems.Count > 0)
        {
            return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Fail(problems));
        }

        var scheduleChanged = !string.Equals(fields.Schedule?.ToString(), connector.Schedule, StringComparison.Ordinal);
        Apply(connector, fields);
        if (!scheduleChanged)
        {
            // Same schedule: the next run stays where it was (Apply worked it out afresh).
            db.Entry(connector).Property(c => c.NextRunAt).CurrentValue = db.Entry(connector).Property(c => c.NextRunAt).OriginalValue;
        }

        await db.SaveChangesAsync(ct);
        return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Ok(await ItemAsync(connector, ct)));
    }

    /// <summary>Pauses (the scheduler leaves it; "run now" still works) or resumes (its next run is worked out from now) a connector.</summary>
    public async Task<(ConnectorAccess Access, ConnectorItem? Item)> PauseAsync(string code, bool paused, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindActiveAsync(code, user, ct);
        if (connector is null)
        {
            return (found, null);
        }

        if (connector.Paused != paused)
        {
            connector.Paused = paused;
            connector.NextRunAt = paused ? null : ConnectorSchedule.Parse(connector.Schedule, out _)?.Next(db.UtcNow);
            await db.SaveChangesAsync(ct);
        }

        return (ConnectorAccess.Allowed, await ItemAsync(connector, ct));
    }

    /// <summary>
    /// Deletes a connector by retiring it: it runs no more and its secret is dropped, but its runs, their kept answers and
    /// the values it wrote (with their history, "connector:CODE") stay, and its code stays taken so that history keeps
    /// naming one connector. Values of it that still wait can still be approved.
    /// </summary>
    public async Task<ConnectorAccess> RetireAsync(string code, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindActiveAsync(code, user, ct);
        if (connector is null)
        {
            return found;
        }

        connector.RetiredAt = db.UtcNow;
        connector.NextRunAt = null;
        connector.ProtectedSecret = null;
        await db.SaveChangesAsync(ct);
        return ConnectorAccess.Allowed;
    }

    /// <summary>
    /// Replaces the connector's unit and period code tables by those of an uploaded workbook (<see cref="ConnectorMappingSheet"/>):
    /// a sheet left out keeps its table; every Lodestar unit code must exist. One bad row and nothing changes.
    /// </summary>
    public async Task<(ConnectorAccess Access, Outcome<ConnectorItem> Outcome)> UploadTablesAsync(string code, Stream file, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (found, connector) = await FindActiveAsync(code, user, ct);
        if (connector is null)
        {
            return (found, Outcome<ConnectorItem>.Fail("code", $"Không sửa được kết nối {code}.", $"Connector {code} cannot be changed."));
        }

        var read = ConnectorMappingSheet.Read(file);
        if (!read.Succeeded)
        {
            return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Fail(read.Problems));
        }

        var tables = read.Value!;
        if (tables.Units is { Count: > 0 } unitRows)
        {
            var codes = unitRows.Select(r => r.Code).Distinct(StringComparer.Ordinal).ToList();
            var known = (await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).Select(u => u.Code).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var unknown = unitRows.Where(r => !known.Contains(r.Code)).Select(ConnectorMappingSheet.UnknownUnit).ToList();
            if (unknown.Count > 0)
            {
                return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Fail(unknown));
            }
        }

        var mapping = ConnectorMapping.FromJson(connector.Mapping);
        static Dictionary<string, string>? Table(IReadOnlyList<MappingSheetRow>? rows, Dictionary<string, string>? current) =>
            rows is null ? current : rows.Count == 0 ? null : rows.ToDictionary(r => r.Source, r => r.Code, StringComparer.Ordinal);
        mapping = mapping with { OrgUnits = Table(tables.Units, mapping.OrgUnits), Periods = Table(tables.Periods, mapping.Periods) };
        connector.Mapping = mapping.ToJson();
        await db.SaveChangesAsync(ct);
        return (ConnectorAccess.Allowed, Outcome<ConnectorItem>.Ok(await ItemAsync(connector, ct)));
    }

    private async Task<ConnectorItem> ItemAsync(Connector connector, CancellationToken ct)
    {
        var ownerUnit = await db.OrgUnits.AsNoTracking().Where(u => u.Id == connector.OwnerUnitId).Select(u => new { u.Code, u.FullName }).FirstAsync(ct);
        var lastRun = await db.Set<ConnectorRun>().AsNoTracking().Where(r => r.ConnectorId == connector.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return Item(connector, ownerUnit.Code, ownerUnit.FullName, lastRun is null ? null : Item(lastRun));
    }

    /// <summary>The checked fields of a connector, ready to apply.</summary>
    private sealed record Fields(
        string Name, ConnectorKind Kind, string Url, ConnectorSchedule? Schedule, ConnectorAuth Auth, string? AuthName, string? Secret, ConnectorMapping Mapping, bool Approve);

    /// <summary>Checks the fields a connector is created or changed with; a field left out keeps <paramref name="current"/>'s value (on create: its default).</summary>
    private static Fields Check(NewConnector input, Connector? current, List<Problem> problems)
    {
        var name = TextFold.Clean(input.Name ?? current?.Name)?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 200 || TextFold.LooksLikeMarkup(name))
        {
            problems.Add(new Problem("name", new Msg("Đặt tên kết nối (1–200 ký tự, văn bản thường), ví dụ \"Hệ thống một cửa\".", "Name the connector (1–200 characters of plain text), e.g. \"One-stop system\".")));
        }

        var kind = string.IsNullOrWhiteSpace(input.Kind) ? current?.Kind ?? ConnectorKind.CsvHttp : ApiCodes.Parse<ConnectorKind>(input.Kind);
        if (kind is null)
        {
            problems.Add(new Problem("kind", new Msg($"Loại {ValueQuote(input.Kind)} không có; dùng {ApiCodes.Codes<ConnectorKind>()}.", $"There is no kind {ValueQuote(input.Kind)}; use {ApiCodes.Codes<ConnectorKind>()}.")));
        }

        var url = (input.Url ?? current?.Url)?.Trim() ?? string.Empty;
        if (UrlProblem(url) is { } urlProblem)
        {
            problems.Add(new Problem("url", urlProblem));
        }

        var schedule = ConnectorSchedule.Parse(input.Schedule ?? current?.Schedule, out var scheduleProblem);
        if (scheduleProblem is not null)
        {
            problems.Add(new Problem("schedule", scheduleProblem));
        }

        var auth = string.IsNullOrWhiteSpace(input.Auth) ? current?.Auth ?? ConnectorAuth.None : ApiCodes.Parse<ConnectorAuth>(input.Auth);
        var secret = string.IsNullOrEmpty(input.Secret) ? null : input.Secret;
        var authName = string.IsNullOrWhiteSpace(input.AuthName) ? (input.AuthName is null && auth == current?.Auth ? current?.AuthName : null) : input.AuthName.Trim();

        // An edit that leaves the secret empty keeps the stored one.
        var keeps = secret is null && current?.ProtectedSecret is not null;
        if (auth is null)
        {
            problems.Add(new Problem("auth", new Msg($"Kiểu xác thực {ValueQuote(input.Auth)} không có; dùng {ApiCodes.Codes<ConnectorAuth>()}.", $"There is no authentication {ValueQuote(input.Auth)}; use {ApiCodes.Codes<ConnectorAuth>()}.")));
        }
        else if (auth != ConnectorAuth.None && ((secret is null && !keeps) || secret?.Length > 4000 || (secret?.Any(char.IsControl) ?? false)))
        {
            problems.Add(new Problem("secret", new Msg("Nhập mật khẩu, token hoặc khoá (tối đa 4.000 ký tự, không có ký tự điều khiển).", "Give the password, token or key (at most 4,000 characters, no control characters).")));
        }
        else if (auth == ConnectorAuth.Basic && (authName is null || authName.Contains(':', StringComparison.Ordinal) || authName.Length > 200))
        {
            problems.Add(new Problem("authName", new Msg("Nhập tên đăng nhập (không có dấu ':').", "Give the user name (without ':').")));
        }
        else if (auth == ConnectorAuth.ApiKey && authName is not null && (authName.Length > 200 || !authName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            problems.Add(new Problem("authName", new Msg("Tên header gồm chữ cái không dấu, chữ số và '-', ví dụ X-API-Key.", "The header name is ASCII letters, digits and '-', e.g. X-API-Key.")));
        }

        var mapping = input.Mapping ?? (current is null ? new ConnectorMapping() : ConnectorMapping.FromJson(current.Mapping));
        if (kind is { } k)
        {
            problems.AddRange(mapping.Check(k));
        }

        return new Fields(name, kind ?? ConnectorKind.CsvHttp, url, schedule, auth ?? ConnectorAuth.None, authName, secret, mapping, input.ApproveSet ? input.Approve : current?.Approve ?? input.Approve);
    }

    /// <summary>
    /// The rule for a URL Lodestar calls (a connector's source, a webhook's receiver): a full http(s) URL of at most 2,000
    /// characters without a password in it. Where it may lead is checked when connecting (<see cref="ConnectorHttp"/>).
    /// </summary>
    public static Msg? UrlProblem(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2000 || !string.IsNullOrEmpty(uri.UserInfo)
            ? new Msg("Địa chỉ phải là URL http(s) đầy đủ (tối đa 2.000 ký tự), không chứa mật khẩu; mật khẩu nhập ở phần xác thực.",
                "The URL must be a full http(s) URL (at most 2,000 characters) without a password in it; give the password under authentication.")
            : null;

    private void Apply(Connector connector, Fields f)
    {
        connector.Name = f.Name;
        connector.Kind = f.Kind;
        connector.Url = f.Url;
        connector.Schedule = f.Schedule?.ToString();
        connector.NextRunAt = connector.Paused ? null : f.Schedule?.Next(db.UtcNow);
        connector.Auth = f.Auth;
        connector.AuthName = f.Auth == ConnectorAuth.ApiKey ? f.AuthName ?? "X-API-Key" : f.Auth == ConnectorAuth.Basic ? f.AuthName : null;
        connector.ProtectedSecret = f.Auth == ConnectorAuth.None ? null : f.Secret is { } secret ? secrets.Protect(secret) : connector.ProtectedSecret;
        connector.Mapping = f.Mapping.ToJson();
        connector.Approve = f.Approve;
    }

    private static string ValueQuote(string? text) => Values.ValueRowChecker.Quote(text);

    internal static ConnectorItem Item(Connector c, string scope, string scopeName, ConnectorRunItem? last) => new(
        c.Code, c.Name, c.Kind, c.Url, c.Schedule, c.NextRunAt, c.Auth, c.AuthName, c.ProtectedSecret is not null, ConnectorMapping.FromJson(c.Mapping), c.Approve,
        scope, scopeName, c.CreatedAt, c.CreatedBy, last, c.Paused, c.RetiredAt);

    internal static ConnectorRunItem Item(ConnectorRun r) => new(
        r.Id, r.Status, r.StartedAt, r.FinishedAt, r.DurationMs, r.By, r.Attempts, r.HttpStatus, r.Read, r.Created, r.Updated, r.Unchanged, r.Refused,
        JsonSerializer.Deserialize<List<StoredProblem>>(r.Problems, ConnectorMapping.Json)!.Select(p => new RunProblem(p.Row, p.Field, new Msg(p.Vi, p.En))).ToList());

    internal sealed record StoredProblem(int? Row, string? Field, string Vi, string En);
}
