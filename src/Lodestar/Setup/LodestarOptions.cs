using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Setup;

/// <summary>Configuration shared by every host; the environment variable names are part of the stable surface (docs/api.md).</summary>
public sealed record LodestarOptions
{
    /// <summary>LODESTAR_DATA_DIR: the embedded database, uploaded evidence, keys.</summary>
    [ConfigurationKeyName("LODESTAR_DATA_DIR")]
    public string DataDirectory { get; init; } = string.Empty;

    /// <summary>LODESTAR_DB: an Npgsql connection string; when set, PostgreSQL replaces the embedded SQLite file.</summary>
    [ConfigurationKeyName("LODESTAR_DB")]
    public string? PostgresConnection { get; init; }

    /// <summary>
    /// LODESTAR_DB_REPLICAS: an Npgsql connection string of the PostgreSQL standbys (several hosts: <c>Host=a,b</c>, with
    /// <c>Target Session Attributes=prefer-standby</c> and <c>Load Balance Hosts=true</c>) that serve the reads which may be a
    /// little behind: the public portal, its API and the open data (ADR 0027). Only with LODESTAR_DB.
    /// </summary>
    [ConfigurationKeyName("LODESTAR_DB_REPLICAS")]
    public string? ReplicaConnection { get; init; }

    /// <summary>LODESTAR_ADMIN_PASSWORD: the first administrator's password when the database is created.</summary>
    [ConfigurationKeyName("LODESTAR_ADMIN_PASSWORD")]
    public string? AdminPassword { get; init; }

    /// <summary>LODESTAR_DEMO_PASSWORD: the one password of the demo accounts (one per role) when the demo database is created.</summary>
    [ConfigurationKeyName("LODESTAR_DEMO_PASSWORD")]
    public string? DemoPassword { get; init; }

    /// <summary>LODESTAR_DEMO: fill a new embedded database with the demo province (default true).</summary>
    [ConfigurationKeyName("LODESTAR_DEMO")]
    public bool Demo { get; init; } = true;

    /// <summary>LODESTAR_PG_BIN: folder of pg_dump / pg_restore for backups (default: the newest /usr/lib/postgresql/*/bin, then the PATH).</summary>
    [ConfigurationKeyName("LODESTAR_PG_BIN")]
    public string? PostgresBin { get; init; }

    /// <summary>
    /// LODESTAR_EVIDENCE_QUOTA_MB: the evidence files one unit may keep, across its reports, tasks and DTI assessments
    /// (default 500 MB; one upload is at most 10 MB).
    /// </summary>
    [ConfigurationKeyName("LODESTAR_EVIDENCE_QUOTA_MB")]
    [Range(1, 10_000_000)]
    public long EvidenceQuotaMb { get; init; } = 500;

    public long EvidenceQuotaBytes => EvidenceQuotaMb * 1024 * 1024;

    /// <summary>
    /// LODESTAR_TWO_FACTOR=required: administrators and the DX office must sign in with a second factor (an authenticator
    /// app's code); until they set one up, every page leads them to do so and the API refuses them. Otherwise (default)
    /// each user may turn it on.
    /// </summary>
    [ConfigurationKeyName("LODESTAR_TWO_FACTOR")]
    [AllowedValues("required", "optional")]
    public string TwoFactor { get; init; } = "optional";

    public bool TwoFactorRequired => string.Equals(TwoFactor, "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// LODESTAR_PROVINCE: the code of the province this deployment serves (e.g. 20). Unset: the one province with data of
    /// its own, else none — a national deployment (<see cref="HomeProvince"/>, ADR 0018).
    /// </summary>
    [ConfigurationKeyName("LODESTAR_PROVINCE")]
    [ProvinceCode]
    public string? Province { get; init; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnection);

    public bool UsesReplicas => UsesPostgres && !string.IsNullOrWhiteSpace(ReplicaConnection);

    public string SqlitePath => Path.Combine(DataDirectory, "lodestar.db");

    /// <summary>The settings from configuration (<see cref="Settings"/>: a bad value stops with its variable's name); the data directory made absolute.</summary>
    public static LodestarOptions From(IConfiguration config)
    {
        var read = Settings.Read<LodestarOptions>(config);
        var dataDir = string.IsNullOrWhiteSpace(read.DataDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "lodestar")
            : read.DataDirectory;
        return read with { DataDirectory = Path.GetFullPath(dataDir) };
    }

    /// <summary>
    /// The settings as <see cref="Settings.Check"/> reads them, and the rules between them: standbys need the primary, and their
    /// connection string must read as one (the problem never repeats it: it holds a password).
    /// </summary>
    public static LodestarOptions Check(IConfiguration config, List<string> problems)
    {
        var read = Settings.Read<LodestarOptions>(config, problems);
        if (string.IsNullOrWhiteSpace(read.ReplicaConnection))
        {
            return read;
        }

        if (!read.UsesPostgres)
        {
            problems.Add("LODESTAR_DB_REPLICAS: chỉ dùng được cùng LODESTAR_DB (PostgreSQL) / needs LODESTAR_DB (PostgreSQL)");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(read.ReplicaConnection);
        }
        catch (ArgumentException)
        {
            problems.Add("LODESTAR_DB_REPLICAS: phải là chuỗi kết nối Npgsql / must be an Npgsql connection string");
        }

        return read;
    }

    /// <summary>Never the password, connection string or token: options may end up in a log.</summary>
    public override string ToString() => $"LodestarOptions {{ DataDirectory = {DataDirectory}, UsesPostgres = {UsesPostgres}, UsesReplicas = {UsesReplicas}, Province = {Province} }}";

    /// <summary>An official province code: two digits. Whether a province has it today is checked against the database at start.</summary>
    private sealed class ProvinceCodeAttribute : ValidationAttribute, ISettingRule
    {
        public string Vi => "mã tỉnh, thành phố gồm hai chữ số, ví dụ 20";

        public string En => "a province code of two digits, e.g. 20";

        public override bool IsValid(object? value) => value is not string text || (text.Length == 2 && text.All(char.IsAsciiDigit));
    }
}
