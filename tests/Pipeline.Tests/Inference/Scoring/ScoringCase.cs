using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Tests.Inference.Scoring;

/// <summary>One random scoring problem; the data comes from <see cref="Seed"/>, so a failure prints all it needs to replay.</summary>
public sealed record ScoringCase(int Count, int Dimension, int Rows, int K, int TileRows, bool Integral, int Seed)
{
    public ItemCatalog BuildCatalog() => TestCatalogs.Create(Count, Dimension, Integral, Seed);

    public float[] BuildQueries() => TestCatalogs.Values(Rows * Dimension, Integral, new Random(Seed ^ 0x5EED));
}

/// <summary>FsCheck generator for real-valued <see cref="ScoringCase"/>s.</summary>
public static class RealValuedCases
{
    public static Arbitrary<ScoringCase> Cases() => ScoringCases.Generate(integral: false).ToArbitrary();
}

/// <summary>FsCheck generator for small-integer <see cref="ScoringCase"/>s, where float32 is exact and ties are real.</summary>
public static class IntegerValuedCases
{
    public static Arbitrary<ScoringCase> Cases() => ScoringCases.Generate(integral: true).ToArbitrary();
}

internal static class ScoringCases
{
    private static readonly int[] TileSizes = [1, 7, 64, 1000, 4096];

    // FsCheck picks one Arbitrary per type from a class, so each data kind has its own class above.
    public static Gen<ScoringCase> Generate(bool integral) =>
        from count in Gen.Frequency((3, Gen.Choose(1, 3000)), (1, Gen.Choose(1, 40)))
        from dimension in Gen.Choose(1, 70)
        from rows in Gen.Choose(1, 9)
        from k in Gen.Frequency((3, Gen.Choose(1, count)), (1, Gen.Constant(count)), (1, Gen.Choose(1, Math.Min(count, 5))))
        from tileRows in Gen.Elements(TileSizes)
        from seed in Gen.Choose(0, int.MaxValue)
        select new ScoringCase(count, dimension, rows, k, tileRows, integral, seed);
}
