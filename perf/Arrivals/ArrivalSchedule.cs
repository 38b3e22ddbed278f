using System.Diagnostics;

namespace RsPipeline.Perf.Arrivals;

/// <summary>
/// When each request of an open-loop run is due, fixed before the run starts: offsets from the start
/// in Stopwatch ticks. Latency is taken from these times, not from when a request was actually
/// sent, so a sender that falls behind cannot hide queueing (no coordinated omission).
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Poisson arrivals: exponential gaps with mean 1/<paramref name="ratePerSecond"/>, for <paramref name="duration"/> or <paramref name="count"/> arrivals, whichever ends first.</summary>
    public static long[] Poisson(double ratePerSecond, TimeSpan duration, int seed, long? count = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        var random = new Random(seed);
        var times = new List<long>();
        var t = 0.0;
        while (count is null || times.Count < count)
        {
            t += -Math.Log(1 - random.NextDouble()) / ratePerSecond;
            if (t >= duration.TotalSeconds)
            {
                break;
            }

            times.Add((long)(t * Stopwatch.Frequency));
        }

        return [.. times];
    }

    /// <summary>
    /// On/off bursts: Poisson arrivals at the <paramref name="shape"/>'s high factor × <paramref name="ratePerSecond"/>
    /// for its high time, then at its low factor × the rate for its low time, repeated, for
    /// <paramref name="duration"/> or <paramref name="count"/> arrivals. With the default shape (2× for
    /// 200 ms, 0.2× for 800 ms) the mean is 0.56 × <paramref name="ratePerSecond"/>: the rate names half
    /// the burst's height, not the mean; reports use the arrivals actually scheduled.
    /// </summary>
    public static long[] Bursty(double ratePerSecond, TimeSpan duration, int seed, long? count = null, BurstShape? shape = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        shape ??= BurstShape.Default;
        var random = new Random(seed);
        var times = new List<long>();
        var phaseStart = 0.0;
        var highPhase = true;
        var t = 0.0;
        while ((count is null || times.Count < count) && phaseStart < duration.TotalSeconds)
        {
            var (factor, length) = highPhase ? (shape.HighFactor, shape.High.TotalSeconds) : (shape.LowFactor, shape.Low.TotalSeconds);
            var phaseEnd = Math.Min(phaseStart + length, duration.TotalSeconds);

            // Exponential gaps are memoryless: each phase starts its own from its first instant.
            t = phaseStart;
            while (count is null || times.Count < count)
            {
                t += -Math.Log(1 - random.NextDouble()) / (ratePerSecond * factor);
                if (t >= phaseEnd)
                {
                    break;
                }

                times.Add((long)(t * Stopwatch.Frequency));
            }

            phaseStart = phaseEnd;
            highPhase = !highPhase;
        }

        return [.. times];
    }

    /// <summary>
    /// Waits until <paramref name="due"/> (a Stopwatch timestamp) by sleeping, never spinning: on a
    /// small machine a spinning sender takes a core from the server under test. One long sleep to a
    /// millisecond before the due time, then 1 ms steps (few wake-ups: each costs CPU too). The
    /// timer's granularity makes a send start up to about a millisecond after its schedule; that lag
    /// stays inside the measured latency, which errs against the server, never for it.
    /// </summary>
    public static void SleepUntil(long due)
    {
        var millisecond = Stopwatch.Frequency / 1000;
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            Thread.Sleep((int)Math.Max(1, (remaining / millisecond) - 1));
        }
    }
}

/// <summary>The shape of <see cref="ArrivalSchedule.Bursty"/>: a high phase and a low phase, each a factor of the nominal rate for a time.</summary>
public sealed record BurstShape(double HighFactor, TimeSpan High, double LowFactor, TimeSpan Low)
{
    /// <summary>2× the rate for 200 ms, then 0.2× for 800 ms.</summary>
    public static BurstShape Default { get; } = new(2.0, TimeSpan.FromMilliseconds(200), 0.2, TimeSpan.FromMilliseconds(800));
}
