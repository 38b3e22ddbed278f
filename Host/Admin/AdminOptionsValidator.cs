using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Telemetry;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Admin;

/// <summary>Checks <see cref="AdminOptions"/> (only when enabled) and reports every problem at once, each naming its key.</summary>
internal sealed class AdminOptionsValidator(IConfiguration configuration) : IValidateOptions<AdminOptions>
{
    private const string Prefix = AdminOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out var address))
        {
            errors.Add($"{Prefix}{nameof(options.BindAddress)} must be an IP address such as 127.0.0.1 (got '{options.BindAddress}')");
        }
        else if (!IPAddress.IsLoopback(address) && options.Token is null)
        {
            errors.Add($"{Prefix}{nameof(options.BindAddress)} is {address}, not a loopback address: set {Prefix}{nameof(options.Token)} so that only callers holding it can reload");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.Port)} must be between 0 and {IPEndPoint.MaxPort} (got {options.Port})"));
        }
        else if (options.Port != 0 && TakenBy(options.Port) is { } other)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.Port)} must differ from {other} (both {options.Port}): the admin service has a listener of its own"));
        }

        for (var i = 0; i < options.AllowedRoots.Count; i++)
        {
            if (!Directory.Exists(options.AllowedRoots[i]))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{nameof(options.AllowedRoots)}:{i} must be an existing directory (got '{options.AllowedRoots[i]}')"));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private string? TakenBy(int port)
    {
        var telemetry = configuration.ReadUnvalidated<TelemetryOptions>(TelemetryOptions.SectionName);
        if (port == configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).Port)
        {
            return "Server:Port";
        }

        return telemetry is { Enabled: true, PrometheusEndpoint: true } && port == telemetry.MetricsPort ? "Telemetry:MetricsPort" : null;
    }
}
