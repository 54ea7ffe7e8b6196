namespace Lodestar.Connectors;

/// <summary>
/// Encrypts a connector's secret (password, token, key) for the database and reads it back for a run. The web host
/// implements it with ASP.NET Core data protection, whose keys live in the data directory (encrypted at rest with
/// LODESTAR_KEYS_CERT when set): a copy of the database alone does not reveal the secrets.
/// </summary>
public interface IConnectorSecrets
{
    string Protect(string secret);

    /// <summary>The secret, or null when it cannot be read (the keys were lost): the run then fails, saying so.</summary>
    string? Unprotect(string protectedSecret);
}
