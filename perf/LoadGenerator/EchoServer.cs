using System.Globalization;
using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsPipeline.Protos.Rs;

namespace RsPipeline.LoadGenerator;

/// <summary>
/// A trivial rs.RSer server on loopback that answers every call with the same 100 ids, as long as
/// a real reply: what the load generator reaches against it is the generator's own ceiling.
/// </summary>
internal static class EchoServer
{
    public static async Task<WebApplication> StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var health = new HealthServiceImpl();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddSingleton(health);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync(cancellationToken);
        return app;
    }

    public static Uri AddressOf(WebApplication app) => new(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

    private sealed class EchoService : RSer.RSerBase
    {
        private static readonly itemsString Reply = new()
        {
            Items = string.Join(',', Enumerable.Range(900_000, 100).Select(i => i.ToString(CultureInfo.InvariantCulture))),
        };

        public override Task<itemsString> CallRsItems(userRequest request, ServerCallContext context) => Task.FromResult(Reply);
    }
}
