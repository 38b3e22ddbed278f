namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// Per-caller limits on the public services, bound from "CallerLimits" and validated at start: each
/// caller (token name, client certificate's common name, or peer address) has its own token bucket and its own
/// count of requests in flight, so one caller's excess is refused (RESOURCE_EXHAUSTED with a
/// grpc-retry-pushback-ms hint) before it can take the queue from the others. A request is one user:
/// a RecallMany page of n users counts n. Off by default (0 = no limit).
/// </summary>
public sealed class CallerLimitsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "CallerLimits";

    internal static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan DefaultConcurrencyRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Requests each caller may make per <see cref="Period"/>, on average; 0 = no rate limit. Default 0.</summary>
    public int RequestsPerPeriod { get; set; }

    /// <summary>The period of <see cref="RequestsPerPeriod"/>. Default 1 s.</summary>
    public TimeSpan Period { get; set; } = DefaultPeriod;

    /// <summary>Requests a caller may make at once after a quiet spell (the bucket's size); 0 = <see cref="RequestsPerPeriod"/>. Default 0.</summary>
    public int Burst { get; set; }

    /// <summary>Requests one caller may have in flight at once; 0 = no limit. Default 0.</summary>
    public int MaxConcurrentRequests { get; set; }

    /// <summary>The retry pushback given with a refusal for <see cref="MaxConcurrentRequests"/> (the rate limit knows its own). Default 50 ms.</summary>
    public TimeSpan ConcurrencyRetryDelay { get; set; } = DefaultConcurrencyRetryDelay;

    /// <summary>
    /// Limits of named callers, replacing the defaults above key by key: a token's caller name, a
    /// client certificate's common name, or "ip-" and an address ("ip-10.0.0.7"). Default none.
    /// </summary>
    public Dictionary<string, CallerLimitOverride> Callers { get; } = new(StringComparer.Ordinal);

    /// <summary>The limits in force for <paramref name="caller"/>.</summary>
    public CallerLimit For(string caller)
    {
        var own = Callers.GetValueOrDefault(caller);
        var requests = own?.RequestsPerPeriod ?? RequestsPerPeriod;
        var burst = own?.Burst ?? Burst;
        return new CallerLimit(requests, own?.Period ?? Period, burst > 0 ? burst : requests, own?.MaxConcurrentRequests ?? MaxConcurrentRequests);
    }
}

/// <summary>One caller's own limits (CallerLimits:Callers:NAME); a key left out keeps the default.</summary>
public sealed class CallerLimitOverride
{
    /// <summary>See <see cref="CallerLimitsOptions.RequestsPerPeriod"/>.</summary>
    public int? RequestsPerPeriod { get; set; }

    /// <summary>See <see cref="CallerLimitsOptions.Period"/>.</summary>
    public TimeSpan? Period { get; set; }

    /// <summary>See <see cref="CallerLimitsOptions.Burst"/>.</summary>
    public int? Burst { get; set; }

    /// <summary>See <see cref="CallerLimitsOptions.MaxConcurrentRequests"/>.</summary>
    public int? MaxConcurrentRequests { get; set; }
}

/// <summary>The limits in force for one caller.</summary>
/// <param name="RequestsPerPeriod">0 = no rate limit.</param>
/// <param name="Period">The period of <paramref name="RequestsPerPeriod"/>.</param>
/// <param name="Burst">The bucket's size.</param>
/// <param name="MaxConcurrentRequests">0 = no limit.</param>
public readonly record struct CallerLimit(int RequestsPerPeriod, TimeSpan Period, int Burst, int MaxConcurrentRequests);
