using FsCheck.Xunit;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;
using Xunit.Sdk;

namespace RsPipeline.Torch.Tests;

public class TorchExactScorerTests
{
    [Property(MaxTest = 60, Arbitrary = [typeof(RealValuedCases)])]
    public void ScoreTopK_RealValuedData_MatchesReference(TorchCase scoringCase)
    {
        Assert.False(scoringCase.Data.Integral);
        AssertMatchesReference(scoringCase);
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(IntegerValuedCases)])]
    public void ScoreTopK_IntegerValuedData_BreaksTiesByLowerIndex(TorchCase scoringCase)
    {
        Assert.True(scoringCase.Data.Integral);
        AssertMatchesReference(scoringCase);
    }

    [Fact]
    public void ScoreTopK_AllScoresEqual_ReturnsLowestIndicesInOrder()
    {
        var catalog = TestCatalogs.FromArray(Enumerable.Repeat(1f, 50 * 3).ToArray(), 50, 3);
        using var scorer = new TorchExactScorer(catalog, new TorchOptions { ItemTileRows = 7 });
        var indices = new int[10];
        var scores = new float[10];

        scorer.ScoreTopK([1, 1, 1], 1, 10, indices, scores);

        Assert.Equal(Enumerable.Range(0, 10), indices);
        Assert.All(scores, s => Assert.Equal(3f, s));
    }

    [Fact]
    public void Constructor_OnCpu_SharesTheCatalogueArray()
    {
        var embeddings = new float[] { 1, 0, 0, 1, 1, 1 };
        var catalog = TestCatalogs.FromArray(embeddings, 3, 2);
        using var scorer = new TorchExactScorer(catalog, new TorchOptions());
        var indices = new int[1];
        var scores = new float[1];

        // The catalogue is immutable by contract; writing here only proves that no copy was taken.
        embeddings[0] = 10;
        scorer.ScoreTopK([1, 0], 1, 1, indices, scores);

        Assert.True(scorer.SharesCatalogMemory);
        Assert.Equal("cpu", scorer.DeviceName);
        Assert.Equal(0, indices[0]);
        Assert.Equal(10f, scores[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void ScoreTopK_KOutsideCatalogue_ThrowsNamingTheRange(int k)
    {
        using var scorer = new TorchExactScorer(TestCatalogs.Create(5, 2, integral: false, seed: 1), new TorchOptions());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.ScoreTopK(new float[2], 1, k, new int[6], new float[6]));

        Assert.Equal("k", error.ParamName);
        Assert.Contains("k must be between 1 and the catalogue's 5 items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreTopK_WrongQueryLength_ThrowsDimensionMismatch()
    {
        using var scorer = new TorchExactScorer(TestCatalogs.Create(5, 4, integral: false, seed: 1), new TorchOptions());

        var error = Assert.Throws<ArgumentException>(() => scorer.ScoreTopK(new float[7], 2, 1, new int[2], new float[2]));

        Assert.Contains("dimension mismatch: 2 rows need 8 values at d = 4, got 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreTopK_AfterDispose_ThrowsObjectDisposed()
    {
        var scorer = new TorchExactScorer(TestCatalogs.Create(5, 2, integral: false, seed: 1), new TorchOptions());
        scorer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => scorer.ScoreTopK(new float[2], 1, 1, new int[1], new float[1]));
    }

    [Fact]
    public void Constructor_CudaOnCpuOnlyBuild_ThrowsClearMessage()
    {
        var catalog = TestCatalogs.Create(5, 2, integral: false, seed: 1);

        var error = Assert.Throws<InvalidOperationException>(() => new TorchExactScorer(catalog, new TorchOptions { Device = "cuda" }));

        Assert.StartsWith("Inference:Torch:Device is 'cuda' but CUDA is not available", error.Message, StringComparison.Ordinal);
    }

    private static void AssertMatchesReference(TorchCase torchCase)
    {
        var c = torchCase.Data;
        var catalog = c.BuildCatalog();
        var items = catalog.Embeddings.Span;
        var queries = c.BuildQueries();
        var indices = new int[c.Rows * c.K];
        var scores = new float[c.Rows * c.K];
        using var scorer = new TorchExactScorer(catalog, new TorchOptions { ItemTileRows = torchCase.TileRows });

        scorer.ScoreTopK(queries, c.Rows, c.K, indices, scores);

        for (var r = 0; r < c.Rows; r++)
        {
            var query = queries.AsSpan(r * c.Dimension, c.Dimension);
            var rowIndices = indices.AsSpan(r * c.K, c.K);
            TopKAssert.IsExactTopK(query, items, c.Count, c.Dimension, rowIndices, c.K);
            var bounds = TopKAssert.ErrorBounds(query, items, c.Count, c.Dimension);
            for (var i = 0; i < c.K; i++)
            {
                var exact = BruteForceTopK.Score(query, items, c.Dimension, rowIndices[i]);
                var actual = scores[(r * c.K) + i];
                if (Math.Abs(actual - exact) > bounds[rowIndices[i]])
                {
                    throw new XunitException($"row {r} rank {i}: item {rowIndices[i]} scored {actual:R}, exact {exact:R}, bound {bounds[rowIndices[i]]:R}");
                }
            }
        }
    }
}
