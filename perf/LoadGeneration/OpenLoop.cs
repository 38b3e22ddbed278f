using System.Diagnostics;
using RsPipeline.LoadGeneration.Calls;
using RsPipeline.Perf.Arrivals;

namespace RsPipeline.LoadGeneration;

/// <summary>
/// Open loop: arrivals on a Poisson (or on/off bursty) schedule fixed before the run (<see cref="ArrivalSchedule"/>),
/// each latency taken from the request's scheduled time, not from when it was actually sent, so a
/// sender that falls behind cannot hide queueing (no coordinated omission). Sends more than the late threshold behind
/// schedule are counted and reported, with the worst lag: a run with many is the generator's
/// limit, not the server's.
/// </summary>
internal static class OpenLoop
{
    public static SendStats Run(LoadSpec spec, IRecallCaller caller, int queryCount, LoadRecorder recorder, List<Task> pending, CancellationToken cancellationToken)
    {
        var schedule = spec.Arrivals == ArrivalKind.Bursty
            ? ArrivalSchedule.Bursty(spec.RatePerSecond!.Value, spec.Duration, spec.Seed, spec.Count)
            : ArrivalSchedule.Poisson(spec.RatePerSecond!.Value, spec.Duration, spec.Seed, spec.Count);
        var lateTicks = (long)(spec.LateThreshold.TotalSeconds * Stopwatch.Frequency);
        var random = new Random(spec.Seed);
        var firstQuery = random.Next(queryCount);
        long late = 0;
        long maxLag = 0;
        long totalLag = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < schedule.Length && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = start + schedule[i];
            ArrivalSchedule.SleepUntil(due);
            while (i - recorder.Completed > spec.MaxInFlight)
            {
                Thread.Sleep(1);
            }

            var lag = Stopwatch.GetTimestamp() - due;
            maxLag = Math.Max(maxLag, lag);
            totalLag += lag;
            if (lag > lateTicks)
            {
                late++;
            }

            var query = (firstQuery + i) % queryCount;
            var capture = spec.VerifyEvery > 0 && i % spec.VerifyEvery == 0 && i / spec.VerifyEvery < spec.VerifyMax;
            pending.Add(recorder.TrackAsync(caller.CallAsync(query, capture, DateTime.UtcNow + spec.CallDeadline, cancellationToken), due, query));
        }

        var ms = 1000.0 / Stopwatch.Frequency;
        return new SendStats(start, pending.Count, late, pending.Count == 0 ? 0 : totalLag * ms / pending.Count, maxLag * ms, schedule.Length / spec.Duration.TotalSeconds);
    }
}

/// <summary>How the sending went: when it started, how many were sent, how many late, the mean and worst lag, the offered rate.</summary>
internal sealed record SendStats(long Start, long Sent, long Late, double MeanLagMs, double MaxLagMs, double OfferedPerSecond);
