using System.Diagnostics;
using RsPipeline.LoadGeneration.Calls;

namespace RsPipeline.LoadGeneration;

/// <summary>Closed loop: a fixed number of callers, each sending its next request when the previous one completed; latency from each send.</summary>
internal static class ClosedLoop
{
    public static async Task<SendStats> RunAsync(LoadSpec spec, IRecallCaller caller, int queryCount, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var firstQuery = new Random(spec.Seed).Next(queryCount);
        var limit = spec.Count ?? long.MaxValue;
        long issued = -1;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(spec.Duration.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, spec.Concurrency).Select(_ => Task.Run(CallerAsync, cancellationToken)).ToArray();
        await Task.WhenAll(callers);
        var sent = Math.Min(Interlocked.Read(ref issued) + 1, limit);
        return new SendStats(start, sent, 0, 0, 0, double.NaN);

        async Task CallerAsync()
        {
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < end)
            {
                var i = Interlocked.Increment(ref issued);
                if (i >= limit)
                {
                    return;
                }

                var query = (int)((firstQuery + i) % queryCount);
                var capture = spec.VerifyEvery > 0 && i % spec.VerifyEvery == 0 && i / spec.VerifyEvery < spec.VerifyMax;
                var sentAt = Stopwatch.GetTimestamp();
                await recorder.TrackAsync(caller.CallAsync(query, capture, DateTime.UtcNow + spec.CallDeadline, cancellationToken), sentAt, query);
            }
        }
    }
}
