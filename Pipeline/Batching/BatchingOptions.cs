namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// How requests are gathered into batches and how much may wait (configuration section "Batching").
/// MaxBatchSize, MaxBatchDelay, Policy, LatencyTarget and LatencyTargetMargin change live: the next batch uses the new values.
/// </summary>
public sealed class BatchingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Batching";

    internal const int DefaultMaxBatchSize = 128;
    internal const int DefaultMaxBatchDelayMicroseconds = 2_000;
    internal const int DefaultQueueCapacity = 4_096;
    internal const int DefaultLatencyTargetMilliseconds = 25;

    /// <summary>Most requests in one batch (one matmul). Default 128. 1 turns batching off (the seed's serial design).</summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>The window: how long a batch waits after its first request before it leaves anyway. Default 2 ms.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMicroseconds(DefaultMaxBatchDelayMicroseconds);

    /// <summary>When a batch that is not full leaves. Default <see cref="BatchingPolicy.EagerWhenIdle"/>.</summary>
    public BatchingPolicy Policy { get; set; } = BatchingPolicy.EagerWhenIdle;

    /// <summary>
    /// The server-side objective (p99) from a request's admission to its answer, read by
    /// <see cref="BatchingPolicy.LatencySlo"/> only (see <see cref="LatencyTargetMargin"/> for how much
    /// of it the policy may spend on waiting and inference). Default 25 ms.
    /// </summary>
    public TimeSpan LatencyTarget { get; set; } = TimeSpan.FromMilliseconds(DefaultLatencyTargetMilliseconds);

    /// <summary>
    /// How much of <see cref="LatencyTarget"/> <see cref="BatchingPolicy.LatencySlo"/> keeps free for
    /// what the server cannot see: the network and the caller's own side of the call, when the target
    /// is meant as the caller's latency. Each request's budget for waiting and inference is then the
    /// target less this margin less the server's own measured overhead outside the queue and the
    /// predicted inference (<see cref="RequestOverheadModel"/>). Default 0 (the target is the server's, from
    /// admission to answer). At least 0 and less than LatencyTarget.
    /// </summary>
    public TimeSpan LatencyTargetMargin { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Most requests admitted and not yet answered, across all stages. Past it, a request is refused
    /// at once as overloaded. Default 4,096. Must be at least MaxBatchSize. Read at start only.
    /// </summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>
    /// Admission by time: a request is refused at once as overloaded when it would wait longer than
    /// this for its answer (the batches ahead of it and its own, at the measured time per batch), or
    /// longer than its own deadline allows; one that goes into the next batch is always admitted.
    /// Default 0: off (only <see cref="QueueCapacity"/> bounds admission). Read at start only.
    /// </summary>
    public TimeSpan MaxQueueTime { get; set; } = TimeSpan.Zero;

    /// <summary>Parallel degree of the parse stage. Default: the processor count. Read at start only.</summary>
    public int ParseParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Parallel degree of the respond stage (top-k ordering, exclusions, ids). Default: the processor count. Read at start only.</summary>
    public int RespondParallelism { get; set; } = Environment.ProcessorCount;
}
