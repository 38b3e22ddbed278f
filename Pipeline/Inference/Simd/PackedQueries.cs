using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// A batch of queries cut into <see cref="QueryBlock"/>s of the kernels' widths (8s, then 4s, then
/// 1s) and packed d-major, in a native buffer reused across calls.
/// </summary>
internal sealed unsafe class PackedQueries : IDisposable
{
    private float* _data;
    private long _capacity;
    private QueryBlock[] _blocks = [];

    public int BlockCount { get; private set; }

    public ReadOnlySpan<QueryBlock> Blocks => _blocks.AsSpan(0, BlockCount);

    public void Pack(ReadOnlySpan<float> queries, int rows, int dimension)
    {
        EnsureCapacity((long)rows * dimension, rows);
        BlockCount = 0;
        var row = 0;
        var target = _data;
        foreach (var width in QueryBlock.Widths)
        {
            for (; rows - row >= width; row += width)
            {
                for (var r = 0; r < width; r++)
                {
                    var query = queries.Slice((row + r) * dimension, dimension);
                    for (var j = 0; j < dimension; j++)
                    {
                        target[(j * width) + r] = query[j];
                    }
                }

                _blocks[BlockCount++] = new QueryBlock(row, width, target);
                target += width * dimension;
            }
        }
    }

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }

    private void EnsureCapacity(long floats, int rows)
    {
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
