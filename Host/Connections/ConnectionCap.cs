using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RsPipeline.Host.Connections;

/// <summary>
/// At most <c>Server:MaxConnections</c> open connections on the gRPC port: one more is closed as
/// soon as it is accepted, before any TLS or HTTP/2 work. Per listener rather than Kestrel's
/// server-wide MaxConcurrentConnections, so that a flood on the public port leaves the metrics,
/// probe and admin listeners reachable.
/// </summary>
internal sealed class ConnectionCap(int max)
{
    private int _open;

    /// <summary>Connections open now on the listener.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Puts the cap in front of everything else on <paramref name="listener"/>.</summary>
    public void Attach(ListenOptions listener) =>
        listener.Use(next => async connection =>
        {
            if (Interlocked.Increment(ref _open) > max)
            {
                // Returning without calling on closes the connection.
                Interlocked.Decrement(ref _open);
                return;
            }

            try
            {
                await next(connection);
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        });
}
