namespace RsPipeline.Pipeline.Batching;

/// <summary>Requests that go through inference together, in arrival order.</summary>
/// <param name="Id">Sequence number of the batch, from 1.</param>
/// <param name="Items">The requests, in the order they arrived.</param>
/// <param name="Trigger">Why the batch left.</param>
/// <param name="OpenedTimestamp">When its first request arrived (TimeProvider timestamp).</param>
/// <param name="DispatchedTimestamp">When it left for inference (TimeProvider timestamp).</param>
public sealed record Batch<T>(long Id, IReadOnlyList<T> Items, BatchTrigger Trigger, long OpenedTimestamp, long DispatchedTimestamp);
