using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RsPipeline.Host.Telemetry;

/// <summary>
/// The Kestrel endpoint that serves /metrics, when there is one: set while Kestrel is configured,
/// its port known once the server has bound it (Telemetry:MetricsPort may be 0).
/// </summary>
internal sealed class MetricsEndpoint
{
    private ListenOptions? _listen;

    /// <summary>The bound port; 0 before the server starts or when there is no endpoint.</summary>
    public int Port => (_listen?.EndPoint as System.Net.IPEndPoint)?.Port ?? 0;

    public void Use(ListenOptions listen) => _listen = listen;

    /// <summary>Whether <paramref name="context"/> arrived on the metrics endpoint.</summary>
    public bool Serves(HttpContext context) => _listen is not null && context.Connection.LocalPort == Port;
}
