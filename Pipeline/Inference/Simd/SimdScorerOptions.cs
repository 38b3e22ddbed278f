namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// Settings of <see cref="SimdBlockedScorer"/> (configuration section <c>Inference:Simd</c>); the
/// defaults suit the service's CPU. Checked by <see cref="SimdScorerOptionsValidator"/>.
/// </summary>
public sealed class SimdScorerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference:Simd";

    internal const int DefaultTileKilobytes = 256;
    internal const int MaxThreadCount = 1024;
    internal const int MaxTileKilobytes = 1 << 20;
    internal const int DefaultInt8MaxBatch = 8;
    internal const int MaxInt8MaxBatch = 1 << 20;

    /// <summary>Threads that scan the catalogue, the caller's included. Default: the processor count.</summary>
    public int ThreadCount { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Bytes of packed items each thread keeps hot while a batch of queries runs over them; should fit
    /// in one core's L2 cache with room to spare. Default: 256 KiB.
    /// </summary>
    public int TileKilobytes { get; set; } = DefaultTileKilobytes;

    /// <summary>
    /// The largest batch the <c>SimdInt8</c> scorer runs through its int8 first pass; larger batches go
    /// to the exact fp32 kernel of <c>Simd</c>, which wins once the pass is bound by arithmetic rather
    /// than by reading the catalogue (perf/README.md). 0 runs every batch in int8 and saves the fp32
    /// kernel's packed copy of the catalogue. Ignored by the other scorers. Default: 8.
    /// </summary>
    public int Int8MaxBatch { get; set; } = DefaultInt8MaxBatch;

    // Tests force each path; the service always runs Auto.
    internal SimdPath Path { get; set; } = SimdPath.Auto;

    // Tests force each split; the service always runs Auto.
    internal WorkSplit Split { get; set; } = WorkSplit.Auto;
}
