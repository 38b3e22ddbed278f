using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Catalog;

namespace RsPipeline.TestSupport;

/// <summary>
/// One random scoring problem: a catalogue of <see cref="Count"/> × <see cref="Dimension"/>
/// (uniform values, or small integers with exact ties), <see cref="Rows"/> queries and a k. Every
/// scorer's properties draw from <see cref="Generate"/> and compare with the brute force.
/// </summary>
public sealed record ScoringCase(int Count, int Dimension, bool Integral, int Seed, int Rows, int K)
{
    /// <summary>The catalogue (ids are the row numbers).</summary>
    public ItemCatalog BuildCatalog() => TestCatalogs.Create(Count, Dimension, Integral, Seed);

    /// <summary>The queries of batch <paramref name="batch"/> with <paramref name="rows"/> rows (default: <see cref="Rows"/>).</summary>
    public float[] BuildQueries(int batch = 0, int? rows = null) =>
        TestCatalogs.Values((rows ?? Rows) * Dimension, Integral, new Random(Seed ^ (0x5EED + batch)));

    /// <summary>
    /// Cases from tiny catalogues (under one SIMD panel) to a few thousand items, odd dimensions and
    /// d = 64, k from 1 to all items; <paramref name="integral"/> picks the kind of data, <paramref name="rows"/> the batch sizes.
    /// </summary>
    public static Gen<ScoringCase> Generate(Gen<bool> integral, Gen<int> rows) =>
        from count in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(1, 3000))
        from dimension in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 70), Gen.Constant(64))
        from isIntegral in integral
        from seed in Gen.Choose(0, int.MaxValue - 10)
        from rowCount in rows
        from k in KFor(count)
        select new ScoringCase(count, dimension, isIntegral, seed, rowCount, k);

    /// <summary>k for a catalogue of <paramref name="count"/> items: 1, all of them, or anything between.</summary>
    public static Gen<int> KFor(int count) =>
        Gen.OneOf(Gen.Constant(1), Gen.Constant(count), Gen.Choose(1, count), Gen.Choose(1, Math.Min(count, 100)));
}
