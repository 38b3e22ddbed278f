using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Gpu.Tests;

/// <summary>A random catalogue and two batches (each with its own k) to score one after the other on one scorer.</summary>
public sealed record GpuCase(int Count, int Dimension, bool Integral, int Seed, int Rows, int K, int SecondRows, int SecondK, int CpuThreads)
{
    public float[] Items() => Values(Seed, Count * Dimension);

    public float[] Queries(int batch) => Values(Seed + 1 + batch, (batch == 0 ? Rows : SecondRows) * Dimension);

    public ItemCatalog Catalog(float[] items) => GpuTesting.Catalog(items, Count, Dimension);

    // Small integers give exact float32 scores and many exact ties (which must go to the lower index).
    private float[] Values(int seed, int length)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = Integral ? random.Next(-2, 3) : (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}

/// <summary>
/// FsCheck generators for <see cref="GpuCase"/>, sized for ILGPU's CPU accelerator (slow): tiny and
/// odd catalogues, d below, at and past one 16-wide depth slice, k up to N, batches from 1 row to
/// more than one 64-row query block.
/// </summary>
public static class GpuCases
{
    public static Arbitrary<GpuCase> Cases() => Arb.From(
        from count in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(1, 400))
        from dimension in Gen.OneOf(Gen.Choose(1, 20), Gen.Elements(16, 33))
        from integral in Gen.Elements(true, false)
        from seed in Gen.Choose(0, int.MaxValue - 10)
        from rows in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(60, 70))
        from k in KFor(count)
        from secondRows in Gen.Choose(1, 20)
        from secondK in KFor(count)
        from cpuThreads in Gen.Elements(2, 4, 4, 16)
        select new GpuCase(count, dimension, integral, seed, rows, k, secondRows, secondK, cpuThreads));

    private static Gen<int> KFor(int count) => Gen.OneOf(Gen.Constant(1), Gen.Constant(count), Gen.Choose(1, count), Gen.Choose(1, Math.Min(count, 20)));
}

/// <summary>Helpers shared by the GPU scorer tests.</summary>
public static class GpuTesting
{
    // Groups of 4 threads by default: every shape the kernels take still occurs (one or several
    // threads along each side), and each barrier costs the CPU accelerator far less than with 16.
    public static GpuScorerOptions CpuOptions(int cpuThreads = 4, int candidateMegabytes = GpuScorerOptions.DefaultCandidateMemoryMegabytes) =>
        new() { Accelerator = GpuAcceleratorKind.Cpu, CpuThreadsPerGroup = cpuThreads, CandidateMemoryMegabytes = candidateMegabytes };

    public static ItemCatalog Catalog(float[] items, int count, int dimension) =>
        new(items, count, dimension, Enumerable.Range(0, count).Select(i => $"item{i}").ToArray(), "test", "gpu-tests");

    /// <summary>Scores <paramref name="rows"/> queries and checks every row against the exact reference, scores included.</summary>
    public static void ScoresExactly(IItemScorer scorer, float[] items, float[] queries, int rows, int k)
    {
        var count = scorer.Catalog.Count;
        var dimension = scorer.Catalog.Dimension;
        var indices = new int[rows * k];
        var scores = new float[rows * k];
        scorer.ScoreTopK(queries, rows, k, indices, scores);
        for (var r = 0; r < rows; r++)
        {
            var query = queries.AsSpan(r * dimension, dimension);
            var answer = indices.AsSpan(r * k, k);
            TopKAssert.IsExactTopK(query, items, count, dimension, answer, k);
            var bounds = TopKAssert.ErrorBounds(query, items, count, dimension);
            for (var j = 0; j < k; j++)
            {
                var exact = BruteForceTopK.Score(query, items, dimension, answer[j]);
                Assert.True(Math.Abs(scores[(r * k) + j] - exact) <= bounds[answer[j]] + 1e-30,
                    $"row {r} rank {j}: item {answer[j]} scored {scores[(r * k) + j]:R}, exact {exact:R}, bound {bounds[answer[j]]:R}");
            }
        }
    }
}
