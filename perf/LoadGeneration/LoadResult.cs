using System.Diagnostics;
using HdrHistogram;
using RsPipeline.LoadGeneration.Verification;

namespace RsPipeline.LoadGeneration;

/// <summary>The outcome of one load run, as printed and written to JSON.</summary>
public sealed record LoadResult
{
    /// <summary>"open" (Poisson arrivals at <see cref="OfferedPerSecond"/>) or "closed" (<see cref="Concurrency"/> callers).</summary>
    public required string Mode { get; init; }

    /// <summary>The offered rate of the open loop, requests/s (NaN for the closed loop).</summary>
    public required double OfferedPerSecond { get; init; }

    /// <summary>Callers of the closed loop (0 for the open loop).</summary>
    public required int Concurrency { get; init; }

    /// <summary>Requests sent.</summary>
    public required long Sent { get; init; }

    /// <summary>Successful replies.</summary>
    public required long Succeeded { get; init; }

    /// <summary>Failed calls.</summary>
    public required long Failed { get; init; }

    /// <summary>From the first send to the last completion, seconds.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Successful replies per second over <see cref="ElapsedSeconds"/>.</summary>
    public required double AchievedPerSecond { get; init; }

    /// <summary>Latency of successful calls, from the scheduled time (open loop) or the send (closed loop).</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Latency of refusals (RESOURCE_EXHAUSTED), measured as <see cref="Latency"/> is (all NaN when there were none).</summary>
    public LatencySummary? RefusalLatency { get; init; }

    /// <summary>Open loop: sends later than the threshold behind their schedule (the generator could not keep up).</summary>
    public required long LateSends { get; init; }

    /// <summary>Open loop: the mean lag of a send behind its schedule, ms (included in the latency).</summary>
    public required double MeanSendLagMs { get; init; }

    /// <summary>Open loop: the worst lag of a send behind its schedule, ms.</summary>
    public required double MaxSendLagMs { get; init; }

    /// <summary>Failures by gRPC status code.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>The sampled replies' check against the brute-force reference.</summary>
    public required VerificationSummary Verification { get; init; }

    /// <summary>CPU time this process spent per request sent, µs (the generator's own cost; on a shared machine it is taken from the server).</summary>
    public required double ClientCpuMicrosecondsPerRequest { get; init; }
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    /// <summary>From a histogram of Stopwatch ticks; all NaN when it is empty.</summary>
    public static LatencySummary From(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new LatencySummary(
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()),
            histogram.GetMean() * 1000.0 / Stopwatch.Frequency);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
