namespace RsPipeline.Pipeline.Batching;

/// <summary>The batching settings a batch is formed under (a snapshot: a live change applies from the next decision on).</summary>
/// <param name="MaxBatchSize">Most requests in one batch (a hard cap under every policy).</param>
/// <param name="MaxBatchDelay">How long the oldest waiting request may wait for more to join it (FixedWindow).</param>
/// <param name="Policy">Which rule decides when a batch leaves.</param>
public sealed record BatchSettings(int MaxBatchSize, TimeSpan MaxBatchDelay, BatchingPolicy Policy)
{
    /// <summary>The objective from joining the queue to the answer (LatencySlo). Default 25 ms.</summary>
    public TimeSpan LatencyTarget { get; init; } = TimeSpan.FromMilliseconds(BatchingOptions.DefaultLatencyTargetMilliseconds);

    /// <summary>The part of the target kept for what the server cannot see (LatencySlo). Default 0.</summary>
    public TimeSpan LatencyTargetMargin { get; init; } = TimeSpan.Zero;

    /// <summary>The live part of <paramref name="options"/>.</summary>
    public static BatchSettings From(BatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxBatchSize, options.MaxBatchDelay, options.Policy) { LatencyTarget = options.LatencyTarget, LatencyTargetMargin = options.LatencyTargetMargin };
    }
}
