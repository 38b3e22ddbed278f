using System.Runtime.Intrinsics;
using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// Exact top-k by inner product on the CPU with the project's own SIMD kernel. The catalogue is
/// packed once into panels of 32 items (<see cref="PackedBytes"/>). Each call runs on
/// <see cref="SimdScorerOptions.ThreadCount"/> threads (the caller's included): small batches
/// split the items between them (the pass is bound by memory bandwidth), larger ones split the
/// queries. Each thread runs its queries, in register tiles of up to 8, over L2-sized tiles of
/// panels, keeping a running k-th-best threshold per query so that only rare survivors reach the
/// per-query candidate buffers; the candidates are then merged and sorted. Results are best
/// first, equal scores by lower item index. Buffers are reused (nothing is allocated per call
/// once a batch shape was seen); one caller at a time.
/// </summary>
public sealed unsafe class SimdBlockedScorer : IItemScorer
{
    // Splitting the queries makes every thread read the whole catalogue: for one that stays in L3
    // that is cheap from 2 register tiles per thread on; from DRAM it needs 8 tiles per thread to
    // keep the bandwidth per FMA low. Below those, the threads split the items.
    private const int QuerySplitMinRowsPerThread = 16;
    private const int QuerySplitMinRowsPerThreadFromDram = 64;
    private const long CacheResidentBytes = 32L << 20;

    private readonly PackedCatalog _items;
    private readonly PackedQueries _queries = new();
    private readonly ScanWorkspace[] _workspaces;
    private readonly WorkerGang _gang;
    private readonly int _tilePanels;
    private readonly WorkSplit _split;
    private readonly Action<int> _scan;
    private readonly Action<int> _merge;

    // The call in progress, read by the gang's threads.
    private int _rows;
    private int _k;
    private bool _splitQueries;
    private int* _outIndices;
    private float* _outScores;
    private bool _disposed;

    /// <summary>Packs <paramref name="catalog"/> and starts the scanning threads (<paramref name="options"/> validated, or the defaults).</summary>
    public SimdBlockedScorer(ItemCatalog catalog, SimdScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new SimdScorerOptions();
        Catalog = catalog;
        Path = Resolve(options.Path);
        _split = options.Split;
        _items = new PackedCatalog(catalog);
        var threads = Math.Min(options.ThreadCount, _items.PanelCount);
        _workspaces = new ScanWorkspace[threads];
        for (var t = 0; t < threads; t++)
        {
            _workspaces[t] = new ScanWorkspace();
        }

        _tilePanels = (int)Math.Max(1, options.TileKilobytes * 1024L / (_items.PanelFloats * sizeof(float)));
        _scan = Scan;
        _merge = Merge;
        _gang = new WorkerGang(threads, nameof(SimdBlockedScorer));
    }

    /// <inheritdoc />
    public ItemCatalog Catalog { get; }

    /// <summary>Bytes of the packed copy of the catalogue this scorer holds (native memory).</summary>
    public long PackedBytes => _items.SizeBytes;

    /// <summary>Threads each call runs on, the caller's included.</summary>
    public int ThreadCount => _gang.Participants;

    internal SimdPath Path { get; }

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _splitQueries = SplitsQueries(rows);
        _queries.Pack(queries, rows, Catalog.Dimension, _splitQueries ? _gang.Participants : 1);
        _rows = rows;
        _k = k;
        fixed (int* outIndices = indices)
        fixed (float* outScores = scores)
        {
            _outIndices = outIndices;
            _outScores = outScores;
            try
            {
                _gang.Run(_scan);
                if (!_splitQueries)
                {
                    _gang.Run(_merge);
                }
            }
            finally
            {
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
    }

    private static SimdPath Resolve(SimdPath requested) => requested switch
    {
        SimdPath.Auto when Vector512.IsHardwareAccelerated => SimdPath.Vector512,
        SimdPath.Auto when Vector256.IsHardwareAccelerated => SimdPath.Vector256,
        SimdPath.Auto => SimdPath.Scalar,
        _ => requested,
    };

    private void Scan(int thread)
    {
        var workspace = _workspaces[thread];
        workspace.TopK.Reset(_rows, _k);
        var context = workspace.Context(_items);
        var (first, end) = _splitQueries ? (0, _items.PanelCount) : Share(_items.PanelCount, thread);
        var blocks = _queries.Blocks(_splitQueries ? thread : 0);
        switch (Path)
        {
            case SimdPath.Vector512:
                PanelScan.Run<Vector512Kernel>(context, blocks, first, end, _tilePanels);
                break;
            case SimdPath.Vector256:
                PanelScan.Run<Vector256Kernel>(context, blocks, first, end, _tilePanels);
                break;
            default:
                PanelScan.Run<ScalarKernel>(context, blocks, first, end, _tilePanels);
                break;
        }

        if (_splitQueries)
        {
            // This thread holds all the candidates of its queries: no need to wait for the others
            // (whose workspaces may not even be reset yet).
            var (firstRow, endRow) = _queries.Rows(thread);
            MergeRows(new ReadOnlySpan<ScanWorkspace>(ref _workspaces[thread]), workspace, firstRow, endRow);
        }
    }

    // Few queries: split the items, so every core streams its own half of the catalogue (B = 1 is
    // bandwidth-bound). Many: split the queries, so each query's candidates are selected once, by
    // one thread, over all items (with split items every thread admits its own k ln(N/2k) or so).
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

    private void Merge(int thread)
    {
        var (first, end) = Share(_rows, thread);
        MergeRows(_workspaces, _workspaces[thread], first, end);
    }

    private void MergeRows(ReadOnlySpan<ScanWorkspace> sources, ScanWorkspace own, int first, int end)
    {
        for (var row = first; row < end; row++)
        {
            var output = row * _k;
            CandidateMerge.Best(sources, row, own, new Span<int>(_outIndices + output, _k), new Span<float>(_outScores + output, _k));
        }
    }

    private (int First, int End) Share(int total, int thread)
    {
        var threads = _gang.Participants;
        return ((int)((long)total * thread / threads), (int)((long)total * (thread + 1) / threads));
    }
}
