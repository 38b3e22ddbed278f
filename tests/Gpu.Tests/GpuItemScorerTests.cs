using FsCheck.Xunit;

namespace RsPipeline.Gpu.Tests;

/// <summary>The scorer on ILGPU's CPU accelerator (the very kernels a GPU runs) against the exact reference.</summary>
public class GpuItemScorerTests
{
    [Property(Arbitrary = [typeof(GpuCases)], MaxTest = 25)]
    public void TwoBatches_EqualTheExactReference(GpuCase testCase)
    {
        var items = testCase.Items();
        using var scorer = new GpuItemScorer(testCase.Catalog(items), GpuTesting.CpuOptions(testCase.CpuThreads));

        GpuTesting.ScoresExactly(scorer, items, testCase.Queries(0), testCase.Rows, testCase.K);
        GpuTesting.ScoresExactly(scorer, items, testCase.Queries(1), testCase.SecondRows, testCase.SecondK);
    }

    [Theory]
    [InlineData(1, 1, 1, 1, 4)]       // one item
    [InlineData(3, 5, 2, 3, 4)]       // k = N, tiny N
    [InlineData(700, 17, 1, 9, 16)]   // B = 1 (one 4-row tile, 16 threads along the items), d past one depth slice
    [InlineData(700, 33, 70, 5, 16)]  // two 64-row query blocks (16 threads along the queries)
    [InlineData(500, 20, 150, 5, 2)]  // many 8-row query blocks
    [InlineData(300, 1, 4, 300, 4)]   // d = 1, k = N
    public void Shapes_EqualTheExactReference(int count, int dimension, int rows, int k, int cpuThreads)
    {
        var items = Values(count * dimension, 11);
        var queries = Values(rows * dimension, 12);
        using var scorer = new GpuItemScorer(GpuTesting.Catalog(items, count, dimension), GpuTesting.CpuOptions(cpuThreads));

        GpuTesting.ScoresExactly(scorer, items, queries, rows, k);
    }

    [Fact]
    public void IdenticalItemsBeyondTheCandidateSlots_LowestIndicesInOrder()
    {
        // Every score ties, so every item reaches the threshold: the collect pass overflows its
        // first guess at the slots and must run again with enough.
        const int Count = 1_000, Dimension = 4, Rows = 3, K = 5;
        var items = Enumerable.Repeat(1f, Count * Dimension).ToArray();
        var queries = Enumerable.Repeat(2f, Rows * Dimension).ToArray();
        using var scorer = new GpuItemScorer(GpuTesting.Catalog(items, Count, Dimension), GpuTesting.CpuOptions());
        var indices = new int[Rows * K];
        var scores = new float[Rows * K];

        scorer.ScoreTopK(queries, Rows, K, indices, scores);

        for (var r = 0; r < Rows; r++)
        {
            Assert.Equal([0, 1, 2, 3, 4], indices.AsSpan(r * K, K).ToArray());
        }

        Assert.All(scores, s => Assert.Equal(8f, s));
    }

    [Fact]
    public void CandidatesBeyondTheMemoryBudget_CollectedInRowWindows()
    {
        // 40 rows × 3,000 tied candidates × 8 bytes is about 1 MB: a 1 MB budget takes several windows.
        const int Count = 3_000, Dimension = 2, Rows = 60, K = 7;
        var items = Enumerable.Repeat(1f, Count * Dimension).ToArray();
        items[(2_500 * Dimension) + 1] = 2f;
        var queries = Enumerable.Repeat(1f, Rows * Dimension).ToArray();
        using var scorer = new GpuItemScorer(GpuTesting.Catalog(items, Count, Dimension), GpuTesting.CpuOptions(cpuThreads: 4, candidateMegabytes: 1));

        GpuTesting.ScoresExactly(scorer, items, queries, Rows, K);
    }

    [Fact]
    public void BadArguments_AreRejectedWithTheScorersMessages()
    {
        using var scorer = new GpuItemScorer(GpuTesting.Catalog(Values(40, 1), 10, 4), GpuTesting.CpuOptions());
        var indices = new int[10];
        var scores = new float[10];

        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.ScoreTopK(new float[4], 1, 0, indices, scores));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.ScoreTopK(new float[4], 1, 11, indices, scores));
        Assert.Throws<ArgumentException>(() => scorer.ScoreTopK(new float[5], 1, 3, indices, scores));
    }

    [Fact]
    public void Dispose_ReleasesDeviceMemoryAndTheAccelerator()
    {
        var scorer = new GpuItemScorer(GpuTesting.Catalog(Values(400, 2), 100, 4), GpuTesting.CpuOptions());
        scorer.ScoreTopK(Values(8, 3), 2, 5, new int[10], new float[10]);
        var accelerator = scorer.Accelerator;
        Assert.True(scorer.DeviceBytes >= 400 * sizeof(float), $"expected the catalogue and batch buffers on the device, got {scorer.DeviceBytes} bytes");

        scorer.Dispose();
        scorer.Dispose();

        Assert.Equal(0, scorer.DeviceBytes);
        Assert.True(accelerator.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => scorer.ScoreTopK(Values(4, 3), 1, 1, new int[1], new float[1]));
    }

    [Fact]
    public void InvalidOptions_ThrowListingEveryProblem()
    {
        var options = new GpuScorerOptions { Accelerator = GpuAcceleratorKind.Cpu, ThreadsPerGroup = 100, DeviceIndex = -1, CpuThreadsPerGroup = 3 };

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new GpuItemScorer(GpuTesting.Catalog(Values(4, 1), 1, 4), options));

        Assert.Equal(3, error.Failures.Count());
    }

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }
}
