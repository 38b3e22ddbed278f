namespace RsPipeline.Pipeline.Inference;

/// <summary>One batch through a scorer before it serves, so the first callers do not pay for first-touch costs.</summary>
public static class ScorerWarmUp
{
    /// <summary>Scores a batch of up to <paramref name="rows"/> deterministic queries for the top <paramref name="topK"/>; returns how long it took.</summary>
    public static TimeSpan Run(IItemScorer scorer, int rows, int topK)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var catalog = scorer.Catalog;
        var width = scorer.InputDimension;
        rows = Math.Clamp(rows, 1, catalog.Count);
        var k = Math.Clamp(topK, 1, catalog.Count);
        var queries = new float[rows * width];
        if (width == catalog.Dimension)
        {
            catalog.Embeddings.Span[..queries.Length].CopyTo(queries);
        }
        else
        {
            for (var i = 0; i < queries.Length; i++)
            {
                queries[i] = ((i % 7) - 3) * 0.25f;
            }
        }

        var started = TimeProvider.System.GetTimestamp();
        scorer.ScoreTopK(queries, rows, k, new int[rows * k], new float[rows * k]);
        return TimeProvider.System.GetElapsedTime(started);
    }
}
