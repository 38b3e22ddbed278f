using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;
using RsPipeline.TestSupport.Reference;
using Xunit.Sdk;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

/// <summary>Scores a batch and checks every query's answer against the exact float64 reference (<see cref="TopKAssert"/>).</summary>
internal static class Int8Asserts
{
    public static void Batch(IItemScorer scorer, ItemCatalog catalog, float[] queries, int rows, int k)
    {
        var d = catalog.Dimension;
        var items = catalog.Embeddings.ToArray();
        var indices = new int[rows * k];
        var scores = new float[rows * k];

        scorer.ScoreTopK(queries, rows, k, indices, scores);

        for (var r = 0; r < rows; r++)
        {
            var query = queries.AsSpan(r * d, d);
            var answer = indices.AsSpan(r * k, k);
            TopKAssert.IsExactTopK(query, items, catalog.Count, d, answer, k);
            var bounds = TopKAssert.ErrorBounds(query, items, catalog.Count, d);
            for (var i = 0; i < k; i++)
            {
                var exact = BruteForceTopK.Score(query, items, d, answer[i]);
                var error = Math.Abs(scores[(r * k) + i] - exact);
                if (error > (2 * bounds[answer[i]]) + (1e-30 * (1 + Math.Abs(exact))))
                {
                    throw new XunitException($"score of item {answer[i]}: {scores[(r * k) + i]:R}, exact {exact:R}");
                }
            }
        }
    }
}
