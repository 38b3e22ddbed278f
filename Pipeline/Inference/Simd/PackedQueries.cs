using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// A batch of queries cut into parts (one per thread when threads split the queries), each part
/// cut into <see cref="QueryBlock"/>s of the kernels' widths (8s, then 4s, 2s and 1s) and packed
/// d-major, in a native buffer reused across calls.
/// </summary>
internal sealed unsafe class PackedQueries : IDisposable
{
    private float* _data;
    private long _capacity;
    private QueryBlock[] _blocks = [];
    private int[] _partStarts = [];
    private int[] _partRows = [];

    /// <summary>The blocks of part <paramref name="part"/>.</summary>
    public ReadOnlySpan<QueryBlock> Blocks(int part) => _blocks.AsSpan(_partStarts[part], _partStarts[part + 1] - _partStarts[part]);

    /// <summary>The rows of part <paramref name="part"/>.</summary>
    public (int First, int End) Rows(int part) => (_partRows[part], _partRows[part + 1]);

    /// <summary>Packs <paramref name="rows"/> queries in <paramref name="parts"/> parts whose first rows are multiples of 8.</summary>
    public void Pack(ReadOnlySpan<float> queries, int rows, int dimension, int parts)
    {
        EnsureCapacity((long)rows * dimension, rows, parts);
        var rowsPerPart = (((rows + parts - 1) / parts) + 7) & ~7;
        var blockCount = 0;
        var target = _data;
        for (var part = 0; part < parts; part++)
        {
            _partStarts[part] = blockCount;
            var first = Math.Min(rows, part * rowsPerPart);
            _partRows[part] = first;
            var end = Math.Min(rows, first + rowsPerPart);
            blockCount = PackPart(queries, first, end, dimension, blockCount, ref target);
        }

        _partStarts[parts] = blockCount;
        _partRows[parts] = rows;
    }

    private int PackPart(ReadOnlySpan<float> queries, int row, int end, int dimension, int blockCount, ref float* target)
    {
        foreach (var width in QueryBlock.Widths)
        {
            for (; end - row >= width; row += width)
            {
                for (var r = 0; r < width; r++)
                {
                    var query = queries.Slice((row + r) * dimension, dimension);
                    for (var j = 0; j < dimension; j++)
                    {
                        target[(j * width) + r] = query[j];
                    }
                }

                _blocks[blockCount++] = new QueryBlock(row, width, target);
                target += width * dimension;
            }
        }

        return blockCount;
    }

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }

    private void EnsureCapacity(long floats, int rows, int parts)
    {
        if (_partStarts.Length < parts + 1)
        {
            _partStarts = new int[parts + 1];
            _partRows = new int[parts + 1];
        }

        if (_blocks.Length < rows)
        {
            _blocks = new QueryBlock[rows];
        }

        if (floats > _capacity)
        {
            NativeMemory.AlignedFree(_data);
            _data = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
            _capacity = floats;
        }
    }
}
