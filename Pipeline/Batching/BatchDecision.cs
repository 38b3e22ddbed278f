namespace RsPipeline.Pipeline.Batching;

/// <summary>What a policy decided: the first <see cref="Count"/> waiting requests leave now, or nothing leaves before <see cref="WakeAt"/>.</summary>
public readonly record struct BatchDecision
{
    private BatchDecision(int count, BatchTrigger trigger, long wakeAt, TimeSpan? predictedInference = null)
    {
        Count = count;
        Trigger = trigger;
        WakeAt = wakeAt;
        PredictedInference = predictedInference;
    }

    /// <summary>Wait for the next arrival: nothing would leave before it.</summary>
    public static BatchDecision WaitForArrival { get; } = new(0, default, long.MaxValue);

    /// <summary>How many of the oldest waiting requests leave now; 0 to wait.</summary>
    public int Count { get; }

    /// <summary>Why they leave (when <see cref="Count"/> &gt; 0).</summary>
    public BatchTrigger Trigger { get; }

    /// <summary>When to decide again if nothing arrives meanwhile (TimeProvider timestamp); <see cref="long.MaxValue"/> for never.</summary>
    public long WakeAt { get; }

    /// <summary>How long the policy expects the batch's inference to take, when it predicts one (LatencySlo).</summary>
    public TimeSpan? PredictedInference { get; }

    /// <summary>Whether a batch leaves now.</summary>
    public bool Dispatches => Count > 0;

    /// <summary>The oldest <paramref name="count"/> requests leave now because of <paramref name="trigger"/>.</summary>
    public static BatchDecision Dispatch(int count, BatchTrigger trigger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new(count, trigger, 0);
    }

    /// <summary>The oldest <paramref name="count"/> requests leave now because of <paramref name="trigger"/>, expected to score in <paramref name="predictedInference"/>.</summary>
    public static BatchDecision Dispatch(int count, BatchTrigger trigger, TimeSpan predictedInference)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new(count, trigger, 0, predictedInference);
    }

    /// <summary>Nothing leaves now; decide again at <paramref name="timestamp"/> or at the next arrival, whichever is first.</summary>
    public static BatchDecision WaitUntil(long timestamp) => new(0, default, timestamp);
}
