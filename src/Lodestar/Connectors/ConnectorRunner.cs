using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Notifications;
using Lodestar.Operations;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Connectors;

/// <summary>
/// The one HTTP client of every connector run (pooled connections renewed every few minutes, so DNS changes are seen).
/// A source that resolves to this machine (loopback) or to a link-local address (169.254.x.x, where cloud metadata
/// services answer) is refused unless LODESTAR_CONNECTOR_LOCAL allows it: a DX office could otherwise read Lodestar's own
/// /metrics or a cloud's credentials through a run's stored answer. Private networks stay open: the province's data-sharing
/// platform lives there. The address is checked when the connection is made, so a name resolving there is caught too.
/// </summary>
public sealed class ConnectorHttp : IDisposable
{
    public ConnectorHttp(ConnectorOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options.AllowLocal, ct),
        };
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // each try has its own (ConnectorOptions.TimeoutSeconds)
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();

    /// <summary>Loopback, unspecified and link-local addresses (IPv4 and IPv6, mapped ones included).</summary>
    public static bool IsLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bytes[0] == 169 && bytes[1] == 254);
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLocal, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var allowed = allowLocal ? addresses : addresses.Where(a => !IsLocal(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new LocalSourceRefusedException(endPoint.Host, addresses.FirstOrDefault());
        }

        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, ct);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A source on this machine or a link-local address, refused (see <see cref="ConnectorHttp"/>); never tried again.</summary>
public sealed class LocalSourceRefusedException(string host, IPAddress? address)
    : HttpRequestException($"{host} ({address}) is on this machine or link-local; LODESTAR_CONNECTOR_LOCAL=true allows it")
{
    public string Host { get; } = host;
}

