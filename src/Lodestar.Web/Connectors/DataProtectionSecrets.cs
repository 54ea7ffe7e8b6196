using System.Security.Cryptography;
using Lodestar.Connectors;
using Microsoft.AspNetCore.DataProtection;

namespace Lodestar.Web.Connectors;

/// <summary>Connector secrets encrypted with the app's data-protection keys (WebServices: kept in the data directory, encrypted by LODESTAR_KEYS_CERT when set).</summary>
internal sealed class DataProtectionSecrets(IDataProtectionProvider provider) : IConnectorSecrets
{
    private readonly IDataProtector _protector = provider.CreateProtector("Lodestar.Connectors.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string? Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
