using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

/// <summary>
/// The SIMD scorer's selection pieces on their own, against a plain stable sort: the buffer cut
/// (<see cref="StableFilter"/>), one thread's running top-k (<see cref="PartialTopK"/>) and the merge
/// of several threads' candidates (<see cref="CandidateMerge"/>).
/// </summary>
public class PartialTopKTests
{
    // Few distinct values, so that ties at the k-th score are common; lengths around whole 16-lane blocks.
    private static readonly Gen<float> Scores = Gen.Elements(-3f, -1f, -0f, 0f, 0.5f, 1f, 2f, float.NegativeInfinity, float.PositiveInfinity);

    private static (float Score, int Index)[] Reference(IEnumerable<(float Score, int Index)> candidates, int k) =>
        candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Index).Take(k).ToArray();

    [Property(MaxTest = 300)]
    public Property StableFilter_KeepsEverythingAboveTheKth_AndTheFirstTiesAtIt_InBufferOrder() => Prop.ForAll(
        Arb.From(
            from length in Gen.Choose(1, 70)
            from scores in Gen.ArrayOf(Scores, length)
            from k in Gen.Choose(1, length)
            select (scores, k)),
        c =>
        {
            var (scores, k) = c;
            var indices = Enumerable.Range(100, scores.Length).ToArray();
            var keys = scores.Select(KthLargest.KeyOf).ToArray();
            var kth = keys.OrderDescending().ElementAt(k - 1);
            var ties = k - keys.Count(key => key > kth);
            var expected = scores.Zip(indices).Where((pair, i) => keys[i] > kth || (keys[i] == kth && keys.Take(i).Count(key => key == kth) < ties)).ToArray();
            var (s, ix) = (scores.ToArray(), indices.ToArray());

            var kept = StableFilter.Apply(s, ix, keys, kth, ties);

            Assert.Equal(k, kept);
            Assert.Equal(expected.Select(p => p.First), s[..kept]);
            Assert.Equal(expected.Select(p => p.Second), ix[..kept]);
        });

    [Property(MaxTest = 200)]
    public Property PartialTopK_AfterAnyOffers_HoldsTheBestKOfEachRow() => Prop.ForAll(
        Arb.From(
            from k in Gen.Choose(1, 40)
            from rows in Gen.Choose(1, 3)
            from length in Gen.Choose(0, 300)
            from scores in Gen.ArrayOf(Scores, rows * length)
            select (k, rows, length, scores)),
        c =>
        {
            var (k, rows, length, scores) = c;
            var topK = new PartialTopK();
            topK.Reset(rows, k);
            for (var i = 0; i < length; i++)
            {
                for (var row = 0; row < rows; row++)
                {
                    // As the kernels do: offer only what is not at or below the row's threshold.
                    var score = scores[(row * length) + i];
                    if (!(score <= topK.Threshold(row)))
                    {
                        topK.Offer(row, score, i);
                    }
                }
            }

            for (var row = 0; row < rows; row++)
            {
                var target = new ulong[PartialTopK.CapacityFor(k)];
                var count = topK.CopyBest(row, target, new int[PartialTopK.CapacityFor(k)]);
                var expected = Reference(scores.Skip(row * length).Take(length).Select((s, i) => (s, i)), k);
                var got = target[..count].Order().Select(key => (RankKey.Score(key), RankKey.Index(key))).ToArray();
                Assert.Equal(expected, got);
            }
        });

    [Fact]
    public void PartialTopK_ThresholdIsNaN_UntilTheBufferFirstFills_ThenTheKthScore()
    {
        const int k = 2;
        var topK = new PartialTopK();
        topK.Reset(1, k);
        var capacity = PartialTopK.CapacityFor(k);

        for (var i = 0; i < capacity - 1; i++)
        {
            topK.Offer(0, i, i);
        }

        var beforeFull = topK.Threshold(0);
        topK.Offer(0, capacity - 1, capacity - 1);

        Assert.True(float.IsNaN(beforeFull));
        Assert.Equal(capacity - 2, topK.Threshold(0));
    }

    [Fact]
    public void PartialTopK_AfterReset_StartsAgain_ForMoreRowsAndALargerK()
    {
        var topK = new PartialTopK();
        topK.Reset(1, 1);
        for (var i = 0; i < 200; i++)
        {
            topK.Offer(0, i, i);
        }

        topK.Reset(2, 100);
        topK.Offer(1, 5f, 7);
        var target = new ulong[PartialTopK.CapacityFor(100)];
        var scratch = new int[PartialTopK.CapacityFor(100)];

        Assert.True(float.IsNaN(topK.Threshold(0)));
        Assert.Equal(0, topK.CopyBest(0, target, scratch));
        Assert.Equal(1, topK.CopyBest(1, target, scratch));
        Assert.Equal((5f, 7), (RankKey.Score(target[0]), RankKey.Index(target[0])));
    }

    [Theory]
    [InlineData(1, 65)]
    [InlineData(64, 128)]
    [InlineData(100, 200)]
    public void CapacityFor_IsKPlusAsManyAgain_AtLeast64(int k, int capacity) =>
        Assert.Equal(capacity, PartialTopK.CapacityFor(k));

    [Property(MaxTest = 100)]
    public Property CandidateMerge_OfSeveralThreads_IsTheBestKOfAll() => Prop.ForAll(
        Arb.From(
            from threads in Gen.Choose(1, 4)
            from k in Gen.Choose(1, 20)
            from perThread in Gen.Choose(0, 80)
            from scores in Gen.ArrayOf(Scores, threads * perThread)
            where threads * perThread >= k
            select (threads, k, perThread, scores)),
        c =>
        {
            var (threads, k, perThread, scores) = c;
            var workspaces = Enumerable.Range(0, threads).Select(_ => new ScanWorkspace()).ToArray();
            try
            {
                // Thread t scans items t, t + threads, … (any split will do: each item is in one thread).
                for (var t = 0; t < threads; t++)
                {
                    workspaces[t].TopK.Reset(2, k);
                    for (var i = 0; i < perThread; i++)
                    {
                        var index = t + (i * threads);
                        if (!(scores[index] <= workspaces[t].TopK.Threshold(1)))
                        {
                            workspaces[t].TopK.Offer(1, scores[index], index);
                        }
                    }
                }

                var indices = new int[k];
                var best = new float[k];
                CandidateMerge.Best(workspaces, 1, workspaces[0], indices, best);

                var expected = Reference(scores.Select((s, i) => (s, i)), k);
                Assert.Equal(expected.Select(e => e.Index), indices);
                Assert.Equal(expected.Select(e => e.Score), best);
            }
            finally
            {
                foreach (var workspace in workspaces)
                {
                    workspace.Dispose();
                }
            }
        });
}
