using Lodestar.Signing;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Lodestar.Web.Signing;

/// <summary>A person's PKCS#12 and its password, encrypted with the app's data-protection keys under their own purpose.</summary>
internal sealed class PersonalKeySecrets(IDataProtectionProvider provider)
    : ProtectedSecrets(provider, "Lodestar.Signing.PersonalKey.v1"), IPersonalKeySecrets;
