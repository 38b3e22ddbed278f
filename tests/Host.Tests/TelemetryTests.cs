using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Host.Tests;

public sealed class TelemetryTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task CallWithTraceparent_RequestSpanInThatTrace_UnderTheServerSpan()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();
        var spans = new SpanWaiter(traceId);
        await using var server = await TestServer.StartAsync(
            TestServer.Arguments(_catalog),
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(spans)));
        var headers = new Metadata { { "traceparent", $"00-{traceId.ToHexString()}-{callerSpanId.ToHexString()}-01" } };

        await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }, headers).ResponseAsync.DefaultTimeout();
        var ended = await spans.WaitAsync(all => all.Any(a => a.Kind == ActivityKind.Server) && all.Any(a => a.OperationName == Spans.Request));

        var serverSpan = Assert.Single(ended, a => a.Kind == ActivityKind.Server);
        var request = Assert.Single(ended, a => a.OperationName == Spans.Request);
        Assert.Equal(callerSpanId, serverSpan.ParentSpanId);
        Assert.Equal(serverSpan.SpanId, request.ParentSpanId);
        Assert.Equal(Name, request.Source.Name);
        Assert.Equal(server.App.Services.GetRequiredService<RsPipeline.Pipeline.IRecallPipeline>().CatalogVersion, request.GetTagItem(Attributes.CatalogVersion));
        Assert.Equal(4, ended.Count(a => a.ParentSpanId == request.SpanId));
    }

    [Fact]
    public async Task MetricsEndpoint_ServesPrometheusText_OnItsOwnPort()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));
        await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }).ResponseAsync.DefaultTimeout();
        var metrics = RsPipelineServer.MetricsAddress(server.App);
        using var http = new HttpClient();

        var text = await http.GetStringAsync(metrics).DefaultTimeout();

        Assert.NotNull(metrics);
        Assert.NotEqual(server.Port, metrics.Port);
        // The names the README gives Prometheus users.
        Assert.All(
            [
                "rspipeline_batch_size_bucket", "rspipeline_request_duration_seconds_bucket", "rspipeline_request_queue_wait_seconds_bucket",
                "rspipeline_request_respond_duration_seconds_bucket", "rspipeline_batch_inference_duration_seconds_bucket",
                "rspipeline_requests_total", "rspipeline_queue_depth",
            ],
            name => Assert.Contains(name, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_NoProvidersAndNoMetricsEndpoint()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Telemetry:Enabled=false"));

        Assert.Null(server.App.Services.GetService<TracerProvider>());
        Assert.Null(server.App.Services.GetService<MeterProvider>());
        Assert.Null(RsPipelineServer.MetricsAddress(server.App));
    }

    [Fact]
    public async Task Prometheus_ScrapesTheServer_AndReadsTheBatchSizeHistogramBack()
    {
        // The server as its own process: one host, one meter, so the counts are exact (in this test
        // process every in-process server's meter is named "RsPipeline" and they would mix).
        PrometheusServer.FindBinary();
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(_catalog));
        using var prometheus = PrometheusServer.Start($"127.0.0.1:{host.MetricsPort}");
        var seed = new RSer.RSerClient(host.Channel);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(i)) }).ResponseAsync)).DefaultTimeout();
        // Over a range, so that a later scrape timing out on a loaded machine (which marks the series
        // stale for instant queries) cannot hide samples Prometheus already stored.
        var requests = await prometheus.WaitForValueAsync("max_over_time(rspipeline_batch_size_sum[5m])", sum => sum >= 20, TimeSpan.FromSeconds(60));
        var batches = await prometheus.WaitForValueAsync("max_over_time(rspipeline_batch_size_count[5m])", count => count >= 1, TimeSpan.FromSeconds(60));

        Assert.Equal(20, requests);
        Assert.InRange(batches, 1, 20);
    }
}
