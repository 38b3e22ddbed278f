using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Perf.PipelineLoad;

/// <summary>Whether a run has OpenTelemetry attached to the pipeline's source and meter.</summary>
internal enum TelemetryMode
{
    /// <summary>Nothing listens: what Telemetry:Enabled=false gives the server.</summary>
    Off,

    /// <summary>A tracer provider sampling every span and a meter provider, as the server has by default.</summary>
    On,

    /// <summary>Each setting runs off then on, interleaved, for a same-run comparison.</summary>
    Both,
}

/// <summary>
/// OpenTelemetry as the server wires it (every span recorded: AlwaysOn; all the pipeline's
/// instruments aggregated), exporting to a sink that drops everything, so a run measures the
/// instrumentation and the SDK, not a collector.
/// </summary>
internal sealed class TelemetryAttachment : IDisposable
{
    private static readonly bool[] OffThenOn = [false, true];
    private static readonly bool[] OnOnly = [true];
    private static readonly bool[] OffOnly = [false];

    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private TelemetryAttachment()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new AlwaysOnSampler())
            .AddSource(RsPipelineTelemetry.Name)
            .AddProcessor(new BatchActivityExportProcessor(new NullExporter<System.Diagnostics.Activity>()))
            .Build()!;
        _metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(RsPipelineTelemetry.Name)
            .AddReader(new PeriodicExportingMetricReader(new NullExporter<Metric>(), exportIntervalMilliseconds: 1000))
            .Build()!;
    }

    /// <summary>Whether each run of one setting has telemetry attached, in order.</summary>
    public static IReadOnlyList<bool> Runs(TelemetryMode mode) => mode switch
    {
        TelemetryMode.Both => OffThenOn,
        TelemetryMode.On => OnOnly,
        _ => OffOnly,
    };

    /// <summary>Attaches telemetry for <paramref name="on"/>; null (nothing attached) otherwise.</summary>
    public static TelemetryAttachment? For(bool on) => on ? new TelemetryAttachment() : null;

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }

    private sealed class NullExporter<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }
}
