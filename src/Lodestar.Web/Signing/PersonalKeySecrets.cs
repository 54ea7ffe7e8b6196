using System.Security.Cryptography;
using Lodestar.Signing;
using Microsoft.AspNetCore.DataProtection;

namespace Lodestar.Web.Signing;

/// <summary>A person's PKCS#12 and password, encrypted with the app's data-protection keys (as connector secrets are, under their own purpose).</summary>
internal sealed class PersonalKeySecrets(IDataProtectionProvider provider) : IPersonalKeySecrets
{
    private readonly IDataProtector _protector = provider.CreateProtector("Lodestar.Signing.PersonalKey.v1");

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
