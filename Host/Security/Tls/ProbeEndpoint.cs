using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Security.Tls;

/// <summary>
/// With TLS on the public port, an optional cleartext listener (Server:Tls:ProbePort) that answers
/// grpc.health.v1 and nothing else: Kubernetes' native gRPC probes cannot speak TLS. Kestrel marks
/// each connection it accepts there, and <see cref="Confine"/> answers anything but health with
/// 404 (UNIMPLEMENTED to a gRPC client), so no recall call travels in clear text.
/// </summary>
internal static class ProbeEndpoint
{
    private const string HealthPath = "/grpc.health.v1.Health";
    private static readonly object ConnectionMark = new();

    /// <summary>Adds the probe listener on <paramref name="address"/> when TLS and Server:Tls:ProbePort are set.</summary>
    public static void ListenIfEnabled(KestrelServerOptions kestrel, IPAddress address, IConfiguration configuration)
    {
        var options = configuration.ReadUnvalidated<TlsOptions>(TlsOptions.SectionName);
        if (options is not { Enabled: true, ProbePort: > 0 and <= IPEndPoint.MaxPort and var port })
        {
            return;
        }

        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(next => connection =>
            {
                connection.Items[ConnectionMark] = ConnectionMark;
                return next(connection);
            });
        });
    }

    /// <summary>Middleware: on a probe connection, only the health service is served.</summary>
    public static Task Confine(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true
            && !context.Request.Path.StartsWithSegments(HealthPath, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>Puts <see cref="Confine"/> first in the application's pipeline.</summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(Confine);
            next(app);
        };
    }
}
