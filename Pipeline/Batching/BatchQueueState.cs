namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// What a <see cref="IBatchPolicy"/> decides from: the requests waiting, oldest first, the clock, the
/// settings in force and whether more can arrive. The inference stage asks only when it is idle
/// (it has no batch running), so "idle" is a given at every decision.
/// </summary>
/// <param name="Waiting">The waiting requests, oldest first (never empty when a policy is asked).</param>
/// <param name="Now">The current TimeProvider timestamp.</param>
/// <param name="TimestampFrequency">Timestamp ticks per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
/// <param name="Settings">The batching settings in force.</param>
/// <param name="Completing">True once nothing more will arrive (the pipeline drains).</param>
public readonly ref struct BatchQueueState(ReadOnlySpan<WaitingRequest> Waiting, long Now, long TimestampFrequency, BatchSettings Settings, bool Completing)
{
    /// <summary>The waiting requests, oldest first.</summary>
    public ReadOnlySpan<WaitingRequest> Waiting { get; } = Waiting;

    /// <summary>The current TimeProvider timestamp.</summary>
    public long Now { get; } = Now;

    /// <summary>Timestamp ticks per second.</summary>
    public long TimestampFrequency { get; } = TimestampFrequency;

    /// <summary>The batching settings in force.</summary>
    public BatchSettings Settings { get; } = Settings;

    /// <summary>True once nothing more will arrive.</summary>
    public bool Completing { get; } = Completing;

    /// <summary>When the oldest waiting request arrived.</summary>
    public long OldestArrival => Waiting[0].ArrivalTimestamp;

    /// <summary>The timestamp <paramref name="span"/> after <paramref name="timestamp"/>, saturating instead of overflowing.</summary>
    public long After(long timestamp, TimeSpan span)
    {
        var ticks = span.TotalSeconds * TimestampFrequency;
        return ticks >= long.MaxValue - timestamp ? long.MaxValue : timestamp + (long)ticks;
    }
}
