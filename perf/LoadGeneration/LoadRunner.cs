using System.Diagnostics;
using RsPipeline.LoadGeneration.Calls;
using RsPipeline.LoadGeneration.Verification;

namespace RsPipeline.LoadGeneration;

/// <summary>Runs load against a server: warm-up, the measured run, then verification of the sampled replies.</summary>
public sealed class LoadRunner(IRecallCaller caller, QuerySet queries)
{
    /// <summary>
    /// A short unmeasured run at the same load (connections, JIT, the server's caches), then the
    /// measured one. Verification, when <paramref name="reference"/> is given, runs after the load
    /// has stopped.
    /// </summary>
    public async Task<LoadResult> RunAsync(LoadSpec spec, TimeSpan warmup, ReferenceCatalog? reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (warmup > TimeSpan.Zero)
        {
            await MeasureAsync(spec with { Duration = warmup, Count = null, VerifyEvery = 0, Seed = spec.Seed + 7919 }, cancellationToken);
        }

        var (result, recorder) = await MeasureAsync(spec, cancellationToken);
        var verification = reference is null
            ? VerificationSummary.None
            : VerificationSummary.Verify(reference, queries, recorder.Replies, spec.TopK);
        return result with { Verification = verification };
    }

    private async Task<(LoadResult Result, LoadRecorder Recorder)> MeasureAsync(LoadSpec spec, CancellationToken cancellationToken)
    {
        var recorder = new LoadRecorder();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        SendStats stats;
        if (spec.IsOpenLoop)
        {
            var pending = new List<Task>();
            stats = await Task.Factory.StartNew(
                () => OpenLoop.Run(spec, caller, queries.Count, recorder, pending, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            await Task.WhenAll(pending);
        }
        else
        {
            stats = await ClosedLoop.RunAsync(spec, caller, queries.Count, recorder, cancellationToken);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var end = recorder.LastCompletion == 0 ? Stopwatch.GetTimestamp() : recorder.LastCompletion;
        var elapsed = (end - stats.Start) / (double)Stopwatch.Frequency;
        var result = new LoadResult
        {
            Mode = spec.IsOpenLoop ? "open" : "closed",
            OfferedPerSecond = stats.OfferedPerSecond,
            Concurrency = spec.IsOpenLoop ? 0 : spec.Concurrency,
            Sent = stats.Sent,
            Succeeded = recorder.Succeeded,
            Failed = recorder.Failed,
            ElapsedSeconds = elapsed,
            AchievedPerSecond = recorder.Succeeded / elapsed,
            Latency = LatencySummary.From(recorder.Latency),
            RefusalLatency = LatencySummary.From(recorder.RefusalLatency),
            LateSends = stats.Late,
            MeanSendLagMs = stats.MeanLagMs,
            MaxSendLagMs = stats.MaxLagMs,
            Errors = new SortedDictionary<string, long>(recorder.Errors.ToDictionary(), StringComparer.Ordinal),
            Verification = VerificationSummary.None,
            ClientCpuMicrosecondsPerRequest = stats.Sent == 0 ? 0 : cpu.TotalMicroseconds / stats.Sent,
        };
        return (result, recorder);
    }
}
