using System.Buffers;
using System.Diagnostics;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// Exact top-k by inner product in two passes. At load, each row is quantized to 8-bit codes with
/// its own scale (<see cref="Int8Catalog"/>); per call, each query with its own. The first pass
/// computes the int32 dot products and from each a lower and an upper bound on the exact score
/// (docs/int8-error-bound.md), keeping every row whose upper bound reaches the k-th largest lower
/// bound; the second re-scores those candidates in fp32 and takes the best k, equal scores by
/// lower index (<see cref="ExactRerank"/>). Threads split the items for small batches and the
/// queries for large ones, as in <see cref="SimdBlockedScorer"/>; buffers are reused across calls.
/// </summary>
public sealed unsafe class SimdInt8Scorer : IItemScorer
{
    private const int QuerySplitMinRowsPerThread = 16;
    private const int QuerySplitMinRowsPerThreadFromDram = 64;
    private const long CacheResidentBytes = 32L << 20;

    private readonly Int8Catalog _items;
    private readonly Int8Queries _queries;
    private readonly Int8Workspace[] _workspaces;
    private readonly WorkerGang _gang;
    private readonly int _tilePanels;
    private readonly WorkSplit _split;
    private readonly Action<int> _scan;
    private readonly Action<int> _rerank;
    private MemoryHandle _rows;
    private int[] _reranked = [];

    private int _callRows;
    private int _k;
    private bool _splitQueries;
    private float* _callQueries;
    private int* _outIndices;
    private float* _outScores;
    private bool _disposed;

    /// <summary>Quantizes <paramref name="catalog"/> and starts the scanning threads (<paramref name="options"/> validated, or the defaults).</summary>
    /// <exception cref="PlatformNotSupportedException">The CPU has none of the integer paths (see <see cref="IsSupported"/>).</exception>
    public SimdInt8Scorer(ItemCatalog catalog, SimdScorerOptions? options = null)
        : this(catalog, options ?? new SimdScorerOptions(), Int8Path.Auto, boundScale: 1f)
    {
    }

    internal SimdInt8Scorer(ItemCatalog catalog, SimdScorerOptions options, Int8Path path, float boundScale)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        Path = Int8Paths.Resolve(path);
        if (Path == Int8Path.Auto || !Int8Paths.IsSupported(Path))
        {
            throw new PlatformNotSupportedException($"the int8 path {path} needs instructions this CPU lacks");
        }

        Catalog = catalog;
        _split = options.Split;
        var started = Stopwatch.GetTimestamp();
        _items = new Int8Catalog(catalog);
        QuantizationTime = Stopwatch.GetElapsedTime(started);
        _rows = catalog.Embeddings.Pin();
        _queries = new Int8Queries { BoundScale = boundScale };
        var threads = Math.Min(options.ThreadCount, _items.PanelCount);
        _workspaces = new Int8Workspace[threads];
        for (var t = 0; t < threads; t++)
        {
            _workspaces[t] = new Int8Workspace();
        }

