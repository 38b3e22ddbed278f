using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Sharding;

/// <summary>
/// A shard's work on one router batch: check it, score every query in one call of the serving
/// scorer (with the largest k any query needs, its top_k plus its exclusions), then drop each
/// query's excluded ids and keep its top_k, as global ids.
/// </summary>
internal static class ShardBatch
{
    /// <summary>Throws INVALID_ARGUMENT (a <see cref="RecallException"/>) naming the first problem of <paramref name="request"/>.</summary>
    public static void Validate(ScoreBatchRequest request, int dimension, int maxTopK, int maxExcluded)
    {
        if (request.Queries.Count == 0)
        {
            throw Invalid("the batch holds no queries");
        }

        for (var i = 0; i < request.Queries.Count; i++)
        {
            var query = request.Queries[i];
            if (query.Vector.Count != dimension)
            {
                throw Invalid($"query {i} has {query.Vector.Count} values, the shard's dimension is {dimension}");
            }

            for (var j = 0; j < query.Vector.Count; j++)
            {
                if (!float.IsFinite(query.Vector[j]))
                {
                    throw Invalid($"query {i}: value {j} is not a finite number");
                }
            }

            if (query.TopK < 1 || query.TopK > maxTopK)
            {
                throw Invalid($"query {i}: top_k must be between 1 and {maxTopK}, was {query.TopK}");
            }

            if (query.ExcludeItemIds.Count > maxExcluded)
            {
                throw Invalid($"query {i}: {query.ExcludeItemIds.Count} excluded item ids, at most {maxExcluded}");
            }
        }
    }

    /// <summary>Scores the (validated) batch with <paramref name="scorer"/>, which this caller uses alone.</summary>
    public static ScoreBatchReply Score(IItemScorer scorer, ScoreBatchRequest request)
    {
        var catalog = scorer.Catalog;
        var dimension = scorer.InputDimension;
        var rows = request.Queries.Count;
        var k = 0;
        var queries = new float[rows * dimension];
        for (var r = 0; r < rows; r++)
        {
            var query = request.Queries[r];
            query.Vector.CopyTo(queries, r * dimension);
            k = Math.Max(k, Wanted(query, catalog.Count));
        }

        var indices = new int[rows * k];
        var scores = new float[rows * k];
        scorer.ScoreTopK(queries, rows, k, indices, scores);

        var shard = catalog.Shard;
        var reply = new ScoreBatchReply
        {
            CatalogVersion = catalog.Version,
            ShardIndex = (uint)(shard?.Index ?? 0),
            ShardCount = (uint)(shard?.Count ?? 1),
        };
        for (var r = 0; r < rows; r++)
        {
            reply.Results.Add(Candidates(request.Queries[r], catalog.ItemIds, indices.AsSpan(r * k, Wanted(request.Queries[r], catalog.Count)), scores.AsSpan(r * k)));
        }

        return reply;
    }

    private static ShardCandidates Candidates(ShardQuery query, IReadOnlyList<string> itemIds, ReadOnlySpan<int> indices, ReadOnlySpan<float> scores)
    {
        var excluded = query.ExcludeItemIds.Count == 0 ? null : new HashSet<string>(query.ExcludeItemIds, StringComparer.Ordinal);
        var candidates = new ShardCandidates();
        for (var i = 0; i < indices.Length && candidates.ItemIds.Count < query.TopK; i++)
        {
            var id = itemIds[indices[i]];
            if (excluded?.Contains(id) == true)
            {
                continue;
            }

            candidates.ItemIds.Add(id);
            candidates.Scores.Add(scores[i]);
        }

        return candidates;
    }

    private static int Wanted(ShardQuery query, int rows) => (int)Math.Min((long)query.TopK + query.ExcludeItemIds.Count, rows);

    private static RecallException Invalid(string message) => new(RecallErrorKind.InvalidArgument, message);
}
