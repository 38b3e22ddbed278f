using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Host.Telemetry;

/// <summary>Registers OpenTelemetry for the server: traces and metrics of the pipeline and of ASP.NET Core, OTLP and Prometheus export.</summary>
public static class TelemetryServiceCollectionExtensions
{
    private const string DefaultServiceName = "rspipeline";

    // Any of these switches OTLP export on; the exporter reads them (and the other OTEL_EXPORTER_OTLP_* variables) itself.
    private static readonly string[] OtlpEndpointKeys = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>
    /// Adds the "Telemetry" options (validated at start) and, unless Telemetry:Enabled is false,
    /// OpenTelemetry tracing (source <see cref="RsPipelineTelemetry.Name"/> and ASP.NET Core,
    /// ParentBased(TraceIdRatioBased(Telemetry:SamplingRatio))) and metrics (meter
    /// <see cref="RsPipelineTelemetry.Name"/> and ASP.NET Core), exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal endpoint) is set and to Prometheus when
    /// Telemetry:PrometheusEndpoint is on.
    /// </summary>
    public static IServiceCollection AddRecallTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(configuration, TelemetryOptions.SectionName);
        services.TryAddSingleton<MetricsEndpoint>();
        var options = configuration.ReadUnvalidated<TelemetryOptions>(TelemetryOptions.SectionName);
        if (!options.Enabled)
        {
            return services;
        }

        var ratio = Math.Clamp(options.SamplingRatio, 0, 1);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName,
                serviceVersion: ServiceVersion.Current))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                .AddSource(RsPipelineTelemetry.Name)
                .AddAspNetCoreInstrumentation())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RsPipelineTelemetry.Name).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (options.PrometheusEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        // Scrapes of /metrics are not calls worth a trace; gRPC calls get the RPC conventions' attributes.
        services.AddOptions<AspNetCoreTraceInstrumentationOptions>().Configure<MetricsEndpoint>(
            (aspNetCore, metrics) =>
            {
                aspNetCore.Filter = context => !metrics.Serves(context);
                aspNetCore.EnrichWithHttpResponse = RpcSpanAttributes.Enrich;
            });
        if (OtlpEndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key])))
        {
            builder.UseOtlpExporter();
        }

        return services;
    }
}
