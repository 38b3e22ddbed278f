using FsCheck;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

/// <summary>
/// <see cref="SimdScorerOptions.Int8MaxBatch"/>: batches up to it run the int8 pass, larger ones the
/// fp32 kernel; the choice is made for each batch, and both sides answer the exact top-k.
/// </summary>
public class Int8CrossoverTests
{
    private const int Dimension = 40;

    [Int8PathProperty(nameof(Int8Path.Auto), MaxTest = 25)]
    public void AnySequenceOfBatches_EachOnItsSideOfTheCrossover_MatchesReference(PositiveInt maxBatch, NonEmptyArray<PositiveInt> batches, byte seed)
    {
        var crossover = 1 + (maxBatch.Get % 8);
        var catalog = TestCatalogs.Gaussian(1_500, Dimension, seed);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { ThreadCount = 2, Int8MaxBatch = crossover });
        var random = new Random(seed);

        foreach (var batch in batches.Get.Take(5))
        {
            var rows = 1 + (batch.Get % (3 * crossover));
            Int8Asserts.Batch(scorer, catalog, TestCatalogs.Values(rows * Dimension, integral: false, random), rows, k: 10);

            Assert.Equal(rows > crossover, scorer.LastCallExact);
        }
    }

    [Fact]
    public void JustBelowAtAndAbove_SwitchesOnlyAbove()
    {
        var catalog = TestCatalogs.Gaussian(2_000, Dimension, seed: 5);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { ThreadCount = 2, Int8MaxBatch = 4 });
        var random = new Random(6);

        foreach (var (rows, exact) in new[] { (3, false), (4, false), (5, true), (4, false), (64, true), (1, false) })
        {
            Int8Asserts.Batch(scorer, catalog, TestCatalogs.Values(rows * Dimension, integral: false, random), rows, k: 20);

            Assert.Equal(exact, scorer.LastCallExact);
        }
    }

    [Fact]
    public void Zero_RunsEveryBatchInInt8_WithoutTheFp32Copy()
    {
        var catalog = TestCatalogs.Gaussian(2_000, Dimension, seed: 7);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { ThreadCount = 2, Int8MaxBatch = 0 });
        const int Rows = 200;

        Int8Asserts.Batch(scorer, catalog, TestCatalogs.Values(Rows * Dimension, integral: false, new Random(8)), Rows, k: 20);

        Assert.False(scorer.LastCallExact);
        Assert.Equal(0, scorer.ExactBytes);
    }

    [Fact]
    public void WithACrossover_HoldsTheFp32KernelsPackedCopy()
    {
        var catalog = TestCatalogs.Gaussian(100, Dimension, seed: 9);
        using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { Int8MaxBatch = 1 });

        // 4 panels of 32 items × 40 floats.
        Assert.Equal(4 * 32 * Dimension * sizeof(float), scorer.ExactBytes);
    }
}
