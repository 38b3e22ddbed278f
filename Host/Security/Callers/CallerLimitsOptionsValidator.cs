using System.Globalization;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Pipeline.Configuration;

namespace RsPipeline.Host.Security.Callers;

/// <summary>Checks <see cref="CallerLimitsOptions"/>, each caller's too, and reports every problem at once, each naming its key.</summary>
internal sealed class CallerLimitsOptionsValidator(IConfiguration configuration) : IValidateOptions<CallerLimitsOptions>
{
    private const string Prefix = CallerLimitsOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, CallerLimitsOptions options)
    {
        var errors = new List<string>();
        var maxUsersPerCall = configuration.ReadUnvalidated<RecallServerOptions>(RecallServerOptions.SectionName).MaxUsersPerCall;
        if (options.ConcurrencyRetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.ConcurrencyRetryDelay)} must not be negative (got {options.ConcurrencyRetryDelay})");
        }

        Check(errors, Prefix, options.RequestsPerPeriod, options.Period, options.Burst, options.MaxConcurrentRequests);
        Fits(errors, Prefix, options.For(string.Empty), maxUsersPerCall);
        foreach (var (caller, own) in options.Callers)
        {
            var prefix = $"{Prefix}{nameof(options.Callers)}:{caller}:";
            Check(errors, prefix, own.RequestsPerPeriod ?? 0, own.Period ?? CallerLimitsOptions.DefaultPeriod, own.Burst ?? 0, own.MaxConcurrentRequests ?? 0);
            Fits(errors, prefix, options.For(caller), maxUsersPerCall);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string prefix, int requests, TimeSpan period, int burst, int concurrent)
    {
        NotNegative(errors, prefix + nameof(CallerLimitsOptions.RequestsPerPeriod), requests);
        NotNegative(errors, prefix + nameof(CallerLimitsOptions.Burst), burst);
        NotNegative(errors, prefix + nameof(CallerLimitsOptions.MaxConcurrentRequests), concurrent);
        if (period <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}{nameof(CallerLimitsOptions.Period)} must be positive (got {period})");
        }
    }

    // A RecallMany page of Server:MaxUsersPerCall users takes that many permits at once: a smaller
    // bucket or concurrency limit would refuse it for ever.
    private static void Fits(List<string> errors, string prefix, CallerLimit limit, int maxUsersPerCall)
    {
        if (limit.RequestsPerPeriod > 0 && limit.Burst is > 0 and var burst && burst < maxUsersPerCall)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{nameof(CallerLimitsOptions.Burst)} (or {nameof(CallerLimitsOptions.RequestsPerPeriod)} when Burst is 0) is {burst}, less than Server:MaxUsersPerCall ({maxUsersPerCall}): a full RecallMany page could never pass"));
        }

        if (limit.MaxConcurrentRequests > 0 && limit.MaxConcurrentRequests < maxUsersPerCall)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}{nameof(CallerLimitsOptions.MaxConcurrentRequests)} is {limit.MaxConcurrentRequests}, less than Server:MaxUsersPerCall ({maxUsersPerCall}): a full RecallMany page could never pass"));
        }
    }

    private static void NotNegative(List<string> errors, string key, int value)
    {
        if (value < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must not be negative (got {value})"));
        }
    }
}
