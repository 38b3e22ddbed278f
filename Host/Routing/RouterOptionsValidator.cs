using Microsoft.Extensions.Options;

namespace RsPipeline.Host.Routing;

/// <summary>Checks <see cref="RouterOptions"/>, every problem at once, each naming its key.</summary>
public sealed class RouterOptionsValidator : IValidateOptions<RouterOptions>
{
    private const string Prefix = RouterOptions.SectionName + ":";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Shards.Count; i++)
        {
            if (ShardAddress.Problem(options.Shards[i]) is { } problem)
            {
                errors.Add($"{Prefix}Shards:{i} is '{options.Shards[i]}': {problem}");
            }
        }

        if (options.MaxAttempts is < 1 or > RouterOptions.MaxMaxAttempts)
        {
            errors.Add($"{Prefix}MaxAttempts must be between 1 and {RouterOptions.MaxMaxAttempts}, was {options.MaxAttempts}");
        }

        if (options.HedgingDelay is { } delay && delay <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}HedgingDelay must be > 0 when set, was {delay}");
        }

        Positive(errors, nameof(RouterOptions.MaxCallTime), options.MaxCallTime);
        Positive(errors, nameof(RouterOptions.ConnectRetryInterval), options.ConnectRetryInterval);
        Positive(errors, nameof(RouterOptions.DnsRefreshInterval), options.DnsRefreshInterval);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{key} must be > 0, was {value}");
        }
    }
}
