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

    /// <summary>Threads that scan the catalogue, the caller's included. Default: the processor count.</summary>
    public int ThreadCount { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Bytes of packed items each thread keeps hot while a batch of queries runs over them; should fit
    /// in one core's L2 cache with room to spare. Default: 256 KiB.
    /// </summary>
    public int TileKilobytes { get; set; } = DefaultTileKilobytes;

    // Tests force each path; the service always runs Auto.
    internal SimdPath Path { get; set; } = SimdPath.Auto;

    // Tests force each split; the service always runs Auto.
    internal WorkSplit Split { get; set; } = WorkSplit.Auto;
}
