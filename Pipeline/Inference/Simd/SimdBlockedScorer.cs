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
public sealed class SimdBlockedScorer : IItemScorer
{
    private readonly PackedCatalog _items;
    private readonly PackedQueries _queries = new();
    private readonly ScanFrame<ScanWorkspace> _frame;
    private readonly int _tilePanels;
    private readonly Action<int> _scan;
    private readonly Action<int> _merge;

    /// <summary>Packs <paramref name="catalog"/> and starts the scanning threads (<paramref name="options"/> validated, or the defaults).</summary>
    public SimdBlockedScorer(ItemCatalog catalog, SimdScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new SimdScorerOptions();
        Catalog = catalog;
        Path = Resolve(options.Path);
        _items = new PackedCatalog(catalog);
        _tilePanels = (int)Math.Max(1, options.TileKilobytes * 1024L / (_items.PanelFloats * sizeof(float)));
        _scan = Scan;
        _merge = Merge;
        var threads = Math.Min(options.ThreadCount, _items.PanelCount);
        _frame = new ScanFrame<ScanWorkspace>(threads, options.Split, _items.SizeBytes, nameof(SimdBlockedScorer));
    }

    /// <inheritdoc />
    public ItemCatalog Catalog { get; }

    /// <summary>Bytes of the packed copy of the catalogue this scorer holds (native memory).</summary>
    public long PackedBytes => _items.SizeBytes;

    /// <summary>Threads each call runs on, the caller's included.</summary>
    public int ThreadCount => _frame.Participants;

    internal SimdPath Path { get; }

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        ObjectDisposedException.ThrowIf(_frame.IsDisposed, this);
        var splitQueries = _frame.Begin(rows, k);
        _queries.Pack(queries, rows, Catalog.Dimension, splitQueries ? _frame.Participants : 1);
        _frame.Run(queries, indices, scores, _scan, _merge);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_frame.IsDisposed)
        {
            return;
        }

        _frame.Dispose();
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
        var workspace = _frame.Workspaces[thread];
        workspace.TopK.Reset(_frame.Rows, _frame.K);
        var context = workspace.Context(_items);
        var splitQueries = _frame.SplitQueries;
        var (first, end) = splitQueries ? (0, _items.PanelCount) : _frame.Share(_items.PanelCount, thread);
        var blocks = _queries.Blocks(splitQueries ? thread : 0);
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

        if (splitQueries)
        {
            // This thread holds all the candidates of its queries: no need to wait for the others
            // (whose workspaces may not even be reset yet).
            var (firstRow, endRow) = _queries.Rows(thread);
            MergeRows(_frame.Workspaces.Slice(thread, 1), workspace, firstRow, endRow);
        }
    }

    private void Merge(int thread)
    {
        var (first, end) = _frame.Share(_frame.Rows, thread);
        MergeRows(_frame.Workspaces, _frame.Workspaces[thread], first, end);
    }

    private unsafe void MergeRows(ReadOnlySpan<ScanWorkspace> sources, ScanWorkspace own, int first, int end)
    {
        var k = _frame.K;
        for (var row = first; row < end; row++)
        {
            var output = row * k;
            CandidateMerge.Best(sources, row, own, new Span<int>(_frame.Indices + output, k), new Span<float>(_frame.Scores + output, k));
        }
    }
}
