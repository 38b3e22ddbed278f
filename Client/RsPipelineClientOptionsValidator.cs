using System.Globalization;
using Microsoft.Extensions.Options;

namespace RsPipeline.Client;

/// <summary>Checks <see cref="RsPipelineClientOptions"/> when the client is first resolved, reporting every problem at once.</summary>
internal sealed class RsPipelineClientOptionsValidator : IValidateOptions<RsPipelineClientOptions>
{
    /// <summary>grpc-dotnet's own ceiling for retry and hedging attempts.</summary>
    internal const int MaxAttemptsCeiling = 5;

    private const string DnsScheme = "dns";

    public ValidateOptionsResult Validate(string? name, RsPipelineClientOptions options)
    {
        var errors = new List<string>();
        if (options.Address is not { IsAbsoluteUri: true } address || address.Scheme is not (DnsScheme or "http" or "https"))
        {
            errors.Add($"{nameof(options.Address)} must be an absolute dns:///, http:// or https:// address (got '{options.Address}')");
        }

        Positive(errors, nameof(options.DefaultDeadline), options.DefaultDeadline);
        Positive(errors, nameof(options.InitialBackoff), options.InitialBackoff);
        Positive(errors, nameof(options.MaxBackoff), options.MaxBackoff);
        Positive(errors, nameof(options.DnsRefreshInterval), options.DnsRefreshInterval);
        if (options.MaxAttempts is < 1 or > MaxAttemptsCeiling)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(options.MaxAttempts)} must be between 1 and {MaxAttemptsCeiling} (got {options.MaxAttempts})"));
        }

        if (!(options.BackoffMultiplier > 0))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(options.BackoffMultiplier)} must be positive (got {options.BackoffMultiplier})"));
        }

        if (options.HedgingDelay < TimeSpan.Zero)
        {
            errors.Add($"{nameof(options.HedgingDelay)} must not be negative (got {options.HedgingDelay})");
        }

        Security(errors, options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Security(List<string> errors, RsPipelineClientOptions options)
    {
        if (options.BearerToken is not null && !options.Secure && !options.AllowBearerTokenWithoutTls)
        {
            errors.Add($"{nameof(options.BearerToken)} would travel in clear text: use an https:// address or {nameof(options.UseTls)}, or set {nameof(options.AllowBearerTokenWithoutTls)}");
        }

        if (options.ClientCertificate is { } certificate && (!options.Secure || !certificate.HasPrivateKey))
        {
            errors.Add($"{nameof(options.ClientCertificate)} needs TLS and its private key");
        }
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (got {value})");
        }
    }
}
