using Lodestar.Common;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lodestar.Connectors;

/// <summary>What a connector reads (README.md): a CSV, a JSON document, or a DHIS2 server's dataValueSets.</summary>
public enum ConnectorKind
{
    CsvHttp,
    JsonHttp,
    Dhis2,
}

/// <summary>How a connector signs in to its source.</summary>
public enum ConnectorAuth
{
    None,
    Basic,
    Bearer,

    /// <summary>A key in a header of the source's choosing (X-API-Key by default).</summary>
    ApiKey,
}

/// <summary>How a run ended.</summary>
public enum ConnectorRunStatus
{
    /// <summary>Every row passed and was stored (or changed nothing).</summary>
    Succeeded,

    /// <summary>The source answered, but a row (or the whole answer) was refused: nothing was stored.</summary>
    Refused,

    /// <summary>The source did not answer usefully (timeout, 5xx, refused connection, bad certificate) after every try: nothing was stored.</summary>
    Failed,
}

/// <summary>
/// A source another system serves over HTTP, from which values are pulled on a schedule or on demand (README.md). It
/// belongs to a province (<see cref="OwnerUnitId"/>) and writes only values of units inside it.
/// </summary>
public sealed class Connector : ITracked
{
    public int Id { get; set; }

    /// <summary>The stable code in URLs and in the values' history ("connector:CODE").</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public ConnectorKind Kind { get; set; }

    public required string Url { get; set; }

    /// <summary>The schedule as written (<see cref="ConnectorSchedule"/>): "daily 06:30", "weekly mon 06:30", "monthly 5 06:30", or empty (on demand only).</summary>
    public string? Schedule { get; set; }

    /// <summary>When the scheduler runs it next (UTC); null without a schedule.</summary>
    public DateTime? NextRunAt { get; set; }

    public ConnectorAuth Auth { get; set; }

    /// <summary>The user name (basic) or the header's name (API key); never a secret.</summary>
    public string? AuthName { get; set; }

    /// <summary>The password, token or key, encrypted by the host's data protection; never answered, never audited.</summary>
    public string? ProtectedSecret { get; set; }

    /// <summary>The mapping as JSON (<see cref="ConnectorMapping"/>).</summary>
    public string Mapping { get; set; } = "{}";

    /// <summary>Whether pulled values count at once; false (the default): they wait for the DX office's approval.</summary>
    public bool Approve { get; set; }

    /// <summary>Paused by the DX office: the scheduler leaves it (no next run) until resumed; "run now" still works.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// When the DX office deleted it (UTC): a deleted connector is retired, not removed, so its runs, their answers and the
    /// values' history ("connector:CODE") keep their meaning; it runs no more, its secret is dropped, its code stays taken.
    /// </summary>
    public DateTime? RetiredAt { get; set; }

    /// <summary>The province (or unit) whose subtree the connector writes.</summary>
    public int OwnerUnitId { get; set; }

    public OrgUnit OwnerUnit { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;
}

/// <summary>One run of a connector, append-only: when, how long, what it read and stored, each problem, and the raw answer (cut).</summary>
public sealed class ConnectorRun : IAppendOnly
{
    /// <summary>The raw answer kept for inspection is cut at this many characters.</summary>
    public const int MaxRaw = 1_000_000;

    public long Id { get; set; }

    public int ConnectorId { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public int DurationMs { get; set; }

    /// <summary>Who started it: a user name, or "schedule".</summary>
    public required string By { get; set; }

    public ConnectorRunStatus Status { get; set; }

    /// <summary>How many requests it took (1 unless the source failed and was tried again).</summary>
    public int Attempts { get; set; }

    public int? HttpStatus { get; set; }

    public int Read { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Refused { get; set; }

    /// <summary>The problems as JSON: [{ row, field, vi, en }].</summary>
    public string Problems { get; set; } = "[]";

    /// <summary>The source's answer (the first <see cref="MaxRaw"/> characters), or the error met.</summary>
    public string? Raw { get; set; }
}

internal sealed class ConnectorConfiguration : IEntityTypeConfiguration<Connector>
{
    public void Configure(EntityTypeBuilder<Connector> b)
    {
        b.ToTable("Connectors");
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Code).HasMaxLength(64);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Url).HasMaxLength(2000);
        b.Property(c => c.Schedule).HasMaxLength(64);
        b.Property(c => c.Auth).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.AuthName).HasMaxLength(200);
        b.HasOne(c => c.OwnerUnit).WithMany().HasForeignKey(c => c.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.NextRunAt);
    }
}

internal sealed class ConnectorRunConfiguration : IEntityTypeConfiguration<ConnectorRun>
{
    public void Configure(EntityTypeBuilder<ConnectorRun> b)
    {
        b.ToTable("ConnectorRuns");
        b.HasOne<Connector>().WithMany().HasForeignKey(r => r.ConnectorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.ConnectorId, r.StartedAt });
        b.Property(r => r.By).HasMaxLength(256);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
    }
}
