using ILGPU;

namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// The tiled score kernel, run twice per batch with the same geometry. Grid: (bucket, query block);
/// a group scores its block of queries against its bucket of items one tile at a time, staging
/// <see cref="DepthTile"/>-deep slices of both in shared memory, each thread holding a 4 × 4 tile of
/// sums in registers. No score is ever written to device memory:
/// <list type="bullet">
/// <item><see cref="ModeBounds"/> writes, per query and bucket, the key of the bucket's best score.</item>
/// <item><see cref="ModeCollect"/> skips buckets whose best key is below every row's threshold and
/// appends (score, item) for every score whose key reaches its row's threshold.</item>
/// </list>
/// Both modes run this one method, so a score is computed by the same instructions in the same order
/// in both passes and the bucket maxima are exactly the scores the collect pass compares.
/// </summary>
internal static class ScanKernel
{
    /// <summary>Depth (d) slice staged in shared memory per step; d need not be a multiple of it.</summary>
    public const int DepthTile = 16;

    /// <summary>Rows and columns of each thread's register tile.</summary>
    public const int MicroTile = 4;

    /// <summary>Most threads along the queries: a tile holds at most 64 queries.</summary>
    public const int MaxThreadsY = 16;

    public const int MaxTileRows = MicroTile * MaxThreadsY;

    public const int ModeBounds = 0;

    public const int ModeCollect = 1;

    /// <summary>Dynamic shared memory (floats) a group of this shape needs: both staged slices, each row padded by one against bank conflicts.</summary>
    public static int SharedFloats(int threadsX, int threadsY) =>
        DepthTile * ((MicroTile * threadsY) + 1 + (MicroTile * threadsX) + 1);

    /// <summary>The kernel entry point (see the type's summary).</summary>
    public static void Run(
        ArrayView<float> items,
        ArrayView<float> queries,
        ArrayView<uint> bucketKeys,
        ArrayView<uint> thresholds,
        ArrayView<int> counts,
        ArrayView<float> candidateScores,
        ArrayView<int> candidateItems,
        ScanShape shape)
    {
        var bucket = Grid.IdxX;
        var rowBase = Grid.IdxY * shape.TileRows;
        var rowKeys = SharedMemory.Allocate<uint>(MaxTileRows);
        var flag = SharedMemory.Allocate<int>(1);
        if (shape.Mode == ModeCollect && !BucketQualifies(bucketKeys, thresholds, shape, bucket, rowBase, flag))
        {
            return;
        }

        var tid = Group.IdxX;
        for (var r = tid; r < shape.TileRows; r += Group.DimX)
        {
            rowKeys[r] = ScoreKey.Lowest;
        }

        var tx = tid % shape.ThreadsX;
        var ty = tid / shape.ThreadsX;
        var stride = shape.ThreadsY;
        var best = default(RowKeys);
        var shared = SharedMemory.GetDynamic<float>();
        var queryTileFloats = DepthTile * (shape.TileRows + 1);
        var queryTile = shared.SubView(0, queryTileFloats);
        var itemTile = shared.SubView(queryTileFloats, DepthTile * (shape.TileColumns + 1));
        var output = new CandidateViews(thresholds, counts, candidateScores, candidateItems);
        var firstItem = bucket * shape.BucketItems;
        for (var tile = 0; tile < shape.BucketTiles; tile++)
        {
            var itemBase = firstItem + (tile * shape.TileColumns);
            if (itemBase >= shape.ItemCount)
            {
                break;
            }

            var sums = TileProduct.Compute(items, queries, queryTile, itemTile, shape, rowBase, itemBase, tx, ty);
            if (shape.Mode == ModeBounds)
            {
                best = RowKeys.Update(best, sums, itemBase + tx, shape.ThreadsX, shape.ItemCount);
            }
            else
            {
                Collector.Offer(sums, rowBase + ty, stride, itemBase + tx, shape.ThreadsX, shape, output);
            }
        }

        if (shape.Mode == ModeBounds)
        {
            WriteBounds(bucketKeys, shape, bucket, rowBase, ty, stride, best, rowKeys);
        }
    }

    // Uniform across the group: every thread reads the same flag after the barrier.
    private static bool BucketQualifies(ArrayView<uint> bucketKeys, ArrayView<uint> thresholds, ScanShape shape, int bucket, int rowBase, ArrayView<int> flag)
    {
        var tid = Group.IdxX;
        if (tid == 0)
        {
            flag[0] = 0;
        }

        Group.Barrier();
        for (var r = tid; r < shape.TileRows; r += Group.DimX)
        {
            var row = rowBase + r;
            if (row >= shape.WindowBegin && row < shape.WindowEnd
                && bucketKeys[((long)row * shape.BucketCount) + bucket] >= thresholds[row])
            {
                flag[0] = 1;
            }
        }

        Group.Barrier();
        return flag[0] != 0;
    }

    private static void WriteBounds(ArrayView<uint> bucketKeys, ScanShape shape, int bucket, int rowBase, int ty, int stride, RowKeys best, ArrayView<uint> rowKeys)
    {
        Atomic.Max(ref rowKeys[ty], best.K0);
        Atomic.Max(ref rowKeys[ty + stride], best.K1);
        Atomic.Max(ref rowKeys[ty + (2 * stride)], best.K2);
        Atomic.Max(ref rowKeys[ty + (3 * stride)], best.K3);
        Group.Barrier();
        for (var r = Group.IdxX; r < shape.TileRows; r += Group.DimX)
        {
            var row = rowBase + r;
            if (row < shape.Rows)
            {
                bucketKeys[((long)row * shape.BucketCount) + bucket] = rowKeys[r];
            }
        }
    }
}
