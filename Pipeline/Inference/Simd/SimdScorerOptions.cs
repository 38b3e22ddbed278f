namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Settings of <see cref="SimdBlockedScorer"/>; the defaults suit the service's CPU.</summary>
public sealed class SimdScorerOptions
{
    internal const int DefaultTileKilobytes = 256;

    /// <summary>Threads that scan the catalogue, the caller's included. Default: <see cref="Environment.ProcessorCount"/>.</summary>
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

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ThreadCount, 1, nameof(ThreadCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(TileKilobytes, 1, nameof(TileKilobytes));
        if (!Enum.IsDefined(Path))
        {
            throw new ArgumentOutOfRangeException(nameof(Path), Path, "unknown SIMD path");
        }

        if (!Enum.IsDefined(Split))
        {
            throw new ArgumentOutOfRangeException(nameof(Split), Split, "unknown work split");
        }
    }
}
