using Microsoft.Extensions.Time.Testing;
using RsPipeline.Host.Services;

namespace RsPipeline.Host.Tests.Services;

public sealed class LogThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public void FirstOccurrence_IsLogged_TheRestOfTheInterval_AreCounted()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(time, Interval);

        var first = throttle.TryEnter(out var heldBefore);
        var during = Enumerable.Range(0, 5).Select(i => { time.Advance(TimeSpan.FromSeconds(1)); return throttle.TryEnter(out _); }).ToArray();
        time.Advance(Interval);
        var next = throttle.TryEnter(out var heldBack);

        Assert.True(first);
        Assert.Equal(0, heldBefore);
        Assert.All(during, Assert.False);
        Assert.True(next);
        Assert.Equal(5, heldBack);
    }

    [Fact]
    public void ConcurrentOccurrences_LetExactlyOneThroughPerInterval()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(time, Interval);

        var passed = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (throttle.TryEnter(out _))
            {
                Interlocked.Increment(ref passed);
            }
        });
        time.Advance(Interval);
        throttle.TryEnter(out var heldBack);

        Assert.Equal(1, passed);
        Assert.Equal(9_999, heldBack);
    }
}
