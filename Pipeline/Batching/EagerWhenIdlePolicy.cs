namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// <see cref="BatchingPolicy.EagerWhenIdle"/>: the inference stage only asks when it is idle, and
/// then takes everything waiting, up to MaxBatchSize. What arrives while it is busy waits and
/// leaves together when it frees up.
/// </summary>
public sealed class EagerWhenIdlePolicy : IBatchPolicy
{
    /// <summary>The one instance (the policy has no state).</summary>
    public static EagerWhenIdlePolicy Instance { get; } = new();

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

        // A zero window means "never wait" under every policy, and is reported as such.
        return BatchDecision.Dispatch(waiting, settings.MaxBatchDelay <= TimeSpan.Zero ? BatchTrigger.Window : BatchTrigger.Idle);
    }
}
