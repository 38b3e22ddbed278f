using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.TestSupport;

/// <summary>
/// A plain float32 scorer for pipeline tests (full sort, no cleverness), with hooks: it records
/// each batch's size, can block until released, and can be told to throw.
/// </summary>
public sealed class NaiveScorer(ItemCatalog catalog) : IItemScorer
{
    private readonly Lock _gate = new();
    private readonly List<int> _batchSizes = [];
    private TaskCompletionSource? _blocked;
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ItemCatalog Catalog { get; } = catalog;

    /// <summary>When set, the next batch throws this instead of scoring (once).</summary>
    public Exception? FailNext { get; set; }

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_gate)
            {
                return _batchSizes.ToArray();
            }
        }
    }

    public int RowsScored
    {
        get
        {
            lock (_gate)
            {
                return _batchSizes.Sum();
            }
        }
    }

    /// <summary>From now on each batch waits in the scorer until <see cref="Release"/>.</summary>
    public void Block()
    {
        lock (_gate)
        {
            _blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes when a batch is waiting in the blocked scorer.</summary>
    public Task Entered
    {
        get
        {
            lock (_gate)
            {
                return _entered.Task;
            }
        }
    }

    public void Release()
    {
        TaskCompletionSource? blocked;
        lock (_gate)
        {
            blocked = _blocked;
            _blocked = null;
        }

        blocked?.TrySetResult();
    }

    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        TaskCompletionSource? blocked;
        lock (_gate)
        {
            _batchSizes.Add(rows);
            blocked = _blocked;
            _entered.TrySetResult();
        }

        blocked?.Task.Wait(TestTimeouts.Default);
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }

        var d = Catalog.Dimension;
        var items = Catalog.Embeddings.Span;
        var all = new float[Catalog.Count];
        for (var r = 0; r < rows; r++)
        {
            var query = queries.Slice(r * d, d);
            for (var i = 0; i < Catalog.Count; i++)
            {
                var sum = 0f;
                for (var j = 0; j < d; j++)
                {
                    sum += query[j] * items[(i * d) + j];
                }

                all[i] = sum;
            }

            var order = Enumerable.Range(0, Catalog.Count).OrderByDescending(i => all[i]).ThenBy(i => i).Take(k).ToArray();
            for (var c = 0; c < k; c++)
            {
                indices[(r * k) + c] = order[c];
                scores[(r * k) + c] = all[order[c]];
            }
        }
    }

    public void Dispose()
    {
    }
}
