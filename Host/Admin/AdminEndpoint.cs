using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RsPipeline.Host.Admin;

/// <summary>
/// The admin listener: Kestrel marks each connection it accepts there, so the admin service can
/// tell a call on its own endpoint from one on the public port. Also remembers the listener, for
/// the bound address when Admin:Port is 0.
/// </summary>
public sealed class AdminEndpoint
{
    private static readonly object ConnectionMark = new();

    /// <summary>The admin listener once Kestrel is configured; null when the admin service is off.</summary>
    internal ListenOptions? Listener { get; private set; }

    /// <summary>The admin endpoint's address once the server has started (e.g. http://127.0.0.1:50052), or null when off.</summary>
    public string? Address => Listener is { IPEndPoint: { } endpoint } ? $"http://{endpoint}" : null;

    /// <summary>Marks every connection accepted by <paramref name="listener"/> as an admin connection.</summary>
    internal void Attach(ListenOptions listener)
    {
        Listener = listener;
        listener.Use(next => connection =>
        {
            connection.Items[ConnectionMark] = ConnectionMark;
            return next(connection);
        });
    }

    /// <summary>Whether the call in <paramref name="context"/> arrived on the admin listener.</summary>
    internal static bool IsAdminConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true;
}
