namespace RsPipeline.Pipeline.Batching;

/// <summary>Why a batch left the queue for inference.</summary>
public enum BatchTrigger
{
    /// <summary>MaxBatchSize requests were waiting.</summary>
    Full,

    /// <summary>The oldest waiting request had waited MaxBatchDelay (or the delay is zero).</summary>
    Window,

    /// <summary>The inference stage was idle and took what was waiting (EagerWhenIdle).</summary>
    Idle,

    /// <summary>The pipeline is draining for shutdown: nothing more will arrive.</summary>
    Drain,

    /// <summary>Waiting longer would make a waiting request miss the latency target or its deadline (LatencySlo).</summary>
    Latency,

    /// <summary>The waiting requests could not all meet the target: the queue drains at the largest batch it may form (LatencySlo).</summary>
    Overload,
}
