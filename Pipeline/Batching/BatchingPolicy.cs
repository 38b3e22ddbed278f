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

    /// <summary>
    /// Sizes each batch from a live model of inference time against batch size, the callers' deadlines
    /// and <c>Batching:LatencyTarget</c>: the largest batch whose predicted completion keeps every
    /// waiting request within both; waits only while waiting cannot make a request miss and the next
    /// arrival is expected in time to join. Under overload it drains at full batches. MaxBatchSize is a
    /// hard cap; MaxBatchDelay plays no part.
    /// </summary>
    LatencySlo,
}
