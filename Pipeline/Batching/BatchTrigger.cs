namespace RsPipeline.Pipeline.Batching;

/// <summary>Why a batch left for inference.</summary>
public enum BatchTrigger
{
    /// <summary>It reached MaxBatchSize.</summary>
    Full,

    /// <summary>MaxBatchDelay passed since its first request.</summary>
    Window,

    /// <summary>The inference stage was idle (EagerWhenIdle).</summary>
    Idle,

    /// <summary>The pipeline is draining for shutdown.</summary>
    Drain,
}
