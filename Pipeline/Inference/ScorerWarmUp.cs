namespace RsPipeline.Pipeline.Inference;

/// <summary>One batch through a scorer before it serves, so the first callers do not pay for first-touch costs.</summary>
public static class ScorerWarmUp
{
    /// <summary>Scores a batch of up to <paramref name="rows"/> deterministic queries for the top <paramref name="topK"/>; returns how long it took.</summary>
    public static TimeSpan Run(IItemScorer scorer, int rows, int topK)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return Time(scorer, Queries(scorer, rows, out var clamped), clamped, topK);
    }

    /// <summary>
    /// The batch sizes an inference time model starts from: 1, a quarter, half and all of
    /// <paramref name="maxRows"/> (at most the catalogue's items), each timed with <see cref="Run"/>
    /// on a warm (already warmed-up) scorer.
    /// </summary>
    public static IReadOnlyList<int> ProfileSizes(IItemScorer scorer, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var max = Math.Clamp(maxRows, 1, scorer.Catalog.Count);
        return new[] { 1, max / 4, max / 2, max }.Where(r => r >= 1).Distinct().ToArray();
    }

    private static float[] Queries(IItemScorer scorer, int rows, out int clamped)
    {
        var catalog = scorer.Catalog;
        var width = scorer.InputDimension;
        rows = Math.Clamp(rows, 1, catalog.Count);
        clamped = rows;
        var queries = new float[rows * width];
        if (width == catalog.Dimension && catalog.Embeddings.Length >= queries.Length)
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

        return queries;
    }

    private static TimeSpan Time(IItemScorer scorer, float[] queries, int rows, int topK)
    {
        var k = Math.Clamp(topK, 1, scorer.Catalog.Count);
        var started = TimeProvider.System.GetTimestamp();
        scorer.ScoreTopK(queries.AsSpan(0, rows * scorer.InputDimension), rows, k, new int[rows * k], new float[rows * k]);
        return TimeProvider.System.GetElapsedTime(started);
    }
}
