using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;
using RsPipeline.Pipeline.Tests.Inference.Simd;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

public class SimdInt8ScorerTests
{
    [Int8PathProperty(nameof(Int8Path.Avx512), Arbitrary = [typeof(Int8Cases)], MaxTest = 150)]
    public void Avx512_EveryAttack_MatchesReference(Int8Case c) => AssertMatchesReference(c, Int8Path.Avx512);

    [Int8PathProperty(nameof(Int8Path.Avx2), Arbitrary = [typeof(Int8Cases)], MaxTest = 100)]
    public void Avx2_EveryAttack_MatchesReference(Int8Case c) => AssertMatchesReference(c, Int8Path.Avx2);

    // Runs where the CPU has AVX-VNNI (AMD Zen 5, Intel from Alder Lake / Sapphire Rapids); skipped on AMD Zen 4, whose AVX512-VNNI .NET 10 does not expose.
    [Int8PathProperty(nameof(Int8Path.AvxVnni), Arbitrary = [typeof(Int8Cases)], MaxTest = 100)]
    public void AvxVnni_EveryAttack_MatchesReference(Int8Case c) => AssertMatchesReference(c, Int8Path.AvxVnni);

    [Int8PathProperty(nameof(Int8Path.Auto), Arbitrary = [typeof(SimdCases)], MaxTest = 60)]
    public void Auto_ScoringCases_MatchReference(SimdCase c)
    {
        var data = c.Data;
        var catalog = data.BuildCatalog();
        var options = c.Options(Pipeline.Inference.Simd.SimdPath.Auto);
        options.Int8MaxBatch = 0;
        using var scorer = new SimdInt8Scorer(catalog, options, Int8Path.Auto, boundScale: 1f);
        Int8Asserts.Batch(scorer, catalog, data.BuildQueries(0), data.Rows, data.K);
        Int8Asserts.Batch(scorer, catalog, data.BuildQueries(1, c.SecondRows), c.SecondRows, c.SecondK);
    }

    // 297 queries: with the default crossover the batch goes to the fp32 kernel, with 0 through the int8 pass.
    [Theory]
    [InlineData(0)]
    [InlineData(SimdScorerOptions.DefaultInt8MaxBatch)]
    public void ReferenceData_Top20_IdsAndOrder(int int8MaxBatch)
    {
        var catalog = new CatalogLoader(Microsoft.Extensions.Logging.Abstractions.NullLogger<CatalogLoader>.Instance)
            .Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds });
        var queries = File.ReadAllLines(TestData.Queries);
        var expected = File.ReadAllLines(TestData.ExpectedTop20);
        const int K = 20;
        var vectors = queries.SelectMany(q => q.Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(queries.Length * catalog.Dimension, vectors.Length);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { Int8MaxBatch = int8MaxBatch });
        var indices = new int[queries.Length * K];

        scorer.ScoreTopK(vectors, queries.Length, K, indices, new float[indices.Length]);

        for (var r = 0; r < queries.Length; r++)
        {
            Assert.Equal(expected[r], string.Join(",", indices.AsSpan(r * K, K).ToArray().Select(i => catalog.ItemIds[i])));
        }
    }

    [Fact]
    public void TiedScores_LowerIndexFirst()
    {
        // Items 1, 3 and 4 tie at 2; item 0 is best.
        var items = new float[] { 3, 0, 2, 0, 1, 1, 2, 0, 2, 0 };
        var catalog = new ItemCatalog(items, 5, 2, ["a", "b", "c", "d", "e"], "v", "test");
        using var scorer = new SimdInt8Scorer(catalog, new() { ThreadCount = 2 });
        var indices = new int[4];
        var scores = new float[4];

        scorer.ScoreTopK([1, 0], 1, 4, indices, scores);

        Assert.Equal([0, 1, 3, 4], indices);
        Assert.Equal([3f, 2f, 2f, 2f], scores);
    }

    [Fact]
    public void GaussianCatalogue_KeepsFewCandidates()
    {
        // The bound must be tight enough to matter: far fewer candidates than rows.
        var catalog = TestCatalogs.Gaussian(20_000, 64, seed: 3);
        using var scorer = new SimdInt8Scorer(catalog, new() { ThreadCount = 2 });
        const int Rows = 8;
        const int K = 100;
        var queries = TestCatalogs.Values(Rows * 64, integral: false, new Random(4));

        Int8Asserts.Batch(scorer, catalog, queries, Rows, K);

        for (var r = 0; r < Rows; r++)
        {
            Assert.InRange(scorer.RerankedCount(r), K, 2_000);
        }
    }

    [Fact]
    public void QuantizedCopy_IsAQuarterOfTheRowsPlusThreeFloatsEach()
    {
        var catalog = TestCatalogs.Gaussian(100, 64, seed: 1);
        using var scorer = new SimdInt8Scorer(catalog);

        // 4 panels of 32 items × 64 bytes of codes, and 3 floats per padded item.
        Assert.Equal((4 * 32 * 64) + (4 * 32 * 3 * sizeof(float)), scorer.QuantizedBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void KOutsideCatalogue_Throws(int k)
    {
        using var scorer = new SimdInt8Scorer(TestCatalogs.Gaussian(5, 3, seed: 1));

        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.ScoreTopK(new float[3], 1, k, new int[10], new float[10]));
    }

    [Fact]
    public void AfterDispose_Throws()
    {
        var scorer = new SimdInt8Scorer(TestCatalogs.Gaussian(5, 3, seed: 1));
        scorer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => scorer.ScoreTopK(new float[3], 1, 1, new int[1], new float[1]));
    }

    private static void AssertMatchesReference(Int8Case c, Int8Path path)
    {
        var catalog = c.BuildCatalog();
        using var scorer = new SimdInt8Scorer(catalog, c.Options(), path, boundScale: 1f);
        Int8Asserts.Batch(scorer, catalog, c.BuildQueries(), c.Rows, c.K);

        // A second call of another shape reuses (and may regrow) the buffers.
        var k = Math.Max(1, c.K / 2);
        Int8Asserts.Batch(scorer, catalog, c.BuildQueries().AsSpan(0, c.Dimension).ToArray(), 1, k);
    }
}
