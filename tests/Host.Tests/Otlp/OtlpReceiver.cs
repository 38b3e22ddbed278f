using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace RsPipeline.Host.Tests.Otlp;

/// <summary>
/// An OTLP/gRPC receiver on a free loopback port, as an operator's collector: the trace and metrics
/// collector services of the OpenTelemetry protocol, keeping what they receive in <see cref="Received"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT should say.</summary>
    public Uri Endpoint { get; }

    public OtlpStore Received => _app.Services.GetRequiredService<OtlpStore>();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<OtlpStore>();
        var app = builder.Build();
        app.MapGrpcService<TraceCollector>();
        app.MapGrpcService<MetricsCollector>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new OtlpReceiver(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class TraceCollector(OtlpStore store) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            store.Add(request.ResourceSpans);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class MetricsCollector(OtlpStore store) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            store.Add(request.ResourceMetrics);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }
}
