using System.Numerics;
using RsPipeline.Gpu.Kernels;

namespace RsPipeline.Gpu;

/// <summary>
/// The geometry of one batch: the group shape (few queries: a wide tile of items, so B = 1 streams
/// the catalogue with little wasted arithmetic; many: 64 queries a tile, so each staged item feeds
/// 64 products), the bucket size, and the first guess at the candidate slots per row.
/// </summary>
internal readonly record struct LaunchPlan(ScanShape Shape, int InitialCapacity)
{
    // At least this many buckets, so B = 1 still spreads over every multiprocessor…
    internal const int MinBuckets = 4_096;

    // …and enough that a bucket qualifies for the collect pass for few of a block's rows: a row has
    // about k qualifying buckets, a block TileRows rows, so the collect pass rescans about
    // TileRows·k / buckets of the catalogue. Buckets ≥ 8·TileRows·k keeps that near 1/8 or less.
    internal const int CollectPassFactor = 8;

    internal const int MaxBucketTiles = 64;

    // Candidate slots per row beyond k: items tied with or just above the threshold.
    internal const int CapacityFactor = 4;
    internal const int CapacitySlack = 256;

    public static LaunchPlan For(int rows, int k, int itemCount, int dimension, int threadsPerGroup)
    {
        var threadsY = (int)Math.Min(Math.Min(ScanKernel.MaxThreadsY, threadsPerGroup), BitOperations.RoundUpToPowerOf2((uint)((rows + ScanKernel.MicroTile - 1) / ScanKernel.MicroTile)));
        var threadsX = threadsPerGroup / threadsY;
        var tileColumns = ScanKernel.MicroTile * threadsX;
        var tileRows = ScanKernel.MicroTile * threadsY;
        var targetBuckets = Math.Max((long)MinBuckets, (long)CollectPassFactor * tileRows * k);
        var bucketTiles = (int)Math.Clamp(itemCount / (tileColumns * targetBuckets), 1, MaxBucketTiles);
        var bucketItems = bucketTiles * tileColumns;
        var bucketCount = (int)(((long)itemCount + bucketItems - 1) / bucketItems);
        var shape = new ScanShape(itemCount, dimension, rows, threadsX, threadsY, bucketTiles, bucketCount);

        // Fewer buckets than k: the threshold admits every item, so every row needs N slots.
        var capacity = bucketCount < k ? itemCount : (int)Math.Min(itemCount, ((long)CapacityFactor * k) + CapacitySlack);
        return new LaunchPlan(shape, capacity);
    }
}