/// <summary>
/// Runs a connector (README.md): fetches the source (tried again with a doubling wait on a timeout, a refused connection
/// or a 5xx answer), reads its rows by the connector's kind and mapping, and hands them to <see cref="BulkValueImport"/>,
/// so every row passes the import's checks and the file is stored whole or not at all; the connector's scope, its
/// approval setting and the rule that an approved value is the DX office's to change apply on top. Every run is recorded,
/// and a failed one is reported to the DX office of the connector's province.
/// </summary>
public sealed class ConnectorRunner(
    LodestarDbContext db, BulkValueImport import, OrgUnitQueries units, IConnectorSecrets secrets, ConnectorOptions options, ConnectorHttp http, TimeProvider clock)
{
    /// <summary>Who a scheduled run is by.</summary>
    public const string Scheduler = "schedule";

    /// <summary>The name a connector's values and their history carry as who wrote them.</summary>
    public static string Writer(string code) => "connector:" + code;

    /// <summary>The lease a run holds, so that two instances (or a click and the schedule) never run one connector at once.</summary>
    public static string LeaseOf(string code) => "connector:" + code;

    /// <summary>How long a run may hold its lease at most: every try, every wait, and time to store.</summary>
    public TimeSpan LeaseTime => TimeSpan.FromSeconds(options.Attempts * options.TimeoutSeconds) + TimeSpan.FromMilliseconds(options.BackoffMs * ((1 << options.Attempts) - 1)) + TimeSpan.FromMinutes(30);

    /// <summary>Runs the connector holding its lease; null when another run of it is under way.</summary>
    public async Task<ConnectorRunItem?> RunAsync(Connector connector, string by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ConnectorRunItem? done = null;
        var ran = await JobLease.RunAsync(db, LeaseOf(connector.Code), LeaseTime, async () => done = await RunHeldAsync(connector, by, ct), ct);
        return ran ? done : null;
    }

    private async Task<ConnectorRunItem> RunHeldAsync(Connector connector, string by, CancellationToken ct)
    {
        var started = db.UtcNow;
        var watch = Stopwatch.GetTimestamp();
        var run = new ConnectorRun { ConnectorId = connector.Id, StartedAt = started, By = by };
        var fetched = await FetchAsync(connector, ct);
        run.Attempts = fetched.Attempts;
        run.HttpStatus = fetched.Status;
        var problems = new List<RunProblem>();
        if (fetched.Body is not { } body)
        {
            run.Status = ConnectorRunStatus.Failed;
            run.Raw = Cut(fetched.Error + (fetched.ErrorBody is { Length: > 0 } b ? "\n\n" + b : string.Empty));
            problems.Add(new RunProblem(null, null, fetched.Message!));
        }
        else
        {
            run.Raw = Cut(body);
            var (outcome, read, readProblems) = await ImportAsync(connector, body, ct);
            run.Read = read;
            if (readProblems.Count > 0 || !outcome!.Succeeded)
            {
                run.Status = ConnectorRunStatus.Refused;
                problems.AddRange((readProblems.Count > 0 ? readProblems : outcome!.Problems).Select(Named));
                run.Refused = Math.Max(1, problems.Where(p => p.Row is not null).Select(p => p.Row).Distinct().Count());
            }
            else
            {
                var r = outcome.Value!;
                run.Status = ConnectorRunStatus.Succeeded;
                (run.Read, run.Created, run.Updated, run.Unchanged) = (r.Rows, r.Created, r.Updated, r.Unchanged);
            }
        }

        run.Problems = JsonSerializer.Serialize(problems.Select(p => new ConnectorService.StoredProblem(p.Row, p.Field, p.Message.Vi, p.Message.En)), ConnectorMapping.Json);
        run.FinishedAt = db.UtcNow;
        run.DurationMs = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(watch).TotalMilliseconds);
        db.Add(run);
        if (run.Status == ConnectorRunStatus.Failed || (run.Status == ConnectorRunStatus.Refused && by == Scheduler))
        {
            await NotifyAsync(connector, run, problems, ct);
        }

        await db.SaveChangesAsync(ct);
        return ConnectorService.Item(run);
    }

    /// <summary>A problem of the import ("line5.value", "file") as a run names it: the source's row and the field.</summary>
    private static RunProblem Named(Problem p)
    {
        var field = p.Field;
        if (field.StartsWith("line", StringComparison.Ordinal))
        {
            var dot = field.IndexOf('.', StringComparison.Ordinal);
            var number = dot < 0 ? field[4..] : field[4..dot];
            if (int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var row))
            {
                return new RunProblem(row, dot < 0 ? null : field[(dot + 1)..], p.Message);
            }
        }

        return new RunProblem(null, field is "file" ? null : field, p.Message);
    }

    private async Task<(Outcome<BulkImportResult>? Outcome, int Read, List<Problem> ReadProblems)> ImportAsync(Connector connector, string body, CancellationToken ct)
    {
        var mapping = ConnectorMapping.FromJson(connector.Mapping);
        var owner = connector.OwnerUnitId;
        var ownerName = await db.OrgUnits.Where(u => u.Id == owner).Select(u => u.FullName).FirstAsync(ct);
        // The owner's subtree once per stretch of days the tree did not change (a file spanning years asks one or a few),
        // not per unit nor per period end (a file of 100 months asked 100 times: 0.4 s of a 100,000-value run on SQLite).
        var changeDays = await units.TreeChangeDaysAsync(ct);
        var subtrees = new Dictionary<int, HashSet<int>>();
        var source = new BulkImportSource(
            connector.Approve,
            By: Writer(connector.Code),
            MayWrite: async (unitId, on, t) =>
            {
                var stretch = OrgUnitQueries.StretchOf(changeDays, on);
                if (!subtrees.TryGetValue(stretch, out var subtree))
                {
                    subtrees[stretch] = subtree = await units.SubtreeIdsAsync(owner, on, t);
                }

                return subtree.Contains(unitId);
            },
            ScopeName: ownerName,
            KeepApproved: !connector.Approve);
        var problems = new List<Problem>();
        var read = 0;
        async IAsyncEnumerable<(int Line, string[] Fields)> Counted(IAsyncEnumerable<(int Line, string[] Fields)> rows)
        {
            await foreach (var row in rows)
            {
                read++;
                yield return row;
            }
        }

        switch (connector.Kind)
        {
            case ConnectorKind.CsvHttp when mapping.Columns is not { Count: > 0 } && mapping.Fixed is not { Count: > 0 } && !mapping.HasTables:
                // The CLI's import-values file as it is: the import reads it, header and all.
                var outcome = await import.ImportCsvAsync(new StringReader(body), source, ct);
                return (outcome, outcome.Value?.Rows ?? CountRows(body), []);
            case ConnectorKind.CsvHttp:
                var csv = await import.ImportRowsAsync(Counted(mapping.CsvRowsAsync(new StringReader(body), problems, ct)), source, ct);
                return (csv, read, problems);
            case ConnectorKind.JsonHttp or ConnectorKind.Dhis2:
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
                }
                catch (JsonException e)
                {
                    var at = e.LineNumber is { } n ? $" (dòng {n + 1}) / (line {n + 1})" : string.Empty;
                    return (null, 0, [new Problem("file", new Msg($"Câu trả lời không phải JSON hợp lệ{at}.", $"The answer is not valid JSON{at}."))]);
                }

                using (document)
                {
                    var rows = connector.Kind == ConnectorKind.Dhis2 ? mapping.Dhis2Rows(document.RootElement, problems) : mapping.JsonRows(document.RootElement, problems);
                    var list = rows.ToList();
                    if (problems.Count > 0)
                    {
                        return (null, 0, problems);
                    }

                    if (list.Count == 0)
                    {
                        return (Outcome<BulkImportResult>.Ok(new BulkImportResult(0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero)), 0, []);
                    }

                    var json = await import.ImportRowsAsync(list.ToAsyncEnumerable(), source, ct);
                    return (json, list.Count, []);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(connector), connector.Kind, null);
        }
    }

    private static int CountRows(string body)
    {
        try
        {
            return Math.Max(0, CsvRows.ReadAsync(new StringReader(body)).ToBlockingEnumerable().Count() - 1);
        }
        catch (CsvFormatException)
        {
            return 0;
        }
    }

    private static string Cut(string text) => text.Length <= ConnectorRun.MaxRaw ? text : text[..ConnectorRun.MaxRaw];

    private sealed record Fetched(string? Body, int Attempts, int? Status, string? Error, string? ErrorBody, Msg? Message);

    /// <summary>The source's answer, tried again after a timeout, a connection or certificate failure, 408, 429 or 5xx.</summary>
    private async Task<Fetched> FetchAsync(Connector connector, CancellationToken ct)
    {
        var secret = connector.ProtectedSecret is { } p ? secrets.Unprotect(p) : null;
        if (connector.Auth != ConnectorAuth.None && secret is null)
        {
            return new Fetched(null, 0, null, "secret unreadable", null, new Msg(
                "Không giải mã được mật khẩu/khoá của kết nối (khoá bảo vệ dữ liệu đã đổi?); hãy nhập lại.", "The connector's secret cannot be decrypted (were the data-protection keys changed?); enter it again."));
        }

        var wait = TimeSpan.FromMilliseconds(options.BackoffMs);
        Fetched last = null!;
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(wait, clock, ct);
                wait *= 2;
            }

            last = await TryOnceAsync(connector, secret, attempt, ct);
            if (last.Body is not null || !Transient(last))
            {
                return last;
            }
        }

        return last;
    }

    private const string LocalRefused = "local source refused";

    private static bool Transient(Fetched f) => f.Error != LocalRefused && f.Status is null or 408 or 429 or >= 500;

    private async Task<Fetched> TryOnceAsync(Connector connector, string? secret, int attempt, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, connector.Url);
        request.Headers.Accept.ParseAdd(connector.Kind == ConnectorKind.CsvHttp ? "text/csv, */*;q=0.5" : "application/json, */*;q=0.5");
        switch (connector.Auth)
        {
            case ConnectorAuth.Basic:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connector.AuthName}:{secret}")));
                break;
            case ConnectorAuth.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                break;
            case ConnectorAuth.ApiKey:
                request.Headers.TryAddWithoutValidation(connector.AuthName ?? "X-API-Key", secret);
                break;
            case ConnectorAuth.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(connector), connector.Auth, null);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds), clock);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, both.Token);
            var status = (int)response.StatusCode;
            var max = (long)options.MaxMegabytes * 1024 * 1024;
            if (response.Content.Headers.ContentLength > max)
            {
                return TooBig(attempt, status);
            }

            var text = await ReadLimitedAsync(response.Content, max, both.Token);
            if (text is null)
            {
                return TooBig(attempt, status);
            }

            return response.IsSuccessStatusCode
                ? new Fetched(text, attempt, status, null, null, null)
                : new Fetched(null, attempt, status, $"HTTP {status} {response.ReasonPhrase}", text, new Msg(
                    $"Nguồn trả lời lỗi HTTP {status} (sau {attempt} lần thử); không lưu giá trị nào.", $"The source answered HTTP {status} (after {attempt} tries); nothing was saved."));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new Fetched(null, attempt, null, $"timeout after {options.TimeoutSeconds} s", null, new Msg(
                $"Nguồn không trả lời trong {options.TimeoutSeconds} giây (sau {attempt} lần thử); không lưu giá trị nào.",
                $"The source did not answer within {options.TimeoutSeconds} seconds (after {attempt} tries); nothing was saved."));
        }
        catch (HttpRequestException e) when (e is LocalSourceRefusedException || e.InnerException is LocalSourceRefusedException)
        {
            var refused = e as LocalSourceRefusedException ?? (LocalSourceRefusedException)e.InnerException!;
            return new Fetched(null, attempt, null, LocalRefused, null, new Msg(
                $"Nguồn {refused.Host} nằm trên chính máy chủ này hoặc là địa chỉ link-local; không được phép trừ khi đặt LODESTAR_CONNECTOR_LOCAL=true. Không lưu giá trị nào.",
                $"The source {refused.Host} is on this server itself or link-local; refused unless LODESTAR_CONNECTOR_LOCAL=true. Nothing was saved."));
        }
        catch (HttpRequestException e)
        {
            return new Fetched(null, attempt, null, e.ToString(), null, new Msg(
                $"Không kết nối được tới nguồn ({e.HttpRequestError}: {e.Message}) sau {attempt} lần thử; không lưu giá trị nào.",
                $"Could not reach the source ({e.HttpRequestError}: {e.Message}) after {attempt} tries; nothing was saved."));
        }
    }

    private Fetched TooBig(int attempt, int status) => new(null, attempt, status, "too large", null, new Msg(
        $"Câu trả lời lớn hơn {options.MaxMegabytes} MB (LODESTAR_CONNECTOR_MAX_MB); không lưu giá trị nào.",
        $"The answer is larger than {options.MaxMegabytes} MB (LODESTAR_CONNECTOR_MAX_MB); nothing was saved."));

    /// <summary>The body as text (UTF-8 unless the answer names another charset), or null past <paramref name="max"/> bytes.</summary>
    private static async Task<string?> ReadLimitedAsync(HttpContent content, long max, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        var encoding = Encoding.UTF8;
        if (content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: read as UTF-8, which Vietnamese systems use.
            }
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, encoding, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    /// <summary>Tells the DX office of the connector's province (the accounts scoped to it or above it) that a run failed.</summary>
    private async Task NotifyAsync(Connector connector, ConnectorRun run, List<RunProblem> problems, CancellationToken ct)
    {
        var office = await WorkNotices.DxOfficeAsync(db, connector.OwnerUnitId, Dates.Today(clock), alsoOfTheUnit: true, ct);
        var first = problems.FirstOrDefault()?.Message ?? new Msg("không rõ lý do", "no reason given");
        var (vi, en) = run.Status == ConnectorRunStatus.Failed
            ? ($"Kết nối {connector.Name} ({connector.Code}) không lấy được số liệu lúc {Dates.ToDisplayTime(run.StartedAt)}: {first.Vi}",
                $"Connector {connector.Name} ({connector.Code}) could not pull figures at {Dates.ToDisplayTime(run.StartedAt)}: {first.En}")
            : ($"Kết nối {connector.Name} ({connector.Code}) bị từ chối {problems.Count} lỗi lúc {Dates.ToDisplayTime(run.StartedAt)}; không lưu giá trị nào. Lỗi đầu: {first.Vi}",
                $"Connector {connector.Name} ({connector.Code}) was refused with {problems.Count} problems at {Dates.ToDisplayTime(run.StartedAt)}; nothing was saved. First: {first.En}");
        foreach (var userId in office)
        {
            WorkNotices.Add(db, userId, NoticeKind.ConnectorFailed, $"connector-run:{connector.Code}:{run.StartedAt.Ticks}", new Msg(vi, en),
                $"/connectors?code={Uri.EscapeDataString(connector.Code)}");
        }
    }
}
