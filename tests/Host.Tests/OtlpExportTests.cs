using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;
using OpenTelemetry.Proto.Common.V1;
using RsPipeline.Host.Telemetry;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Host.Tests.Otlp;
using RsPipeline.Recall.V1;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;
using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace RsPipeline.Host.Tests;

/// <summary>An operator's OTLP backend (a receiver built from the protocol's protos) gets the server process's traces and metrics.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private const int Calls = 4;
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task RecallWithTraceparent_ReceiverGetsTheCallersTraceTheBatchLinksAndTheBatchSizeHistogram()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var launch = HostLaunch.BuildOutput.WithEnvironment([
            new("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString()),
            new("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            // Export within a second rather than on the defaults' 5 s (spans) and 60 s (metrics).
            new("OTEL_BSP_SCHEDULE_DELAY", "100"),
            new("OTEL_METRIC_EXPORT_INTERVAL", "500"),
        ]);
        await using var host = await HostProcess.StartAsync(launch, TestServer.Arguments(_catalog));
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();
        var headers = new Metadata { { "traceparent", $"00-{traceId.ToHexString()}-{callerSpanId.ToHexString()}-01" } };
        var client = new RsPipeline.Recall.V1.Recall.RecallClient(host.Channel);

        await Task.WhenAll(Enumerable.Range(1, Calls).Select(seed =>
            client.RecallAsync(new RecallRequest { Vector = { TestCatalog.Query(seed) } }, headers).ResponseAsync)).DefaultTimeout();
        var trace = Bytes(traceId);
        // The server spans end after the replies are written, later than the request spans: an export
        // can hold every request span and none of them yet (seen in a CI run), so wait for both.
        await receiver.Received.WaitAsync(store =>
            Servers(store, trace).Count == Calls && Requests(store, trace).Count == Calls && LinkedRequests(store, trace).Count == Calls && BatchSizeSum(store) == Calls).DefaultTimeout();

        var spans = receiver.Received.Spans;
        var servers = Servers(receiver.Received, trace).ToArray();
        Assert.Equal(Calls, servers.Length);
        Assert.All(servers, server =>
        {
            Assert.Equal(Bytes(callerSpanId), server.ParentSpanId);
            Assert.Equal("grpc", Attribute(server.Attributes, "rpc.system")?.StringValue);
            Assert.Equal(RsPipeline.Recall.V1.Recall.Descriptor.FullName, Attribute(server.Attributes, "rpc.service")?.StringValue);
            Assert.Equal("Recall", Attribute(server.Attributes, "rpc.method")?.StringValue);
            Assert.Equal((long)StatusCode.OK, Attribute(server.Attributes, "rpc.grpc.status_code")?.IntValue);
        });
        Assert.All(Requests(receiver.Received, trace), request => Assert.Contains(request.ParentSpanId, servers.Select(s => s.SpanId)));
        Assert.Equal(
            Requests(receiver.Received, trace).Select(r => r.SpanId).Order(ByteStringComparer.Instance),
            LinkedRequests(receiver.Received, trace).Order(ByteStringComparer.Instance));
        var resource = spans.First(s => s.Span.TraceId == trace).Resource;
        Assert.Equal("rspipeline", Attribute(resource.Attributes, "service.name")?.StringValue);
        Assert.Equal(ServiceVersion.Of(typeof(RsPipelineServer).Assembly), Attribute(resource.Attributes, "service.version")?.StringValue);
    }

    private static ByteString Bytes(ActivityTraceId id)
    {
        var bytes = new byte[16];
        id.CopyTo(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static ByteString Bytes(ActivitySpanId id)
    {
        var bytes = new byte[8];
        id.CopyTo(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static List<Span> Servers(OtlpStore store, ByteString trace) =>
        store.Spans.Select(s => s.Span).Where(s => s.TraceId == trace && s.Kind == Span.Types.SpanKind.Server).ToList();

    private static List<Span> Requests(OtlpStore store, ByteString trace) =>
        store.Spans.Select(s => s.Span).Where(s => s.TraceId == trace && s.Name == Spans.Request).ToList();

    // The request spans of this trace that some recall.batch span (a root of its own trace) links to.
    private static List<ByteString> LinkedRequests(OtlpStore store, ByteString trace) =>
        store.Spans.Select(s => s.Span).Where(s => s.Name == Spans.Batch)
            .SelectMany(batch => batch.Links).Where(link => link.TraceId == trace).Select(link => link.SpanId).ToList();

    // Cumulative temporality: the last export's data point holds every batch so far.
    private static double BatchSizeSum(OtlpStore store) =>
        store.Metrics.LastOrDefault(m => m.Metric.Name == Instruments.BatchSize).Metric?.Histogram.DataPoints.Sum(p => p.Sum) ?? 0;

    private static AnyValue? Attribute(RepeatedField<KeyValue> attributes, string key) => attributes.FirstOrDefault(a => a.Key == key)?.Value;

    private sealed class ByteStringComparer : IComparer<ByteString>
    {
        public static readonly ByteStringComparer Instance = new();

        public int Compare(ByteString? x, ByteString? y) => string.CompareOrdinal(x?.ToBase64(), y?.ToBase64());
    }
}
