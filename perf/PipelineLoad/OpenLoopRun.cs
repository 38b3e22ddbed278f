using System.Diagnostics;
using HdrHistogram;
using RsPipeline.Perf.Arrivals;
using RsPipeline.Pipeline;

namespace RsPipeline.Perf.PipelineLoad;

/// <summary>
/// Open-loop load: arrivals on a Poisson schedule fixed in advance (<see cref="ArrivalSchedule"/>),
/// each request's latency taken from its scheduled time (not from when it was actually sent), so a
/// stalled sender cannot hide queueing (no coordinated omission). The sender sleeps, never spins;
/// arrivals it could not issue within a millisecond of schedule are counted as late and reported.
/// </summary>
internal static class OpenLoopRun
{
    private static readonly long LateThresholdTicks = Stopwatch.Frequency / 1000;

    public static async Task<LoadPoint> RunAsync(string setting, IRecallPipeline pipeline, CountingScorer scorer, float[][] queries, double ratePerSecond, TimeSpan duration, int topK, int seed)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(60), 3);
        var schedule = ArrivalSchedule.Poisson(ratePerSecond, duration, seed);
        var pending = new List<Task>(schedule.Length);
        long failed = 0;
        long late = 0;
        scorer.Reset();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < schedule.Length; i++)
        {
            var due = start + schedule[i];
            ArrivalSchedule.SleepUntil(due);
            if (Stopwatch.GetTimestamp() - due > LateThresholdTicks)
            {
                late++;
            }

            var request = new RecallRequest { Features = queries[i % queries.Length], TopK = topK };
            pending.Add(Track(pipeline.SubmitAsync(request), due));
        }

        await Task.WhenAll(pending);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var completed = histogram.TotalCount;
        return new LoadPoint(
            setting,
            ratePerSecond,
            completed / elapsed.TotalSeconds,
            completed,
            failed,
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetMaxValue()),
            scorer.Batches == 0 ? 0 : (double)scorer.Rows / scorer.Batches,
            late);

        async Task Track(Task<RecallResult> call, long due)
        {
            try
            {
                await call;
                histogram.RecordValue(Math.Max(1, Stopwatch.GetTimestamp() - due));
            }
            catch (RecallException)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
