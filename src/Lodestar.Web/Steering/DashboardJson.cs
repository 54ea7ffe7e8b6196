using System.Runtime.CompilerServices;
using System.Text.Json;
using Lodestar.Steering;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Lodestar.Web.Steering;

/// <summary>
/// The dashboard API's answer as UTF-8 JSON, written once per dashboard built: <see cref="DashboardCache"/> hands every
/// reader the same instance until something changes, so its bytes are kept beside it (and go when it goes).
/// </summary>
public sealed class DashboardJson(IOptions<JsonOptions> options)
{
    private readonly ConditionalWeakTable<Dashboard, byte[]> _bytes = [];

    public byte[] Of(Dashboard dashboard) =>
        _bytes.GetValue(dashboard, d => JsonSerializer.SerializeToUtf8Bytes(d, options.Value.SerializerOptions));
}
