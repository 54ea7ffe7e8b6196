using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Testing;

/// <summary>Another system on a free loopback port (Kestrel): a connector's source or a webhook's receiver, as the routes map it.</summary>
public static class LoopbackServer
{
    /// <summary>Starts the server with the routes <paramref name="map"/> adds; answers it (to dispose) and its base address, without a trailing slash.</summary>
    public static async Task<(WebApplication Server, string BaseUrl)> StartAsync(Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var server = WebApplication.CreateSlimBuilder().Build();
        server.Urls.Add("http://127.0.0.1:0");
        map(server);
        await server.StartAsync();
        return (server, server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/'));
    }
}
