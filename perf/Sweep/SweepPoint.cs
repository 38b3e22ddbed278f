using RsPipeline.LoadGeneration;

namespace RsPipeline.Sweep;

/// <summary>One setting at one offered rate: medians over the repeats (counts are summed).</summary>
internal sealed record SweepPoint
{
    public required SweepSetting Setting { get; init; }

    public required double OfferedPerSecond { get; init; }

    /// <summary>What the Poisson schedules actually held, per second (the nominal rate ± chance).</summary>
    public required double ScheduledPerSecond { get; init; }

    public required double AchievedPerSecond { get; init; }

    public required double P50Ms { get; init; }

    public required double P90Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double P999Ms { get; init; }

    public required double MaxMs { get; init; }

    public required long Sent { get; init; }

    public required long Failed { get; init; }

    public required long LateSends { get; init; }

    public required double? MeanBatchSize { get; init; }

    public required int VerifiedReplies { get; init; }

    public required int VerificationFailures { get; init; }

    public required int Repeats { get; init; }

    public required double ClientCpuMicrosecondsPerRequest { get; init; }

    public required string Errors { get; init; }

    /// <summary>No failed call and no wrong reply: the point may count as a result.</summary>
    public bool Clean => Failed == 0 && VerificationFailures == 0;

    public static SweepPoint From(SweepSetting setting, double rate, IReadOnlyList<LoadResult> runs, double? meanBatchSize) => new()
    {
        Setting = setting,
        OfferedPerSecond = rate,
        ScheduledPerSecond = Median(runs, r => r.OfferedPerSecond),
        AchievedPerSecond = Median(runs, r => r.AchievedPerSecond),
        P50Ms = Median(runs, r => r.Latency.P50Ms),
        P90Ms = Median(runs, r => r.Latency.P90Ms),
        P99Ms = Median(runs, r => r.Latency.P99Ms),
        P999Ms = Median(runs, r => r.Latency.P999Ms),
        MaxMs = runs.Max(r => r.Latency.MaxMs),
        Sent = runs.Sum(r => r.Sent),
        Failed = runs.Sum(r => r.Failed),
        LateSends = runs.Sum(r => r.LateSends),
        MeanBatchSize = meanBatchSize,
        VerifiedReplies = runs.Sum(r => r.Verification.Checked),
        VerificationFailures = runs.Sum(r => r.Verification.Failed),
        Repeats = runs.Count,
        ClientCpuMicrosecondsPerRequest = Median(runs, r => r.ClientCpuMicrosecondsPerRequest),
        Errors = string.Join(' ', runs.SelectMany(r => r.Errors).GroupBy(e => e.Key).Select(g => $"{g.Key}={g.Sum(e => e.Value)}")),
    };

    private static double Median(IReadOnlyList<LoadResult> runs, Func<LoadResult, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
