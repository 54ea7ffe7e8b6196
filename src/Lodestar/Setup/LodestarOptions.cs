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

    /// <summary>LODESTAR_DEMO: fill a new embedded database with the demo province (default true).</summary>
    public bool Demo { get; init; } = true;

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
            Demo = !string.Equals(config["LODESTAR_DEMO"], "false", StringComparison.OrdinalIgnoreCase),
        };
    }
}
