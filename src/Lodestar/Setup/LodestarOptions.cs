using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Setup;

/// <summary>Configuration shared by every host; the environment variable names are part of the stable surface (docs/api.md).</summary>
public sealed class LodestarOptions
{
    /// <summary>LODESTAR_DATA_DIR: the embedded database, uploaded evidence, keys.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>LODESTAR_DB: an Npgsql connection string; when set, PostgreSQL replaces the embedded SQLite file.</summary>
    public string? PostgresConnection { get; init; }

    /// <summary>LODESTAR_ADMIN_PASSWORD: the first administrator's password when the database is created.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>LODESTAR_DEMO_PASSWORD: the one password of the demo accounts (one per role) when the demo database is created.</summary>
    public string? DemoPassword { get; init; }

    /// <summary>LODESTAR_DEMO: fill a new embedded database with the demo province (default true).</summary>
    public bool Demo { get; init; } = true;

    /// <summary>LODESTAR_SMTP_HOST / _PORT / _FROM: e-mail for notifications; unset host means in-app only.</summary>
    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 25;

    public string SmtpFrom { get; init; } = "lodestar@localhost";

    /// <summary>LODESTAR_TASKS_ESCALATE_DAYS: days an overdue task waits before the assigner is told (default 7).</summary>
    public int EscalationDays { get; init; } = 7;

    /// <summary>LODESTAR_TASKS_DAILY: run the daily task job in the web app (default true).</summary>
    public bool TasksDailyJob { get; init; } = true;

    /// <summary>Days before a report's due date on which its officers are reminded (LODESTAR_REPORTS_REMIND_DAYS).</summary>
    public int ReportRemindDays { get; init; } = 3;

    /// <summary>Days after a report's due date from which the supervising level is told (LODESTAR_REPORTS_ESCALATE_DAYS).</summary>
    public int ReportEscalationDays { get; init; } = 5;

    /// <summary>LODESTAR_HEATMAP_YELLOW / _RED: overdue shares (0–1) from which a unit is yellow / red (defaults 0.1 and 0.25).</summary>
    public double HeatYellow { get; init; } = 0.10;

    public double HeatRed { get; init; } = 0.25;

    /// <summary>LODESTAR_PG_BIN: folder of pg_dump / pg_restore for backups (default: the newest /usr/lib/postgresql/*/bin, then the PATH).</summary>
    public string? PostgresBin { get; init; }

    /// <summary>LODESTAR_METRICS_TOKEN: when set, GET /metrics needs "Authorization: Bearer &lt;token&gt;".</summary>
    public string? MetricsToken { get; init; }

    /// <summary>LODESTAR_METRICS_OPEN=true: without a token, GET /metrics answers any address (otherwise only loopback).</summary>
    public bool MetricsOpen { get; init; }

    /// <summary>
    /// LODESTAR_EVIDENCE_QUOTA_MB: the evidence files one unit may keep, across its reports, tasks and DTI assessments
    /// (default 500 MB; one upload is at most 10 MB).
    /// </summary>
    public long EvidenceQuotaBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>
    /// LODESTAR_TWO_FACTOR=required: administrators and the DX office must sign in with a second factor (an authenticator
    /// app's code); until they set one up, every page leads them to do so and the API refuses them. Otherwise (default)
    /// each user may turn it on.
    /// </summary>
    public bool TwoFactorRequired { get; init; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnection);

    public string SqlitePath => Path.Combine(DataDirectory, "lodestar.db");

    public static LodestarOptions From(IConfiguration config)
    {
        var dataDir = config["LODESTAR_DATA_DIR"];
        if (string.IsNullOrWhiteSpace(dataDir))
        {
            dataDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "lodestar");
        }

        return new LodestarOptions
        {
            DataDirectory = Path.GetFullPath(dataDir),
            PostgresConnection = config["LODESTAR_DB"],
            AdminPassword = config["LODESTAR_ADMIN_PASSWORD"],
            DemoPassword = config["LODESTAR_DEMO_PASSWORD"],
            Demo = !string.Equals(config["LODESTAR_DEMO"], "false", StringComparison.OrdinalIgnoreCase),
            SmtpHost = string.IsNullOrWhiteSpace(config["LODESTAR_SMTP_HOST"]) ? null : config["LODESTAR_SMTP_HOST"],
            SmtpPort = int.TryParse(config["LODESTAR_SMTP_PORT"], CultureInfo.InvariantCulture, out var port) ? port : 25,
            SmtpFrom = string.IsNullOrWhiteSpace(config["LODESTAR_SMTP_FROM"]) ? "lodestar@localhost" : config["LODESTAR_SMTP_FROM"]!,
            EscalationDays = int.TryParse(config["LODESTAR_TASKS_ESCALATE_DAYS"], CultureInfo.InvariantCulture, out var days) && days >= 0 ? days : 7,
            ReportRemindDays = int.TryParse(config["LODESTAR_REPORTS_REMIND_DAYS"], CultureInfo.InvariantCulture, out var remind) && remind >= 0 ? remind : 3,
            ReportEscalationDays = int.TryParse(config["LODESTAR_REPORTS_ESCALATE_DAYS"], CultureInfo.InvariantCulture, out var grace) && grace >= 0 ? grace : 5,
            TasksDailyJob = !string.Equals(config["LODESTAR_TASKS_DAILY"], "false", StringComparison.OrdinalIgnoreCase),
            HeatYellow = Share(config["LODESTAR_HEATMAP_YELLOW"], 0.10),
            PostgresBin = string.IsNullOrWhiteSpace(config["LODESTAR_PG_BIN"]) ? null : config["LODESTAR_PG_BIN"],
            MetricsToken = string.IsNullOrWhiteSpace(config["LODESTAR_METRICS_TOKEN"]) ? null : config["LODESTAR_METRICS_TOKEN"],
            MetricsOpen = string.Equals(config["LODESTAR_METRICS_OPEN"], "true", StringComparison.OrdinalIgnoreCase),
            HeatRed = Share(config["LODESTAR_HEATMAP_RED"], 0.25),
            TwoFactorRequired = string.Equals(config["LODESTAR_TWO_FACTOR"], "required", StringComparison.OrdinalIgnoreCase),
            EvidenceQuotaBytes = (long.TryParse(config["LODESTAR_EVIDENCE_QUOTA_MB"], CultureInfo.InvariantCulture, out var quota) && quota > 0 ? quota : 500) * 1024 * 1024,
        };
    }

    private static double Share(string? text, double fallback) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1 ? v : fallback;
}
