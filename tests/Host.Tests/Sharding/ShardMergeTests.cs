using FsCheck.Xunit;
using RsPipeline.Host.Routing;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Tests.Sharding;

public class ShardMergeTests
{
    // Scores from a few values, so ties within and across shards are common.
    [Property(MaxTest = 300)]
    public bool Merge_EqualsTheWholeCataloguesOrder_ScoreThenLowerGlobalRow(byte[] values, byte shardsSeed, byte kSeed)
    {
        var scores = values.Select(v => (float)(v % 7)).ToArray();
        if (scores.Length == 0)
        {
            return true;
        }

        var shards = 1 + (shardsSeed % Math.Min(4, scores.Length));
        var k = 1 + (kSeed % scores.Length);
        var replies = new List<ScoreBatchReply>();
        for (var s = 0; s < shards; s++)
        {
            long first = s * (long)scores.Length / shards, end = (s + 1) * (long)scores.Length / shards;
            var best = Enumerable.Range((int)first, (int)(end - first)).OrderByDescending(row => scores[row]).ThenBy(row => row).Take(k).ToArray();
            var candidates = new ShardCandidates();
            candidates.ItemIds.AddRange(best.Select(row => $"{row}"));
            candidates.Scores.AddRange(best.Select(row => scores[row]));
            var reply = new ScoreBatchReply();
            reply.Results.Add(candidates);
            replies.Add(reply);
        }

        var merged = ShardMerge.Merge(replies, 0, k);
        var expected = Enumerable.Range(0, scores.Length).OrderByDescending(row => scores[row]).ThenBy(row => row).Take(k).Select(row => $"{row}");
        return merged.ItemIds.SequenceEqual(expected) && merged.Scores.SequenceEqual(expected.Select(id => scores[int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)]));
    }
}
