using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> and reports every problem at once, each naming its key.</summary>
internal sealed class TelemetryOptionsValidator(IConfiguration configuration) : IValidateOptions<TelemetryOptions>
{
    private const string Prefix = TelemetryOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!(options.SamplingRatio is >= 0 and <= 1))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.SamplingRatio)} must be between 0 and 1 (got {options.SamplingRatio})"));
        }

        if (options.MetricsPort is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.MetricsPort)} must be between 0 and {IPEndPoint.MaxPort} (got {options.MetricsPort})"));
        }
        else if (options.Enabled && options.PrometheusEndpoint && options.MetricsPort != 0
            && options.MetricsPort == configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).Port)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.MetricsPort)} must differ from Server:Port (both {options.MetricsPort}): gRPC is HTTP/2 only, Prometheus scrapes HTTP/1.1"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
