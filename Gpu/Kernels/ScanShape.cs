namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// The scalar arguments of one <see cref="ScanKernel"/> launch, in one struct because a kernel takes
/// its arguments by value. A group of <c>ThreadsX × ThreadsY</c> threads scores a tile of
/// <c>4·ThreadsY</c> queries by <c>4·ThreadsX</c> items (each thread a 4 × 4 register tile), and walks
/// <see cref="BucketTiles"/> such item tiles: one bucket.
/// </summary>
internal readonly struct ScanShape
{
    public ScanShape(int itemCount, int dimension, int rows, int threadsX, int threadsY, int bucketTiles, int bucketCount)
        : this(itemCount, dimension, rows, threadsX, threadsY, bucketTiles, bucketCount, ScanKernel.ModeBounds, 0, 0, 0)
    {
    }

    private ScanShape(int itemCount, int dimension, int rows, int threadsX, int threadsY, int bucketTiles, int bucketCount, int mode, int windowBegin, int windowEnd, int capacity)
    {
        ItemCount = itemCount;
        Dimension = dimension;
        Rows = rows;
        ThreadsX = threadsX;
        ThreadsY = threadsY;
        BucketTiles = bucketTiles;
        BucketCount = bucketCount;
        Mode = mode;
        WindowBegin = windowBegin;
        WindowEnd = windowEnd;
        Capacity = capacity;
    }

    /// <summary>Catalogue rows N.</summary>
    public readonly int ItemCount;

    /// <summary>Embedding width d.</summary>
    public readonly int Dimension;

    /// <summary>Query rows B in this batch.</summary>
    public readonly int Rows;

    /// <summary>Threads along the items of a tile.</summary>
    public readonly int ThreadsX;

    /// <summary>Threads along the queries of a tile.</summary>
    public readonly int ThreadsY;

    /// <summary>Item tiles per bucket.</summary>
    public readonly int BucketTiles;

    /// <summary>Buckets covering the catalogue: ⌈N / (BucketTiles · 4 · ThreadsX)⌉.</summary>
    public readonly int BucketCount;

    /// <summary><see cref="ScanKernel.ModeBounds"/> or <see cref="ScanKernel.ModeCollect"/>.</summary>
    public readonly int Mode;

    /// <summary>Collect mode: the first query row whose candidates this launch keeps.</summary>
    public readonly int WindowBegin;

    /// <summary>Collect mode: one past the last query row whose candidates this launch keeps.</summary>
    public readonly int WindowEnd;

    /// <summary>Collect mode: candidate slots per query row.</summary>
    public readonly int Capacity;

    public int TileRows => ScanKernel.MicroTile * ThreadsY;

    public int TileColumns => ScanKernel.MicroTile * ThreadsX;

    public int BucketItems => BucketTiles * TileColumns;

    public int QueryBlocks => (Rows + TileRows - 1) / TileRows;

    /// <summary>The same geometry, collecting candidates for rows <paramref name="begin"/>..<paramref name="end"/>.</summary>
    public ScanShape ForCollect(int begin, int end, int capacity) =>
        new(ItemCount, Dimension, Rows, ThreadsX, ThreadsY, BucketTiles, BucketCount, ScanKernel.ModeCollect, begin, end, capacity);
}
