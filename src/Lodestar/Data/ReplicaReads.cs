using System.Collections.Concurrent;
using System.Diagnostics;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Lodestar.Data;

/// <summary>
/// The PostgreSQL standbys of LODESTAR_DB_REPLICAS (ADR 0027), for the reads that may be a little behind, and what keeps a
/// reader from seeing his own write missing there: the primary's WAL position after each account's last write, kept for
/// <see cref="Remembered"/>. A standby serves a reader with such a position only once it has replayed that far; otherwise,
/// and whenever no standby answers, the read goes to the primary. Without the setting nothing here runs.
/// </summary>
public sealed class ReplicaReads : IDisposable
{
    /// <summary>How long an account's last write position is kept: a standby further behind than this is an outage (alert on it).</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(15);

    /// <summary>After a standby could not be reached, reads go to the primary for this long before a standby is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource? _standbys;
    private readonly string? _primary;
    private readonly ILogger<ReplicaReads> _log;
    private readonly ConcurrentDictionary<string, (NpgsqlLogSequenceNumber Position, long At)> _written = new(StringComparer.Ordinal);
    private long _downUntil;

    public ReplicaReads(LodestarOptions options, ILogger<ReplicaReads> log)
    {
        _log = log;
        _standbys = options.UsesReplicas ? NpgsqlDataSource.Create(options.ReplicaConnection!) : null;
        _primary = options.PostgresConnection;
    }

    /// <summary>True when LODESTAR_DB_REPLICAS is set (on PostgreSQL).</summary>
    public bool Enabled => _standbys is not null;

    /// <summary>
    /// The primary's WAL position now: after a commit it covers that commit. The insert position, not the written one
    /// (<c>pg_current_wal_lsn</c>): with <c>synchronous_commit=off</c> a commit returns before its record is written, and a
    /// standby that replayed the written position could still lack it. On a connection of its own (from the same pool as the
    /// request's), as the request's context may still be rendering a page.
    /// </summary>
    public async Task<NpgsqlLogSequenceNumber> PrimaryPositionAsync(CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(_primary);
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
        return (NpgsqlLogSequenceNumber)(await read.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Remembers that <paramref name="account"/> wrote, up to <paramref name="position"/> of the primary's WAL.</summary>
    public void Remember(string account, NpgsqlLogSequenceNumber position)
    {
        var now = Stopwatch.GetTimestamp();
        _written.AddOrUpdate(account, (position, now), (_, known) => (position > known.Position ? position : known.Position, now));
        if (_written.Count > 1000)
        {
            foreach (var (name, entry) in _written.Where(e => Stopwatch.GetElapsedTime(e.Value.At) > Remembered).ToList())
            {
                _written.TryRemove(KeyValuePair.Create(name, entry));
            }
        }
    }

    /// <summary>The position a standby must have replayed before it may serve <paramref name="account"/> (null: any standby may).</summary>
    public NpgsqlLogSequenceNumber? WrittenBy(string? account) =>
        account is not null && _written.TryGetValue(account, out var known) && Stopwatch.GetElapsedTime(known.At) <= Remembered ? known.Position : null;

    /// <summary>
    /// An open connection to a standby that has replayed at least <paramref name="floor"/>, or null: read the primary (no
    /// standbys configured, none reachable, or the one reached is behind the reader's own write).
    /// </summary>
    public async Task<NpgsqlConnection?> OpenAsync(NpgsqlLogSequenceNumber? floor, CancellationToken ct)
    {
        if (_standbys is null || Environment.TickCount64 < Volatile.Read(ref _downUntil))
        {
            return null;
        }

        NpgsqlConnection? connection = null;
        try
        {
            connection = await _standbys.OpenConnectionAsync(ct);
            if (floor is { } position && !await HasReplayedAsync(connection, position, ct))
            {
                await connection.DisposeAsync();
                LodestarMetrics.ReplicaReads.Add(1, new KeyValuePair<string, object?>("served", "primary-behind"));
                return null;
            }

            LodestarMetrics.ReplicaReads.Add(1, new KeyValuePair<string, object?>("served", "replica"));
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            Volatile.Write(ref _downUntil, Environment.TickCount64 + (long)RetryAfter.TotalMilliseconds);
            LodestarMetrics.ReplicaReads.Add(1, new KeyValuePair<string, object?>("served", "primary-down"));
            _log.LogWarning(e, "No PostgreSQL standby of LODESTAR_DB_REPLICAS answered; reads go to the primary for {Seconds} s", RetryAfter.TotalSeconds);
            return null;
        }
    }

    /// <summary>A primary (a promoted standby) is never behind itself; a standby is current once it replayed the position.</summary>
    private static async Task<bool> HasReplayedAsync(NpgsqlConnection connection, NpgsqlLogSequenceNumber position, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand("SELECT NOT pg_is_in_recovery() OR coalesce(pg_last_wal_replay_lsn() >= $1, false)", connection);
        check.Parameters.Add(new NpgsqlParameter { Value = position, NpgsqlDbType = NpgsqlDbType.PgLsn });
        return await check.ExecuteScalarAsync(ct) is true;
    }

    public void Dispose() => _standbys?.Dispose();
}

/// <summary>
/// The context of one request's reads that may be a little behind (the public portal and open data): a standby's when
/// <see cref="ReplicaReads"/> allows it, else the request's own context on the primary (always so without standbys). The
/// choice is made once, at the first read, so a request never mixes the two.
/// </summary>
public sealed class StaleReads : IDisposable, IAsyncDisposable
{
    private readonly LodestarDbContext _primary;
    private readonly (ReplicaReads Replicas, IAuditActor Actor, TimeProvider Clock)? _standbys;
    private LodestarDbContext? _chosen;
    private LodestarDbContext? _standby;

    /// <summary>Reads on the primary only (no standbys configured).</summary>
    public StaleReads(LodestarDbContext primary) => _primary = primary;

    public StaleReads(LodestarDbContext primary, ReplicaReads replicas, IAuditActor actor, TimeProvider clock)
        : this(primary) => _standbys = replicas.Enabled ? (replicas, actor, clock) : null;

    /// <summary>The WAL position of the reader's own last write, when he made one lately (set by the host before the reads).</summary>
    public NpgsqlLogSequenceNumber? Floor { get; set; }

    /// <summary>True when the reads of this request go to a standby.</summary>
    public bool FromStandby => _standby is not null;

    public async ValueTask<LodestarDbContext> ContextAsync(CancellationToken ct = default)
    {
        if (_chosen is not null)
        {
            return _chosen;
        }

        if (_standbys is { } s && await s.Replicas.OpenAsync(Floor, ct) is { } connection)
        {
            var options = new DbContextOptionsBuilder<LodestarDbContext>()
                .UseNpgsql(connection, contextOwnsConnection: true)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).Options;
            _standby = new LodestarDbContext(options, s.Actor, s.Clock);
        }

        return _chosen = _standby ?? _primary;
    }

    public void Dispose() => _standby?.Dispose();

    public ValueTask DisposeAsync() => _standby?.DisposeAsync() ?? ValueTask.CompletedTask;
}
