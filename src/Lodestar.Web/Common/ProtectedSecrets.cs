using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Lodestar.Web.Common;

/// <summary>
/// Secrets kept encrypted with the app's data-protection keys (WebServices: kept in the data directory, encrypted by
/// LODESTAR_KEYS_CERT when set), each kind under its own purpose so one kind's ciphertext never opens as another's.
/// A secret that no key opens any more (keys lost or rotated away) reads as null.
/// </summary>
internal abstract class ProtectedSecrets(IDataProtectionProvider provider, string purpose)
{
    private readonly IDataProtector _protector = provider.CreateProtector(purpose);

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
