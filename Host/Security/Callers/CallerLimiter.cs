using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RsPipeline.Host.Security.Callers;

/// <summary>
/// Per-caller limits with System.Threading.RateLimiting, partitioned by caller name: a concurrency
/// limiter (requests in flight) chained before a token bucket (requests per period), each caller
/// with its own. Nothing queues: a request over a limit is refused at once, with how long to wait.
/// </summary>
internal sealed class CallerLimiter : IDisposable
{
    private readonly CallerLimitsOptions _options;
    private readonly PartitionedRateLimiter<string> _limiter;

    public CallerLimiter(IOptions<CallerLimitsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var concurrency = PartitionedRateLimiter.Create<string, string>(caller => ConcurrencyPartition(caller, _options.For(caller)), StringComparer.Ordinal);
        var rate = PartitionedRateLimiter.Create<string, string>(caller => RatePartition(caller, _options.For(caller)), StringComparer.Ordinal);
        // Concurrency first: when the bucket refuses, the chain hands the concurrency permits back;
        // the other way round, a refusal for concurrency would have spent tokens.
        _limiter = PartitionedRateLimiter.CreateChained(concurrency, rate);
    }

    /// <summary>
    /// Takes <paramref name="requests"/> permits for <paramref name="caller"/>; dispose the lease when
    /// the call ends (it holds the concurrency permits).
    /// </summary>
    /// <exception cref="CallerRefusedException">The caller is over a limit.</exception>
    public RateLimitLease Acquire(string caller, int requests)
    {
        var lease = _limiter.AttemptAcquire(caller, requests);
        if (lease.IsAcquired)
        {
            return lease;
        }

        using (lease)
        {
            // Only the token bucket knows when permits come back; a concurrency refusal waits for calls to end.
            var refusal = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? CallerRefusal.RateLimited : CallerRefusal.ConcurrencyLimited;
            var limit = _options.For(caller);
            throw refusal == CallerRefusal.RateLimited
                ? new CallerRefusedException(refusal, $"caller '{caller}' is over its rate limit ({limit.RequestsPerPeriod} requests per {limit.Period}, burst {limit.Burst}); retry later", retryAfter)
                : new CallerRefusedException(refusal, $"caller '{caller}' already has its limit of {limit.MaxConcurrentRequests} requests in flight; retry later", _options.ConcurrencyRetryDelay);
        }
    }

    public void Dispose() => _limiter.Dispose();

    private static RateLimitPartition<string> ConcurrencyPartition(string caller, CallerLimit limit) =>
        limit.MaxConcurrentRequests == 0
            ? RateLimitPartition.GetNoLimiter(caller)
            : RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions { PermitLimit = limit.MaxConcurrentRequests, QueueLimit = 0 });

    private static RateLimitPartition<string> RatePartition(string caller, CallerLimit limit) =>
        limit.RequestsPerPeriod == 0
            ? RateLimitPartition.GetNoLimiter(caller)
            : RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst,
                TokensPerPeriod = limit.RequestsPerPeriod,
                ReplenishmentPeriod = limit.Period,
                QueueLimit = 0,
            });
}
