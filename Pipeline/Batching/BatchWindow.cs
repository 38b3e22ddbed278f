namespace RsPipeline.Pipeline.Batching;

/// <summary>The batching settings one batch is formed under (a snapshot: a live change applies to the next batch).</summary>
/// <param name="MaxBatchSize">Most requests in the batch.</param>
/// <param name="MaxBatchDelay">How long after its first request the batch leaves anyway.</param>
/// <param name="Policy">Whether an idle inference stage takes what is waiting at once.</param>
public sealed record BatchWindow(int MaxBatchSize, TimeSpan MaxBatchDelay, BatchingPolicy Policy)
{
    /// <summary>The window part of <paramref name="options"/>.</summary>
    public static BatchWindow From(BatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxBatchSize, options.MaxBatchDelay, options.Policy);
    }
}
