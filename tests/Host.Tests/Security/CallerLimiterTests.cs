using Microsoft.Extensions.Options;
using RsPipeline.Host.Security.Callers;

namespace RsPipeline.Host.Tests.Security;

/// <summary>
/// Limits are counts within windows: with a period far longer than the test, a bucket refills by
/// nothing while it runs, so every count below is exact.
/// </summary>
public sealed class CallerLimiterTests
{
    private static readonly TimeSpan LongPeriod = TimeSpan.FromHours(1);

    [Fact]
    public void CallerAtTenTimesItsRate_GetsItsBurst_OtherCallerLosesNothing()
    {
        using var limiter = Limiter(new CallerLimitsOptions { RequestsPerPeriod = 20, Period = LongPeriod });

        var noisy = Offer(limiter, "noisy", 200);
        var quiet = Offer(limiter, "quiet", 20);

        Assert.Equal(20, noisy.Admitted);
        Assert.All(noisy.Refusals, refusal =>
        {
            Assert.Equal(CallerRefusal.RateLimited, refusal.Refusal);
            Assert.True(refusal.RetryAfter > TimeSpan.Zero);
        });
        Assert.Equal(180, noisy.Refusals.Count);
        Assert.Equal(20, quiet.Admitted);
        Assert.Empty(quiet.Refusals);
    }

    [Fact]
    public void ConcurrencyLimit_CountsRequestsInFlight_ReleasedWhenTheLeaseEnds()
    {
        using var limiter = Limiter(new CallerLimitsOptions { MaxConcurrentRequests = 8, ConcurrencyRetryDelay = TimeSpan.FromMilliseconds(30) });
        var held = Enumerable.Range(0, 8).Select(_ => limiter.Acquire("noisy", 1)).ToList();

        var refused = Assert.Throws<CallerRefusedException>(() => limiter.Acquire("noisy", 1));
        using (limiter.Acquire("quiet", 8))
        {
        }

        Assert.Equal(CallerRefusal.ConcurrencyLimited, refused.Refusal);
        Assert.Equal(TimeSpan.FromMilliseconds(30), refused.RetryAfter);
        held[0].Dispose();
        using (limiter.Acquire("noisy", 1))
        {
        }

        held.ForEach(lease => lease.Dispose());
    }

    [Fact]
    public void ConcurrencyRefusal_SpendsNoTokens()
    {
        using var limiter = Limiter(new CallerLimitsOptions { RequestsPerPeriod = 10, Period = LongPeriod, MaxConcurrentRequests = 5 });
        var held = limiter.Acquire("caller", 5);

        var refused = Assert.Throws<CallerRefusedException>(() => limiter.Acquire("caller", 1));
        held.Dispose();

        // Five tokens are left only if the refusal spent none.
        limiter.Acquire("caller", 5).Dispose();
        Assert.Equal(CallerRefusal.ConcurrencyLimited, refused.Refusal);
        Assert.Equal(CallerRefusal.RateLimited, Assert.Throws<CallerRefusedException>(() => limiter.Acquire("caller", 1)).Refusal);
    }

    [Fact]
    public void NamedCaller_HasItsOwnLimits_OthersTheDefaults()
    {
        var options = new CallerLimitsOptions { RequestsPerPeriod = 5, Period = LongPeriod };
        options.Callers["batch-job"] = new CallerLimitOverride { RequestsPerPeriod = 50 };
        using var limiter = Limiter(options);

        Assert.Equal(50, Offer(limiter, "batch-job", 100).Admitted);
        Assert.Equal(5, Offer(limiter, "ip-10.0.0.7", 100).Admitted);
    }

    [Fact]
    public void NoLimits_AdmitsEverything()
    {
        using var limiter = Limiter(new CallerLimitsOptions());

        Assert.Equal(10_000, Offer(limiter, "anyone", 10_000).Admitted);
    }

    private static CallerLimiter Limiter(CallerLimitsOptions options) => new(Options.Create(options));

    private static (int Admitted, List<CallerRefusedException> Refusals) Offer(CallerLimiter limiter, string caller, int requests)
    {
        var admitted = 0;
        var refusals = new List<CallerRefusedException>();
        for (var i = 0; i < requests; i++)
        {
            try
            {
                limiter.Acquire(caller, 1).Dispose();
                admitted++;
            }
            catch (CallerRefusedException refused)
            {
                refusals.Add(refused);
            }
        }

        return (admitted, refusals);
    }
}
