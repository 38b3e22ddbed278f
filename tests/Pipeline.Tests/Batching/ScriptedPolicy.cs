using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>A policy that gives its answers in turn (the last one from then on), and counts how often it was asked.</summary>
internal sealed class ScriptedPolicy(params Func<BatchQueueState, BatchDecision>[] answers) : IBatchPolicy
{
    public int Calls { get; private set; }

    public BatchDecision Decide(in BatchQueueState state) => answers[Math.Min(Calls++, answers.Length - 1)](state);
}
