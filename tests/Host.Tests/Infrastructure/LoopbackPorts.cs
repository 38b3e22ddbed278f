using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// Free TCP ports for servers a test starts in another process, which binds them seconds later.
/// Taken below the OS's ephemeral range, which it hands out on its own (port 0, and the local port
/// of every outgoing connection): a port from that range can be taken by a connection of another
/// test between the check and the server's bind ("address already in use", seen in CI). Below it,
/// nothing takes a port unasked; a counter gives each port once per test process, from a random
/// start so that processes side by side rarely meet, and each is checked free on every address.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private const int DefaultEphemeralStart = 32_768;
    private const int MinimumSpan = 1_000;
    private static readonly int EphemeralStart = ReadEphemeralStart();
    private static int _next = Lowest + Random.Shared.Next(Math.Max(1, EphemeralStart - Lowest));

    /// <summary>A port nobody listens on, outside the range the OS allocates itself (where it leaves room below it).</summary>
    public static int Free()
    {
        var span = EphemeralStart - Lowest;
        if (span < MinimumSpan)
        {
            return ChosenByTheOs();
        }

        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = Lowest + (int)((uint)(Interlocked.Increment(ref _next) - Lowest) % (uint)span);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port in [{Lowest}, {EphemeralStart})");
    }

    private static int ChosenByTheOs()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The first port of the OS's ephemeral range (Linux: "32768\t60999"); the usual default elsewhere.
    private static int ReadEphemeralStart()
    {
        if (!File.Exists(EphemeralRangeFile))
        {
            return DefaultEphemeralStart;
        }

        var first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
        return int.Parse(first, CultureInfo.InvariantCulture);
    }
}
