using RsPipeline.Pipeline.Inference;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Routing;

/// <summary>
/// The exact merge of the shards' per-query top-k lists: score descending, then the lower global
/// row first. Shards hold contiguous row ranges in shard order and each list is already in that
/// order, so a tie between shards goes to the lower shard, within a shard to the earlier entry:
/// the order a scorer over the whole catalogue gives (IItemScorer: equal scores by lower row).
/// </summary>
internal static class ShardMerge
{
    /// <summary>The best <paramref name="k"/> of query <paramref name="query"/> over <paramref name="replies"/> (in shard order).</summary>
    public static RemoteCandidates Merge(IReadOnlyList<ScoreBatchReply> replies, int query, int k)
    {
        var lists = new ShardCandidates[replies.Count];
        var total = 0;
        for (var s = 0; s < lists.Length; s++)
        {
            lists[s] = replies[s].Results[query];
            total += lists[s].ItemIds.Count;
        }

        var count = Math.Min(k, total);
        var ids = new string[count];
        var scores = new float[count];
        var next = new int[lists.Length];
        for (var i = 0; i < count; i++)
        {
            var best = -1;
            for (var s = 0; s < lists.Length; s++)
            {
                // Strictly greater: on a tie the lower shard, already holding best, keeps it.
                if (next[s] < lists[s].ItemIds.Count && (best < 0 || lists[s].Scores[next[s]] > lists[best].Scores[next[best]]))
                {
                    best = s;
                }
            }

            ids[i] = lists[best].ItemIds[next[best]];
            scores[i] = lists[best].Scores[next[best]];
            next[best]++;
        }

        return new RemoteCandidates(ids, scores);
    }
}
