using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace RsPipeline.Host.Configuration;

/// <summary>Checks <see cref="RecallServerOptions"/> and reports every problem at once, each naming its key.</summary>
internal sealed class RecallServerOptionsValidator : IValidateOptions<RecallServerOptions>
{
    private const string Prefix = RecallServerOptions.SectionName + ":";

    // The host times its whole stop with one timer, which cannot wait longer than int.MaxValue milliseconds.
    private static readonly TimeSpan LongestStop = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, RecallServerOptions options)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"{Prefix}{nameof(options.BindAddress)} must be an IP address such as 0.0.0.0 or 127.0.0.1 (got '{options.BindAddress}')");
        }

        Range(errors, nameof(options.Port), options.Port, 0, IPEndPoint.MaxPort);
        Range(errors, nameof(options.MaxReceiveMessageBytes), options.MaxReceiveMessageBytes, 1024, int.MaxValue);
        Range(errors, nameof(options.MaxUsersPerCall), options.MaxUsersPerCall, 1, int.MaxValue);
        Range(errors, nameof(options.MaxStreamsPerConnection), options.MaxStreamsPerConnection, 1, int.MaxValue);
        Range(errors, nameof(options.MaxConnections), options.MaxConnections, 1, int.MaxValue);
        Positive(errors, nameof(options.IdleConnectionTimeout), options.IdleConnectionTimeout);
        Positive(errors, nameof(options.RequestHeadersTimeout), options.RequestHeadersTimeout);
        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.ShutdownTimeout)} must be positive (got {options.ShutdownTimeout})");
        }

        if (options.DrainDelay < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.DrainDelay)} must not be negative (got {options.DrainDelay})");
        }
        else if (options.ShutdownTimeout > TimeSpan.Zero && options.DrainDelay > LongestStop - options.ShutdownTimeout)
        {
            errors.Add($"{Prefix}{nameof(options.DrainDelay)} + {Prefix}{nameof(options.ShutdownTimeout)} must be at most {LongestStop} (got {options.DrainDelay} + {options.ShutdownTimeout})");
        }

        Positive(errors, nameof(options.FailureLogInterval), options.FailureLogInterval);
        if (options.WarmUpDuration < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.WarmUpDuration)} must not be negative (got {options.WarmUpDuration})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{key} must be positive (got {value})");
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            var bound = max == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"at least {min}")
                : string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}");
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{key} must be {bound} (got {value})"));
        }
    }
}
