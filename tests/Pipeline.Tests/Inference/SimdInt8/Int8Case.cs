using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

/// <summary>One attack on the int8 scorer: its data, batch shape, k and the scorer's knobs.</summary>
public sealed record Int8Case(BoundAttack Attack, int Count, int Dimension, int Seed, int Rows, int K, int Threads, int TileKilobytes, int Split)
{
    public ItemCatalog BuildCatalog() => TestCatalogs.FromArray(BoundAttacks.Items(Attack, Count, Dimension, new Random(Seed)), Count, Dimension);

    public float[] BuildQueries() => BoundAttacks.Queries(Attack, Rows, Dimension, new Random(Seed ^ 0x5EED));

    // Int8MaxBatch 0: every batch through the int8 pass, whatever its size (the crossover has its own tests).
    internal SimdScorerOptions Options() => new() { ThreadCount = Threads, TileKilobytes = TileKilobytes, Split = (WorkSplit)Split, Int8MaxBatch = 0 };
}

/// <summary>
/// FsCheck generators for <see cref="Int8Case"/>: every attack, tiny catalogues (under one panel)
/// to a few thousand rows, d from 1 to 100 (mostly not a multiple of 32) and up to 1,024, k from 1
/// to N, 1–3 threads, every work split, tiles from one panel to the whole catalogue.
/// </summary>
public static class Int8Cases
{
    public static Arbitrary<Int8Case> Cases() => Arb.From(
        from attack in Gen.Elements(Enum.GetValues<BoundAttack>())
        from wide in Gen.Elements(false, false, false, true)
        from count in wide ? Gen.Choose(1, 300) : Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(1, 2000))
        from dimension in wide ? Gen.Choose(500, 1024) : Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 100), Gen.Constant(64))
        from seed in Gen.Choose(0, int.MaxValue - 10)
        from rows in Gen.OneOf(Gen.Choose(1, 9), Gen.Choose(1, 40))
        from k in ScoringCase.KFor(count)
        from threads in Gen.Choose(1, 3)
        from tile in Gen.Elements(1, 8, 256)
        from split in Gen.Elements((int)WorkSplit.Auto, (int)WorkSplit.Items, (int)WorkSplit.Queries)
        select new Int8Case(attack, count, dimension, seed, rows, k, threads, tile, split));
}
