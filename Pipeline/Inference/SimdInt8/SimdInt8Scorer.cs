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
/// Batches larger than <see cref="SimdScorerOptions.Int8MaxBatch"/> go to the exact fp32 kernel
/// (<see cref="SimdBlockedScorer"/>), which is faster once the pass is bound by arithmetic.
/// </summary>
public sealed unsafe class SimdInt8Scorer : IItemScorer
{
    private readonly Int8Catalog _items;
    private readonly Int8Queries _queries;
    private readonly ScanFrame<Int8Workspace> _frame;
    private readonly SimdBlockedScorer? _exact;
    private readonly int _maxBatch;
    private readonly int _tilePanels;
    private readonly Action<int> _scan;
    private readonly Action<int> _rerank;
    private MemoryHandle _rows;
    private int[] _reranked = [];

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
        var started = Stopwatch.GetTimestamp();
        _items = new Int8Catalog(catalog);
        QuantizationTime = Stopwatch.GetElapsedTime(started);
        _rows = catalog.Embeddings.Pin();
        _queries = new Int8Queries { BoundScale = boundScale };
        _tilePanels = (int)Math.Max(1, options.TileKilobytes * 1024L / _items.PanelBytes);
        _scan = Scan;
        _rerank = Rerank;
        var threads = Math.Min(options.ThreadCount, _items.PanelCount);
        _frame = new ScanFrame<Int8Workspace>(threads, options.Split, _items.SizeBytes, nameof(SimdInt8Scorer));
        _maxBatch = options.Int8MaxBatch;
        _exact = _maxBatch > 0 ? new SimdBlockedScorer(catalog, options) : null;
    }

    /// <summary>Whether this CPU runs one of the integer paths (AVX-VNNI, AVX-512BW or AVX2 with FMA).</summary>
    public static bool IsSupported => Int8Paths.Resolve(Int8Path.Auto) != Int8Path.Auto;

    /// <inheritdoc />
    public ItemCatalog Catalog { get; }

    /// <summary>Bytes of the int8 copy and its per-row constants (native and managed memory), beside the fp32 rows.</summary>
    public long QuantizedBytes => _items.SizeBytes;

    /// <summary>Bytes of the fp32 kernel's packed copy for batches above <see cref="SimdScorerOptions.Int8MaxBatch"/> (0 when that is 0).</summary>
    public long ExactBytes => _exact?.PackedBytes ?? 0;

    /// <summary>How long quantizing the catalogue took at construction.</summary>
    public TimeSpan QuantizationTime { get; }

    /// <summary>Threads each call runs on, the caller's included.</summary>
    public int ThreadCount => _frame.Participants;

    /// <summary>Whether the last call went to the fp32 kernel (its batch was larger than <see cref="SimdScorerOptions.Int8MaxBatch"/>).</summary>
    public bool LastCallExact { get; private set; }

    internal Int8Path Path { get; }

    /// <summary>
    /// Rows query <paramref name="row"/> of the last int8 call re-scored in fp32: the candidates whose
    /// upper bound reached the final τ (all rows when exhaustive). How tight the bound is; for tests and benchmarks.
    /// </summary>
    public int RerankedCount(int row) => _reranked[row];

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        ObjectDisposedException.ThrowIf(_frame.IsDisposed, this);
        LastCallExact = _exact is not null && rows > _maxBatch;
        if (LastCallExact)
        {
            _exact!.ScoreTopK(queries, rows, k, indices, scores);
            return;
        }

        var splitQueries = _frame.Begin(rows, k);
        _queries.Pack(queries, rows, _items, splitQueries ? _frame.Participants : 1, MaxQueryCode());
        if (_reranked.Length < rows)
        {
            _reranked = new int[rows];
        }

        _frame.Run(queries, indices, scores, _scan, _rerank);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_frame.IsDisposed)
        {
            return;
        }

        _frame.Dispose();
        _exact?.Dispose();
        _queries.Dispose();
        _items.Dispose();
        _rows.Dispose();
    }

    private int MaxQueryCode() => Path switch
    {
        Int8Path.AvxVnni => AvxVnniInt8Kernel.MaxQueryCode,
        Int8Path.Avx2 => Vector256Int8Kernel<Avx2ByteDot>.MaxQueryCode,
        _ => Avx512Int8Kernel.MaxQueryCode,
    };

    private void Scan(int thread)
    {
        var workspace = _frame.Workspaces[thread];
        workspace.Candidates.Reset(_frame.Rows, _frame.K);
        var context = workspace.Context(_items, _queries);
        var splitQueries = _frame.SplitQueries;
        var (first, end) = splitQueries ? (0, _items.PanelCount) : _frame.Share(_items.PanelCount, thread);
        var blocks = _queries.Blocks(splitQueries ? thread : 0);
        switch (Path)
        {
            case Int8Path.AvxVnni:
                Run<AvxVnniInt8Kernel>(context, blocks, first, end);
                break;
            case Int8Path.Avx2:
                Run<Vector256Int8Kernel<Avx2ByteDot>>(context, blocks, first, end);
                break;
            default:
                Run<Avx512Int8Kernel>(context, blocks, first, end);
                break;
        }

        if (splitQueries)
        {
            var (firstRow, endRow) = _queries.Rows(thread);
            RerankRows(_frame.Workspaces.Slice(thread, 1), workspace, firstRow, endRow);
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

    private void Rerank(int thread)
    {
        var (first, end) = _frame.Share(_frame.Rows, thread);
        RerankRows(_frame.Workspaces, _frame.Workspaces[thread], first, end);
    }

    private void RerankRows(ReadOnlySpan<Int8Workspace> sources, Int8Workspace own, int first, int end)
    {
        var d = Catalog.Dimension;
        var k = _frame.K;
        for (var row = first; row < end; row++)
        {
            var output = row * k;
            var args = new RerankArguments(
                _frame.Queries + ((long)row * d), (float*)_rows.Pointer, Catalog.Count, d, k, _frame.Indices + output, _frame.Scores + output);
            _reranked[row] = ExactRerank.Best(sources, own, row, _queries.Parameters(row).Exhaustive, args);
        }
    }
}
