namespace RsPipeline.Pipeline.Batching;

/// <summary>One request waiting in the batch queue, as a policy sees it.</summary>
/// <param name="ArrivalTimestamp">When it joined the queue (TimeProvider timestamp).</param>
/// <param name="DeadlineTimestamp">When its caller stops waiting (TimeProvider timestamp); <see cref="long.MaxValue"/> when it set no deadline.</param>
public readonly record struct WaitingRequest(long ArrivalTimestamp, long DeadlineTimestamp);
