using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Perf.PipelineLoad;

/// <summary>Passes scoring through and counts batches and rows, for the mean batch size.</summary>
internal sealed class CountingScorer(IItemScorer inner) : IItemScorer
{
    private long _batches;
    private long _rows;

    public ItemCatalog Catalog => inner.Catalog;

    public long Batches => Interlocked.Read(ref _batches);

    public long Rows => Interlocked.Read(ref _rows);

    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        inner.ScoreTopK(queries, rows, k, indices, scores);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _rows, rows);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _rows, 0);
    }

    public void Dispose()
    {
    }
}
