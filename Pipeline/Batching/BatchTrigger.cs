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
}
