using Lodestar.Connectors;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.DataProtection;

namespace Lodestar.Web.Connectors;

/// <summary>Connector secrets (passwords, tokens, API keys of the sources), encrypted with the app's data-protection keys.</summary>
internal sealed class DataProtectionSecrets(IDataProtectionProvider provider)
    : ProtectedSecrets(provider, "Lodestar.Connectors.Secret.v1"), IConnectorSecrets;
