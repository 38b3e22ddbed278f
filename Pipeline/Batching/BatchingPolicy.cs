namespace RsPipeline.Pipeline.Batching;

/// <summary>When a batch that is not yet full leaves for inference.</summary>
public enum BatchingPolicy
{
    /// <summary>Always wait for the window (MaxBatchDelay after the first request) or a full batch.</summary>
    FixedWindow,

    /// <summary>
    /// If the inference stage is idle, dispatch what is waiting at once; while it is busy, the next
    /// batch fills up to the window or the size. Low latency at low load, large batches under load.
    /// </summary>
    EagerWhenIdle,
}
