using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

/// <summary>A random catalogue and two batches of queries (with their own k) to score one after the other.</summary>
public sealed record ScoringCase(int Count, int Dimension, bool Integral, int Seed, int Rows, int K, int SecondRows, int SecondK, int Threads, int TileKilobytes, int Split)
{
    public float[] Items() => Values(Seed, Count * Dimension);

    public float[] Queries(int batch) => Values(Seed + 1 + batch, (batch == 0 ? Rows : SecondRows) * Dimension);

    public ItemCatalog Catalog(float[] items) =>
        new(items, Count, Dimension, Enumerable.Range(0, Count).Select(i => $"item{i}").ToArray(), "test", "property");

    internal SimdScorerOptions Options(SimdPath path) => new() { ThreadCount = Threads, TileKilobytes = TileKilobytes, Path = path, Split = (WorkSplit)Split };

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
/// FsCheck generators for <see cref="ScoringCase"/>: tiny catalogues (under one panel), odd sizes,
/// k up to N, batches small enough for the threads to split the items and large enough for them
/// to split the queries.
/// </summary>
public static class ScoringCases
{
    public static Arbitrary<ScoringCase> Cases() => Arb.From(
        from count in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(1, 3000))
        from dimension in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 70), Gen.Constant(64))
        from integral in Gen.Elements(true, false)
        from seed in Gen.Choose(0, int.MaxValue - 10)
        from rows in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(30, 50))
        from k in KFor(count)
        from secondRows in Gen.Choose(1, 20)
        from secondK in KFor(count)
        from threads in Gen.Choose(1, 3)
        from tile in Gen.Elements(1, 8, 256)
        from split in Gen.Elements((int)WorkSplit.Auto, (int)WorkSplit.Items, (int)WorkSplit.Queries)
        select new ScoringCase(count, dimension, integral, seed, rows, k, secondRows, secondK, threads, tile, split));

    private static Gen<int> KFor(int count) => Gen.OneOf(Gen.Constant(1), Gen.Constant(count), Gen.Choose(1, count), Gen.Choose(1, Math.Min(count, 100)));
}
