namespace RsPipeline.Host.Telemetry;

/// <summary>
/// OpenTelemetry settings, bound from the "Telemetry" section and validated at start. OTLP export
/// is configured by the standard OTEL_EXPORTER_OTLP_* variables, not here.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>The path Prometheus scrapes on <see cref="MetricsPort"/>.</summary>
    public const string MetricsPath = "/metrics";

    internal const bool DefaultEnabled = true;
    internal const double DefaultSamplingRatio = 1.0;
    internal const bool DefaultPrometheusEndpoint = true;
    internal const int DefaultMetricsPort = 9464;

    /// <summary>
    /// Whether OpenTelemetry runs at all. False: no tracer or meter provider, no /metrics endpoint,
    /// nothing listens to the pipeline's source and meter (they cost a flag check). Default true.
    /// </summary>
    public bool Enabled { get; set; } = DefaultEnabled;

    /// <summary>
    /// The share of new traces recorded, 0 to 1 (ParentBased(TraceIdRatioBased)): a call whose
    /// caller sent a sampled traceparent is always recorded, one that starts a trace with this
    /// probability. Default 1 (every call).
    /// </summary>
    public double SamplingRatio { get; set; } = DefaultSamplingRatio;

    /// <summary>Whether Prometheus can scrape <see cref="MetricsPath"/> on <see cref="MetricsPort"/>. Default true.</summary>
    public bool PrometheusEndpoint { get; set; } = DefaultPrometheusEndpoint;

    /// <summary>
    /// The TCP port of the metrics endpoint (HTTP/1.1, on Server:BindAddress; the gRPC port speaks
    /// HTTP/2 only, which Prometheus does not); 0 picks a free one. Default 9464.
    /// </summary>
    public int MetricsPort { get; set; } = DefaultMetricsPort;
}
