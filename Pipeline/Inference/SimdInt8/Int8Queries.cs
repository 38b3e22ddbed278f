using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// A batch of queries quantized with a scale each (codes in ±<c>maxCode</c>), cut into parts (one
/// per thread when threads split the queries) and each part into <see cref="Int8QueryBlock"/>s,
/// in native buffers reused across calls.
/// </summary>
internal sealed unsafe class Int8Queries : IDisposable
{
    // Above this, a query's scores or bound could overflow float32: it is scored exhaustively in fp32.
    private const double OverflowGuard = 1e36;

    private int* _data;
    private long _capacity;
    private Int8QueryBlock[] _blocks = [];
    private int[] _partStarts = [];
    private int[] _partRows = [];
    private QueryParameters[] _parameters = [];
    private sbyte[] _codes = [];

    /// <summary>Multiplies every ε (tests only: a weakened bound must make the properties fail).</summary>
    public float BoundScale { get; init; } = 1f;

    public ReadOnlySpan<Int8QueryBlock> Blocks(int part) => _blocks.AsSpan(_partStarts[part], _partStarts[part + 1] - _partStarts[part]);

    public (int First, int End) Rows(int part) => (_partRows[part], _partRows[part + 1]);

    public ref readonly QueryParameters Parameters(int row) => ref _parameters[row];

    /// <summary>Quantizes and packs <paramref name="rows"/> queries in <paramref name="parts"/> parts whose first rows are multiples of 4.</summary>
    public void Pack(ReadOnlySpan<float> queries, int rows, Int8Catalog items, int parts, int maxCode)
    {
        var d = items.Dimension;
        var groups = items.Groups;
        EnsureCapacity((long)rows * groups, rows, parts, groups * Int8Catalog.GroupWidth);
        for (var r = 0; r < rows; r++)
        {
            _parameters[r] = Quantize(queries.Slice(r * d, d), items, maxCode, r);
        }

        var rowsPerPart = (((rows + parts - 1) / parts) + 3) & ~3;
        var blockCount = 0;
        var target = _data;
        for (var part = 0; part < parts; part++)
        {
            _partStarts[part] = blockCount;
            var first = Math.Min(rows, part * rowsPerPart);
            _partRows[part] = first;
            var end = Math.Min(rows, first + rowsPerPart);
            blockCount = PackPart(first, end, groups, blockCount, ref target);
        }

        _partStarts[parts] = blockCount;
        _partRows[parts] = rows;
    }

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }

    private QueryParameters Quantize(ReadOnlySpan<float> query, Int8Catalog items, int maxCode, int row)
    {
        var stride = items.Groups * Int8Catalog.GroupWidth;
        var codes = _codes.AsSpan(row * stride, stride);
        codes.Clear();
        var (scale, residual, l1) = Quantizer.Quantize(query, codes, maxCode);
        var sum = 0;
        foreach (var c in codes)
        {
            sum += c;
        }

        var alpha = (double)scale * l1;
        var largest = items.Largest;
        var magnitude = (alpha * ((Quantizer.MaxItemCode * (double)largest.Scale) + largest.Residual)) + (residual * largest.Norm);
        var exhaustive = !float.IsFinite(scale) || !(magnitude < OverflowGuard);
        return new QueryParameters(
            scale,
            ErrorBound.QueryFactor(alpha) * BoundScale,
            ErrorBound.QueryFactor(residual) * BoundScale,
            Quantizer.ItemCodeOffset * sum,
            exhaustive);
    }

    private int PackPart(int row, int end, int groups, int blockCount, ref int* target)
    {
        var stride = groups * Int8Catalog.GroupWidth;
        foreach (var width in Int8QueryBlock.Widths)
        {
            for (; end - row >= width; row += width)
            {
                for (var r = 0; r < width; r++)
                {
                    var codes = MemoryMarshal.Cast<sbyte, int>(_codes.AsSpan((row + r) * stride, stride));
                    for (var g = 0; g < groups; g++)
                    {
                        target[(g * width) + r] = codes[g];
                    }
                }

                _blocks[blockCount++] = new Int8QueryBlock(row, width, target);
                target += width * groups;
            }
        }

        return blockCount;
    }

    private void EnsureCapacity(long ints, int rows, int parts, int stride)
    {
        if (_partStarts.Length < parts + 1)
        {
            _partStarts = new int[parts + 1];
            _partRows = new int[parts + 1];
        }

        if (_blocks.Length < rows)
        {
            _blocks = new Int8QueryBlock[rows];
            _parameters = new QueryParameters[rows];
        }

        if (_codes.Length < rows * stride)
        {
            _codes = new sbyte[rows * stride];
        }

        if (ints > _capacity)
        {
            NativeMemory.AlignedFree(_data);
            _data = (int*)NativeMemory.AlignedAlloc((nuint)(ints * sizeof(int)), 64);
            _capacity = ints;
        }
    }
}
