namespace RsPipeline.Pipeline.Batching;

/// <summary>Which rule decides when the waiting requests leave as a batch (<c>Batching:Policy</c>).</summary>
public enum BatchingPolicy
{
    /// <summary>
    /// Wait until MaxBatchSize requests wait, or the oldest has waited MaxBatchDelay; whatever piled up
    /// meanwhile leaves at once when the inference stage frees up (up to MaxBatchSize).
    /// </summary>
    FixedWindow,

    /// <summary>
    /// An idle inference stage takes what is waiting at once; while it is busy, requests wait and
    /// leave together, up to MaxBatchSize, as soon as it frees up. Low latency at low load, large
    /// batches under load. MaxBatchDelay plays no part, except that 0 means the same: never wait.
    /// </summary>
    EagerWhenIdle,
}