        _tilePanels = (int)Math.Max(1, options.TileKilobytes * 1024L / _items.PanelBytes);
        _scan = Scan;
        _rerank = Rerank;
        _gang = new WorkerGang(threads, nameof(SimdInt8Scorer));
    }

    /// <summary>Whether this CPU runs one of the integer paths (AVX-VNNI, AVX-512BW or AVX2 with FMA).</summary>
    public static bool IsSupported => Int8Paths.Resolve(Int8Path.Auto) != Int8Path.Auto;

    /// <inheritdoc />
    public ItemCatalog Catalog { get; }

    /// <summary>Bytes of the int8 copy and its per-row constants (native and managed memory), beside the fp32 rows.</summary>
    public long QuantizedBytes => _items.SizeBytes;

    /// <summary>How long quantizing the catalogue took at construction.</summary>
    public TimeSpan QuantizationTime { get; }

    /// <summary>Threads each call runs on, the caller's included.</summary>
    public int ThreadCount => _gang.Participants;

    internal Int8Path Path { get; }

    /// <summary>Rows query <paramref name="row"/> of the last call re-scored in fp32: the candidates whose upper bound reached the final τ (all rows when exhaustive).</summary>
    internal int RerankedCount(int row) => _reranked[row];

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _splitQueries = SplitsQueries(rows);
        _queries.Pack(queries, rows, _items, _splitQueries ? _gang.Participants : 1, MaxQueryCode());
        _callRows = rows;
        _k = k;
        if (_reranked.Length < rows)
        {
            _reranked = new int[rows];
        }
        fixed (float* callQueries = queries)
        fixed (int* outIndices = indices)
        fixed (float* outScores = scores)
        {
            _callQueries = callQueries;
            _outIndices = outIndices;
            _outScores = outScores;
            try
            {
                _gang.Run(_scan);
                if (!_splitQueries)
                {
                    _gang.Run(_rerank);
                }
            }
            finally
            {
                _callQueries = null;
                _outIndices = null;
                _outScores = null;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gang.Dispose();
        foreach (var workspace in _workspaces)
        {
            workspace.Dispose();
        }

        _queries.Dispose();
        _items.Dispose();
        _rows.Dispose();
    }

    private int MaxQueryCode() => Path switch
    {
        Int8Path.AvxVnni => Vector256Int8Kernel<AvxVnniByteDot>.MaxQueryCode,
        Int8Path.Avx2 => Vector256Int8Kernel<Avx2ByteDot>.MaxQueryCode,
        _ => Avx512Int8Kernel.MaxQueryCode,
    };

    private void Scan(int thread)
    {
        var workspace = _workspaces[thread];
        workspace.Candidates.Reset(_callRows, _k);
        var context = workspace.Context(_items, _queries);
        var (first, end) = _splitQueries ? (0, _items.PanelCount) : Share(_items.PanelCount, thread);
        var blocks = _queries.Blocks(_splitQueries ? thread : 0);
        switch (Path)
        {
            case Int8Path.AvxVnni:
                Run<Vector256Int8Kernel<AvxVnniByteDot>>(context, blocks, first, end);
                break;
            case Int8Path.Avx2:
                Run<Vector256Int8Kernel<Avx2ByteDot>>(context, blocks, first, end);
                break;
            default:
                Run<Avx512Int8Kernel>(context, blocks, first, end);
                break;
        }

        if (_splitQueries)
        {
            var (firstRow, endRow) = _queries.Rows(thread);
            RerankRows(new ReadOnlySpan<Int8Workspace>(ref _workspaces[thread]), workspace, firstRow, endRow);
        }
    }

    // The cache blocking of PanelScan: each tile of panels stays in L2 while every block runs over it.
    private void Run<TKernel>(in Int8ScanContext context, ReadOnlySpan<Int8QueryBlock> blocks, int firstPanel, int endPanel)
        where TKernel : struct, IInt8Kernel
    {
        for (var tile = firstPanel; tile < endPanel; tile += _tilePanels)
        {
            var tileEnd = Math.Min(tile + _tilePanels, endPanel);
            foreach (var block in blocks)
            {
                TKernel.Scan(context, block, tile, tileEnd);
            }
        }
    }

    private bool SplitsQueries(int rows)
    {
        var threads = _gang.Participants;
        if (threads == 1 || _split == WorkSplit.Items)
        {
            return false;
        }

        if (_split == WorkSplit.Queries)
        {
            return true;
        }

        var minRows = _items.SizeBytes <= CacheResidentBytes ? QuerySplitMinRowsPerThread : QuerySplitMinRowsPerThreadFromDram;
        return rows >= minRows * threads;
    }

    private void Rerank(int thread)
    {
        var (first, end) = Share(_callRows, thread);
        RerankRows(_workspaces, _workspaces[thread], first, end);
    }

    private void RerankRows(ReadOnlySpan<Int8Workspace> sources, Int8Workspace own, int first, int end)
    {
        var d = Catalog.Dimension;
        for (var row = first; row < end; row++)
        {
            var output = row * _k;
            var args = new RerankArguments(
                _callQueries + ((long)row * d), (float*)_rows.Pointer, Catalog.Count, d, _k, _outIndices + output, _outScores + output);
            _reranked[row] = ExactRerank.Best(sources, own, row, _queries.Parameters(row).Exhaustive, args);
        }
    }

    private (int First, int End) Share(int total, int thread)
    {
        var threads = _gang.Participants;
        return ((int)((long)total * thread / threads), (int)((long)total * (thread + 1) / threads));
    }
}
