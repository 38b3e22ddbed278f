using FsCheck.Xunit;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

public class SimdBlockedScorerTests
{
    [Property(Arbitrary = [typeof(SimdCases)], MaxTest = 60)]
    public void Vector512_MatchesReference(SimdCase c) => AssertMatchesReference(c, SimdPath.Vector512);

    [Property(Arbitrary = [typeof(SimdCases)], MaxTest = 60)]
    public void Vector256_MatchesReference(SimdCase c) => AssertMatchesReference(c, SimdPath.Vector256);

    [Property(Arbitrary = [typeof(SimdCases)], MaxTest = 40)]
    public void Scalar_MatchesReference(SimdCase c) => AssertMatchesReference(c, SimdPath.Scalar);

    [Property(Arbitrary = [typeof(SimdCases)], MaxTest = 40)]
    public void AutoPath_MatchesReference(SimdCase c) => AssertMatchesReference(c, SimdPath.Auto);

    [Fact]
    public void TiedScores_LowerIndexFirst()
    {
        // Items 1, 3 and 4 tie at 2; item 0 is best.
        var items = new float[] { 3, 0, 2, 0, 1, 1, 2, 0, 2, 0 };
        var catalog = new ItemCatalog(items, 5, 2, ["a", "b", "c", "d", "e"], "v", "test");
        using var scorer = new SimdBlockedScorer(catalog, new SimdScorerOptions { ThreadCount = 2 });
        var indices = new int[4];
        var scores = new float[4];

        scorer.ScoreTopK([1, 0], 1, 4, indices, scores);

        Assert.Equal([0, 1, 3, 4], indices);
        Assert.Equal([3f, 2f, 2f, 2f], scores);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(6)]
    public void KOutsideCatalogue_Throws(int k)
    {
        using var scorer = SmallScorer();

        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.ScoreTopK(new float[3], 1, k, new int[10], new float[10]));
    }

    [Fact]
    public void QueryLengthNotRowsTimesDimension_Throws()
    {
        using var scorer = SmallScorer();

        Assert.ThrowsAny<ArgumentException>(() => scorer.ScoreTopK(new float[5], 2, 1, new int[2], new float[2]));
    }

    [Fact]
    public void OutputsTooShort_Throw()
    {
        using var scorer = SmallScorer();

        Assert.ThrowsAny<ArgumentException>(() => scorer.ScoreTopK(new float[6], 2, 3, new int[5], new float[6]));
        Assert.ThrowsAny<ArgumentException>(() => scorer.ScoreTopK(new float[6], 2, 3, new int[6], new float[5]));
    }

    [Fact]
    public void NoRows_Throws()
    {
        using var scorer = SmallScorer();

        Assert.ThrowsAny<ArgumentException>(() => scorer.ScoreTopK([], 0, 1, [], []));
    }

    [Fact]
    public void AfterDispose_Throws()
    {
        var scorer = SmallScorer();
        scorer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => scorer.ScoreTopK(new float[3], 1, 1, new int[1], new float[1]));
    }

    [Fact]
    public void PackedBytes_IsWholePanelsOfDimension()
    {
        using var scorer = SmallScorer();

        Assert.Equal(32 * 3 * sizeof(float), scorer.PackedBytes);
    }

    private static SimdBlockedScorer SmallScorer()
    {
        var items = Enumerable.Range(0, 15).Select(i => (float)i).ToArray();
        return new SimdBlockedScorer(new ItemCatalog(items, 5, 3, ["a", "b", "c", "d", "e"], "v", "test"));
    }

    private static void AssertMatchesReference(SimdCase c, SimdPath path)
    {
        var data = c.Data;
        var catalog = data.BuildCatalog();
        var items = catalog.Embeddings.ToArray();
        using var scorer = new SimdBlockedScorer(catalog, c.Options(path));
        AssertBatch(scorer, items, data, data.BuildQueries(0), data.Rows, data.K);
        AssertBatch(scorer, items, data, data.BuildQueries(1, c.SecondRows), c.SecondRows, c.SecondK);
    }

    private static void AssertBatch(SimdBlockedScorer scorer, float[] items, ScoringCase c, float[] queries, int rows, int k)
    {
        var indices = new int[rows * k];
        var scores = new float[rows * k];

        scorer.ScoreTopK(queries, rows, k, indices, scores);

        for (var r = 0; r < rows; r++)
        {
            var query = queries.AsSpan(r * c.Dimension, c.Dimension);
            var answer = indices.AsSpan(r * k, k);
            TopKAssert.IsExactTopK(query, items, c.Count, c.Dimension, answer, k);
            for (var i = 0; i < k; i++)
            {
                var exact = BruteForceTopK.Score(query, items, c.Dimension, answer[i]);
                Assert.True(Math.Abs(scores[(r * k) + i] - exact) <= 1e-4 * (1 + Math.Abs(exact)), $"score of item {answer[i]}");
            }
        }
    }
}
