using FsCheck;
using FsCheck.Fluent;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

/// <summary>A <see cref="ScoringCase"/> scored twice by one SIMD scorer (a second batch of another shape reuses its buffers), with the scorer's knobs.</summary>
public sealed record SimdCase(ScoringCase Data, int SecondRows, int SecondK, int Threads, int TileKilobytes, int Split)
{
    internal SimdScorerOptions Options(SimdPath path) => new() { ThreadCount = Threads, TileKilobytes = TileKilobytes, Path = path, Split = (WorkSplit)Split };
}

/// <summary>FsCheck generators for <see cref="SimdCase"/>: every work split, 1–3 threads, tiles smaller than a panel to larger than the catalogue.</summary>
public static class SimdCases
{
    public static Arbitrary<SimdCase> Cases() => Arb.From(
        from data in ScoringCase.Generate(Gen.Elements(true, false), Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(30, 50)))
        from secondRows in Gen.Choose(1, 20)
        from secondK in ScoringCase.KFor(data.Count)
        from threads in Gen.Choose(1, 3)
        from tile in Gen.Elements(1, 8, 256)
        from split in Gen.Elements((int)WorkSplit.Auto, (int)WorkSplit.Items, (int)WorkSplit.Queries)
        select new SimdCase(data, secondRows, secondK, threads, tile, split));
}
