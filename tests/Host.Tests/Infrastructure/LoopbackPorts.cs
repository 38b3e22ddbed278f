using System.Net;
using System.Net.Sockets;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>Free TCP ports on 127.0.0.1 for servers a test starts in another process.</summary>
public static class LoopbackPorts
{
    /// <summary>A port free at the moment of asking (the OS's choice for port 0).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
