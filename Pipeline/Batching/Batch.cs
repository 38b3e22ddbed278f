namespace RsPipeline.Pipeline.Batching;

/// <summary>Requests that go through inference together, in arrival order.</summary>
/// <param name="Id">Sequence number of the batch, from 1.</param>
/// <param name="Items">The requests, in the order they arrived.</param>
/// <param name="Trigger">Why the batch left.</param>
/// <param name="OldestArrivalTimestamp">When its first (oldest) request joined the queue (TimeProvider timestamp).</param>
/// <param name="DispatchedTimestamp">When it left the queue for inference (TimeProvider timestamp).</param>
public sealed record Batch<T>(long Id, IReadOnlyList<T> Items, BatchTrigger Trigger, long OldestArrivalTimestamp, long DispatchedTimestamp)
{
    /// <summary>How long the policy expected its inference to take (LatencySlo); null when the policy predicts nothing.</summary>
    public TimeSpan? PredictedInference { get; init; }
}
