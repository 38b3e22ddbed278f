namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// <see cref="BatchingPolicy.FixedWindow"/>: a batch leaves full, or when its oldest request has
/// waited MaxBatchDelay; requests that piled up past the window while inference was busy leave at once.
/// </summary>
public sealed class FixedWindowPolicy : IBatchPolicy
{
    /// <summary>The one instance (the policy has no state).</summary>
    public static FixedWindowPolicy Instance { get; } = new();

    /// <inheritdoc />
    public BatchDecision Decide(in BatchQueueState state)
    {
        var settings = state.Settings;
        var waiting = state.Waiting.Length;
        if (waiting >= settings.MaxBatchSize)
        {
            return BatchDecision.Dispatch(settings.MaxBatchSize, BatchTrigger.Full);
        }

        if (state.Completing)
        {
            return BatchDecision.Dispatch(waiting, BatchTrigger.Drain);
        }

        var windowEnd = state.After(state.OldestArrival, settings.MaxBatchDelay);
        return state.Now >= windowEnd
            ? BatchDecision.Dispatch(waiting, BatchTrigger.Window)
            : BatchDecision.WaitUntil(windowEnd);
    }
}
