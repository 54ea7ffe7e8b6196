using System.Net;
using System.Net.Sockets;

namespace Lodestar.Tests.Common;

/// <summary>A loopback port nothing listens on now: for a server a test starts, or one that is down.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
