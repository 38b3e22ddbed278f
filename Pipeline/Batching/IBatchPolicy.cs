namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// The rule for when waiting requests leave as a batch: asked by the idle inference stage whenever
/// something changes (an arrival, a timer it asked for, a settings change, the end of intake).
/// A policy decides from the state alone and is quick: it runs under the queue's lock.
/// </summary>
public interface IBatchPolicy
{
    /// <summary>Decides for <paramref name="state"/>, whose <c>Waiting</c> is not empty.</summary>
    BatchDecision Decide(in BatchQueueState state);
}
