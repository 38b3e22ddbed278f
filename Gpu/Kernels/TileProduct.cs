using System.Runtime.CompilerServices;
using ILGPU;

namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// The matmul step of <see cref="ScanKernel"/>: the group's block of queries times one tile of items,
/// through shared memory in slices of <see cref="ScanKernel.DepthTile"/> dimensions. Values past d,
/// past the batch or past the catalogue are staged as zeros (their sums are never used).
/// </summary>
internal static class TileProduct
{
    private const int DepthMask = ScanKernel.DepthTile - 1;
    private const int DepthShift = 4;

    /// <summary>This thread's 4 × 4 sums for rows <c>rowBase + ty + m·ThreadsY</c>, items <c>itemBase + tx + n·ThreadsX</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TileSums Compute(
        ArrayView<float> items, ArrayView<float> queries, ArrayView<float> queryTile, ArrayView<float> itemTile,
        ScanShape shape, int rowBase, int itemBase, int tx, int ty)
    {
        var queryStride = shape.TileRows + 1;
        var itemStride = shape.TileColumns + 1;
        var sy = shape.ThreadsY;
        var sx = shape.ThreadsX;
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (var depth = 0; depth < shape.Dimension; depth += ScanKernel.DepthTile)
        {
            // The previous slice must be consumed before it is overwritten.
            Group.Barrier();
            Stage(queries, queryTile, rowBase, shape.Rows, depth, shape.Dimension, queryStride, shape.TileRows);
            Stage(items, itemTile, itemBase, shape.ItemCount, depth, shape.Dimension, itemStride, shape.TileColumns);
            Group.Barrier();
            for (var kk = 0; kk < ScanKernel.DepthTile; kk++)
            {
                var q = (kk * queryStride) + ty;
                var i = (kk * itemStride) + tx;
                var a0 = queryTile[q];
                var a1 = queryTile[q + sy];
                var a2 = queryTile[q + (2 * sy)];
                var a3 = queryTile[q + (3 * sy)];
                var b0 = itemTile[i];
                var b1 = itemTile[i + sx];
                var b2 = itemTile[i + (2 * sx)];
                var b3 = itemTile[i + (3 * sx)];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }
        }

        return new TileSums(c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
    }

    // Consecutive threads read consecutive dimensions of one row (coalesced) and write down a
    // column of the transposed slice, whose padded stride keeps those writes on distinct banks.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Stage(ArrayView<float> source, ArrayView<float> tile, int firstRow, int rowLimit, int depth, int dimension, int tileStride, int tileRows)
    {
        var elements = tileRows << DepthShift;
        for (var e = Group.IdxX; e < elements; e += Group.DimX)
        {
            var r = e >> DepthShift;
            var kk = e & DepthMask;
            var row = firstRow + r;
            var column = depth + kk;
            var value = 0f;
            if (row < rowLimit && column < dimension)
            {
                value = source[((long)row * dimension) + column];
            }

            tile[(kk * tileStride) + r] = value;
        }
    }
}
