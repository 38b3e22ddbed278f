namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// The call frame the blocked scorers share around their kernels (<see cref="SimdBlockedScorer"/>,
/// SimdInt8.SimdInt8Scorer): the thread gang with one workspace per thread, how a call splits its work
/// between them, and the call in progress (its shape and the caller's buffers, pinned while the
/// gang's threads read and write them). The scorer supplies the scan, which every thread runs, and,
/// when the threads split the items, the merge that gathers each query's candidates afterwards.
/// </summary>
internal sealed unsafe class ScanFrame<TWorkspace> : IDisposable
    where TWorkspace : class, IDisposable, new()
{
    // Splitting the queries makes every thread read the whole catalogue: for one that stays in L3
    // that is cheap from 2 register tiles per thread on; from DRAM it needs 8 tiles per thread to
    // keep the bandwidth per multiply low. Below those, the threads split the items.
    private const int QuerySplitMinRowsPerThread = 16;
    private const int QuerySplitMinRowsPerThreadFromDram = 64;
    private const long CacheResidentBytes = 32L << 20;

    private readonly WorkerGang _gang;
    private readonly TWorkspace[] _workspaces;
    private readonly WorkSplit _split;
    private readonly int _querySplitMinRows;

    /// <param name="threads">Threads each call runs on, the caller's included.</param>
    /// <param name="split">How calls split the work (tests force each; the service runs Auto).</param>
    /// <param name="scannedBytes">Bytes of the copy of the catalogue the kernels read: whether it stays in cache.</param>
    /// <param name="name">Prefix of the dedicated threads' names.</param>
    public ScanFrame(int threads, WorkSplit split, long scannedBytes, string name)
    {
        _split = split;
        _querySplitMinRows = scannedBytes <= CacheResidentBytes ? QuerySplitMinRowsPerThread : QuerySplitMinRowsPerThreadFromDram;
        _workspaces = new TWorkspace[threads];
        for (var t = 0; t < threads; t++)
        {
            _workspaces[t] = new TWorkspace();
        }

        _gang = new WorkerGang(threads, name);
    }

    public int Participants => _gang.Participants;

    public ReadOnlySpan<TWorkspace> Workspaces => _workspaces;

    public bool IsDisposed { get; private set; }

    /// <summary>Queries of the call in progress.</summary>
    public int Rows { get; private set; }

    public int K { get; private set; }

    /// <summary>Whether each thread runs its own queries over all items (else all queries over its share of the items).</summary>
    public bool SplitQueries { get; private set; }

    /// <summary>The caller's queries, row-major (valid while <see cref="Run"/> runs).</summary>
    public float* Queries { get; private set; }

    /// <summary>Where query <c>row</c>'s answer goes: <c>k</c> entries from <c>row × k</c> (valid while <see cref="Run"/> runs).</summary>
    public int* Indices { get; private set; }

    public float* Scores { get; private set; }

    /// <summary>Takes the shape of a call and decides its split; the queries are packed for that split before <see cref="Run"/>.</summary>
    public bool Begin(int rows, int k)
    {
        Rows = rows;
        K = k;
        SplitQueries = SplitsQueries(rows);
        return SplitQueries;
    }

    /// <summary>Runs <paramref name="scan"/> on every thread, then, when the threads split the items, <paramref name="merge"/>.</summary>
    public void Run(ReadOnlySpan<float> queries, Span<int> indices, Span<float> scores, Action<int> scan, Action<int> merge)
    {
        fixed (float* callQueries = queries)
        fixed (int* outIndices = indices)
        fixed (float* outScores = scores)
        {
            Queries = callQueries;
            Indices = outIndices;
            Scores = outScores;
            try
            {
                _gang.Run(scan);
                if (!SplitQueries)
                {
                    _gang.Run(merge);
                }
            }
            finally
            {
                Queries = null;
                Indices = null;
                Scores = null;
            }
        }
    }

    /// <summary>Thread <paramref name="thread"/>'s share [First, End) of <paramref name="total"/>.</summary>
    public (int First, int End) Share(int total, int thread)
    {
        var threads = _gang.Participants;
        return ((int)((long)total * thread / threads), (int)((long)total * (thread + 1) / threads));
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        _gang.Dispose();
        foreach (var workspace in _workspaces)
        {
            workspace.Dispose();
        }
    }

    // Few queries: split the items, so every core streams its own share of the catalogue (B = 1 is
    // bandwidth-bound). Many: split the queries, so each query's candidates are selected once, by
    // one thread, over all items (with split items every thread admits its own k ln(N/2k) or so).
    private bool SplitsQueries(int rows)
    {
        if (_gang.Participants == 1 || _split == WorkSplit.Items)
        {
            return false;
        }

        return _split == WorkSplit.Queries || rows >= _querySplitMinRows * _gang.Participants;
    }
}
